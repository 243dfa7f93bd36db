// The JSON report: everything, under stable documented keys (docs/report-json.md).
#include <nlohmann/json.hpp>

#include "reports/format_util.hpp"
#include "reports/report.hpp"
#include "reports/time_series.hpp"

namespace ddbsim::reports {
namespace {

using nlohmann::json;

json bill_json(const cost::Bill& bill) {
    json lines = json::array();
    for (const auto& l : bill.lines) {
        lines.push_back({{"item", l.item},
                         {"quantity", l.quantity},
                         {"unit", l.unit},
                         {"unitPrice", l.unit_price.as_dollars()},
                         {"priceUnit", l.price_unit},
                         {"amount", l.amount.as_dollars()},
                         {"amountNanodollars", l.amount.nanos}});
    }
    return {{"total", bill.total.as_dollars()},
            {"totalNanodollars", bill.total.nanos},
            {"lines", std::move(lines)},
            {"notes", bill.notes}};
}

json costs_json(const run::Outcome& o, const cost::Comparison& costs) {
    json alternatives = json::array();
    for (const auto& a : costs.alternatives) {
        json j = {
            {"key", a.key}, {"label", a.label}, {"basis", a.basis}, {"available", a.available}};
        if (!a.available) {
            j["whyNot"] = a.why_not;
        } else {
            j["rcu"] = a.rcu;
            j["wcu"] = a.wcu;
            j["run"] = bill_json(a.run);
            j["month"] = bill_json(a.month);
        }
        alternatives.push_back(std::move(j));
    }
    return {{"catalog", o.scenario.catalog.name},
            {"catalogSource", o.scenario.catalog.source},
            {"hoursPerMonth", o.scenario.catalog.hours_per_month},
            {"freeTier", o.scenario.cost.free_tier},
            {"cheapest", costs.cheapest},
            {"breakEven",
             {{"readUtilisation", costs.breakeven_read_utilisation},
              {"writeUtilisation", costs.breakeven_write_utilisation},
              {"fixedPlanReadUtilisation", costs.fixed_read_utilisation},
              {"fixedPlanWriteUtilisation", costs.fixed_write_utilisation}}},
            {"alternatives", std::move(alternatives)},
            {"notes", costs.notes}};
}

json series_json(const metrics::Recorder& rec) {
    const auto period = choose_period(static_cast<std::int64_t>(rec.seconds().size()), 2000);
    json rows = json::array();
    for (const auto& r : period_rows(rec, period)) {
        rows.push_back({r.start_s,
                        r.consumed_rcu,
                        r.consumed_wcu,
                        r.provisioned_rcu,
                        r.provisioned_wcu,
                        r.read_throttle_events,
                        r.write_throttle_events,
                        r.throttled_requests,
                        r.successful_requests,
                        r.gave_up_requests,
                        r.partitions,
                        r.queue_depth,
                        r.cache_hits,
                        r.user_errors,
                        r.system_errors,
                        r.conditional_check_failed,
                        r.stale_reads,
                        r.replicated_wcu,
                        r.replication_latency_max_ms,
                        r.replication_backlog,
                        r.replication_conflicts});
    }
    return {{"periodSeconds", period},
            {"columns",
             {"startSecond",
              "ConsumedReadCapacityUnits",
              "ConsumedWriteCapacityUnits",
              "ProvisionedReadCapacityUnits",
              "ProvisionedWriteCapacityUnits",
              "ReadThrottleEvents",
              "WriteThrottleEvents",
              "ThrottledRequests",
              "SuccessfulRequests",
              "GaveUpRequests",
              "Partitions",
              "QueueDepth",
              "CacheHits",
              "UserErrors",
              "SystemErrors",
              "ConditionalCheckFailedRequests",
              "StaleReads",
              "ReplicatedWriteCapacityUnits",
              "ReplicationLatencyMaxMs",
              "ReplicationBacklog",
              "ReplicationConflicts"}},
            {"rows", std::move(rows)}};
}

}  // namespace

std::string render_json(const Report& report) {
    json runs = json::array();
    for (const auto& o : report.outcomes) {
        json reasons = json::object();
        const auto by_reason = o.result.metrics.throttles_by_reason();
        for (int i = 0; i < model::kThrottleReasonCount; ++i) {
            if (by_reason[static_cast<std::size_t>(i)] > 0)
                reasons[model::ThrottleReason::from_index(i).code()] =
                    by_reason[static_cast<std::size_t>(i)];
        }
        json calibration = json::array();
        for (const auto& c : o.result.calibration) {
            calibration.push_back({{"stream", c.stream},
                                   {"samples", c.samples},
                                   {"meanUnits", c.mean_halves / 2},
                                   {"ci95Units", c.ci95_halves / 2}});
        }
        json overrides = json::object();
        if (report.file) {
            for (const auto& v : report.file->what_if)
                if (v.name == o.name) overrides = v.overrides;
        }
        runs.push_back({{"name", o.name},
                        {"description", o.description},
                        {"overrides", std::move(overrides)},
                        {"fidelity", o.result.fidelity},
                        {"seed", o.scenario.config.seed},
                        {"durationSeconds", static_cast<double>(o.scenario.config.duration) / 1e6},
                        {"cancelled", o.result.cancelled},
                        {"metrics", o.metrics},
                        {"throttlesByReason", std::move(reasons)},
                        {"calibration", std::move(calibration)},
                        {"region", o.scenario.config.global.region},
                        {"costs", costs_json(o, o.costs)},
                        {"series", series_json(o.result.metrics)}});
        // A global table: each region's bill and series (its metrics are "<key>@<region>").
        if (!o.regions.empty()) {
            json regions = json::array();
            for (const auto& region : regions_of(o))
                regions.push_back({{"region", region.region},
                                   {"replicatedOutBytes", region.result->replicated_out_bytes},
                                   {"costs", costs_json(o, *region.costs)},
                                   {"series", series_json(region.result->metrics)}});
            runs.back()["regions"] = std::move(regions);
        }
    }
    json expectations = json::array();
    for (const auto& e : report.expectations) {
        json j = {{"pointer", e.expectation.pointer},
                  {"metric", e.expectation.metric},
                  {"run", e.run},
                  {"passed", e.passed},
                  {"message", e.message}};
        if (!e.expectation.statistic.empty()) j["statistic"] = e.expectation.statistic;
        if (!e.expectation.mode.empty()) j["mode"] = e.expectation.mode;
        if (!e.expectation.region.empty()) j["region"] = e.expectation.region;
        if (!e.expectation.description.empty()) j["description"] = e.expectation.description;
        j["actual"] = e.actual ? json(*e.actual) : json(nullptr);
        expectations.push_back(std::move(j));
    }
    const auto& base = report.outcomes.front().scenario;
    json out = {{"ddbsimReport", 1},
                {"scenario",
                 {{"name", base.name},
                  {"description", base.description},
                  {"source", report.source},
                  {"document", report.file ? report.file->document : json(nullptr)}}},
                {"runs", std::move(runs)},
                {"expectations", std::move(expectations)},
                {"passed", report.expectations_passed()}};
    return out.dump(2) + "\n";
}

}  // namespace ddbsim::reports
