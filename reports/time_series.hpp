// Time series at a reporting period: the recorder's one-second rows summed (counts,
// consumption) or maxed (capacity, partitions, queue depth) over periods of 1 s, 1 min,
// 5 min or 1 h — the CloudWatch periods — chosen so a chart or file stays a readable size.
#pragma once

#include <cstdint>
#include <vector>

#include "metrics/recorder.hpp"

namespace ddbsim::reports {

struct PeriodRow {
    std::int64_t start_s = 0;
    double consumed_rcu = 0, consumed_wcu = 0;              // sums over the period (units)
    std::int64_t provisioned_rcu = 0, provisioned_wcu = 0;  // highest in the period
    std::int64_t read_throttle_events = 0, write_throttle_events = 0;
    std::int64_t throttled_requests = 0, successful_requests = 0, gave_up_requests = 0;
    std::int64_t partitions = 0, queue_depth = 0, cache_hits = 0;
    std::int64_t user_errors = 0, system_errors = 0, conditional_check_failed = 0;
    std::int64_t stale_reads = 0;
    // A global table's replication into the region (zero otherwise).
    double replicated_wcu = 0;                    // summed
    std::int64_t replication_latency_max_ms = 0;  // highest in the period
    std::int64_t replication_backlog = 0;         // highest in the period
    std::int64_t replication_conflicts = 0;       // summed
};

// The smallest CloudWatch period giving at most `max_rows` rows for `seconds` of run.
std::int64_t choose_period(std::int64_t seconds, std::int64_t max_rows);

std::vector<PeriodRow> period_rows(const metrics::Recorder& recorder, std::int64_t period_s);

}  // namespace ddbsim::reports
