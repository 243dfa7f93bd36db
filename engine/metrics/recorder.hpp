// Recorder: CloudWatch-style time series of one simulated table.
//
// Metric names follow CloudWatch's (docs/dynamodb-model.md "CloudWatch metrics"):
// ConsumedRead/WriteCapacityUnits (sums per period), ProvisionedRead/WriteCapacityUnits,
// ReadThrottleEvents, WriteThrottleEvents, ThrottledRequests, SuccessfulRequestLatency,
// UserErrors, SystemErrors, ConditionalCheckFailedRequests — plus what the service does not
// publish but a capacity planner needs: throttles per ThrottlingReason, requests given up by
// the client, the partition count, and consumption per partition (for heat maps).
// Storage: one row per simulated second for table-level series; per-partition consumption,
// per-reason throttles and latency percentiles per minute, so a month of a 1,000-partition
// table stays in the hundreds of megabytes.
//
// Thread safety: none. A recorder belongs to one run; a server that records from several
// connections serialises the calls (the table's lock), and reads the series only under it.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "metrics/latency_histogram.hpp"
#include "model/throttle_reason.hpp"
#include "sim/time.hpp"

namespace ddbsim::metrics {

// Table-level counts for one second. Capacity is in half units (exact). 32-bit fields
// keep a month of rows small; a second never holds 2^31 units or events.
struct SecondRow {
    std::int32_t consumed_read_halves = 0;
    std::int32_t consumed_write_halves = 0;
    std::int32_t provisioned_rcu = 0;
    std::int32_t provisioned_wcu = 0;
    std::int32_t read_throttle_events = 0;
    std::int32_t write_throttle_events = 0;
    std::int32_t throttled_requests =
        0;  // requests with at least one throttled attempt, counted when they end
    std::int32_t successful_requests = 0;
    // Failed on every attempt the client made (throttled or a service error), or with an
    // error the client does not retry.
    std::int32_t gave_up_requests = 0;
    std::int32_t user_errors = 0;
    std::int32_t system_errors = 0;  // InternalServerError (HTTP 500) attempts
    std::int32_t stale_reads = 0;    // eventual reads that saw a previous version
    std::int32_t conditional_check_failed = 0;
    std::int32_t partitions = 0;
    std::int32_t queue_depth = 0;  // SQS write buffer, at the end of the second
    std::int32_t cache_hits = 0;   // DAX
    // Unused capacity banked in the partitions' burst buckets (provisioned mode), half units.
    std::int32_t burst_balance_read_halves = 0;
    std::int32_t burst_balance_write_halves = 0;
    friend bool operator==(const SecondRow&, const SecondRow&) = default;
};

struct MinuteRow {
    std::array<std::int64_t, model::kThrottleReasonCount> throttles_by_reason{};
    std::vector<std::uint32_t> partition_read_halves;  // per partition
    std::vector<std::uint32_t> partition_write_halves;
    // GSI consumption (CloudWatch reports GSIs under their own GlobalSecondaryIndexName).
    std::map<std::string, std::int64_t> index_read_halves;
    std::map<std::string, std::int64_t> index_write_halves;
    sim::TimeUs latency_p50 = 0, latency_p90 = 0, latency_p99 = 0;  // successful requests
    friend bool operator==(const MinuteRow&, const MinuteRow&) = default;
};

// A global table's replication into this region (docs/global-tables.md), one row a second.
// CloudWatch publishes ReplicationLatency per receiving region; the rest is what a capacity
// planner needs to see why it grows.
struct ReplicationRow {
    std::int32_t replicated_write_halves = 0;  // consumed by writes from other regions
    std::int32_t replicated_writes = 0;        // applied this second
    std::int32_t latency_max_ms = 0;           // the slowest applied this second
    std::int32_t backlog = 0;    // writes from other regions not yet applied (in transit or
                                 // throttled), the most this second
    std::int32_t throttles = 0;  // replicated write attempts throttled (each is retried)
    std::int32_t conflicts = 0;  // replicated writes older than the version held here
    friend bool operator==(const ReplicationRow&, const ReplicationRow&) = default;
};

class Recorder {
  public:
    explicit Recorder(sim::TimeUs duration);

    // Grows the series to cover [0, duration) (a live service does not know its run's length
    // in advance); never shrinks them. Events at or after the end are counted in the last
    // second, so a recorder that grows must be grown before it records.
    void extend_to(sim::TimeUs duration);

