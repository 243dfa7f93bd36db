// Outcome: one run of a scenario (the baseline or a what-if variant) with everything the
// front ends show — the simulation's result, its costs under every mode, and the named
// metrics that `expect` assertions and reports use.
//
// Metric keys are "<metric>.<statistic>" (e.g. "throttledRequests.sum", "consumedWCU.max")
// and "cost.<mode>" / "monthlyCost.<mode>" in dollars, modes as in cost::Comparison plus
// "cheapest"; per workload stream "unitsPerRequest.<stream>" (RCU or WCU per successful
// request) and "capacityNeeded.<stream>" (units per request × the stream's peak rate). A
// metric the run cannot give (queue metrics without an SQS buffer) is absent. Table-level capacity
// metrics follow CloudWatch's: the table's own consumption, GSIs apart.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "cost/comparison.hpp"
#include "run/run_result.hpp"
#include "workload/scenario_file.hpp"

namespace ddbsim::run {

// One region of a global table's run: its bill under every capacity mode.
struct RegionOutcome {
    std::string region;
    cost::Comparison costs;
};

struct Outcome {
    std::string name;  // "baseline" or the what-if's name
    std::string description;
    workload::Scenario scenario;
    RunResult result;
    // The table's costs: a global table's are the sum of its regions' (`regions`).
    cost::Comparison costs;
    // Unsuffixed keys are the table's own region's; a global table's also has every region's
    // under "<key>@<region>" (its own included), and replication metrics.
    std::map<std::string, double> metrics;
    std::vector<RegionOutcome> regions;  // a global table's, its own region first
};

Outcome make_outcome(std::string name, std::string description, workload::Scenario scenario,
                     RunResult result);

// One region of a global table's outcome as an outcome of its own (for front ends that show
// one region at a time): that region's result, its metrics without their "@region" suffix,
// its bill and its region plan's config. `o` itself when it has no such region.
Outcome region_outcome(const Outcome& o, const std::string& region);

// The mean capacity units one request of stream `stream` took: measured at the request
// level, calibrated at the aggregate fidelity; 1 when neither is known.
double units_per_request(const RunResult& result, std::size_t stream);
// The same over every read (`write` false) or write stream of the run, weighted by the
// requests measured (each calibrated stream counting once).
double units_per_request(const Outcome& outcome, bool write);

struct ExpectationResult {
    workload::Expectation expectation;
    std::string run;  // the outcome's name
    std::optional<double> actual;
    bool passed = false;
    std::string message;  // "throttledRequests.sum = 12, expected ≤ 0"
};

// Checks every expectation against the runs it names (an expectation on "*" gives one result
// per run). A metric the run does not have fails, saying so.
std::vector<ExpectationResult> check_expectations(const std::vector<workload::Expectation>& expect,
                                                  const std::vector<Outcome>& outcomes);

// The key of an expectation's metric in Outcome::metrics (a region of a global table adds
// "@region").
std::string metric_key(const workload::Expectation& e, bool global_table = false);
// "= 3 ± 0.1, ≥ 1": an expectation's bounds as reports show them; and whether `v` is within
// them (with a nano-unit of slack for dollar conversions).
std::string expectation_bounds(const workload::Expectation& e);
bool expectation_holds(const workload::Expectation& e, double v);

}  // namespace ddbsim::run
