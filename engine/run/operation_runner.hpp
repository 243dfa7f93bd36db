// OperationRunner: one workload operation executed on the storage core — the single place
// both fidelities (the request level, and the aggregate fidelity's cost calibration) turn a
// stream's operation, key and parameters into a DynamoDB request and its ConsumedCapacity.
#pragma once

#include <optional>
#include <vector>

#include "run/run_result.hpp"
#include "storage/expression.hpp"
#include "storage/table.hpp"

namespace ddbsim::run {

using Op = OperationStream::Op;

bool is_write(Op op);
// Operations that touch several items (transactions, batches).
bool is_group(Op op);
// Reads of a write-sharded stream whose suffixes are random cannot know the shard: each read
// queries every shard (scatter-gather; course: write sharding).
bool scatter_reads(const OperationStream& s);

struct OperationOutcome {
    storage::ConsumedCapacity consumed;
    bool user_error = false;        // ValidationException and alike (UserErrors)
    bool condition_failed = false;  // ConditionalCheckFailed (a missing item to delete)
};

class OperationRunner {
  public:
    // Parses each stream's filter and projection once (the loader has validated them).
    explicit OperationRunner(const SimulationConfig& config);

    // Runs `op` for `key`/`shard` of stream `stream`. `new_item`: the item a PutItem writes,
    // when the caller built it already; `index_value`: the partition key value of a query on
    // a GSI.
    // `sort`: the item's index in its collection (keys.sortKeys), or kNoSort.
    OperationOutcome run(storage::Table& table, std::size_t stream, Op op,
                         storage::ReadConsistency consistency, std::uint64_t key, int shard,
                         std::optional<storage::Item> new_item = std::nullopt,
                         const storage::AttributeValue* index_value = nullptr,
                         std::int64_t sort = -1) const;

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
    storage::UpdateExpression counter_;
};

}  // namespace ddbsim::run
