// The CSV report: the time series of every run, one row per run and period, CloudWatch's
// metric names as columns. Periods are 1 s for runs up to ~1 day, longer beyond (the
// `period_s` column says which), so a month stays a file a spreadsheet opens.
#include <cstdio>

#include "reports/format_util.hpp"
#include "reports/report.hpp"
#include "reports/time_series.hpp"

namespace ddbsim::reports {
namespace {

std::string csv_field(const std::string& s) {
    if (s.find_first_of(",\"\n") == std::string::npos) return s;
    std::string out = "\"";
    for (char c : s) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

std::string num(double v) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.10g", v);
    return buf;
}

}  // namespace

std::string render_csv(const Report& report) {
    // The region and replication columns come last, so the earlier columns keep their places.
    std::string out =
        "run,start_s,period_s,ConsumedReadCapacityUnits,ConsumedWriteCapacityUnits,"
        "ProvisionedReadCapacityUnits,ProvisionedWriteCapacityUnits,ReadThrottleEvents,"
        "WriteThrottleEvents,ThrottledRequests,SuccessfulRequests,GaveUpRequests,Partitions,"
        "QueueDepth,CacheHits,UserErrors,SystemErrors,ConditionalCheckFailedRequests,StaleReads,"
        "region,ReplicatedWriteCapacityUnits,ReplicationLatencyMaxMs,ReplicationBacklog,"
        "ReplicationConflicts\n";
    for (const auto& o : report.outcomes) {
        // A single-region table has one series, in its region; a global table one per region.
        std::vector<std::pair<std::string, const run::RunResult*>> series;
        for (const auto& region : regions_of(o))
            series.emplace_back(region.region, region.result);
        if (series.empty()) series.emplace_back(o.scenario.config.global.region, &o.result);
        const std::string name = csv_field(o.name);
        for (const auto& [region, result] : series) {
            const auto& rec = result->metrics;
            const auto period =
                choose_period(static_cast<std::int64_t>(rec.seconds().size()), 100'000);
            for (const auto& r : period_rows(rec, period)) {
                out += name + "," + std::to_string(r.start_s) + "," + std::to_string(period) + "," +
                       num(r.consumed_rcu) + "," + num(r.consumed_wcu) + "," +
                       std::to_string(r.provisioned_rcu) + "," + std::to_string(r.provisioned_wcu) +
                       "," + std::to_string(r.read_throttle_events) + "," +
                       std::to_string(r.write_throttle_events) + "," +
                       std::to_string(r.throttled_requests) + "," +
                       std::to_string(r.successful_requests) + "," +
                       std::to_string(r.gave_up_requests) + "," + std::to_string(r.partitions) +
                       "," + std::to_string(r.queue_depth) + "," + std::to_string(r.cache_hits) +
                       "," + std::to_string(r.user_errors) + "," + std::to_string(r.system_errors) +
                       "," + std::to_string(r.conditional_check_failed) + "," +
                       std::to_string(r.stale_reads) + "," + region + "," + num(r.replicated_wcu) +
                       "," + std::to_string(r.replication_latency_max_ms) + "," +
                       std::to_string(r.replication_backlog) + "," +
                       std::to_string(r.replication_conflicts) + "\n";
            }
        }
    }
    return out;
}

}  // namespace ddbsim::reports