    void consumed(sim::TimeUs t, int partition, bool write, std::int64_t halves);
    // Aggregate fidelity: one step's consumption of every partition at once; `total` is the
    // sum of `halves` and `most` their largest (or any larger figure: it bounds the minute's
    // totals) — serve_all's BulkService gives both.
    void consumed_partitions(sim::TimeUs t, bool write, const std::vector<std::int64_t>& halves,
                             std::int64_t total, std::int64_t most);
    void index_consumed(sim::TimeUs t, const std::string& index, bool write, std::int64_t halves);
    void throttle(sim::TimeUs t, model::ThrottleReason reason);
    // Aggregate fidelity: many events or request outcomes at once (no latency samples).
    void throttles(sim::TimeUs t, model::ThrottleReason reason, std::int64_t count);
    void requests_ended(sim::TimeUs t, std::int64_t succeeded, std::int64_t throttled,
                        std::int64_t gave_up);
    void request_ended(sim::TimeUs t, bool succeeded, bool was_throttled, sim::TimeUs latency);
    void user_error(sim::TimeUs t, bool conditional_check_failed);
    // `count` user errors other than failed conditions, at once (the aggregate fidelity).
    void user_errors(sim::TimeUs t, std::int64_t count);
    // Attempts that failed with InternalServerError (CloudWatch SystemErrors).
    void system_errors(sim::TimeUs t, std::int64_t count);
    // An eventually consistent read answered with a previous version (request level).
    void stale_read(sim::TimeUs t);
    // Aggregate fidelity: `count` successful requests of the open minute took `latency`
    // (latency only: requests_ended counts the requests).
    void latencies(sim::TimeUs latency, std::int64_t count);
    // The same for every latency counted in `h`, `times` times over.
    void latencies(const LatencyHistogram& h, std::uint64_t times);
    void table_state(sim::TimeUs t, std::int64_t rcu, std::int64_t wcu, int partitions);
    void queue_depth(sim::TimeUs t, std::int64_t depth);
    void cache_hit(sim::TimeUs t);
    void burst_balance(sim::TimeUs t, std::int64_t read_halves, std::int64_t write_halves);
    // Replication into this region of a global table (the series exist once one is recorded).
    void replicated(sim::TimeUs t, std::int64_t halves, sim::TimeUs latency);
    void replication_backlog(sim::TimeUs t, std::int64_t writes);
    void replication_throttle(sim::TimeUs t);
    void replication_conflict(sim::TimeUs t);
    // The aggregate fidelity's step of replication: half units applied, the backlog after it,
    // the writes throttled; and `count` writes applied with `latency`.
    void replicated_bulk(sim::TimeUs t, std::int64_t halves, std::int64_t backlog,
                         std::int64_t throttled);
    void replication_latencies(sim::TimeUs t, sim::TimeUs latency, std::uint64_t count);
    // Bytes held by the series (for the memory bound).
    std::size_t memory_bytes() const;
    // Closes the minute containing `t` (latency percentiles); call at each minute boundary.
    void close_minute(sim::TimeUs t);

    const std::vector<SecondRow>& seconds() const { return seconds_; }
    const std::vector<MinuteRow>& minutes() const { return minutes_; }
    // Every latency recorded so far: the closed minutes' and the open one's.
    LatencyHistogram latency() const {
        LatencyHistogram all = run_latency_;
        all.merge(minute_latency_);
        return all;
    }
    std::array<std::int64_t, model::kThrottleReasonCount> throttles_by_reason() const;
    // Empty unless this is a region of a global table.
    const std::vector<ReplicationRow>& replication() const { return replication_; }
    const LatencyHistogram& replication_latency() const { return replication_latency_; }

  private:
    ReplicationRow& replication_row(sim::TimeUs t);
    SecondRow& second(sim::TimeUs t);
    MinuteRow& minute(sim::TimeUs t);

    std::vector<SecondRow> seconds_;
    std::vector<MinuteRow> minutes_;
    // consumed_partitions' bound on one side's largest partition total in the minute it last
    // added to (reads [0], writes [1]); `consumed` forgets it.
    static constexpr std::size_t kNoMinute = static_cast<std::size_t>(-1);
    struct PartitionBound {
        std::size_t minute = kNoMinute;
        std::uint64_t most = 0;
    };
    std::array<PartitionBound, 2> partition_bound_{};
    // Latencies are added to the open minute only; closing it adds its histogram to the
    // closed minutes' (one histogram add per request instead of two).
    LatencyHistogram minute_latency_;
    LatencyHistogram run_latency_;  // the closed minutes'
    std::vector<ReplicationRow> replication_;
    LatencyHistogram replication_latency_;
};

}  // namespace ddbsim::metrics
