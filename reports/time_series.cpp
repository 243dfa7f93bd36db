#include "reports/time_series.hpp"

#include <algorithm>

namespace ddbsim::reports {

std::int64_t choose_period(std::int64_t seconds, std::int64_t max_rows) {
    for (std::int64_t p : {1, 60, 300, 3600, 86400})
        if ((seconds + p - 1) / p <= max_rows) return p;
    return 86400;
}

std::vector<PeriodRow> period_rows(const metrics::Recorder& recorder, std::int64_t period_s) {
    const auto& seconds = recorder.seconds();
    const auto& replication = recorder.replication();
    std::vector<PeriodRow> rows;
    rows.reserve(seconds.size() / static_cast<std::size_t>(period_s) + 1);
    for (std::size_t s = 0; s < seconds.size(); ++s) {
        const auto& r = seconds[s];
        if (s % static_cast<std::size_t>(period_s) == 0) {
            rows.emplace_back();
            rows.back().start_s = static_cast<std::int64_t>(s);
        }
        auto& p = rows.back();
        p.consumed_rcu += r.consumed_read_halves / 2.0;
        p.consumed_wcu += r.consumed_write_halves / 2.0;
        p.provisioned_rcu = std::max<std::int64_t>(p.provisioned_rcu, r.provisioned_rcu);
        p.provisioned_wcu = std::max<std::int64_t>(p.provisioned_wcu, r.provisioned_wcu);
        p.read_throttle_events += r.read_throttle_events;
        p.write_throttle_events += r.write_throttle_events;
        p.throttled_requests += r.throttled_requests;
        p.successful_requests += r.successful_requests;
        p.gave_up_requests += r.gave_up_requests;
        p.partitions = std::max<std::int64_t>(p.partitions, r.partitions);
        p.queue_depth = std::max<std::int64_t>(p.queue_depth, r.queue_depth);
        p.cache_hits += r.cache_hits;
        p.user_errors += r.user_errors;
        p.system_errors += r.system_errors;
        p.conditional_check_failed += r.conditional_check_failed;
        p.stale_reads += r.stale_reads;
        if (s < replication.size()) {
            const auto& x = replication[s];
            p.replicated_wcu += x.replicated_write_halves / 2.0;
            p.replication_latency_max_ms =
                std::max<std::int64_t>(p.replication_latency_max_ms, x.latency_max_ms);
            p.replication_backlog = std::max<std::int64_t>(p.replication_backlog, x.backlog);
            p.replication_conflicts += x.conflicts;
        }
    }
    return rows;
}

}  // namespace ddbsim::reports
