#include "run/billing.hpp"

#include <algorithm>
#include <cmath>

namespace ddbsim::run {

cost::Usage usage_of(const RunResult& result, const SimulationConfig& config,
                     const cost::CostOptions& options) {
    cost::Usage u;
    const auto& rows = result.metrics.seconds();
    u.seconds = static_cast<std::int64_t>(rows.size());
    u.on_demand = config.capacity.on_demand;
    u.table_class = config.table.table_class == storage::TableClass::kStandardInfrequentAccess
                        ? cost::TableClass::kStandardInfrequentAccess
                        : cost::TableClass::kStandard;
    std::int64_t index_rcu = 0, index_wcu = 0;
    for (const auto& index : config.table.global_indexes) {
        if (index.provisioned) {
            index_rcu += index.provisioned->read_capacity_units;
            index_wcu += index.provisioned->write_capacity_units;
        }
    }
    if (!u.on_demand) {
        const std::size_t hours = (rows.size() + 3599) / 3600;
        u.hourly_rcu.assign(hours, 0);
        u.hourly_wcu.assign(hours, 0);
        u.hourly_index_wcu.assign(hours, index_wcu);
        for (std::size_t s = 0; s < rows.size(); ++s) {
            auto& r = u.hourly_rcu[s / 3600];
            auto& w = u.hourly_wcu[s / 3600];
            r = std::max<std::int64_t>(r, rows[s].provisioned_rcu + index_rcu);
            w = std::max<std::int64_t>(w, rows[s].provisioned_wcu + index_wcu);
        }
    }
    for (const auto& row : rows) {
        u.read_halves += row.consumed_read_halves;
        u.write_halves += row.consumed_write_halves;
    }
    for (const auto& minute : result.metrics.minutes()) {
        for (const auto& [name, halves] : minute.index_read_halves)
            u.read_halves += halves;
        for (const auto& [name, halves] : minute.index_write_halves) {
            u.write_halves += halves;
            u.index_write_halves += halves;
        }
    }
    // A region of a global table (run/global_run.hpp names its results' regions).
    u.global_table = !result.region.empty();
    // The items the scenario's data holds: `data.items`, else its size at 1 KB an item (the
    // same data the storage line bills, whichever fidelity ran).
    u.items = config.initial_items > 0 ? config.initial_items : config.initial_data_bytes / 1024;
    u.replicated_out_bytes = result.replicated_out_bytes;
    u.storage_bytes = config.initial_data_bytes;
    u.stream_read_requests =
        std::llround(options.stream_reads_per_second * static_cast<double>(u.seconds));
    u.point_in_time_recovery = options.point_in_time_recovery;
    u.on_demand_backups = options.on_demand_backups;
    u.dax_nodes = options.dax_nodes;
    u.dax_node_type = options.dax_node_type;
    return u;
}

cost::ComparisonInput comparison_input(const RunResult& result, const SimulationConfig& config,
                                       const cost::CostOptions& options) {
    cost::ComparisonInput in;
    in.as_run = usage_of(result, config, options);
    const auto& rows = result.metrics.seconds();
    in.traffic.read_halves.reserve(rows.size());
    in.traffic.write_halves.reserve(rows.size());
    for (const auto& row : rows) {
        in.traffic.read_halves.push_back(row.consumed_read_halves);
        in.traffic.write_halves.push_back(row.consumed_write_halves);
        in.throttled_requests += row.throttled_requests;
    }
    in.ran_with_autoscaling = config.read_scaling.has_value() || config.write_scaling.has_value();
    const auto& policy = config.write_scaling ? config.write_scaling : config.read_scaling;
    if (policy) {
        in.autoscaling_target = policy->target_utilization / 100.0;
        in.autoscaling_min = policy->min_capacity;
    }
    return in;
}

}  // namespace ddbsim::run
