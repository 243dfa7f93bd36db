// Typed requests and responses of the storage core's single-table operations.
//
// These mirror DynamoDB's API shapes with expressions already parsed (the JSON layer in
// api/ parses them, so the simulator can build requests once and execute them many times).
// Every operation returns an Outcome: the response or a typed error, and in both cases the
// capacity DynamoDB would bill — a failed ConditionExpression still consumes write capacity.
#pragma once

#include <optional>
#include <vector>

#include "common/result.hpp"
#include "storage/attribute_value.hpp"
#include "storage/capacity.hpp"
#include "storage/expression.hpp"

namespace ddbsim::storage {

enum class ReturnValues { kNone, kAllOld, kUpdatedOld, kAllNew, kUpdatedNew };

template <class T>
struct Outcome {
    Result<T> result;
    ConsumedCapacity consumed;
};

struct PutItemRequest {
    Item item;
    std::optional<Condition> condition;
    ReturnValues return_values = ReturnValues::kNone;  // NONE or ALL_OLD
};

struct GetItemRequest {
    Item key;
    ReadConsistency consistency = ReadConsistency::kEventual;
    std::optional<ProjectionExpression> projection;
    // false: bill the read without copying the item into the response (not a DynamoDB
    // parameter: the simulator's request level needs only the ConsumedCapacity).
    bool return_item = true;
    // partition_key_hash of the key's partition value, when the caller has it already (the
    // request level keeps each key's hash, run/key_hash_cache.hpp): the table then does not
    // hash the key again. Not a DynamoDB parameter. It must be that hash — another value makes
    // the read miss (checked in builds with assertions).
    std::optional<std::uint64_t> partition_hash{};
};

struct UpdateItemRequest {
    Item key;
    std::optional<UpdateExpression> update;
    std::optional<Condition> condition;
    ReturnValues return_values = ReturnValues::kNone;
};

struct DeleteItemRequest {
    Item key;
    std::optional<Condition> condition;
    ReturnValues return_values = ReturnValues::kNone;  // NONE or ALL_OLD
};

// The sort-key part of a KeyConditionExpression: =, <, <=, >, >=, BETWEEN or begins_with.
struct SortKeyCondition {
    enum class Op { kEq, kLt, kLe, kGt, kGe, kBetween, kBeginsWith };
    Op op = Op::kEq;
    AttributeValue value;
    AttributeValue upper;  // BETWEEN only
    bool matches(const AttributeValue& sort) const;
};

// What a Query or Scan returns: DynamoDB's Select parameter. kDefault is ALL_ATTRIBUTES on
// a table and ALL_PROJECTED_ATTRIBUTES on an index (SPECIFIC_ATTRIBUTES with a projection).
enum class Select {
    kDefault,
    kAllAttributes,
    kAllProjectedAttributes,
    kSpecificAttributes,
    kCount
};

// Query of one item collection of the table or of an index: the partition key's value, an
// optional sort key condition, a FilterExpression applied after the read, Limit,
// ExclusiveStartKey, ScanIndexForward and the 1 MB page limit.
struct QueryRequest {
    std::string index_name;  // empty: the table
    AttributeValue partition_key;
    std::optional<SortKeyCondition> sort_condition;
    ReadConsistency consistency = ReadConsistency::kEventual;
    std::optional<std::int64_t> limit;
    std::optional<Item> exclusive_start_key;
    bool scan_index_forward = true;
    std::optional<Condition> filter;
    std::optional<ProjectionExpression> projection;
    Select select = Select::kDefault;
};

// Scan of a table or index, optionally one segment of a parallel scan.
struct ScanRequest {
    std::string index_name;
    ReadConsistency consistency = ReadConsistency::kEventual;
    std::optional<std::int64_t> limit;
    std::optional<Item> exclusive_start_key;
    std::optional<Condition> filter;
    std::optional<ProjectionExpression> projection;
    Select select = Select::kDefault;
    std::int64_t segment = 0;
    std::int64_t total_segments = 1;
};

struct WriteResponse {
    std::optional<Item> attributes;  // per ReturnValues
};

struct GetItemResponse {
    std::optional<Item> item;
};

struct QueryResponse {
    std::vector<Item> items;  // empty for Select COUNT
    std::int64_t count = 0;   // items after the filter
    std::int64_t scanned_count = 0;
    std::optional<Item> last_evaluated_key;
};

}  // namespace ddbsim::storage

namespace ddbsim::storage {

// DynamoDB's batch and transaction limits (docs/dynamodb-model.md "Query/Scan page 1 MB;
// BatchGetItem 100 items / 16 MB; BatchWriteItem 25 requests / 16 MB"; "Transactions: up to
// 100 items and 4 MB"; DG transaction-apis: the client token is idempotent for 10 minutes).
inline constexpr std::size_t kMaxBatchGetKeys = 100;
inline constexpr std::size_t kMaxBatchWriteRequests = 25;
inline constexpr std::size_t kMaxBatchBytes = 16 * 1024 * 1024;
inline constexpr std::size_t kMaxTransactItems = 100;
inline constexpr std::size_t kMaxTransactBytes = 4 * 1024 * 1024;
inline constexpr std::int64_t kIdempotencyWindowUs = 10LL * 60 * 1'000'000;

struct BatchGetRequest {
    std::vector<Item> keys;
    ReadConsistency consistency = ReadConsistency::kEventual;
    std::optional<ProjectionExpression> projection;
};

struct BatchGetResponse {
    std::vector<Item> items;             // found items, in request order
    std::vector<Item> unprocessed_keys;  // past the 16 MB response limit
};

// One PutRequest (item) or DeleteRequest (key) of a BatchWriteItem.
struct BatchWriteEntry {
    bool put = true;
    Item item;
};

struct BatchWriteRequest {
    std::vector<BatchWriteEntry> entries;
};

struct BatchWriteResponse {
    std::vector<BatchWriteEntry>
        unprocessed;  // none from the storage core; the simulator adds throttling
};

struct TransactGetRequest {
    std::vector<GetItemRequest> gets;  // consistency is always transactional
};

struct TransactGetResponse {
    std::vector<std::optional<Item>> items;  // one per get, in order
};

struct TransactWriteAction {
    enum class Kind { kConditionCheck, kPut, kUpdate, kDelete };
    Kind kind = Kind::kPut;
    Item item;  // the item for kPut, the key otherwise
    std::optional<Condition> condition;
    std::optional<UpdateExpression> update;
};

struct TransactWriteRequest {
    std::vector<TransactWriteAction> actions;
    // Idempotency: a repeat with the same token within 10 minutes is not executed again;
    // `fingerprint` identifies the request's parameters (a mismatch is an error).
    std::string client_request_token;
    std::string fingerprint;
    // The first phase of a transaction over several tables: check every action (conditions,
    // new images, sizes) and answer as the transaction would — cancelled with its reasons,
    // or ok — but write nothing. The caller commits each table's part only when every part
    // passed, under the lock that keeps the tables unchanged in between.
    bool prepare_only = false;
};

struct TransactWriteResponse {
    bool replayed = false;  // an idempotent repeat of an earlier request
};

}  // namespace ddbsim::storage
