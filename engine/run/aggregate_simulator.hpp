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
// Not modelled at this fidelity (run_simulation's "auto" picks the request level for the
// first five): queries on a GSI, DAX, SQS buffers, aggregation jobs, time buckets shorter
// than 300 steps (time-bucketed keys follow the clock: each step's mass is the buckets it
// covers); latency percentiles.
// Splits for size use an estimate of data growth (see `grow`).
#pragma once

#include <string>

#include "run/run_result.hpp"

namespace ddbsim::run {

struct AggregateOptions {
    sim::TimeUs step = sim::kSecond;
    std::size_t calibration_samples = 2000;   // storage-core operations per stream
    std::uint64_t exact_key_limit = 200'000;  // keys whose mass is placed exactly
};

RunResult run_aggregate(const SimulationConfig& config, const AggregateOptions& options = {},
                        const RunControl& control = {});

// Whether the aggregate fidelity models everything `config` uses; if not, `why` says what.
bool aggregate_supports(const SimulationConfig& config, std::string* why = nullptr);

}  // namespace ddbsim::run
