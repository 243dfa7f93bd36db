// What a request-level simulation runs: a table, its capacity settings, a client, and the
// streams of operations that make up the workload. Built in code for now; the scenario
// loader (workload room, issue 6) will produce it from scenario files.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "model/auto_scaler.hpp"
#include "model/capacity_model.hpp"
#include "model/capacity_unit.hpp"
#include "model/dax_cache.hpp"
#include "model/partition_map.hpp"
#include "model/retry_policy.hpp"
#include "sim/time.hpp"
#include "storage/attribute_value.hpp"
#include "storage/capacity.hpp"
#include "storage/table.hpp"
#include "storage/table_schema.hpp"
#include "workload/global_table.hpp"
#include "workload/key_distribution.hpp"
#include "workload/size_distribution.hpp"
#include "workload/traffic_shape.hpp"

namespace ddbsim::workload {

// One stream of one kind of operation, with its own rate and key popularity.
struct OperationStream {
    // Transact*/BatchWriteItem touch `group_size` items: under one partition key with sort
    // keys "0".."n-1" when the table has a sort key (an item collection, e.g. an order and
    // its lines), else the consecutive keys key … key+n−1.
    enum class Op {
        kGetItem,
        kPutItem,
        kUpdateItem,
        kDeleteItem,
        kQuery,
        kScan,
        kTransactWriteItems,
        kTransactGetItems,
        kBatchWriteItem
    };
    std::string name;
    // Where the requests are made: one of a global table's regions ("" = the table's own).
    std::string region;
    Op op = Op::kGetItem;
    storage::ReadConsistency consistency = storage::ReadConsistency::kEventual;
    workload::TrafficShape traffic;
    workload::KeyDistribution keys = workload::KeyDistribution::uniform(1000);
    std::string key_prefix = "key#";
    std::string key_suffix;         // after the key number: a pattern "album#{seq}#v1" splits here
    std::size_t item_bytes = 1024;  // the mean size of the items this stream writes
    SizeDistribution item_size = SizeDistribution::fixed(1024);  // per key (item generators)
    // Request parameters: Query/Scan page Limit, FilterExpression and ProjectionExpression
    // (with their :values and #names), items per transaction or batch.
    std::optional<std::int64_t> limit;
    std::string filter;
    std::string projection;
    std::map<std::string, std::string> expression_names;
    storage::Item expression_values;
    int group_size = 2;
    // How keys are drawn: at random from `keys` (its popularity), in sequence (key 0, 1, 2 …
    // wrapping at the count: a bulk load), or by time bucket (key = ⌊t / bucket⌋ mod count:
    // a date-based partition key, where all of a bucket's traffic lands on one key).
    enum class KeyOrder { kRandom, kSequential, kTimeBucketed };
    KeyOrder key_order = KeyOrder::kRandom;
    sim::TimeUs time_bucket = sim::kHour;
    // Extra attributes of the items this stream writes and preloads, e.g. a GSI key:
    // value = "<name>#<key mod cardinality>" (S) or key mod cardinality (N).
    struct Attribute {
        std::string name;
        std::uint64_t cardinality = 10;
        bool number = false;
    };
    std::vector<Attribute> attributes;
    // Item collections (a table with a sort key): each partition key holds `count` items,
    // sort keys "<prefix><index>" (zero-padded to 10 digits for S, so byte order is number
    // order). Single-item operations address one (partition key, sort key) pair; Query reads
    // a page of one collection in sort order. Order: kRandom draws the index from
    // `distribution`; kSequential takes the next index per request; kTime uses the request's
    // time in units of `every` (a timestamp: a collection grows with the clock).
    struct SortKeys {
        enum class Order { kRandom, kSequential, kTime };
        std::uint64_t count = 1;
        Order order = Order::kRandom;
        KeyDistribution distribution = KeyDistribution::uniform(1);
        std::string prefix;
        sim::TimeUs every = sim::kSecond;
    };
    std::optional<SortKeys> sort_keys;  // absent: the sort key is the constant "0"
    bool scan_index_forward = true;     // Query: ascending sort order (ScanIndexForward)
    // For kQuery: the index to query ("" = the table); the index partition key's value is
    // the stream attribute of that name for the drawn key.
    std::string index_name;
    // Write sharding (course pattern): a logical key is written as `key#<suffix>` with a
    // random suffix in [0, shards); reads of a logical key fan out to every shard
    // (scatter-gather), each shard read being its own request. 0 = no sharding.
    int write_shards = 0;
    // kRandom: reads of a logical key fan out to every shard (scatter-gather).
    // kCalculated: the suffix is computed from an item attribute (course: e.g. the voter id),
    // so a read that knows the item reads one shard.
    enum class Suffix { kRandom, kCalculated };
    Suffix suffix = Suffix::kRandom;
    // With sharding: every `aggregation_interval` a job reads every shard of each logical
    // key written since its last run and writes the key's total (`key#total`), as the
    // course's voting application does. 0 = no job.
    sim::TimeUs aggregation_interval = 0;
};

// Client-side service time per attempt: lognormal with the given median (modelling
// assumption: DynamoDB's "single-digit millisecond" latency; parameters, not facts).
struct LatencyModel {
    sim::TimeUs read_median = 2 * sim::kMillisecond;
    sim::TimeUs write_median = 4 * sim::kMillisecond;
    double sigma = 0.4;
    // The service time at standard normal deviate `z`: median × e^(σz).
    sim::TimeUs service_time(bool write, double z) const {
        return static_cast<sim::TimeUs>(static_cast<double>(write ? write_median : read_median) *
                                        std::exp(sigma * z));
    }
};

// Service faults: a share of attempts fails with InternalServerError (HTTP 500) before it
// reaches a partition, and the SDK retries it as a transient error (its non-throttling
// backoff). DynamoDB publishes no fault rate, so the rate is a parameter (default 0).
// Modelling assumption: a failed attempt consumes no capacity. CloudWatch counts these
// attempts as SystemErrors (docs/dynamodb-model.md "Service faults").
struct ServiceErrors {
    double rate = 0;  // share of attempts, 0..1
    // Operations the rate applies to; empty: every operation.
    std::vector<OperationStream::Op> operations;
    // A different rate for a while (an incident), the first window covering `t` winning.
    struct Window {
        sim::TimeUs at = 0, length = 0;
        double rate = 0;
    };
    std::vector<Window> windows;

