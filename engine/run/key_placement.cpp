#include "run/key_placement.hpp"

#include <algorithm>

#include "run/item_factory.hpp"

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

}  // namespace ddbsim::run
