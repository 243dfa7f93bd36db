#include "run/gsi_capacity.hpp"

namespace ddbsim::run {

model::CapacityUnitConfig table_capacity_config(const workload::SimulationConfig& config) {
    model::CapacityUnitConfig u;
    u.capacity = config.capacity;
    u.partitions = workload::initial_partitions(config);
    u.read_scaling = config.read_scaling;
    u.write_scaling = config.write_scaling;
    u.split_for_throughput = config.split_for_throughput;
    return u;
}

GsiCapacity GsiCapacity::make(const workload::SimulationConfig& config,
                              const storage::IndexSchema& index) {
    model::CapacityUnitConfig u;
    u.capacity = config.capacity;
    if (index.provisioned) {
        u.capacity.rcu = index.provisioned->read_capacity_units;
        u.capacity.wcu = index.provisioned->write_capacity_units;
    }
    // An index holds no data when the run starts; its own warm throughput is not modelled.
    model::CapacityConfig sizing = u.capacity;
    sizing.warm_rcu = sizing.warm_wcu = 0;
    u.partitions = model::initial_partitions(sizing, 0);
    if (auto it = config.index_read_scaling.find(index.name); it != config.index_read_scaling.end())
        u.read_scaling = it->second;
    if (auto it = config.index_write_scaling.find(index.name);
        it != config.index_write_scaling.end())
        u.write_scaling = it->second;
    u.split_for_throughput = true;  // an index splits to what its throughput needs
    u.is_index = true;
    return GsiCapacity{index.name, model::CapacityUnit(u, 0)};
}

}  // namespace ddbsim::run
