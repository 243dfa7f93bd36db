// The fidelity dispatcher: one entry point for a simulation at either fidelity, and the
// rule `auto` follows (the request level for small runs and for what only it models, the
// aggregate otherwise, by the run plan's estimates: run/run_plan.hpp).
#pragma once

#include "run/run_result.hpp"

namespace ddbsim::run {

enum class Fidelity { kRequest, kAggregate, kAuto };

// The expected number of requests in a run (arrival rates integrated over the duration).
double expected_requests(const SimulationConfig& config);

// Under kAuto, runs of more expected requests than this go to the aggregate fidelity.
inline constexpr double kAutoRequestLimit = 20'000'000;

// Runs the chosen fidelity; kAuto runs the request level when the expected request count is
// at most `auto_request_limit` and the request level can carry the run, or when the
// aggregate fidelity cannot model the configuration. The result's `fidelity` says which ran.
RunResult run_simulation(const SimulationConfig& config, Fidelity fidelity,
                         double auto_request_limit = kAutoRequestLimit,
                         const RunControl& control = {});

}  // namespace ddbsim::run
