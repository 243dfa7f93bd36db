// The keys and items a workload stream reads and writes, built the same way by every
// fidelity (request-level and aggregate) and by the cost calibration.
#pragma once

#include <cstdint>
#include <string>

#include "run/run_result.hpp"
#include "sim/random.hpp"
#include "storage/attribute_value.hpp"

namespace ddbsim::run {

// Pseudo shard of the aggregation job's total item (`<key>#total`); -1 means unsharded.
inline constexpr int kNoShard = -1;
inline constexpr int kTotalShard = -2;

// No sort key index: the sort key, if the table has one, is the constant "0".
inline constexpr std::int64_t kNoSort = -1;

// "<prefix><key>[#<shard>|#total]"
std::string key_text(const OperationStream& s, std::uint64_t key, int shard);
// "<sortKeys.prefix><index, 10 digits>": the sort key of item `sort` of a collection.
std::string sort_key_text(const OperationStream& s, std::int64_t sort);
// The item's primary key: partition key from `key`/`shard`, sort key from `sort`.
storage::Item key_item(const storage::TableSchema& table, const OperationStream& s,
                       std::uint64_t key, int shard, std::int64_t sort = kNoSort);
// The collection index a request of stream `s` at `now` addresses (keys.sortKeys), or
// kNoSort for a stream without sort keys and for operations that read whole collections or
// pages (Query, Scan, transactions, batches). `next`: the stream's sequential counter.
std::int64_t draw_sort(const OperationStream& s, sim::TimeUs now, std::uint64_t& next,
                       sim::Rng& rng);
// A stream attribute's value for a logical key.
storage::AttributeValue attribute_value(const OperationStream::Attribute& a, std::uint64_t key);
// The whole item a stream writes: key, stream attributes, and padding to `item_bytes`.
storage::Item full_item(const storage::TableSchema& table, const OperationStream& s,
                        std::uint64_t key, int shard, std::int64_t sort = kNoSort);

}  // namespace ddbsim::run
