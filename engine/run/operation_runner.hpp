// OperationRunner: one workload operation executed on the storage core — the single place
// both fidelities (the request level, and the aggregate fidelity's cost calibration) turn a
// stream's operation, key and parameters into a DynamoDB request and its ConsumedCapacity.
#pragma once

#include <optional>
#include <vector>

#include "run/item_factory.hpp"
#include "run/run_result.hpp"
#include "storage/expression.hpp"
#include "storage/table.hpp"

namespace ddbsim::run {

using Op = OperationStream::Op;

inline bool is_write(Op op) {
    return op == Op::kPutItem || op == Op::kUpdateItem || op == Op::kDeleteItem ||
           op == Op::kTransactWriteItems || op == Op::kBatchWriteItem;
}
// Operations that touch several items (transactions, batches).
bool is_group(Op op);
// Reads of a write-sharded stream whose suffixes are random cannot know the shard: each read
// queries every shard (scatter-gather; course: write sharding).
inline bool scatter_reads(const OperationStream& s) {
    return s.write_shards > 0 && !is_write(s.op) && s.suffix == OperationStream::Suffix::kRandom;
}

struct OperationOutcome {
    storage::ConsumedCapacity consumed;
    bool user_error = false;        // ValidationException and alike (UserErrors)
    bool condition_failed = false;  // ConditionalCheckFailed (a missing item to delete)
};

// What one operation addresses: stream `stream`'s logical key `key`, its shard and its
// collection index, with whatever of its request the caller has built already (the runner
// builds the rest the same way, run/item_factory.hpp).
struct OperationTarget {
    OperationTarget(std::size_t stream, std::uint64_t key, int shard = kNoShard,
                    std::int64_t sort = kNoSort)
        : stream(stream), key(key), shard(shard), sort(sort) {}

    std::size_t stream;
    std::uint64_t key;
    int shard;
    std::int64_t sort;  // the item's index in its collection (keys.sortKeys)
    const storage::Item* primary_key = nullptr;  // key_item(): a single-item operation's key
    std::optional<storage::Item> new_item;       // full_item(): the item a PutItem writes
    const storage::AttributeValue* index_value = nullptr;  // a query's GSI partition key value
    // The partition key's storage::partition_key_hash, when the caller has it (a GetItem
    // then does not hash its key again).
    std::optional<std::uint64_t> partition_hash{};
};

// Not thread-safe (it reuses its requests): one per run.
class OperationRunner {
  public:
    // Parses each stream's filter and projection once (the loader has validated them).
    explicit OperationRunner(const SimulationConfig& config);

    // Runs `op` on `target` (its stream's parameters), consuming what the caller built.
    OperationOutcome run(storage::Table& table, Op op, storage::ReadConsistency consistency,
                         OperationTarget target);

    // The items a transaction or batch of this stream touches for `key`.
    std::vector<storage::Item> group_items(std::size_t stream, std::uint64_t key, int shard,
                                           bool keys_only) const;

  private:
    struct Parsed {
        std::optional<storage::Condition> filter;
        std::optional<storage::ProjectionExpression> projection;
    };
    const SimulationConfig& config_;
    std::vector<Parsed> parsed_;
    // The key-addressed requests, reused from one operation to the next: a key of the shape
    // the last one had is written over its buffers instead of allocated again.
    storage::GetItemRequest get_;
    storage::UpdateItemRequest update_;  // its update: the counter increment `ADD n :one`
    storage::DeleteItemRequest delete_;
    std::vector<storage::PutItemRequest> puts_;  // one per stream (its items' shape)
};

}  // namespace ddbsim::run
