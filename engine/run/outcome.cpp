#include "run/outcome.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <optional>

#include "run/billing.hpp"
#include "run/operation_runner.hpp"
#include "run/region_plans.hpp"

namespace ddbsim::run {
namespace {

std::string number(double v) {
    char buf[64];
    if (std::fabs(v - std::round(v)) < 1e-9 && std::fabs(v) < 1e15)
        std::snprintf(buf, sizeof buf, "%.0f", v);
    else
        std::snprintf(buf, sizeof buf, "%.6g", v);
    return buf;
}

}  // namespace

double units_per_request(const RunResult& r, std::size_t stream) {
    if (stream < r.streams.size() && r.streams[stream].requests > 0)
        return static_cast<double>(r.streams[stream].halves) / 2 /
               static_cast<double>(r.streams[stream].requests);
    if (stream < r.calibration.size()) return r.calibration[stream].mean_halves / 2;
    return 1;
}

double units_per_request(const Outcome& o, bool write) {
    const auto& streams = o.scenario.config.streams;
    double units = 0, weight = 0;
    for (std::size_t i = 0; i < streams.size(); ++i) {
        if (is_write(streams[i].op) != write) continue;
        const bool measured = i < o.result.streams.size() && o.result.streams[i].requests > 0;
        if (!measured && i >= o.result.calibration.size()) continue;
        const double w = measured ? static_cast<double>(o.result.streams[i].requests) : 1.0;
        units += w * units_per_request(o.result, i);
        weight += w;
    }
    return weight > 0 ? units / weight : 1.0;
}

namespace {

// The metrics of one table's series (a single-region table, or one region of a global
// table), each key ending in `suffix` ("" or "@region").
void series_metrics(const RunResult& result, const SimulationConfig& config,
                    const std::string& suffix, std::map<std::string, double>& out) {
    std::map<std::string, double> m;
    const auto& rows = result.metrics.seconds();
    double read = 0, write = 0, max_read = 0, max_write = 0, throttled = 0, max_throttled = 0;
    double successes = 0, rte = 0, wte = 0, max_rte = 0, max_wte = 0;
    double user_errors = 0, condition_failed = 0, system_errors = 0, max_system_errors = 0;
    double stale_reads = 0;
    double prov_r_max = 0, prov_w_max = 0, prov_r_sum = 0, prov_w_sum = 0;
    double prov_r_min = 1e18, prov_w_min = 1e18, part_max = 0;
    for (const auto& r : rows) {
        read += r.consumed_read_halves / 2.0;
        write += r.consumed_write_halves / 2.0;
        max_read = std::max(max_read, r.consumed_read_halves / 2.0);
        max_write = std::max(max_write, r.consumed_write_halves / 2.0);
        throttled += r.throttled_requests;
        max_throttled = std::max<double>(max_throttled, r.throttled_requests);
        successes += r.successful_requests;
        user_errors += r.user_errors;
        condition_failed += r.conditional_check_failed;
        system_errors += r.system_errors;
        stale_reads += r.stale_reads;
        max_system_errors = std::max<double>(max_system_errors, r.system_errors);
        rte += r.read_throttle_events;
        wte += r.write_throttle_events;
        max_rte = std::max<double>(max_rte, r.read_throttle_events);
        max_wte = std::max<double>(max_wte, r.write_throttle_events);
        prov_r_max = std::max<double>(prov_r_max, r.provisioned_rcu);
        prov_w_max = std::max<double>(prov_w_max, r.provisioned_wcu);
        prov_r_min = std::min<double>(prov_r_min, r.provisioned_rcu);
        prov_w_min = std::min<double>(prov_w_min, r.provisioned_wcu);
        prov_r_sum += r.provisioned_rcu;
        prov_w_sum += r.provisioned_wcu;
        part_max = std::max<double>(part_max, r.partitions);
    }
    const double seconds = std::max<double>(1, static_cast<double>(rows.size()));
    m["requests.sum"] = static_cast<double>(result.requests);
    m["successfulRequests.sum"] = successes;
    m["throttledRequests.sum"] = throttled;
    m["throttledRequests.max"] = max_throttled;
    m["gaveUpRequests.sum"] = static_cast<double>(result.gave_up);
    m["userErrors.sum"] = user_errors;
    m["conditionalCheckFailedRequests.sum"] = condition_failed;
    m["systemErrors.sum"] = system_errors;
    m["systemErrors.max"] = max_system_errors;
    // Stale reads are modelled at the request level only (run/replica_lag.hpp).
    if (result.fidelity != "aggregate") m["staleReads.sum"] = stale_reads;
    m["readThrottleEvents.sum"] = rte;
    m["readThrottleEvents.max"] = max_rte;
    m["writeThrottleEvents.sum"] = wte;
    m["writeThrottleEvents.max"] = max_wte;
    m["consumedRCU.sum"] = read;
    m["consumedRCU.average"] = read / seconds;
    m["consumedRCU.max"] = max_read;
    m["consumedWCU.sum"] = write;
    m["consumedWCU.average"] = write / seconds;
    m["consumedWCU.max"] = max_write;
    if (!rows.empty()) {
        m["provisionedRCU.max"] = prov_r_max;
        m["provisionedRCU.min"] = prov_r_min;
        m["provisionedRCU.average"] = prov_r_sum / seconds;
        m["provisionedRCU.end"] = rows.back().provisioned_rcu;
        m["provisionedWCU.max"] = prov_w_max;
        m["provisionedWCU.min"] = prov_w_min;
        m["provisionedWCU.average"] = prov_w_sum / seconds;
        m["provisionedWCU.end"] = rows.back().provisioned_wcu;
        m["partitions.start"] = rows.front().partitions;
        m["partitions.max"] = part_max;
        m["partitions.end"] = result.partitions;
    }
    if (const auto lat = result.metrics.latency(); lat.count() > 0) {
        m["latencyMs.p50"] = static_cast<double>(lat.percentile(0.50)) / 1000.0;
        m["latencyMs.p90"] = static_cast<double>(lat.percentile(0.90)) / 1000.0;
        m["latencyMs.p99"] = static_cast<double>(lat.percentile(0.99)) / 1000.0;
    }
    if (config.sqs_buffer) {
        m["queueMaxDepth.max"] = static_cast<double>(result.queue_max_depth);
        m["queueMaxAgeSeconds.max"] = static_cast<double>(result.queue_max_age) / 1e6;
    }
    if (result.dax_hits + result.dax_misses > 0) {
        m["cacheHitRatio.average"] = static_cast<double>(result.dax_hits) /
                                     static_cast<double>(result.dax_hits + result.dax_misses);
    }

    // GSIs (CloudWatch reports them under their own GlobalSecondaryIndexName; here summed).
    double index_read = 0, index_write = 0;
    for (const auto& minute : result.metrics.minutes()) {
        for (const auto& [name, halves] : minute.index_read_halves)
            index_read += static_cast<double>(halves) / 2;
        for (const auto& [name, halves] : minute.index_write_halves)
            index_write += static_cast<double>(halves) / 2;
    }
    if (!config.table.global_indexes.empty()) {
        m["consumedIndexRCU.sum"] = index_read;
        m["consumedIndexWCU.sum"] = index_write;
    }
    // A global table's replication into this region (docs/global-tables.md "Metrics").
    if (!result.metrics.replication().empty() || !result.region.empty()) {
        double replicated = 0, conflicts = 0, throttles = 0, backlog = 0;
        for (const auto& row : result.metrics.replication()) {
            replicated += row.replicated_write_halves / 2.0;
            conflicts += row.conflicts;
            throttles += row.throttles;
            backlog = std::max<double>(backlog, row.backlog);
        }
        m["replicatedWCU.sum"] = replicated;
        // Conflicts are counted item by item: at the request level only.
        if (result.fidelity != "aggregate") m["replicationConflicts.sum"] = conflicts;
        m["replicationThrottles.sum"] = throttles;
        m["replicationBacklog.max"] = backlog;
        const auto& lat = result.metrics.replication_latency();
        if (lat.count() > 0) {
            m["replicationLatencyMs.p50"] = static_cast<double>(lat.percentile(0.50)) / 1000.0;
            m["replicationLatencyMs.p99"] = static_cast<double>(lat.percentile(0.99)) / 1000.0;
            m["replicationLatencyMs.max"] = static_cast<double>(lat.percentile(1.0)) / 1000.0;
        }
    }
    for (auto& [key, value] : m)
        out[key + suffix] = value;
}

// The cost alternatives of a run's regions as one: each alternative's bill is every region's
// lines, named by region, and their total (docs/global-tables.md "Cost").
cost::Comparison combine_regions(const std::vector<RegionOutcome>& regions) {
    cost::Comparison all = regions.front().costs;
    for (auto& a : all.alternatives) {
        a.run = {};
        a.month = {};
        for (const auto& r : regions) {
            const cost::Alternative* mine = r.costs.find(a.key);
            if (!mine || !mine->available) {
                a.available = false;
                a.why_not = r.region + ": " + (mine ? mine->why_not : "not priced");
                continue;
            }
            for (auto [bill, from] : {std::pair{&a.run, &mine->run}, {&a.month, &mine->month}}) {
                for (auto line : from->lines) {
                    line.item = r.region + ": " + line.item;
                    bill->lines.push_back(line);
                }
                for (const auto& note : from->notes)
                    bill->notes.push_back(r.region + ": " + note);
                bill->total += from->total;
            }
        }
    }
    all.cheapest.clear();
    const cost::Alternative* best = nullptr;
    for (const auto& a : all.alternatives)
        if (a.available && (!best || a.month.total < best->month.total)) best = &a;
    if (best) all.cheapest = best->key;
    return all;
}

}  // namespace

Outcome make_outcome(std::string name, std::string description, workload::Scenario scenario,
                     RunResult result) {
    Outcome o{std::move(name),
              std::move(description),
              std::move(scenario),
              std::move(result),
              {},
              {},
              {}};
    auto& m = o.metrics;
    const auto& config = o.scenario.config;
    series_metrics(o.result, config, "", m);
    // Per stream: capacity units per request (measured at the request level, the storage-core
    // calibration at the aggregate fidelity) and the capacity its peak offered rate needs.
    const auto& streams = o.scenario.config.streams;
    // A global table's streams may run in any region: their requests in every region count.
    std::vector<RunResult::StreamStats> measured = o.result.streams;
    for (const auto& replica : o.result.replicas) {
        for (std::size_t i = 0; i < replica.streams.size() && i < measured.size(); ++i) {
            measured[i].requests += replica.streams[i].requests;
            measured[i].halves += replica.streams[i].halves;
        }
    }
    for (std::size_t i = 0; i < streams.size(); ++i) {
        std::optional<double> units;
        if (i < measured.size() && measured[i].requests > 0) {
            units = static_cast<double>(measured[i].halves) / 2.0 /
                    static_cast<double>(measured[i].requests);
        } else {
            for (const auto& c : o.result.calibration)
                if (c.stream == streams[i].name) units = c.mean_halves / 2.0;
        }
        if (!units) continue;
        m["unitsPerRequest." + streams[i].name] = *units;
        m["capacityNeeded." + streams[i].name] = *units * streams[i].traffic.max_rate();
    }
    if (config.global.enabled()) {
        // Every region: its metrics under "@region", its bill; the table's bill is their sum.
        const auto plans = region_plans(config);
        for (std::size_t i = 0; i < plans.size(); ++i) {
            const RunResult& r = i == 0 ? o.result : o.result.replicas.at(i - 1);
            series_metrics(r, plans[i].config, "@" + plans[i].region, m);
            RegionOutcome region{
                plans[i].region,
                cost::compare_modes(comparison_input(r, plans[i].config, o.scenario.cost),
                                    o.scenario.catalog, o.scenario.cost.free_tier)};
            for (const auto& a : region.costs.alternatives) {
                if (!a.available) continue;
                m["cost." + a.key + "@" + region.region] = a.run.total.as_dollars();
                m["monthlyCost." + a.key + "@" + region.region] = a.month.total.as_dollars();
            }
            o.regions.push_back(std::move(region));
        }
        o.costs = combine_regions(o.regions);
    } else {
        o.costs = cost::compare_modes(comparison_input(o.result, config, o.scenario.cost),
                                      o.scenario.catalog, o.scenario.cost.free_tier);
    }
    for (const auto& a : o.costs.alternatives) {
        if (!a.available) continue;
        m["cost." + a.key] = a.run.total.as_dollars();
        m["monthlyCost." + a.key] = a.month.total.as_dollars();
        if (a.key == o.costs.cheapest) {
            m["cost.cheapest"] = a.run.total.as_dollars();
            m["monthlyCost.cheapest"] = a.month.total.as_dollars();
        }
    }
    return o;
}

Outcome region_outcome(const Outcome& o, const std::string& region) {
    const auto plans =
        o.regions.empty() ? std::vector<RegionPlan>{} : region_plans(o.scenario.config);
    for (std::size_t i = 0; i < o.regions.size() && i < plans.size(); ++i) {
        if (o.regions[i].region != region) continue;
        const RunResult& r = i == 0 ? o.result : o.result.replicas.at(i - 1);
        workload::Scenario scenario = o.scenario;
        scenario.config = plans[i].config;
        RunResult result = r;
        result.replicas.clear();
        Outcome view{
            o.name, o.description, std::move(scenario), std::move(result), o.regions[i].costs, {},
            {}};
        const std::string suffix = "@" + region;
        for (const auto& [key, value] : o.metrics) {
            if (key.size() > suffix.size() &&
                key.compare(key.size() - suffix.size(), suffix.size(), suffix) == 0)
                view.metrics[key.substr(0, key.size() - suffix.size())] = value;
            else if (key.find('@') == std::string::npos && (key.rfind("unitsPerRequest.", 0) == 0 ||
                                                            key.rfind("capacityNeeded.", 0) == 0))
                view.metrics[key] = value;  // per stream: every region's requests
        }
        return view;
    }
    return o;
}

std::string metric_key(const workload::Expectation& e, bool global_table) {
    // A region of a global table: its metrics carry "@region" (unsuffixed, the table's own
    // region's — and for costs, the whole table's).
    const std::string at = e.region.empty() || !global_table ? std::string() : "@" + e.region;
    if (e.metric == "cost" || e.metric == "monthlyCost") return e.metric + "." + e.mode + at;
    if (!e.stream.empty()) return e.metric + "." + e.stream;
    return e.metric + "." + e.statistic + at;
}

std::string expectation_bounds(const workload::Expectation& e) {
    std::string bounds;
    if (e.equals)
        bounds = "= " + number(*e.equals) +
                 (e.tolerance > 0 ? " ± " + number(e.tolerance) : std::string());
    if (e.min) bounds += (bounds.empty() ? "≥ " : ", ≥ ") + number(*e.min);
    if (e.max) bounds += (bounds.empty() ? "≤ " : ", ≤ ") + number(*e.max);
    return bounds;
}

bool expectation_holds(const workload::Expectation& e, double v) {
    // Costs compare at the cent's resolution in reports; bounds apply exactly but with a
    // nano-dollar of slack for the dollar conversion.
    const double eps = 1e-9 * std::max(1.0, std::fabs(v));
    return (!e.min || v >= *e.min - eps) && (!e.max || v <= *e.max + eps) &&
           (!e.equals || std::fabs(v - *e.equals) <= e.tolerance + eps);
}

std::vector<ExpectationResult> check_expectations(const std::vector<workload::Expectation>& expect,
                                                  const std::vector<Outcome>& outcomes) {
    std::vector<ExpectationResult> results;
    for (const auto& e : expect) {
        for (const auto& o : outcomes) {
            const bool applies = e.variant == "*" || (e.variant.empty() && o.name == "baseline") ||
                                 e.variant == o.name;
            if (!applies) continue;
            // "*": one result per region of the table.
            const auto& global = o.scenario.config.global;
            std::vector<std::string> regions{e.region};
            if (e.region == "*") regions = global.regions();
            for (const auto& region : regions) {
                workload::Expectation one = e;
                one.region = region;
                ExpectationResult r;
                r.expectation = one;
                r.run = o.name;
                const std::string key = metric_key(one, global.enabled());
                auto it = o.metrics.find(key);
                const std::string bounds = expectation_bounds(e);
                if (it == o.metrics.end()) {
                    r.passed = false;
                    r.message = key + " is not available for this run (" + o.result.fidelity +
                                " fidelity), expected " + bounds;
                } else {
                    const double v = it->second;
                    r.actual = v;
                    r.passed = expectation_holds(e, v);
                    r.message = key + " = " + number(v) + ", expected " + bounds;
                }
                results.push_back(std::move(r));
            }
        }
    }
    return results;
}

}  // namespace ddbsim::run