    double rate_at(sim::TimeUs t, OperationStream::Op op) const {
        if (!operations.empty() &&
            std::find(operations.begin(), operations.end(), op) == operations.end())
            return 0;
        for (const auto& w : windows)
            if (t >= w.at && t - w.at < w.length) return w.rate;
        return rate;
    }
    bool any() const {
        if (rate > 0) return true;
        for (const auto& w : windows)
            if (w.rate > 0) return true;
        return false;
    }
};

// Replication within a region (ATC22 §3: a partition is a group of three replicas, writes
// acknowledged by the leader and one more). A write reaches the third replica after a lag;
// an eventually consistent read that any replica may answer lands on that one with
// probability `stale_replica_share` (the course: worst case 1 in 3 stale) and, within the
// lag, sees the previous version. The lag's distribution is not published: lognormal with
// median 50 ms and σ = 1 (p99 ≈ 0.5 s), an assumption after the course's "typically within
// a second". The request level models it; `enabled` false makes every read see the latest.
struct Replication {
    bool enabled = true;
    sim::TimeUs lag_median = 50 * sim::kMillisecond;
    double lag_sigma = 1.0;
    double stale_replica_share = 1.0 / 3.0;
};

struct SimulationConfig {
    storage::TableSchema table;
    model::CapacityConfig capacity;
    // Target-tracking auto scaling of provisioned reads and writes (absent: fixed capacity).
    std::optional<model::AutoScalingPolicy> read_scaling;
    std::optional<model::AutoScalingPolicy> write_scaling;
    // Each GSI scales separately (DG AutoScaling), by index name.
    std::map<std::string, model::AutoScalingPolicy> index_read_scaling;
    std::map<std::string, model::AutoScalingPolicy> index_write_scaling;
    std::uint64_t initial_data_bytes = 0;  // sizes the initial partition count
    // The data's item count (`data.items`), else 0: its size tells it at 1 KB an item
    // (a global table's per-item storage overhead, run/billing.cpp).
    std::uint64_t initial_items = 0;
    bool preload_items = true;  // write every read key before the run, unmetered
    // Seed data (`data.seedItems`, DynamoDB JSON lines): written before the run, unmetered,
    // at the request level; their size is part of `initial_data_bytes`.
    std::vector<storage::Item> seed_items;
    sim::TimeUs duration = 10 * sim::kMinute;
    std::uint64_t seed = 1;
    model::RetryPolicy retry;
    ServiceErrors service_errors;
    Replication replication;
    LatencyModel latency;
    std::vector<OperationStream> streams;
    // Partitions split when the table's throughput needs more of them (docs/dynamodb-model.md:
    // "they split when size or provisioned throughput grows") and at 10 GB.
    bool split_for_throughput = true;
    // A DAX cluster in front of the table (course #23): eventually consistent GetItem and
    // Query go through its item and query caches.
    std::optional<model::DaxConfig> dax;
    // An SQS write buffer in front of the table (course #24): writes are enqueued at once
    // and a consumer writes them at `consumer_rate` per second; a throttled write becomes
    // visible in the queue again after the visibility timeout (SQS default 30 s).
    struct SqsBuffer {
        double consumer_rate = 100;
        sim::TimeUs visibility_timeout = 30 * sim::kSecond;
    };
    std::optional<SqsBuffer> sqs_buffer;
    // Split for consumption (ATC22 §4; DG "isolate frequently accessed items"): a partition
    // that runs above `threshold` of its hard limit for `sustained` is split at the key that
    // balances its traffic, taking effect `split_duration` later. One key is never split, so
    // a single hot key stays hot. The thresholds are not published: parameters.
    struct HeatSplit {
        bool enabled = true;
        double threshold = 0.8;
        sim::TimeUs sustained = 5 * sim::kMinute;
        sim::TimeUs split_duration = 30 * sim::kSecond;
    };
    HeatSplit heat_split;
    // DynamoDB's 10 GB limit on an item collection of a table with an LSI (DG: "Item
    // collection size limit"), both fidelities. Not a scenario field: a fixed service limit
    // that tests lower to reach it with small data.
    std::uint64_t item_collection_limit_bytes = storage::Table::kItemCollectionLimitBytes;
    // Replicas in other regions (workload/global_table.hpp); none: a single-region table.
    GlobalTable global;
};

// An operation's DynamoDB API name ("GetItem", "TransactWriteItems", ...).
inline const char* operation_name(OperationStream::Op op) {
    using Op = OperationStream::Op;
    switch (op) {
        case Op::kGetItem:
            return "GetItem";
        case Op::kPutItem:
            return "PutItem";
        case Op::kUpdateItem:
            return "UpdateItem";
        case Op::kDeleteItem:
            return "DeleteItem";
        case Op::kQuery:
            return "Query";
        case Op::kScan:
            return "Scan";
        case Op::kTransactWriteItems:
            return "TransactWriteItems";
        case Op::kTransactGetItems:
            return "TransactGetItems";
        case Op::kBatchWriteItem:
            return "BatchWriteItem";
    }
    return "?";
}

// Whether a stream's reads are eventually consistent (a transaction's reads never are).
inline bool eventual_read(OperationStream::Op op, storage::ReadConsistency consistency) {
    using Op = OperationStream::Op;
    return (op == Op::kGetItem || op == Op::kQuery || op == Op::kScan) &&
           consistency == storage::ReadConsistency::kEventual;
}

// The table's partition count when the run starts (model::initial_partitions).
inline int initial_partitions(const SimulationConfig& config) {
    return model::initial_partitions(config.capacity, config.initial_data_bytes);
}

}  // namespace ddbsim::workload
