// From a simulation's result to the cost model's inputs: what the run held and consumed, in
// billing quantities (cost::Usage), and its per-second consumption (cost::TrafficProfile).
#pragma once

#include "cost/comparison.hpp"
#include "run/run_result.hpp"

namespace ddbsim::run {

// Table capacity comes from the run's per-second provisioned series (auto scaling included),
// billed per clock hour at its highest; a GSI's provisioned throughput is added as configured
// in the table (its auto scaling is not in the series — a documented simplification).
// Consumption includes GSI writes and reads. Storage is the scenario's initial data size.
cost::Usage usage_of(const RunResult& result, const SimulationConfig& config,
                     const cost::CostOptions& options);

cost::ComparisonInput comparison_input(const RunResult& result, const SimulationConfig& config,
                                       const cost::CostOptions& options);

}  // namespace ddbsim::run
