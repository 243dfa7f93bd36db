// Back-pressure from a global secondary index at the aggregate fidelity (docs/dynamodb-model.md
// "Secondary indexes": a table write that must update a GSI without capacity is
// throttled). The index's partitions, capacity and auto scaling are its capacity unit, made
// as the request level makes it (GsiCapacity); per step, the index writes the table's write
// requests would make are served on the index's partitions by CapacityModel::serve_all, and what
// each stream loses to the index comes back as the share of its requests the table must throttle.
//
// Where a stream's index writes land: the index partition key of each of the stream's
// hottest keys, from the items the workload writes (exact), and a fixed sample of the rest.
// How many requests write the index: measured by the calibration on items a stream creates
// and on items it rewrites; a put creates its item with probability e^(−S/K) after S
// admitted writes over K effective keys (the same estimate as the table's data growth).
// Modelling assumptions, named: retried requests have the step's fresh mix of streams; a
// request's index write lands independently of its table partition; the index is charged
// for the writes it admits even when the table then throttles them (the request level
// checks the table first) — exact when the index, not the table, is the bottleneck.
#pragma once

#include <cstdint>
#include <vector>

#include <Eigen/Core>

#include "metrics/recorder.hpp"
#include "run/gsi_capacity.hpp"
#include "run/run_result.hpp"

namespace ddbsim::run {

class AggregateGsi {
  public:
    // `gsi`: the index's position in the table's GlobalSecondaryIndexes; `calibration`: the
    // run's, with the streams' measured index writes.
    AggregateGsi(const SimulationConfig& config, std::size_t gsi,
                 const std::vector<RunResult::Calibration>& calibration,
                 std::uint64_t exact_key_limit);

    // Serves one step of index writes for `requests[i]` write requests of stream i, and sets
    // `admitted[i]` to the share of stream i's requests whose index write was admitted
    // (others keep theirs). Returns whether any index write was throttled.
    bool serve(sim::TimeUs t, sim::TimeUs end, const std::vector<double>& requests,
               std::vector<double>& admitted, metrics::Recorder& metrics);
    // The throttle reason (ThrottleReason index) of the index partition that lost the most
    // this step.
    std::uint8_t reason() const { return reason_; }

    // The index's upkeep at a step's end, as the table's own (model/capacity_unit.hpp).
    void advance_to(sim::TimeUs now);

    const GsiCapacity& capacity() const { return gsi_; }

  private:
    struct Point {
        std::uint64_t hash;  // of the index partition key
        double mass;         // share of the stream's index writes
    };
    void place(const SimulationConfig& config, std::size_t stream, std::uint64_t exact_limit);
    // serve() without the bookkeeping of admitted writes; `admitted` starts at 1.
    bool serve_writes(sim::TimeUs t, sim::TimeUs end, const std::vector<double>& requests,
                      std::vector<double>& admitted, metrics::Recorder& metrics);
    void route_points();

    GsiCapacity gsi_;
    storage::IndexSchema schema_;
    std::vector<RunResult::Calibration::IndexWrites> writes_;  // per stream, measured
    std::vector<double> effective_keys_;      // per PutItem stream (0: the stream creates none)
    std::vector<double> admitted_so_far_;     // per stream: writes the indexes admitted
    std::vector<double> share_;               // per stream this step: share writing the index
    std::vector<std::vector<Point>> points_;  // per stream
    std::vector<Eigen::ArrayXd> where_;       // per stream, per index partition: share
    int routed_partitions_ = -1;
    Eigen::ArrayXd want_;
    double carry_ = 0;
    std::vector<std::int64_t> demand_, served_;
    std::vector<std::uint8_t> reasons_;
    std::uint8_t reason_ = 0;
};

}  // namespace ddbsim::run
