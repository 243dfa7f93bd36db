// HeatSplits: split for consumption at the request level (ATC22 §4; DG "isolate frequently
// accessed items"; workload/scenario.hpp HeatSplit). Per partition it keeps the consumption of
// the second in progress, since when the partition has run above `threshold` of its hard
// limit, and — while it runs hot — its consumption by key hash (up to 4,096 keys), to find the
// key that balances its traffic. A single hot key is never split.
//
// Thread safety: none; one belongs to one simulation.
#pragma once

#include <cstdint>
#include <vector>

#include "model/partition_map.hpp"
#include "storage/hash_index.hpp"
#include "storage/primary_key.hpp"
#include "workload/scenario.hpp"

namespace ddbsim::run {

class HeatSplits {
  public:
    explicit HeatSplits(const workload::SimulationConfig& config) : config_(config) {}

    // Consumption of `halves` on `partition` by the key at `hash` (inline: once a request).
    void note(int partition, std::uint64_t hash, bool write, std::int64_t halves) {
        if (!config_.heat_split.enabled) return;
        const auto p = static_cast<std::size_t>(partition);
        if (heat_.size() <= p) heat_.resize(p + 1);
        auto& h = heat_[p];
        (write ? h.write_halves : h.read_halves) += halves;
        if (h.hot_since < 0) return;
        // Positions share their low bits along a collection's sort keys (run/item_factory.hpp
        // key_position), so the index is keyed by a mix of all of them.
        const std::uint64_t slot = storage::splitmix64_finalise(hash);
        if (KeyUse* use = h.by_key.find(slot))
            use->halves += halves;
        else if (h.by_key.size() < kKeysTracked)
            h.by_key.try_emplace(slot, KeyUse{hash, halves});
    }

    struct Split {
        std::uint64_t start;  // the hot partition's first hash (it may change meanwhile)
        std::uint64_t at;     // where to split it
    };
    // At a second's end (`now`): the partitions hot for `sustained` that a key can balance;
    // the caller applies each `split_duration` later.
    std::vector<Split> check(sim::TimeUs now, const model::PartitionMap& partitions);

    // Partition `p` split into `p` and `p + 1`: both start cold.
    void follow_split(int p);

  private:
    struct KeyUse {
        std::uint64_t hash = 0;  // the key's position
        std::int64_t halves = 0;
    };
    struct Heat {
        std::int64_t read_halves = 0, write_halves = 0;  // this second
        sim::TimeUs hot_since = -1;
        bool split_pending = false;
        // Key position → units while hot (bounded); a flat hash index, as it is counted on
        // every request to a hot partition, ordered only when a split point is chosen.
        storage::HashIndex<KeyUse> by_key;
    };
    static constexpr std::size_t kKeysTracked = 4096;

    const workload::SimulationConfig& config_;
    std::vector<Heat> heat_;
};

}  // namespace ddbsim::run
