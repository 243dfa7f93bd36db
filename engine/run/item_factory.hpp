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
// partition_key_hash of that value (below), from the key text's pieces without building it.
std::uint64_t partition_key_hash(const storage::TableSchema& table, const OperationStream& s,
                                 std::uint64_t key, int shard);
// The value of the item's partition key, from `key`/`shard` (key_text).
storage::AttributeValue partition_key_value(const storage::TableSchema& table,
                                            const OperationStream& s, std::uint64_t key, int shard);
// The item's primary key: partition key from `key`/`shard`, sort key from `sort`.
storage::Item key_item(const storage::TableSchema& table, const OperationStream& s,
                       std::uint64_t key, int shard, std::int64_t sort = kNoSort);
// Sets `item` to that primary key, written over the values it holds when it holds a key of
// this table already (a reused request's key: no allocation).
void assign_key_item(storage::Item& item, const storage::TableSchema& table,
                     const OperationStream& s, std::uint64_t key, int shard,
                     std::int64_t sort = kNoSort);
// Whether the operation addresses one item by its full primary key (GetItem, PutItem,
// UpdateItem, DeleteItem): the operations that draw a sort key from keys.sortKeys.
bool addresses_one_item(OperationStream::Op op);
// The collection index a request of stream `s` at `now` addresses (keys.sortKeys), or
// kNoSort for a stream without sort keys and for operations that read whole collections or
// pages (Query, Scan, transactions, batches). `next`: the stream's sequential counter.
std::int64_t draw_sort(const OperationStream& s, sim::TimeUs now, std::uint64_t& next,
                       sim::Rng& rng);
// Where an item sits in the table's key space, the order partitions divide. DynamoDB stores
// a partition key's items together, ordered by sort key, and a split for consumption may
// fall between two sort keys of one partition key (ATC 2022 paper, "split for consumption";
// docs/dynamodb-model.md "Splits along the sort key"). We model the space as the partition
// key's 64-bit hash with its low kSortPositionBits bits replaced by the item's place in its
// collection: item i of N at i × 2^16 / N. Positions equal the plain hash (no sort-key
// splits) for a stream without keys.sortKeys and for a table with an LSI (its collections
// must stay on one partition). A time-ordered collection's writes and reads all land at its
// end (every new item has the largest sort key), so its traffic has one position and never
// splits, as the paper says splits avoid key ranges accessed in order. A Query starts at
// the collection's first item, or its last when ScanIndexForward is false.
inline constexpr int kSortPositionBits = 16;
inline constexpr std::uint64_t kSortPositionMask = (1ULL << kSortPositionBits) - 1;
// `sort_splits`: the table may split between sort keys (it has no LSI).
std::uint64_t key_position(const OperationStream& s, std::uint64_t pk_hash, std::int64_t sort,
                           bool sort_splits);
// The first collection index whose position is at or past `low_bits` (0 ≤ low_bits ≤ 2^16)
// in a collection of `count` items: the indices below it sit before that position.
std::uint64_t first_sort_at(std::uint64_t low_bits, std::uint64_t count);
// A stream attribute's value for a logical key.
storage::AttributeValue attribute_value(const OperationStream::Attribute& a, std::uint64_t key);

// The value of the partition key of the index stream `s` queries, for logical key `key` (an
// empty string when the stream writes no such attribute: the query finds nothing).
storage::AttributeValue index_partition_value(const storage::TableSchema& table,
                                              const OperationStream& s, std::uint64_t key);
// The whole item a stream writes: key, stream attributes, and padding to `item_bytes`.
storage::Item full_item(const storage::TableSchema& table, const OperationStream& s,
                        std::uint64_t key, int shard, std::int64_t sort = kNoSort);
// Sets `item` to full_item(table, s, key, shard, sort). When it holds an item of that shape
// (the one full_item built for this table and stream, any key) its values are written over
// in place, reusing its buffers (the request level's PutItem: no allocation per write).
void assign_full_item(storage::Item& item, const storage::TableSchema& table,
                      const OperationStream& s, std::uint64_t key, int shard,
                      std::int64_t sort = kNoSort);

}  // namespace ddbsim::run
