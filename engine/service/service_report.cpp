// The live service's per-second series and the report built from them (`ddbsim serve
// --report-dir`, docs/server.md "Reports"): each table records into a metrics::Recorder —
// the simulator's own — so the report writers, the cost comparison and the metrics of
// `ddbsim run` apply unchanged.
#include <algorithm>

#include "cost/price_catalog.hpp"
#include "service/service_internal.hpp"

namespace ddbsim::service {

using namespace detail;

// The state rows of every second that ended since the last call: provisioned throughput,
// partitions and the burst buckets' balance, as the request-level simulator records them
// once a second (run/request_simulator.cpp on_tick); latency percentiles at each minute's end.
void Service::close_seconds(ServedTable& t, sim::TimeUs now) {
    if (!t.series) return;
    TableSeries& s = *t.series;
    const sim::TimeUs rel = t.series_time(now);
    auto& unit = t.table_unit().unit;
    while (s.closed + sim::kSecond <= rel) {
        metrics::Recorder* series = s.at(s.closed);
        if (!series) break;
        const sim::TimeUs at = s.closed;
        auto& cap = unit.capacity();
        if (!t.on_demand) {
            std::int64_t read = 0, write = 0;
            for (int p = 0; p < unit.partitions().size(); ++p) {
                read += cap.share_balance_halves(p, false, now);
                write += cap.share_balance_halves(p, true, now);
            }
            series->burst_balance(at, read, write);
        }
        series->table_state(at, cap.table_rcu(), cap.table_wcu(), unit.partitions().size());
        s.closed += sim::kSecond;
        if (s.closed % sim::kMinute == 0) series->close_minute(at);
    }
}

std::vector<run::Outcome> Service::report_outcomes(const workload::Scenario* scenario) {
    std::lock_guard lock(mutex_);
    const sim::TimeUs now = clock_();
    advance(now);
    std::vector<run::Outcome> outcomes;
    if (options_.series_limit <= 0) return outcomes;
    for (auto& [name, t] : tables_) {
        if (!t->series) continue;
        TableSeries& s = *t->series;
        // The second in progress counts as a whole one, as a run's last second does.
        const sim::TimeUs rel = std::min(t->series_time(now), s.limit - 1);
        if (metrics::Recorder* series = s.at(rel)) {
            auto& unit = t->table_unit().unit;
            series->table_state(rel, unit.capacity().table_rcu(), unit.capacity().table_wcu(),
                                unit.partitions().size());
            series->close_minute(rel);
        }

        workload::Scenario sc;
        const bool from_scenario = scenario && scenario->config.table.name == name;
        if (scenario) {
            sc.cost = scenario->cost;
            sc.catalog = scenario->catalog;
        } else if (auto catalog = cost::builtin_catalog("current")) {
            sc.catalog = std::move(*catalog);
        }
        if (from_scenario) sc.config = scenario->config;
        // What the table is now (clients may have changed it): its schema, capacity mode and
        // throughput; its data as the storage it is billed for. The traffic came from
        // clients, so the report shows no workload streams.
        sc.config.table = t->table->schema();
        sc.config.capacity = t->table_unit().unit.capacity().config();
        sc.config.capacity.on_demand = t->on_demand;
        if (!t->on_demand) {
            sc.config.capacity.rcu = t->throughput.rcu;
            sc.config.capacity.wcu = t->throughput.wcu;
        }
        sc.config.streams.clear();
        sc.config.seed_items.clear();
        sc.config.initial_data_bytes = t->table->total_item_bytes();
        sc.config.duration = static_cast<sim::TimeUs>(s.recorder.seconds().size()) * sim::kSecond;
        sc.name = from_scenario ? scenario->name : name;
        sc.fidelity = "served";
        sc.description =
            "Table " + name + " as served by ddbsim serve: " + std::to_string(s.requests) +
            " requests from clients, " + std::to_string(s.throttled) + " throttled, " +
            std::to_string(s.system_errors) + " system errors" +
            (s.truncated
                 ? "; the series stop after the first " + std::to_string(s.limit / sim::kSecond) +
                       " s of model time (the recording limit)"
                 : "");

        run::RunResult result(s.recorder);
        result.fidelity = "served";
        result.partitions = t->table_unit().unit.partitions().size();
        result.requests = s.requests;
        result.attempts = s.requests;
        result.throttled_attempts = s.throttled;
        std::string description = sc.description;
        // The scenario's own table is the run its `expect` assertions check: "baseline",
        // first; tables clients created go by their names.
        auto outcome = run::make_outcome(from_scenario ? "baseline" : name, std::move(description),
                                         std::move(sc), std::move(result));
        if (from_scenario)
            outcomes.insert(outcomes.begin(), std::move(outcome));
        else
            outcomes.push_back(std::move(outcome));
    }
    return outcomes;
}

}  // namespace ddbsim::service
