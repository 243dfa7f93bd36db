// A global table at the request level (docs/global-tables.md "The model"): one simulation per
// region (run/region_plans.hpp), advanced together in windows as long as the shortest
// replication latency, so that every write a region makes in one window reaches the others
// no earlier than the next — conservative synchronisation with that latency as the
// lookahead (as in parallel discrete-event simulation): exact, with no event ever delivered
// into a region's past.
//
// After each window, each region's acknowledged writes are delivered to every other region
// at the time they were written plus a latency drawn from the configured distribution (one
// named random stream per pair of regions, drawn in a fixed order: deterministic), and each
// region checks the window's reads against the writes made elsewhere in it.
#pragma once

#include "run/aggregate_simulator.hpp"
#include "run/run_result.hpp"

namespace ddbsim::run {

// The table's own region's result, with every other region's in `replicas`.
RunResult run_global_request_level(const SimulationConfig& config, const RunControl& control = {});

// The same at the aggregate fidelity: the regions step together, and the items each region's
// writes acknowledged in a step are due in every other region from the next step
// (run/aggregate_replication.hpp). Conflicts and stale reads are request-level figures.
RunResult run_global_aggregate(const SimulationConfig& config, const AggregateOptions& options = {},
                               const RunControl& control = {});

// A replication latency: the minimum plus a lognormal part of median (median − minimum) and
// σ, from normal draw `z` (workload/global_table.hpp CrossRegionLatency).
sim::TimeUs replication_latency(const workload::CrossRegionLatency& latency, double z);

}  // namespace ddbsim::run
