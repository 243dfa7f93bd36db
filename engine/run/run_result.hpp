// What every simulation returns (RunResult) and how a front end steers one (RunControl),
// for both fidelities; with the names the simulators use for the scenario's types. Headers
// that need only these include this one, not a simulator.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "metrics/recorder.hpp"
#include "workload/scenario.hpp"

namespace ddbsim::run {

// The scenario types live in the workload room (a validated scenario is what a scenario
// file loads into); the simulators use them under these names.
using workload::eventual_read;
using workload::initial_partitions;
using workload::LatencyModel;
using workload::OperationStream;
using workload::SimulationConfig;

struct RunResult {
    explicit RunResult(metrics::Recorder m) : metrics(std::move(m)) {}

    metrics::Recorder metrics;
    std::string fidelity = "request";  // which fidelity ran: "request" or "aggregate"
    // Aggregate fidelity: the per-operation costs measured on the storage core.
    struct Calibration {
        std::string stream;
        std::size_t samples = 0;
        double mean_halves = 0;  // capacity per request, half units
        double ci95_halves = 0;  // 95 % confidence half-width of the mean
        // Writes to each global secondary index (table order; writes only): the share of
        // the stream's requests that write the index, and the index's half units per such
        // request — the GSI pays these from its own capacity. Measured on items the stream
        // rewrites, and (`created_…`) on writes that create their item: a put that creates
        // an item writes its GSIs, one that rewrites an identical item does not (DG: an
        // index is written only when its image changes).
        struct IndexWrites {
            std::string index;
            double share = 0;
            double mean_halves = 0;
            double created_share = 0;
            double created_mean_halves = 0;
        };
        std::vector<IndexWrites> index_writes;
    };
    std::vector<Calibration> calibration;
    int partitions = 0;         // at the end of the run
    std::int64_t requests = 0;  // logical requests that ended (succeeded or gave up)
    std::int64_t attempts = 0;
    std::int64_t throttled_attempts = 0;
    std::int64_t gave_up = 0;
    std::int64_t events = 0;  // kernel events processed
    std::int64_t dax_hits = 0;
    std::int64_t dax_misses = 0;
    std::int64_t queue_max_depth = 0;  // SQS buffer
    sim::TimeUs queue_max_age = 0;     // the oldest message's wait when it was written
    bool cancelled = false;            // stopped early by RunControl::cancel
    // Per workload stream: successful requests and the capacity they consumed (table, its
    // LSIs, or the GSI a query reads), for units-per-request figures. The aggregate fidelity
    // reports its calibration instead (requests stay 0).
    struct StreamStats {
        std::int64_t requests = 0;
        std::int64_t halves = 0;
    };
    std::vector<StreamStats> streams;
    // A global table (docs/global-tables.md): the region this result is of, the bytes of
    // writes it replicated to the other regions (cross-Region data transfer, counted once per
    // receiving region), and the other regions' results, in GlobalTable::regions() order.
    std::string region;
    std::uint64_t replicated_out_bytes = 0;
    std::vector<RunResult> replicas;
};

// Progress and cancellation of a run, for front ends (a progress bar, a Cancel button).
// `progress` receives the simulated fraction done, about 200 times a run; `cancel` is polled
// as often — when it becomes true the run stops and its result says `cancelled`.
struct RunControl {
    std::function<void(double fraction)> progress;
    const std::atomic<bool>* cancel = nullptr;

    // For simulators: reports progress at simulated time `at` of a run of `duration` and
    // polls for cancellation; `next` becomes when to call again (about 200 times a run, at
    // least `min_gap` apart). True when the run must stop.
    bool poll(sim::TimeUs at, sim::TimeUs duration, sim::TimeUs min_gap, sim::TimeUs& next) const {
        next = at + std::max(min_gap, duration / 200);
        if (progress) progress(static_cast<double>(at) / static_cast<double>(duration));
        return cancel && cancel->load(std::memory_order_relaxed);
    }
};

}  // namespace ddbsim::run
