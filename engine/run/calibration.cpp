#include "run/calibration.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <optional>

#include "run/item_factory.hpp"
#include "run/operation_runner.hpp"
#include "sim/random.hpp"
#include "storage/table.hpp"

namespace ddbsim::run {

std::vector<RunResult::Calibration> calibrate(const SimulationConfig& config, std::size_t samples) {
    storage::Table table(config.table);
    auto rng = sim::make_stream(config.seed, "calibration");
    const std::size_t n = config.streams.size();
    std::vector<double> weights(n);
    double total_weight = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const auto& s = config.streams[i];
        for (sim::TimeUs t = 0; t < config.duration; t += sim::kMinute)
            weights[i] += s.traffic.rate_at(t + sim::kMinute / 2);
        if (scatter_reads(s)) weights[i] *= s.write_shards;
        total_weight += weights[i];
    }
    struct Op1 {
        std::size_t stream;
        std::uint64_t key;
        int shard;
    };
    std::vector<Op1> plan;
    std::vector<std::size_t> count(n, 0);
    auto draw = [&](std::size_t i) {
        const auto& s = config.streams[i];
        const std::uint64_t key = s.keys.draw(rng);
        const int shard = s.write_shards > 0
                              ? static_cast<int>(rng() % static_cast<std::uint64_t>(s.write_shards))
                              : kNoShard;
        plan.push_back({i, key, shard});
        ++count[i];
    };
    for (std::size_t k = 0; k < samples * n && total_weight > 0; ++k) {
        double u = sim::uniform01(rng) * total_weight;
        std::size_t i = 0;
        while (i + 1 < n && u >= weights[i])
            u -= weights[i++];
        draw(i);
    }
    for (std::size_t i = 0; i < n; ++i) {
        while (count[i] < std::min<std::size_t>(samples, 200))
            draw(i);  // every stream measured
    }
    // The data the request level preloads: the keys read-type streams touch.
    if (config.preload_items) {
        for (const auto& o : plan) {
            const auto& s = config.streams[o.stream];
            if (s.op == Op::kPutItem) continue;
            (void)table.put_item({full_item(config.table, s, o.key, o.shard), std::nullopt,
                                  storage::ReturnValues::kNone});
        }
    }
    const OperationRunner runner(config);
    std::vector<std::vector<double>> costs(n);
    // Two passes over the plan: the first brings the sampled items to the state the mix
    // keeps them in, the second is measured. Steady-state costs: the first-touch transient
    // (e.g. overwriting preloaded items of another size) is not part of the calibration.
    for (int pass = 0; pass < 2; ++pass)
        for (const auto& o : plan) {
            const auto& s = config.streams[o.stream];
            const storage::ConsumedCapacity c =
                runner.run(table, o.stream, s.op, s.consistency, o.key, o.shard).consumed;
            // The table's own units (and its LSIs'): what the table's buckets are charged.
            const bool write = is_write(s.op);
            std::int64_t halves = write ? c.table_write.halves() : c.table_read.halves();
            for (const auto& [name, use] : c.indexes) {
                if (!use.global) halves += (write ? use.write : use.read).halves();
            }
            if (pass == 1) costs[o.stream].push_back(static_cast<double>(halves));
        }
    std::vector<RunResult::Calibration> out;
    for (std::size_t i = 0; i < n; ++i) {
        const auto& x = costs[i];
        const double m =
            x.empty() ? 0
                      : std::accumulate(x.begin(), x.end(), 0.0) / static_cast<double>(x.size());
        double var = 0;
        for (double v : x)
            var += (v - m) * (v - m);
        var /= static_cast<double>(std::max<std::size_t>(x.size(), 2) - 1);
        out.push_back(
            {config.streams[i].name, x.size(), m,
             1.96 * std::sqrt(var / static_cast<double>(std::max<std::size_t>(x.size(), 1)))});
    }
    return out;
}

}  // namespace ddbsim::run
