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

double effective_key_count(const OperationStream& s, std::uint64_t exact_key_limit) {
    const std::uint64_t exact = std::min(s.keys.key_count(), exact_key_limit);
    double sum_sq = 0, placed = 0;
    for (std::uint64_t k = 0; k < exact; ++k) {
        const double pk = s.keys.probability(k);
        sum_sq += pk * pk;
        placed += pk;
    }
    const double tail_keys = static_cast<double>(s.keys.key_count() - exact);
    if (tail_keys > 0) sum_sq += (1 - placed) * (1 - placed) / tail_keys;
    return sum_sq > 0 ? 1 / sum_sq : 1;
}

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
        std::int64_t sort;
    };
    std::vector<Op1> plan;
    std::vector<std::size_t> count(n, 0);
    auto sort_rng = sim::make_stream(config.seed, "calibration/sortkeys");
    std::vector<std::uint64_t> next_sort(n, 0);
    auto draw = [&](std::size_t i) {
        const auto& s = config.streams[i];
        const std::uint64_t key = s.keys.draw(rng);
        const int shard = s.write_shards > 0
                              ? static_cast<int>(rng() % static_cast<std::uint64_t>(s.write_shards))
                              : kNoShard;
        // A time-ordered collection's index at a time within the run.
        const auto at = static_cast<sim::TimeUs>(sim::uniform01(sort_rng) *
                                                 static_cast<double>(config.duration));
        plan.push_back({i, key, shard, draw_sort(s, at, next_sort[i], sort_rng)});
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
    // The data the request level preloads: the keys read-type streams touch — for a
    // collection read by Query, its items (up to 1,000: more than a page of 1 MB holds of
    // items of 1 KB and up), else the item addressed.
    if (config.preload_items) {
        for (const auto& o : plan) {
            const auto& s = config.streams[o.stream];
            if (s.op == Op::kPutItem) continue;
            const bool collection = s.op == Op::kQuery && s.sort_keys &&
                                    s.sort_keys->order != OperationStream::SortKeys::Order::kTime;
            const auto sorts = collection ? std::min<std::uint64_t>(s.sort_keys->count, 1000) : 1;
            for (std::uint64_t j = 0; j < sorts; ++j)
                (void)table.put_item({full_item(config.table, s, o.key, o.shard,
                                                collection ? static_cast<std::int64_t>(j) : o.sort),
                                      std::nullopt, storage::ReturnValues::kNone});
        }
    }
    OperationRunner runner(config);
    std::vector<std::vector<double>> costs(n);
    const auto& gsis = config.table.global_indexes;
    // Per pass, stream and GSI: requests that wrote the index, and their half units.
    std::vector<std::vector<std::pair<double, double>>> index_writes[2];
    for (auto& by_pass : index_writes)
        by_pass.assign(n, std::vector<std::pair<double, double>>(gsis.size()));
    // Two passes over the plan: the first brings the sampled items to the state the mix
    // keeps them in, the second is measured. Steady-state costs: the first-touch transient
    // (e.g. overwriting preloaded items of another size) is not part of the calibration.
    for (int pass = 0; pass < 2; ++pass)
        for (const auto& o : plan) {
            const auto& s = config.streams[o.stream];
            const storage::ConsumedCapacity c =
                runner.run(table, s.op, s.consistency, {o.stream, o.key, o.shard, o.sort}).consumed;
            // The table's own units (and its LSIs'): what the table's buckets are charged.
            const bool write = is_write(s.op);
            std::int64_t halves = write ? c.table_write.halves() : c.table_read.halves();
            for (const auto& [name, use] : c.indexes) {
                if (!use.global) halves += (write ? use.write : use.read).halves();
            }
            if (pass == 1) costs[o.stream].push_back(static_cast<double>(halves));
            for (std::size_t g = 0; write && g < gsis.size(); ++g) {
                auto it = c.indexes.find(gsis[g].name);
                if (it == c.indexes.end() || it->second.write.halves() == 0) continue;
                auto& [writes, halves] = index_writes[pass][o.stream][g];
                writes += 1;
                halves += static_cast<double>(it->second.write.halves());
            }
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
            {config.streams[i].name,
             x.size(),
             m,
             1.96 * std::sqrt(var / static_cast<double>(std::max<std::size_t>(x.size(), 1))),
             {}});
        // A PutItem stream's first pass created the sampled items, its second rewrote them;
        // other streams' first pass is the transient the costs leave out.
        const bool creates = config.streams[i].op == Op::kPutItem;
        const double requests = std::max<double>(static_cast<double>(x.size()), 1);
        for (std::size_t g = 0; g < gsis.size(); ++g) {
            const auto [rewrites, rewrite_halves] = index_writes[1][i][g];
            const auto [creations, creation_halves] = index_writes[creates ? 0 : 1][i][g];
            out.back().index_writes.push_back(
                {gsis[g].name, rewrites / requests, rewrites > 0 ? rewrite_halves / rewrites : 0,
                 creations / requests, creations > 0 ? creation_halves / creations : 0});
        }
    }
    return out;
}

}  // namespace ddbsim::run
