// The aggregate fidelity (docs/architecture.md "The two fidelities"): the same service model
// advanced in fixed steps (default 1 s) instead of per request, for long horizons and high rates.
//
// Per step and stream: a Poisson number of arrivals (named random stream), split over the
// partitions by the key-popularity mass each partition's hash range holds (exact for up to
// `exact_key_limit` keys and for hot keys, the rest spread by hash-range width); demand in
// half units from per-operation costs *measured on the storage core* (calibration); service
// by model::CapacityModel::serve_all — the same buckets, burst, adaptive capacity, hard limits
// and on-demand allowance as the request level; throttled demand re-enters later steps over
// the client's full-jitter backoff window until it succeeds or the client gives up; auto
// scaling, on-demand peaks, throughput splits and splits for consumption (at the same
// balancing key rule, from the keys' popularity mass) as in the request level; GSI writes
// and their back-pressure on the table's writes, with each GSI's own capacity and auto
// scaling (aggregate_gsi.hpp).
// A global table's regions step together, each applying the others' writes of the previous
// step (aggregate_replication.hpp, global_run.hpp).
// Not modelled at this fidelity (run_simulation's "auto" picks the request level for the
// first five): queries on a GSI, DAX, SQS buffers, aggregation jobs, time buckets shorter
// than 300 steps (time-bucketed keys follow the clock: each step's mass is the buckets it
// covers); latency percentiles.
// Splits for size use an estimate of data growth (see `grow`).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "run/run_result.hpp"

namespace ddbsim::run {

struct AggregateOptions {
    sim::TimeUs step = sim::kSecond;
    std::size_t calibration_samples = 2000;   // storage-core operations per stream
    std::uint64_t exact_key_limit = 200'000;  // keys whose mass is placed exactly
};

RunResult run_aggregate(const SimulationConfig& config, const AggregateOptions& options = {},
                        const RunControl& control = {});

// One region of a global table at the aggregate fidelity, stepped by the run that couples
// the regions (run/global_run.hpp). `config` (the region's plan) must outlive it.
class AggregateRegion {
  public:
    AggregateRegion(const SimulationConfig& config, const AggregateOptions& options,
                    const RunControl& control);
    ~AggregateRegion();
    AggregateRegion(const AggregateRegion&) = delete;
    AggregateRegion& operator=(const AggregateRegion&) = delete;
    // The step starting at `t`; false when the run was cancelled.
    bool step(sim::TimeUs t);
    // Items per stream this region acknowledged since the last call.
    std::vector<double> take_acknowledged();
    // `items` of stream `stream` written elsewhere in the step starting at `made`.
    void deliver(std::size_t stream, double items, sim::TimeUs made);
    RunResult finish();

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// Whether the aggregate fidelity models everything `config` uses; if not, `why` says what.
bool aggregate_supports(const SimulationConfig& config, std::string* why = nullptr);

}  // namespace ddbsim::run
