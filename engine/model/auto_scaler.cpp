#include "model/auto_scaler.hpp"

#include <algorithm>
#include <cmath>

namespace ddbsim::model {

std::optional<std::int64_t> AutoScaler::on_minute(sim::TimeUs minute_end, double consumed_units,
                                                  std::int64_t provisioned) {
    const std::int64_t day = minute_end / sim::kDay;
    if (day != day_) {
        day_ = day;
        decreases_today_ = 0;
    }
    if (updating_ || provisioned <= 0) return std::nullopt;
    const double per_second = consumed_units / 60.0;
    const double utilization = 100.0 * per_second / static_cast<double>(provisioned);
    above_ = utilization > policy_.target_utilization ? above_ + 1 : 0;
    below_ =
        utilization <= policy_.target_utilization - policy_.scale_in_gap_points ? below_ + 1 : 0;
    const auto desired = std::clamp<std::int64_t>(
        static_cast<std::int64_t>(std::ceil(per_second * 100.0 / policy_.target_utilization)),
        policy_.min_capacity, policy_.max_capacity);
    if (above_ >= policy_.scale_out_minutes && desired > provisioned) {
        above_ = below_ = 0;
        updating_ = true;
        return desired;
    }
    if (below_ >= policy_.scale_in_minutes && desired < provisioned &&
        decrease_allowed(minute_end)) {
        above_ = below_ = 0;
        updating_ = true;
        ++decreases_today_;
        last_decrease_ = minute_end;
        return desired;
    }
    return std::nullopt;
}

bool AutoScaler::decrease_allowed(sim::TimeUs now) const {
    if (decreases_today_ >= policy_.max_decreases_per_day) return false;
    if (decreases_today_ < policy_.free_decreases_per_day) return true;
    return last_decrease_ && now - *last_decrease_ >= sim::kHour;
}

}  // namespace ddbsim::model
