// CapacityUnit: a table's (or a GSI's) capacity as the service keeps it — its partitions, its
// admission control (CapacityModel), its auto scalers with their one-minute datapoints and
// the changes they decided but that are not in effect yet, and its split for throughput —
// behind the one API every driver uses: the request level, the aggregate fidelity, GSIs at
// both, and a live server.
//
// docs/dynamodb-model.md "Provisioned mode and auto scaling", "Partitions", "On-demand mode".
//
// Drivers call:
//  - admit() and charge() for one request (charge also counts the second's and the minute's
//    consumption, so no caller can charge without the datapoints seeing it);
//  - serve_all() for a step of demand in bulk (aggregate fidelity), counted the same way;
//  - advance_to(now) when time has passed: it performs, in time order, every upkeep due
//    since the last call — for each whole second passed, the on-demand peak of that second;
//    at each minute's end, each auto scaler's decision on the minute's consumption; and every
//    decided change whose time has come (its new throughput, then the partitions the
//    throughput needs). An idle gap of an hour is one call: its 3,600 seconds and 60 minutes
//    are each seen, as a wall-clock driver that slept needs. Consumption is counted into the
//    second in progress until advance_to passes its end, so an event-driven driver calls it
//    at each second's tick (a wall-clock driver before each request, with its own clock);
//  - apply_changes(now) when a decided change falls due between ticks (an event-driven
//    driver's wake-up): the changes only, no second or minute upkeep;
//  - split() for splits the driver decides (size, heat); every split, the unit's own
//    included, is reported to the split listener so per-partition state can follow.
//
// Order at a second boundary s (the one both fidelities used before this type):
//   changes due at or before s take effect (with their throughput splits) → the second
//   ending at s is observed → if s ends a minute, the scalers decide.
// Observing a second (on-demand only) and applying a change (provisioned only) commute.
//
// Invariants: time passed to the unit never goes backwards; partitions() and capacity()
// always have the same partition count.
//
// Thread safety: none. One unit is owned by one simulation; a server must serialise every
// call on a unit (its table's lock).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "model/auto_scaler.hpp"
#include "model/capacity_model.hpp"
#include "model/partition_map.hpp"

namespace ddbsim::model {

// A table's partition count when it is created: the course's formula on its throughput and
// data size (docs/dynamodb-model.md "Partitions"); an on-demand table's throughput is its
// initial level, or its warm throughput when higher (DG "warm throughput": the level it can
// serve at once).
int initial_partitions(const CapacityConfig& capacity, std::uint64_t data_bytes);

struct CapacityUnitConfig {
    CapacityConfig capacity;
    int partitions = 1;  // when the unit is created
    // Application Auto Scaling target tracking of each side (provisioned mode only).
    std::optional<AutoScalingPolicy> read_scaling, write_scaling;
    // Split when the throughput needs more partitions than the unit has (docs/dynamodb-model.md
    // "Partitions": partitions split when the provisioned throughput grows).
    bool split_for_throughput = true;
    bool is_index = false;  // a GSI: its throttles carry the Index… reasons
};

class CapacityUnit {
  public:
    CapacityUnit(const CapacityUnitConfig& config, sim::TimeUs now);

    const PartitionMap& partitions() const { return partitions_; }
    const CapacityModel& capacity() const { return capacity_; }
    CapacityModel& capacity() { return capacity_; }
    const CapacityUnitConfig& config() const { return config_; }

    Admission admit(sim::TimeUs now, int partition, bool write);
    // Charges what an admitted request consumed (half units) and counts it.
    void charge(sim::TimeUs now, int partition, bool write, const Admission& admission,
                std::int64_t halves, bool eventual = false);
    // A step of demand on every partition, served by the same rules in bulk (see
    // CapacityModel::serve_all), and counted.
    CapacityModel::BulkService serve_all(sim::TimeUs step_start, sim::TimeUs now, bool write,
                                         const std::vector<std::int64_t>& demand,
                                         std::vector<std::int64_t>& served,
                                         std::vector<std::uint8_t>& reasons,
                                         const std::vector<double>* eventual_share = nullptr);

    // What advance_to did that a driver may need to act on.
    struct Upkeep {
        // Auto scaling changes decided in this call, by when they take effect: an
        // event-driven driver wakes the unit then (advance_to applies them either way).
        std::vector<sim::TimeUs> decided;
        bool applied = false;  // a change took effect (throughput, maybe partitions)
    };
    Upkeep advance_to(sim::TimeUs now);
    Upkeep apply_changes(sim::TimeUs now);

    // New provisioned throughput decided outside the unit's scalers (UpdateTable on a live
    // server): in effect at `now`, with the partitions it needs.
    void set_throughput(std::int64_t rcu, std::int64_t wcu, sim::TimeUs now);

    // Splits partition `p` at hash `at` (in half when absent); the split listener is told.
    void split(int p, std::optional<std::uint64_t> at, sim::TimeUs now);
    // Called with the partition that split (it becomes `p` and `p + 1`).
    void on_split(std::function<void(int p)> listener) { split_listener_ = std::move(listener); }

    // The consumption of the minute in progress, half units per side (for tests and reports).
    std::int64_t minute_halves(bool write) const { return minute_[write ? 1 : 0]; }
    const std::optional<AutoScaler>& scaler(bool write) const {
        return write ? write_scaler_ : read_scaler_;
    }

  private:
    struct Change {
        sim::TimeUs at;
        bool write;
        std::int64_t units;
    };
    void touch(sim::TimeUs now) { latest_ = now > latest_ ? now : latest_; }
    void apply_due(sim::TimeUs upto, Upkeep& upkeep);
    void end_second(sim::TimeUs second_end, Upkeep& upkeep);
    void split_for_throughput(sim::TimeUs now);

    CapacityUnitConfig config_;
    PartitionMap partitions_;
    CapacityModel capacity_;
    std::optional<AutoScaler> read_scaler_, write_scaler_;
    std::int64_t second_[2] = {0, 0};  // half units, the second in progress
    std::int64_t minute_[2] = {0, 0};  // half units, the minute in progress
    std::vector<Change> pending_;      // decided, not yet in effect, in time order
    sim::TimeUs advanced_ = 0;         // the last time advance_to reached
    sim::TimeUs latest_ = 0;           // the latest time any call has used
    std::function<void(int)> split_listener_;
};

}  // namespace ddbsim::model
