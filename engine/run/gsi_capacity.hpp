// The capacity units of a scenario's table and of each of its GSIs, made from the scenario
// for both fidelities (model/capacity_unit.hpp does their upkeep).
//
// GsiCapacity: a global secondary index's capacity unit (docs/dynamodb-model.md "Secondary
// indexes": a GSI is provisioned, or billed on demand, separately from its table, and a table write
// that must update a GSI without capacity is throttled: back-pressure). The unit
// (model/capacity_unit.hpp) does the upkeep.
#pragma once

#include <string>

#include "model/capacity_unit.hpp"
#include "storage/table_schema.hpp"
#include "workload/scenario.hpp"

namespace ddbsim::run {

// The table's unit: its mode and throughput, its initial partitions (throughput, data size,
// warm throughput: workload::initial_partitions), its auto scaling and split rule.
model::CapacityUnitConfig table_capacity_config(const workload::SimulationConfig& config);

struct GsiCapacity {
    std::string name;
    model::CapacityUnit unit;

    // The index's throughput (its own, else the table's mode and capacity), its initial
    // partitions by the course's formula, and its auto scaling policies from the scenario.
    static GsiCapacity make(const workload::SimulationConfig& config,
                            const storage::IndexSchema& index);
};

}  // namespace ddbsim::run
