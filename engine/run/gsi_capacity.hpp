// GsiCapacity: a global secondary index's own partitions, capacity and auto scaling, shared by
// both fidelities (docs/dynamodb-model.md "Secondary indexes": a GSI is provisioned —
// or billed on demand — separately from its table, and a table write that must update a GSI
// without capacity is throttled: back-pressure).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/auto_scaler.hpp"
#include "model/capacity_model.hpp"
#include "model/partition_map.hpp"
#include "storage/table_schema.hpp"
#include "workload/scenario.hpp"

namespace ddbsim::run {

struct GsiCapacity {
    std::string name;
    model::PartitionMap partitions;
    model::CapacityModel capacity;
    std::optional<model::AutoScaler> read_scaler, write_scaler;
    std::int64_t minute_read_halves = 0, minute_write_halves = 0;  // for auto scaling

    // The index's throughput (its own, else the table's mode and capacity), its initial
    // partitions by the course's formula, and its auto scaling policies from the scenario.
    static GsiCapacity make(const workload::SimulationConfig& config,
                            const storage::IndexSchema& index);

    // At a minute's end: each auto scaler's decision on the minute's consumption — the
    // units to apply, on which side, and when (after the policy's update delay) — and the
    // minute's counters start again.
    struct Scaling {
        bool write;
        std::int64_t units;
        sim::TimeUs at;
    };
    std::vector<Scaling> on_minute(sim::TimeUs now);
    // Auto scaling's new throughput takes effect: the index splits to the partitions the
    // throughput needs (as its table does).
    void apply_scaling(bool write, std::int64_t units, sim::TimeUs now);
};

}  // namespace ddbsim::run
