// RunPlan: what a run will cost before it starts, which fidelity can carry it, and why a run
// that no fidelity can carry is refused (docs/reliability.md "Magnitudes").
//
// Every estimate is cheap (no simulation): the requests the traffic asks for (rates
// integrated per minute, spikes exactly), the busiest second's rate, the most partitions the
// table or a GSI can reach (initial throughput, auto scaling's maximum, data size), and the
// memory the metrics keep (a row per second, a row per minute with a counter per partition).
// The limits are what this implementation can run faithfully:
//  - the request level delivers arrivals on a 1 µs clock, so one stream offers at most
//    kMaxRequestLevelRate requests/s before arrivals pile onto consecutive microseconds;
//  - per-second series hold 32-bit counts, so the busiest second may offer at most
//    kMaxOfferedRate requests (times retries, still below 2^31 events);
//  - partitions, series memory and request-level events are bounded so a run fits in memory
//    and finishes, rather than ending in std::bad_alloc after minutes.
// Under `auto` a run the request level cannot carry goes to the aggregate fidelity when it
// models the configuration; otherwise (and for an explicit fidelity) the plan names the
// scenario field, the estimate and the limit.
//
// Thread-safe: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "run/run_simulation.hpp"

namespace ddbsim::run {

struct RunLimits {
    double max_offered_rate = 1e8;                 // requests/s in the busiest second, all streams
    double max_request_level_rate = 250'000;       // requests/s of one stream at the request level
    double max_request_level_requests = 1e9;       // requests of one request-level run
    std::int64_t max_partitions = 100'000;         // of the table or of one GSI
    double max_series_bytes = 4.0 * (1ULL << 30);  // per-second and per-minute series
};

struct RunEstimate {
    double requests = 0;   // the traffic's requests over the run (before retries)
    double peak_rate = 0;  // requests/s in the busiest second, every stream together
    double peak_stream_rate = 0;
    std::size_t peak_stream = 0;  // the stream with the highest peak
    std::int64_t partitions = 0;  // the most the table (or a GSI) can reach
    std::string partitions_of;    // "" = the table, else the GSI's name
    double series_bytes = 0;
};

// Where in the scenario (a JSON pointer) and why a run cannot go ahead.
struct PlanProblem {
    std::string pointer;
    std::string message;
};

struct RunPlan {
    Fidelity fidelity = Fidelity::kAuto;  // the one that will run (never kAuto when ok)
    RunEstimate estimate;
    std::optional<PlanProblem> problem;  // set when the run cannot go ahead
    bool ok() const { return !problem.has_value(); }
};

RunEstimate estimate_run(const SimulationConfig& config);

// `auto_request_limit`: under kAuto, runs of more expected requests go to the aggregate
// fidelity (as run_simulation does).
RunPlan plan_run(const SimulationConfig& config, Fidelity requested,
                 double auto_request_limit = kAutoRequestLimit, const RunLimits& limits = {});

}  // namespace ddbsim::run
