// A scenario file as a whole: the baseline scenario, its `whatIf` variants and its `expect`
// assertions (docs/scenario-format.md).
//
// A what-if variant is the baseline document with fields replaced (`set`, by JSON pointer)
// or removed (`remove`), loaded by the same rules; its problems are reported with the
// variant's name. Expectations are bounds on named result metrics (run/summary.hpp lists
// them), checked against the baseline, a named variant, or every run.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "workload/scenario_loader.hpp"
#include "workload/sweep.hpp"

namespace ddbsim::workload {

struct Variant {
    std::string name;
    std::string description;
    nlohmann::json overrides;  // {"set": {...}, "remove": [...]} as written, for reports
    Scenario scenario;
};

struct Expectation {
    std::string metric;     // e.g. "throttledRequests", "consumedWCU", "monthlyCost"
    std::string statistic;  // sum | max | min | average | end | p50 | p99 ("" = default)
    std::string mode;       // cost metrics: as-run | provisioned-fixed | on-demand | ...
    std::string variant;    // "" = baseline, "*" = every run, else a what-if's name
    std::string stream;     // per-stream metrics: the workload stream's name
    std::string region;     // a global table's region ("" = the table's own, "*" = every one)
    std::optional<double> min, max, equals;
    double tolerance = 0;     // for `equals`: |actual − equals| ≤ tolerance
    std::string description;  // optional, for people
    std::string pointer;      // where it is in the file: /expect/3
    // `ddbsim sweep`: which statistic of a point's runs is bounded — their mean (default),
    // or the upper / lower end of its 95 % confidence interval. `ddbsim run` ignores it.
    std::string over = "mean";
};

struct ScenarioFile {
    Scenario baseline;
    std::vector<Variant> what_if;
    std::vector<Expectation> expect;
    std::optional<Sweep> sweep;  // `ddbsim sweep` runs it; `ddbsim run` ignores it
    nlohmann::json document;     // the file as given, echoed in reports
};

struct ScenarioFileLoad {
    std::optional<ScenarioFile> file;
    std::vector<Problem> problems;
    bool ok() const { return problems.empty(); }
};

ScenarioFileLoad load_scenario_file(const nlohmann::json& document,
                                    const std::string& base_dir = "");

// The metric names an expectation may use, with their statistics (for messages and docs).
const std::vector<std::pair<std::string, std::vector<std::string>>>& expectation_metrics();

}  // namespace ddbsim::workload
