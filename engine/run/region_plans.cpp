#include "run/region_plans.hpp"

#include <algorithm>
#include <limits>

#include "sim/random.hpp"

namespace ddbsim::run {
namespace {

using Window = std::pair<sim::TimeUs, sim::TimeUs>;
constexpr sim::TimeUs kForever = std::numeric_limits<sim::TimeUs>::max();

std::string home_of(const workload::SimulationConfig& config, const workload::OperationStream& s) {
    return s.region.empty() ? config.global.region : s.region;
}

// The windows in which `home`'s requests are made in `region`, sorted and merged: all time
// at home less its failovers; during a failover, at its target.
std::vector<Window> windows_in(const workload::SimulationConfig& config, const std::string& home,
                               const std::string& region) {
    std::vector<Window> away;  // when home's requests are elsewhere
    std::vector<Window> here;  // failovers from home to region
    for (const auto& f : config.global.failover) {
        if (f.region != home) continue;
        const Window w{f.at, f.at > kForever - f.length ? kForever : f.at + f.length};
        away.push_back(w);
        if (f.to == region) here.push_back(w);
    }
    auto merged = [](std::vector<Window> ws) {
        std::sort(ws.begin(), ws.end());
        std::vector<Window> out;
        for (const auto& w : ws) {
            if (!out.empty() && w.first <= out.back().second)
                out.back().second = std::max(out.back().second, w.second);
            else
                out.push_back(w);
        }
        return out;
    };
    if (home != region) return merged(here);
    // At home: the complement of the failovers (overlapping failovers of one region: the
    // requests go to the first listed — a documented simplification; they are rare).
    std::vector<Window> out;
    sim::TimeUs from = 0;
    for (const auto& w : merged(away)) {
        if (w.first > from) out.push_back({from, w.first});
        from = std::max(from, w.second);
    }
    if (from < kForever) out.push_back({from, kForever});
    return out;
}

// The complement of `on` (sorted, disjoint) within [0, ∞): the shape's `off` windows.
std::vector<Window> complement(const std::vector<Window>& on) {
    std::vector<Window> off;
    sim::TimeUs from = 0;
    for (const auto& w : on) {
        if (w.first > from) off.push_back({from, w.first});
        from = w.second;
    }
    if (from < kForever) off.push_back({from, kForever});
    return off;
}

}  // namespace

std::vector<RegionPlan> region_plans(const workload::SimulationConfig& config) {
    std::vector<RegionPlan> plans;
    workload::SimulationConfig base = config;
    base.global.replicas.clear();
    base.global.failover.clear();
    if (!config.global.enabled()) {
        plans.push_back({config.global.region, std::move(base)});
        return plans;
    }
    for (const auto& region : config.global.regions()) {
        RegionPlan plan{region, base};
        auto& c = plan.config;
        c.global.region = region;
        // The table's own region keeps the scenario's seed (its draws are those of the same
        // table without replicas); each replica draws from a seed of its own.
        if (region != config.global.region)
            c.seed = sim::stream_seed(config.seed, "region/" + region);
        for (const auto& replica : config.global.replicas) {
            if (replica.region != region) continue;
            if (replica.read_capacity) {
                c.capacity.rcu = *replica.read_capacity;
                if (c.table.provisioned) c.table.provisioned->read_capacity_units = c.capacity.rcu;
            }
            if (replica.max_read_request_units)
                c.capacity.max_on_demand_rcu = *replica.max_read_request_units;
            for (auto& gsi : c.table.global_indexes) {
                auto it = replica.index_read_capacity.find(gsi.name);
                if (it != replica.index_read_capacity.end() && gsi.provisioned)
                    gsi.provisioned->read_capacity_units = it->second;
            }
            if (replica.table_class) c.table.table_class = *replica.table_class;
        }
        for (std::size_t i = 0; i < c.streams.size(); ++i) {
            auto& s = c.streams[i];
            const auto on = windows_in(config, home_of(config, config.streams[i]), region);
            const bool never = std::none_of(
                on.begin(), on.end(), [&](const Window& w) { return w.first < config.duration; });
            if (never) {
                // Zero traffic: its arrivals cost nothing; its keys are still preloaded.
                const bool even = s.traffic.even;
                s.traffic = workload::TrafficShape::constant(0);
                s.traffic.even = even;
            } else {
                const auto off = complement(on);
                s.traffic.off.insert(s.traffic.off.end(), off.begin(), off.end());
            }
            s.region = region;
        }
        plans.push_back(std::move(plan));
    }
    return plans;
}

}  // namespace ddbsim::run
