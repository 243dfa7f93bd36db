// The partition-key hashes a request-level run routes by, remembered per stream.
#pragma once

#include <cstdint>
#include <vector>

#include "run/run_result.hpp"
#include "storage/table_schema.hpp"

namespace ddbsim::run {

// One stream's partition-key hashes by (key, shard): the value partition_key_hash(table,
// stream, key, shard) returns, computed once per key and kept in a direct-mapped table of
// at most kMaxSlots entries (a new key takes its slot over from the one there). Key k of a
// stream without shards has slot k mod the table's size, so every key of a key space up to
// that size, and most requests of a skewed larger one (a Zipf stream's most requested keys
// are its first, workload/key_distribution.hpp), hash once per run. Results are the same
// as hashing every time. Not thread-safe: one per simulator.
class KeyHashCache {
  public:
    static constexpr std::size_t kMaxSlots = std::size_t{1} << 12;  // 96 KB

    // `table` and `stream` must outlive the cache.
    KeyHashCache(const storage::TableSchema& table, const OperationStream& stream);

    std::uint64_t hash(std::uint64_t key, int shard) {
        Slot& slot = slots_[slot_of(key, shard)];
        if (slot.key != key || slot.shard != shard || !slot.known) {
            slot = {key, shard, true, compute(key, shard)};
        }
        return slot.hash;
    }

  private:
    struct Slot {
        std::uint64_t key = 0;
        int shard = 0;
        bool known = false;
        std::uint64_t hash = 0;
    };

    std::size_t slot_of(std::uint64_t key, int shard) const {
        // Shards (≥ 0) and the aggregation job's total (< -1) spread a key over several slots.
        const auto spread = static_cast<std::uint64_t>(shard + 1) * 0x9E3779B97F4A7C15ULL;
        return static_cast<std::size_t>((key + spread) & mask_);
    }
    std::uint64_t compute(std::uint64_t key, int shard) const;

    const storage::TableSchema* table_;
    const OperationStream* stream_;
    std::uint64_t mask_;
    std::vector<Slot> slots_;
};

}  // namespace ddbsim::run
