// RequestSimulator: the request-level fidelity of ddbsim's model (docs/architecture.md "The two
// fidelities").
//
// Every request is an event: a Poisson arrival (thinned to its stream's traffic shape), a
// key drawn from the stream's popularity, routing to the partition that owns the key's hash,
// admission against the partition's and the table's token buckets (model::CapacityModel),
// execution on the storage core — whose ConsumedCapacity is what the buckets are charged —
// and, when throttled, the client's retries with backoff until it succeeds or gives up.
// Deterministic: a configuration and seed give identical metrics on every run.
#pragma once

#include <memory>
#include <unordered_map>
#include <vector>

#include "run/replication_inbox.hpp"
#include "run/run_result.hpp"

namespace ddbsim::run {

RunResult run_request_level(const SimulationConfig& config, const RunControl& control = {});

// One region of a global table at the request level, advanced window by window by the run
// that couples the regions (run/global_run.hpp). `config` is the region's (run/region_plans.hpp)
// and must outlive the simulator. Not thread-safe; distinct regions may run on distinct
// threads between exchanges.
class RegionSimulator {
  public:
    RegionSimulator(const SimulationConfig& config, const RunControl& control, int region);
    ~RegionSimulator();
    RegionSimulator(const RegionSimulator&) = delete;
    RegionSimulator& operator=(const RegionSimulator&) = delete;

    // Handles every event up to `until` (those at `until` that were scheduled before this
    // call included); false when the run was cancelled.
    bool run_until(sim::TimeUs until);
    // The writes this region acknowledged since the last call, in time order.
    std::vector<ReplicatedWrite> take_writes();
    // A write from another region, applied here at `arrives` (not before the time reached),
    // later when this region's capacity throttles it.
    void deliver(ReplicatedWrite write, sim::TimeUs arrives);
    // The window just run is over; `foreign` maps each item written elsewhere in it to the
    // earliest such write: reads of it made here after that write were stale.
    void end_window(const std::unordered_map<std::uint64_t, sim::TimeUs>& foreign);
    RunResult finish();

    class Impl;

  private:
    std::unique_ptr<Impl> impl_;
};

}  // namespace ddbsim::run
