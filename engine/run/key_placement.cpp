#include "run/key_placement.hpp"

#include <algorithm>

#include "run/item_factory.hpp"
#include "run/operation_runner.hpp"
#include "storage/primary_key.hpp"

namespace ddbsim::run {
namespace {

using Order = OperationStream::SortKeys::Order;

// P(a request addresses a collection index below `below`): the sort distribution for random
// order; uniform for sequential order, which cycles through every index in turn.
double sort_share_below(const OperationStream& s, std::uint64_t below) {
    const auto& sk = *s.sort_keys;
    if (below >= sk.count) return 1;
    if (sk.order == Order::kSequential)
        return static_cast<double>(below) / static_cast<double>(sk.count);
    return sk.distribution.cumulative(below);
}

// The one position of a key whose traffic does not spread: the first index stands for a
// time-ordered collection's single-item requests (they all sit at its end).
std::uint64_t fixed_position(const OperationStream& s, std::uint64_t pk_hash, bool sort_splits) {
    return key_position(s, pk_hash, addresses_one_item(s.op) && s.sort_keys ? 0 : kNoSort,
                        sort_splits);
}

}  // namespace

bool spreads_over_sort_keys(const OperationStream& s, bool sort_splits) {
    return sort_splits && s.sort_keys && s.sort_keys->order != Order::kTime &&
           addresses_one_item(s.op);
}

void place_key(const model::PartitionMap& map, const OperationStream& s, std::uint64_t pk_hash,
               bool sort_splits, double share, const std::function<void(int, double)>& add) {
    if (!spreads_over_sort_keys(s, sort_splits)) {
        add(map.route(fixed_position(s, pk_hash, sort_splits)), share);
        return;
    }
    const std::uint64_t base = pk_hash & ~kSortPositionMask;
    const int first = map.route(base), last = map.route(base | kSortPositionMask);
    if (first == last) {
        add(first, share);
        return;
    }
    // Partition p owns the positions [lo, hi) of the collection (low bits, hi ≤ 2^16).
    const std::uint64_t count = s.sort_keys->count;
    for (int p = first; p <= last; ++p) {
        const std::uint64_t lo = p == first ? 0 : map.start(p) - base;
        const std::uint64_t hi = p == last ? kSortPositionMask + 1 : map.start(p + 1) - base;
        const double part = sort_share_below(s, first_sort_at(hi, count)) -
                            sort_share_below(s, first_sort_at(lo, count));
        if (part > 0) add(p, share * part);
    }
}

void add_key_positions(const model::PartitionMap& map, const OperationStream& s,
                       std::uint64_t pk_hash, bool sort_splits, double share, int partition,
                       std::map<std::uint64_t, double>& by_position) {
    if (!spreads_over_sort_keys(s, sort_splits)) {
        const std::uint64_t at = fixed_position(s, pk_hash, sort_splits);
        if (map.route(at) == partition) by_position[at] += share;
        return;
    }
    const std::uint64_t count = s.sort_keys->count;
    const std::uint64_t runs = std::min(count, kSortSamples);
    for (std::uint64_t r = 0; r < runs; ++r) {
        const std::uint64_t from = r * count / runs, to = (r + 1) * count / runs;
        const std::uint64_t at = key_position(s, pk_hash, static_cast<std::int64_t>(from), true);
        if (map.route(at) != partition) continue;
        const double part = sort_share_below(s, to) - sort_share_below(s, from);
        if (part > 0) by_position[at] += share * part;
    }
}

std::vector<std::pair<std::uint64_t, double>> time_bucket_keys(const OperationStream& s,
                                                               sim::TimeUs start, sim::TimeUs end) {
    std::vector<std::pair<std::uint64_t, double>> out;
    const sim::TimeUs length = end - start;
    for (sim::TimeUs at = start; at < end;) {
        const sim::TimeUs next = std::min(end, (at / s.time_bucket + 1) * s.time_bucket);
        const auto key = static_cast<std::uint64_t>(at / s.time_bucket) % s.keys.key_count();
        const double share = static_cast<double>(next - at) / static_cast<double>(length);
        if (!out.empty() && out.back().first == key)
            out.back().second += share;
        else
            out.emplace_back(key, share);
        at = next;
    }
    return out;
}

std::uint64_t stream_key_hash(const storage::TableSchema& table, const OperationStream& s,
                              std::uint64_t key, int shard) {
    const storage::Item k = key_item(table, s, key, shard);
    return storage::partition_key_hash(k.at(table.key.partition.name));
}

Eigen::ArrayXd stream_masses(const storage::TableSchema& table, const model::PartitionMap& map,
                             const OperationStream& s, std::uint64_t exact_key_limit,
                             bool sort_splits, sim::TimeUs step_start, sim::TimeUs step_end) {
    Eigen::ArrayXd m = Eigen::ArrayXd::Zero(map.size());
    // `share` of the requests on logical key `key`: on its partition (or those its collection
    // spans), or spread over its shards' (every shard, for reads that fan out).
    const auto add_key = [&](std::uint64_t key, double share) {
        const auto add = [&m](int p, double w) { m[p] += w; };
        const int shards = std::max(s.write_shards, 0);
        if (shards == 0) {
            place_key(map, s, stream_key_hash(table, s, key, kNoShard), sort_splits, share, add);
            return;
        }
        for (int sh = 0; sh < shards; ++sh)
            place_key(map, s, stream_key_hash(table, s, key, sh), sort_splits,
                      scatter_reads(s) ? share : share / shards, add);
    };
    if (s.key_order == OperationStream::KeyOrder::kTimeBucketed) {
        for (const auto& [key, share] : time_bucket_keys(s, step_start, step_end))
            add_key(key, share);
        return m;
    }
    const std::uint64_t keys = s.keys.key_count();
    const std::uint64_t exact = std::min(keys, exact_key_limit);
    double placed = 0;
    for (std::uint64_t k = 0; k < exact; ++k) {
        const double pk = s.keys.probability(k);
        placed += pk;
        add_key(k, pk);
    }
    const double rest =
        std::max(0.0, 1.0 - placed) * (scatter_reads(s) ? std::max(s.write_shards, 0) : 1);
    if (rest > 0) {
        for (int p = 0; p < map.size(); ++p) {
            const std::uint64_t width = map.width(p);
            m[p] += rest * (width == 0 ? 1.0 : static_cast<double>(width) / 18446744073709551616.0);
        }
    }
    return m;
}

}  // namespace ddbsim::run
