#include "run/gsi_capacity.hpp"

namespace ddbsim::run {

GsiCapacity GsiCapacity::make(const workload::SimulationConfig& config,
                              const storage::IndexSchema& index) {
    model::CapacityConfig c = config.capacity;
    if (index.provisioned) {
        c.rcu = index.provisioned->read_capacity_units;
        c.wcu = index.provisioned->write_capacity_units;
    }
    const int count = c.on_demand ? model::PartitionMap::initial_count(c.on_demand_initial_rcu,
                                                                       c.on_demand_initial_wcu, 0)
                                  : model::PartitionMap::initial_count(c.rcu, c.wcu, 0);
    GsiCapacity g{index.name, model::PartitionMap(count), model::CapacityModel(c, count, true, 0),
                  std::nullopt, std::nullopt};
    if (!c.on_demand) {
        if (auto it = config.index_read_scaling.find(index.name);
            it != config.index_read_scaling.end())
            g.read_scaler.emplace(it->second);
        if (auto it = config.index_write_scaling.find(index.name);
            it != config.index_write_scaling.end())
            g.write_scaler.emplace(it->second);
    }
    return g;
}

std::vector<GsiCapacity::Scaling> GsiCapacity::on_minute(sim::TimeUs now) {
    std::vector<Scaling> out;
    for (bool write : {false, true}) {
        auto& scaler = write ? write_scaler : read_scaler;
        if (!scaler) continue;
        const std::int64_t halves = write ? minute_write_halves : minute_read_halves;
        const std::int64_t provisioned = write ? capacity.table_wcu() : capacity.table_rcu();
        if (auto next = scaler->on_minute(now, static_cast<double>(halves) / 2.0, provisioned))
            out.push_back({write, *next, now + scaler->policy().update_delay});
    }
    minute_read_halves = minute_write_halves = 0;
    return out;
}

void GsiCapacity::apply_scaling(bool write, std::int64_t units, sim::TimeUs now) {
    (write ? write_scaler : read_scaler)->applied();
    capacity.set_provisioned(write ? capacity.table_rcu() : units,
                             write ? units : capacity.table_wcu(), now);
    const int required =
        model::PartitionMap::initial_count(capacity.table_rcu(), capacity.table_wcu(), 0);
    while (partitions.size() < required) {
        const int p = partitions.widest();
        partitions.split_in_half(p);
        capacity.on_split(p, now);
    }
}

}  // namespace ddbsim::run
