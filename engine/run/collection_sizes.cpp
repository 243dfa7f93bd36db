#include "run/collection_sizes.hpp"

#include <algorithm>
#include <cmath>

#include "run/item_factory.hpp"
#include "storage/table.hpp"

namespace ddbsim::run {

CollectionSizes::CollectionSizes(const SimulationConfig& config, std::uint64_t exact_key_limit)
    : limit_(static_cast<double>(config.item_collection_limit_bytes)) {
    if (config.table.local_indexes.empty()) return;
    for (std::size_t i = 0; i < config.streams.size(); ++i) {
        const auto& s = config.streams[i];
        if (s.op != OperationStream::Op::kPutItem || !s.sort_keys) continue;
        Tracked t;
        t.stream = i;
        t.time_ordered = s.sort_keys->order == OperationStream::SortKeys::Order::kTime;
        t.even = s.traffic.even;
        t.sequential = s.sort_keys->order == OperationStream::SortKeys::Order::kSequential;
        t.count = static_cast<double>(s.sort_keys->count);
        t.every = static_cast<double>(std::max<sim::TimeUs>(s.sort_keys->every, 1));
        // What one item adds to its collection: the item and its LSI entries, as the
        // storage core counts them.
        storage::Table scratch(config.table);
        storage::Item item = full_item(config.table, s, 0, s.write_shards > 0 ? 0 : kNoShard, 0);
        const storage::AttributeValue pk = item.at(config.table.key.partition.name);
        (void)scratch.put_item({std::move(item), std::nullopt, storage::ReturnValues::kNone});
        t.item_bytes = static_cast<double>(scratch.collection_bytes(pk));
        const std::uint64_t keys = std::min(s.keys.key_count(), exact_key_limit);
        for (std::uint64_t k = 0; k < keys; ++k)
            t.p.push_back(s.keys.probability(k) / std::max(s.write_shards, 1));
        t.copies = std::max(s.write_shards, 1);
        t.w.assign(t.p.size(), 0.0);
        t.items.assign(t.p.size(), 0.0);
        tracked_.push_back(std::move(t));
    }
}

double CollectionSizes::write(std::size_t stream, double writes, sim::TimeUs step) {
    double failed = 0;
    for (auto& t : tracked_) {
        if (t.stream != stream || writes <= 0 || t.item_bytes <= 0) continue;
        const double full = std::floor(limit_ / t.item_bytes);  // items that fit
        for (std::size_t k = 0; k < t.p.size(); ++k) {
            const double n = writes * t.p[k];
            // One tracked collection stands for each of the key's `copies` shards.
            if (n > 0)
                failed += t.copies * (t.time_ordered ? time_ordered(t, k, n, step, full)
                                                     : random_order(t, k, n, full));
        }
    }
    return failed;
}

double CollectionSizes::time_ordered(Tracked& t, std::size_t k, double n, sim::TimeUs step,
                                     double full) {
    const double slots = std::max(1.0, static_cast<double>(step) / t.every);
    // Writes that begin an item: evenly spaced ones one per slot, Poisson ones per slot hit.
    const double fresh = t.even ? std::min(n, slots) : slots * (1 - std::exp(-n / slots));
    const double room = std::max(0.0, full - t.items[k]);
    if (fresh <= room) {
        t.items[k] += fresh;
        return 0;
    }
    // Full part-way through the step: a write in a later slot finds its item missing (its
    // first write failed), so every later write fails; the step's writes before it succeed.
    t.items[k] += room;
    return n * (1 - room / fresh);
}

double CollectionSizes::random_order(Tracked& t, std::size_t k, double n, double full) {
    // Items after W writes: min(W, count) in sequence, count × (1 − e^(−W/count)) at
    // random; the collection never fills when all `count` items fit. w_full: the writes
    // that fill it.
    double ok = n;
    if (full < t.count) {
        const double w_full = t.sequential ? full : -t.count * std::log(1 - full / t.count);
        ok = std::clamp(w_full - t.w[k], 0.0, n);
    }
    // Once full the collection keeps the items it has: a write fails when its sort key is
    // not among them, (count − full) / count of the writes when the sort keys are equally
    // likely (a skewed distribution fills with its popular keys first, so fewer fail).
    const double fails = (n - ok) * (1 - full / t.count);
    t.w[k] += n;
    return fails;
}

}  // namespace ddbsim::run
