// PartitionMap: how a table's partition-key hash space is divided among partitions.
//
// Implements docs/dynamodb-model.md "Partitions": each partition owns a contiguous range of the
// 64-bit hash space (storage::partition_key_hash); a provisioned table starts with
// max(ceil(RCU/3000 + WCU/1000), ceil(GB/10)) partitions (the course's formula), split evenly;
// partitions split (in two, at a chosen hash) and never merge.
// Invariant: starts_[0] == 0 and starts_ is strictly increasing; partition i owns
// [starts_[i], starts_[i+1]) (the last one up to 2^64 - 1).
#pragma once

#include <cmath>
#include <cstdint>
#include <optional>
#include <vector>

namespace ddbsim::model {

inline constexpr std::int64_t kPartitionMaxRcu = 3000;  // per partition (facts)
inline constexpr std::int64_t kPartitionMaxWcu = 1000;  // per partition (facts)
inline constexpr std::uint64_t kPartitionMaxBytes = 10ULL * 1000 * 1000 * 1000;  // 10 GB (facts)

class PartitionMap {
  public:
    // The course's initial partition count for a provisioned table (at least 1).
    static int initial_count(std::int64_t rcu, std::int64_t wcu, std::uint64_t data_bytes);

    explicit PartitionMap(int count = 1);

    int size() const { return static_cast<int>(starts_.size()); }
    // The partition owning `hash`.
    int route(std::uint64_t hash) const;
    std::uint64_t start(int partition) const {
        return starts_[static_cast<std::size_t>(partition)];
    }
    // One past the last hash of `partition` as a 128-bit-safe width (0 means 2^64).
    std::uint64_t width(int partition) const;
    // Splits `partition` at `at` (the new partition, index partition+1, starts there).
    // REQUIRES: start(partition) < at < start(partition) + width(partition).
    void split(int partition, std::uint64_t at);
    // Splits `partition` at the middle of its range.
    void split_in_half(int partition);
    // The partition with the widest hash range (the first of equals): the one a split for
    // throughput divides.
    int widest() const;

    // Where to split a partition so its traffic divides most evenly: among the keys' hashes
    // (in order, with their traffic), the one — not the first — that leaves the least
    // difference between the two sides. nullopt when fewer than two keys carry traffic
    // (one key is never split). Used by split for consumption at both fidelities.
    template <class Map>  // ordered map: hash → traffic
    static std::optional<std::uint64_t> balancing_hash(const Map& by_hash,
                                                       std::uint64_t partition_start) {
        double total = 0;
        for (const auto& [hash, w] : by_hash)
            total += static_cast<double>(w);
        double left = 0, best = -1;
        std::optional<std::uint64_t> at;
        bool first = true;
        for (const auto& [hash, w] : by_hash) {
            if (!first && hash > partition_start) {
                const double imbalance = std::abs(2 * left - total);
                if (best < 0 || imbalance < best) {
                    best = imbalance;
                    at = hash;
                }
            }
            first = false;
            left += static_cast<double>(w);
        }
        return at;
    }

  private:
    std::vector<std::uint64_t> starts_;
};

}  // namespace ddbsim::model
