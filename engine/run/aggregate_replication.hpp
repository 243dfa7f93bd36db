// A global table's replication at the aggregate fidelity (docs/global-tables.md "The model").
//
// AggregateReplication keeps, for one region, the writes other regions made that it has not
// applied yet — per workload stream, in order of the step they were made in — and turns what
// the region served of them each step into its replication metrics. The writes of one step
// elsewhere are due here from the next step: replication typically takes under a second, the
// step's length (a modelling assumption of this fidelity: the request level applies each
// write at its own latency). Waiting writes are offered again every step until served: the
// service retries them, so none is lost. The latency recorded for a write served d steps after
// it was due is its replication latency — the configured distribution, taken at 64 stratified
// quantiles — plus d steps.
//
// Each acknowledged request of a stream replicates as its items (a batch or a transaction:
// each item, as a standard write), each costing the stream's calibrated write units per item.
//
// Thread safety: none; one belongs to one region's run.
#pragma once

#include <array>
#include <deque>
#include <vector>

#include "metrics/recorder.hpp"
#include "run/run_result.hpp"

namespace ddbsim::run {

class AggregateReplication {
  public:
    AggregateReplication(const SimulationConfig& config,
                         const std::vector<RunResult::Calibration>& calibration, sim::TimeUs step);

    // Items replicated per acknowledged request of `stream`, and the half units each costs.
    double items_per_request(std::size_t stream) const { return items_per_request_[stream]; }
    double halves_per_item(std::size_t stream) const { return halves_per_item_[stream]; }

    // `items` of stream `stream` written elsewhere in the step starting at `made`.
    void deliver(std::size_t stream, double items, sim::TimeUs made);
    // Items of `stream` due here by the step starting at `t` and not yet applied.
    double waiting(std::size_t stream, sim::TimeUs t) const;
    bool any_waiting(sim::TimeUs t) const;
    // The step starting at `t` served `share[i]` of stream i's waiting items (the rest wait):
    // their consumption, latency, backlog and throttles go to `metrics`.
    void served(const std::vector<double>& share, sim::TimeUs t, metrics::Recorder& metrics);

  private:
    struct Cohort {
        sim::TimeUs made;
        double items;
    };
    void record_latency(double items, sim::TimeUs delay, metrics::Recorder& metrics, sim::TimeUs t);

    sim::TimeUs step_;
    std::vector<double> items_per_request_, halves_per_item_;
    std::vector<std::deque<Cohort>> waiting_;  // per stream, oldest first
    std::array<sim::TimeUs, 64> quantiles_{};  // of the replication latency
    std::array<double, 64> carry_{};           // fractional items not yet recorded, per quantile
    double halves_carry_ = 0;
};

}  // namespace ddbsim::run
