// AutoScaler: Application Auto Scaling target tracking for one dimension (read or write) of a
// table or GSI (docs/dynamodb-model.md "Provisioned mode and auto scaling"; DG AutoScaling.html;
// KC dynamodb-auto-scaling).
//
// Each minute it sees the minute's consumed capacity (a CloudWatch datapoint) against the
// capacity in force. Scale-out: utilization above the target for 2 consecutive minutes →
// capacity = consumed / target. Scale-in: utilization 20 points or more below the target for
// 15 consecutive minutes → capacity = consumed / target. Always within [min, max]. A change
// takes effect `update_delay` later (the table update), during which no new decision is
// made. Decreases are rationed per UTC day: 4 at any time, then one more per hour without a
// decrease, at most 27 a day. The delay is not published and the rationing has changed over
// time: both are parameters with these defaults. Cooldowns are 0 s, DynamoDB targets' default.
#pragma once

#include <cstdint>
#include <optional>

#include "sim/time.hpp"

namespace ddbsim::model {

struct AutoScalingPolicy {
    std::int64_t min_capacity = 5;
    std::int64_t max_capacity = 40000;
    double target_utilization = 70;  // percent, 20–90
    int scale_out_minutes = 2;
    int scale_in_minutes = 15;
    double scale_in_gap_points = 20;
    sim::TimeUs update_delay = 2 * sim::kMinute;
    int free_decreases_per_day = 4;
    int max_decreases_per_day = 27;
};

class AutoScaler {
  public:
    explicit AutoScaler(AutoScalingPolicy policy) : policy_(policy) {}

    const AutoScalingPolicy& policy() const { return policy_; }
    // The minute ending at `minute_end` consumed `consumed_units` (a sum) with `provisioned`
    // units/s in force. Returns a new capacity to apply at minute_end + update_delay.
    std::optional<std::int64_t> on_minute(sim::TimeUs minute_end, double consumed_units,
                                          std::int64_t provisioned);
    // The change decided earlier has taken effect.
    void applied() { updating_ = false; }
    int decreases_today() const { return decreases_today_; }

  private:
    bool decrease_allowed(sim::TimeUs now) const;

    AutoScalingPolicy policy_;
    int above_ = 0;
    int below_ = 0;
    bool updating_ = false;
    std::int64_t day_ = -1;
    int decreases_today_ = 0;
    std::optional<sim::TimeUs> last_decrease_;
};

}  // namespace ddbsim::model
