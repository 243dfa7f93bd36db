#include "run/global_run.hpp"

#include <algorithm>
#include <cmath>
#include <memory>
#include <numbers>
#include <unordered_map>

#include "run/aggregate_simulator.hpp"
#include "run/region_plans.hpp"
#include "run/request_simulator.hpp"
#include "sim/random.hpp"

namespace ddbsim::run {
namespace {

// A standard normal draw (Box–Muller on the portable uniform source).
double normal(sim::Rng& rng) {
    const double u1 = 1 - sim::uniform01(rng), u2 = sim::uniform01(rng);
    return std::sqrt(-2 * std::log(u1)) * std::cos(2 * std::numbers::pi * u2);
}

}  // namespace

sim::TimeUs replication_latency(const workload::CrossRegionLatency& latency, double z) {
    const double tail = static_cast<double>(latency.median - latency.minimum);
    return latency.minimum +
           static_cast<sim::TimeUs>(std::llround(tail * std::exp(latency.sigma * z)));
}

RunResult run_global_request_level(const SimulationConfig& config, const RunControl& control) {
    const std::vector<RegionPlan> plans = region_plans(config);
    const std::size_t n = plans.size();
    RunControl quiet;  // progress is the table's own region's; cancellation reaches all
    quiet.cancel = control.cancel;
    std::vector<std::unique_ptr<RegionSimulator>> regions;
    for (std::size_t i = 0; i < n; ++i)
        regions.push_back(std::make_unique<RegionSimulator>(
            plans[i].config, i == 0 ? control : quiet, static_cast<int>(i)));
    // One latency stream per (source, destination), drawn in time order of the writes.
    std::vector<std::vector<sim::Rng>> latency_rng(n);
    for (std::size_t from = 0; from < n; ++from)
        for (std::size_t to = 0; to < n; ++to)
            latency_rng[from].push_back(sim::make_stream(
                config.seed, "replication/" + plans[from].region + "/" + plans[to].region));
    std::vector<std::uint64_t> out_bytes(n, 0);
    const sim::TimeUs window = config.global.latency.minimum;
    bool cancelled = false;
    for (sim::TimeUs until = window;; until += window) {
        const sim::TimeUs t = std::min(until, config.duration);
        for (auto& region : regions)
            cancelled = !region->run_until(t) || cancelled;
        if (cancelled) break;
        std::vector<std::vector<ReplicatedWrite>> writes(n);
        for (std::size_t i = 0; i < n; ++i)
            writes[i] = regions[i]->take_writes();
        // Reads made in the window after a write elsewhere in it saw the older version.
        for (std::size_t to = 0; to < n; ++to) {
            std::unordered_map<std::uint64_t, sim::TimeUs> foreign;
            for (std::size_t from = 0; from < n; ++from) {
                if (from == to) continue;
                for (const auto& w : writes[from]) {
                    auto [it, fresh] = foreign.emplace(w.item, w.written_at);
                    if (!fresh) it->second = std::min(it->second, w.written_at);
                }
            }
            regions[to]->end_window(foreign);
        }
        for (std::size_t from = 0; from < n; ++from) {
            for (const auto& w : writes[from]) {
                for (std::size_t to = 0; to < n; ++to) {
                    if (to == from) continue;
                    const sim::TimeUs lag =
                        replication_latency(config.global.latency, normal(latency_rng[from][to]));
                    out_bytes[from] += w.bytes;
                    regions[to]->deliver(w, w.written_at + lag);
                }
            }
        }
        if (t >= config.duration) break;
    }
    std::vector<RunResult> results;
    for (std::size_t i = 0; i < n; ++i) {
        results.push_back(regions[i]->finish());
        results.back().region = plans[i].region;
        results.back().replicated_out_bytes = out_bytes[i];
        results.back().cancelled = cancelled;
    }
    RunResult own = std::move(results.front());
    for (std::size_t i = 1; i < n; ++i)
        own.replicas.push_back(std::move(results[i]));
    return own;
}

RunResult run_global_aggregate(const SimulationConfig& config, const AggregateOptions& options,
                               const RunControl& control) {
    const std::vector<RegionPlan> plans = region_plans(config);
    const std::size_t n = plans.size();
    RunControl quiet;
    quiet.cancel = control.cancel;
    std::vector<std::unique_ptr<AggregateRegion>> regions;
    for (std::size_t i = 0; i < n; ++i)
        regions.push_back(
            std::make_unique<AggregateRegion>(plans[i].config, options, i == 0 ? control : quiet));
    std::vector<double> out_bytes(n, 0.0);
    bool cancelled = false;
    for (sim::TimeUs t = 0; t < config.duration && !cancelled; t += options.step) {
        for (auto& region : regions)
            cancelled = !region->step(t) || cancelled;
        for (std::size_t from = 0; from < n && !cancelled; ++from) {
            const std::vector<double> items = regions[from]->take_acknowledged();
            for (std::size_t i = 0; i < items.size(); ++i) {
                if (items[i] <= 0) continue;
                for (std::size_t to = 0; to < n; ++to) {
                    if (to == from) continue;
                    regions[to]->deliver(i, items[i], t);
                    out_bytes[from] += items[i] * static_cast<double>(config.streams[i].item_bytes);
                }
            }
        }
    }
    std::vector<RunResult> results;
    for (std::size_t i = 0; i < n; ++i) {
        results.push_back(regions[i]->finish());
        results.back().region = plans[i].region;
        results.back().replicated_out_bytes =
            static_cast<std::uint64_t>(std::llround(out_bytes[i]));
        results.back().cancelled = cancelled;
    }
    RunResult own = std::move(results.front());
    for (std::size_t i = 1; i < n; ++i)
        own.replicas.push_back(std::move(results[i]));
    return own;
}

}  // namespace ddbsim::run
