// ServedTable: one table of a live service — the storage core's Table, the capacity unit of
// the table (its LSIs share it) and of each GSI, what DescribeTable reports about it, and the
// counters /metrics exposes with CloudWatch's names (docs/server.md "Metrics").
//
// Thread safety: none; the Service's lock guards every ServedTable.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "metrics/latency_histogram.hpp"
#include "metrics/recorder.hpp"
#include "model/capacity_unit.hpp"
#include "model/throttle_reason.hpp"
#include "storage/table.hpp"

namespace ddbsim::service {

// What one capacity unit (the table, or a GSI) has done since the service started.
struct UnitCounters {
    std::int64_t consumed_read_halves = 0;
    std::int64_t consumed_write_halves = 0;
    std::int64_t read_throttle_events = 0;   // throttled touches of this unit (CloudWatch:
    std::int64_t write_throttle_events = 0;  // ReadThrottleEvents / WriteThrottleEvents)
};

// A capacity unit with its name ("" the table) and counters.
struct ServedUnit {
    std::string index;
    model::CapacityUnit unit;
    UnitCounters counters;
};

// The table's request-level counters (CloudWatch's per-table metrics).
struct TableCounters {
    std::map<std::string, std::int64_t> requests;   // by operation, every answered request
    std::map<std::string, std::int64_t> throttled;  // ThrottledRequests, by operation
    std::array<std::int64_t, model::kThrottleReasonCount> by_reason{};  // throttled touches
    std::int64_t user_errors = 0;                                       // 4xx other than throttling
    std::int64_t system_errors = 0;                                     // 5xx (injected faults)
    std::int64_t conditional_check_failed = 0;  // ConditionalCheckFailedRequests
    std::int64_t transaction_conflicts = 0;
    std::map<std::string, metrics::LatencyHistogram> latency;  // successful, by operation
};

// Provisioned throughput as DescribeTable shows it, with its change history (DG: a table's
// throughput may be decreased a limited number of times per UTC day; docs/server.md).
struct ThroughputState {
    std::int64_t rcu = 0;
    std::int64_t wcu = 0;
    std::optional<double> last_increase_s;  // epoch seconds
    std::optional<double> last_decrease_s;
    int decreases_today = 0;
    std::int64_t decrease_day = -1;  // the UTC day `decreases_today` counts
};

// The table's per-second series for `--report-dir` (metrics::Recorder, the simulator's),
// recorded in model time since the table was created, grown as the service runs, up to
// `limit` of model time: beyond it nothing more is recorded and the report says so.
struct TableSeries {
    metrics::Recorder recorder{0};
    sim::TimeUs limit = 0;
    sim::TimeUs closed = 0;  // table-relative time up to which seconds have their state row
    bool truncated = false;
    std::int64_t requests = 0;   // answered requests (HTTP calls)
    std::int64_t throttled = 0;  // of which throttled
    std::int64_t system_errors = 0;

    // The recorder for an event at table-relative time t, grown to hold it; null past the
    // limit.
    metrics::Recorder* at(sim::TimeUs t) {
        if (t < 0) t = 0;
        if (t >= limit) {
            truncated = true;
            return nullptr;
        }
        recorder.extend_to(t + 1);
        return &recorder;
    }
};

struct ServedTable {
    std::unique_ptr<storage::Table> table;
    // The CreateTable request as accepted: DescribeTable echoes its AttributeDefinitions,
    // KeySchema and index definitions exactly as the client sent them.
    nlohmann::json definition;
    std::string arn;
    std::string id;
    double created_s = 0;           // epoch seconds
    sim::TimeUs created_model = 0;  // model time
    bool on_demand = false;
    double last_mode_change_s = 0;
    ThroughputState throughput;
    std::map<std::string, ThroughputState> index_throughput;  // GSIs in provisioned mode
    std::vector<ServedUnit> units;  // units[0] the table; then one per GSI, in schema order
    std::map<std::string, std::string> tags;
    bool deletion_protection = false;
    TableCounters counters;
    std::unique_ptr<TableSeries> series;  // only when the service records series

    // The series recorder for an event at model time `now`, or null (not recording, or past
    // the recording limit).
    metrics::Recorder* recorder_at(sim::TimeUs now) {
        return series ? series->at(now - created_model) : nullptr;
    }
    sim::TimeUs series_time(sim::TimeUs now) const {
        return std::max<sim::TimeUs>(now - created_model, 0);
    }

    ServedUnit& table_unit() { return units.front(); }
    ServedUnit* unit_of(std::string_view index);
    const ServedUnit* unit_of(std::string_view index) const;
    // The index's ARN, or the table's for "".
    std::string resource_arn(std::string_view index) const;
};

}  // namespace ddbsim::service
