// What `run`, `recommend` and `exercise` share: loading a scenario file (printing every
// problem as FILE: /pointer: message) and running its baseline and what-ifs into a report.
#pragma once

#include <atomic>
#include <optional>
#include <string>

#include "reports/report.hpp"
#include "run/run_simulation.hpp"
#include "workload/scenario_file.hpp"

namespace ddbsim::cli {

// Loads and validates; on problems prints them to stderr and returns nullopt.
std::optional<workload::ScenarioFile> load_scenario_file(const std::string& path);

struct RunOptions {
    std::optional<std::uint64_t> seed;
    std::optional<run::Fidelity> fidelity;  // else the scenario's
    bool progress = false;                  // draw a progress bar on stderr
    const std::atomic<bool>* cancel = nullptr;
};

// Parses "request" / "aggregate" / "auto".
std::optional<run::Fidelity> parse_fidelity(const std::string& text);

// Plans the baseline and every what-if (run/run_plan.hpp) with the fidelity each will use;
// prints each run that cannot go ahead as "ddbsim: PATH: /pointer: message" and returns
// whether there was any.
bool plan_problems(const workload::ScenarioFile& file, const RunOptions& options,
                   const std::string& path);

// Runs the baseline and every what-if; the report's `file` points into `file`.
// Returns nullopt when cancelled.
std::optional<reports::Report> run_scenario_file(const workload::ScenarioFile& file,
                                                 const std::string& source,
                                                 const RunOptions& options);

// Runs one scenario (no what-ifs) as the baseline of a report-less outcome.
run::Outcome run_one(const workload::Scenario& scenario, const std::string& name,
                     const RunOptions& options);

}  // namespace ddbsim::cli
