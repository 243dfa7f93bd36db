#include "run/key_hash_cache.hpp"

#include <algorithm>
#include <bit>

#include "run/item_factory.hpp"

namespace ddbsim::run {

KeyHashCache::KeyHashCache(const storage::TableSchema& table, const OperationStream& stream)
    : table_(&table), stream_(&stream) {
    // Room for every (key, shard) when that fits, the total item's included.
    const std::uint64_t shards = static_cast<std::uint64_t>(std::max(stream.write_shards, 0)) + 2;
    const std::uint64_t wanted =
        stream.keys.key_count() > kMaxSlots / shards ? kMaxSlots : stream.keys.key_count() * shards;
    const std::size_t slots =
        std::bit_ceil(static_cast<std::size_t>(std::max<std::uint64_t>(wanted, 1)));
    mask_ = slots - 1;
    slots_.resize(slots);
}

std::uint64_t KeyHashCache::compute(std::uint64_t key, int shard) const {
    return partition_key_hash(*table_, *stream_, key, shard);
}

}  // namespace ddbsim::run
