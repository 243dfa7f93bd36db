#include "run/aggregate_gsi.hpp"

#include <algorithm>
#include <cmath>

#include "run/calibration.hpp"
#include "run/demand_rounding.hpp"
#include "run/item_factory.hpp"
#include "sim/random.hpp"
#include "storage/primary_key.hpp"
#include "storage/secondary_index.hpp"

namespace ddbsim::run {

namespace {
// Keys of a stream whose index key is computed one by one (the hottest, as for the table's
// own key masses); the rest of the key space is represented by a fixed sample.
constexpr std::uint64_t kExactIndexKeys = 20'000;
constexpr std::uint64_t kTailSamples = 4'096;
}  // namespace

AggregateGsi::AggregateGsi(const SimulationConfig& config, std::size_t gsi,
                           const std::vector<RunResult::Calibration>& calibration,
                           std::uint64_t exact_key_limit)
    : gsi_(GsiCapacity::make(config, config.table.global_indexes[gsi])),
      schema_(config.table.global_indexes[gsi]) {
    const std::size_t n = config.streams.size();
    writes_.resize(n);
    effective_keys_.assign(n, 0);
    admitted_so_far_.assign(n, 0);
    points_.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
        const auto& c = calibration[i];
        if (gsi < c.index_writes.size()) writes_[i] = c.index_writes[gsi];
        if (config.streams[i].op == OperationStream::Op::kPutItem)
            effective_keys_[i] = effective_key_count(config.streams[i], exact_key_limit);
        if (writes_[i].share > 0 || writes_[i].created_share > 0) place(config, i, exact_key_limit);
    }
    route_points();
}

void AggregateGsi::place(const SimulationConfig& config, std::size_t stream,
                         std::uint64_t exact_limit) {
    const auto& s = config.streams[stream];
    const storage::SecondaryIndex index(schema_, config.table.key);
    const std::string& partition_key = schema_.key.partition.name;
    const int shard = s.write_shards > 0 ? 0 : kNoShard;  // attributes do not depend on it
    std::vector<Point>& points = points_[stream];
    auto add = [&](std::uint64_t key, double weight) {
        const storage::Item item = full_item(config.table, s, key, shard);
        if (weight > 0 && index.in_index(item))
            points.push_back({storage::partition_key_hash(item.at(partition_key)), weight});
    };
    const std::uint64_t keys = s.keys.key_count();
    const std::uint64_t exact = std::min({keys, exact_limit, kExactIndexKeys});
    double placed = 0;
    for (std::uint64_t k = 0; k < exact; ++k) {
        const double p = s.keys.probability(k);
        placed += p;
        add(k, p);
    }
    for (const auto& hot : s.keys.hot_keys()) {
        if (hot.key < exact || hot.key >= keys) continue;
        const double p = s.keys.probability(hot.key);
        placed += p;
        add(hot.key, p);
    }
    const double rest = 1 - placed;
    if (rest > 0 && keys > exact) {
        auto rng = sim::make_stream(config.seed, "aggregate/index/" + schema_.name + "/" + s.name);
        const std::uint64_t samples = std::min(kTailSamples, keys - exact);
        for (std::uint64_t j = 0; j < samples; ++j)
            add(exact + rng() % (keys - exact), rest / static_cast<double>(samples));
    }
    double total = 0;
    for (const auto& p : points)
        total += p.mass;
    if (total <= 0) points.clear();  // none of the items sampled is in the index
    for (auto& p : points)
        p.mass /= total;
}

void AggregateGsi::route_points() {
    const int q = gsi_.unit.partitions().size();
    if (q == routed_partitions_) return;  // partitions split, never merge
    where_.assign(points_.size(), Eigen::ArrayXd::Zero(q));
    for (std::size_t i = 0; i < points_.size(); ++i) {
        for (const auto& p : points_[i])
            where_[i][gsi_.unit.partitions().route(p.hash)] += p.mass;
    }
    routed_partitions_ = q;
}

bool AggregateGsi::serve(sim::TimeUs t, sim::TimeUs end, const std::vector<double>& requests,
                         std::vector<double>& admitted, metrics::Recorder& metrics) {
    admitted.assign(requests.size(), 1.0);
    const bool throttled = serve_writes(t, end, requests, admitted, metrics);
    for (std::size_t i = 0; i < requests.size(); ++i)
        admitted_so_far_[i] += requests[i] * admitted[i];
    return throttled;
}

bool AggregateGsi::serve_writes(sim::TimeUs t, sim::TimeUs end, const std::vector<double>& requests,
                                std::vector<double>& admitted, metrics::Recorder& metrics) {
    route_points();
    const int q = gsi_.unit.partitions().size();
    want_.setZero(q);
    bool any = false;
    share_.assign(requests.size(), 0.0);
    for (std::size_t i = 0; i < requests.size(); ++i) {
        // A put creates its item with probability e^(−S/K): S of the stream's writes
        // admitted so far over its K effective keys (the rest rewrite an existing item).
        const auto& w = writes_[i];
        const double creates =
            effective_keys_[i] > 0 ? std::exp(-admitted_so_far_[i] / effective_keys_[i]) : 0;
        share_[i] = creates * w.created_share + (1 - creates) * w.share;
        const double halves = creates * w.created_share * w.created_mean_halves +
                              (1 - creates) * w.share * w.mean_halves;
        if (requests[i] <= 0 || share_[i] <= 0) continue;
        want_ += (requests[i] * halves) * where_[i];
        any = true;
    }
    if (!any) return false;
    demand_.resize(static_cast<std::size_t>(q));
    // Never negative: positive request counts × half units × masses.
    carry_ = round_demand(
        q, carry_, [&](int p) { return want_[p]; }, demand_.data());
    const auto bulk = gsi_.unit.serve_all(t, end, true, demand_, served_, reasons_);
    if (bulk.served > 0) metrics.index_consumed(t, gsi_.name, true, bulk.served);
    if (bulk.all_served) return false;
    // The share of each index partition's writes admitted; a stream loses its writes'
    // share of what each partition could not take.
    Eigen::ArrayXd lost = Eigen::ArrayXd::Zero(q);
    std::int64_t worst = 0;
    for (int p = 0; p < q; ++p) {
        const auto i = static_cast<std::size_t>(p);
        if (served_[i] >= demand_[i]) continue;
        lost[p] = 1 - static_cast<double>(served_[i]) / static_cast<double>(demand_[i]);
        if (demand_[i] - served_[i] > worst) {
            worst = demand_[i] - served_[i];
            reason_ = reasons_[i];
        }
    }
    for (std::size_t i = 0; i < requests.size(); ++i) {
        if (share_[i] > 0) admitted[i] = 1 - share_[i] * (where_[i] * lost).sum();
    }
    return true;
}

void AggregateGsi::advance_to(sim::TimeUs now) {
    (void)gsi_.unit.advance_to(now);
}

}  // namespace ddbsim::run
