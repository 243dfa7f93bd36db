// CapacityModel: admission control for one table (or one GSI) — who gets to run, and why
// the others are throttled.
//
// Implements docs/dynamodb-model.md "Burst and adaptive capacity", "Partitions", "On-demand mode":
//  - Provisioned: each partition has a share bucket at (table throughput / partition count)
//    that retains up to `burst_seconds` (300 s) of unused capacity; a table bucket at the
//    provisioned total, with the same burst window; and a hard-limit bucket at 3,000 RCU /
//    1,000 WCU per second, holding one second, that no burst or adaptive capacity can exceed.
//  - Adaptive capacity (on by default; off models the pre-2018 service): a partition whose
//    share is used up may keep serving from the table's unused capacity.
//  - On-demand: a table bucket at the throughput the table can serve instantly —
//    max(initial, warm throughput, 2 × the previous peak as of `on_demand_ramp` ago), capped
//    by the per-table quota and an optional maximum — plus the per-partition hard limits.
// Admission rule (modelling assumption, named because the service does not publish it): a
// request is admitted when the buckets it draws from have a positive balance, and is
// charged its actual consumption after it ran, which may take a balance negative. This lets
// a 400 KB write through on a 100 WCU table, as the service does, and repays the debt from
// later refill.
//
// Thread safety: none. Every call, const ones included (bucket refills are lazy), must be
// serialised by the owner: one simulation, or the server's lock on the table or GSI whose
// capacity this is (model/capacity_unit.hpp owns it there).
#pragma once

#include <algorithm>
#include <cstdint>
#include <deque>
#include <optional>
#include <vector>

#include "model/partition_map.hpp"
#include "model/throttle_reason.hpp"
#include "model/token_bucket.hpp"
#include "sim/time.hpp"

namespace ddbsim::model {

struct CapacityConfig {
    bool on_demand = false;
    std::int64_t rcu = 5;  // provisioned mode
    std::int64_t wcu = 5;
    bool adaptive_capacity = true;
    std::int64_t burst_seconds = 300;   // DG: up to 5 minutes of unused capacity
    bool start_with_full_burst = true;  // a table that has been idle for 5 minutes
    std::int64_t partition_max_rcu = kPartitionMaxRcu;
    std::int64_t partition_max_wcu = kPartitionMaxWcu;
    // A partition is three replicas; strongly consistent reads go to the leader, eventually
    // consistent ones to any replica, so eventual reads reach this multiple of the 3,000 RCU
    // ceiling (docs/dynamodb-model.md "Partitions": AWS Database Blog, "Scaling DynamoDB ...
    // (Part 2: Querying)" measured 4,500 read units on one partition key). Kept to three
    // decimals; 1 makes both kinds share one ceiling.
    double eventual_read_ceiling = 1.5;
    // On-demand (DG on-demand-capacity-mode; facts): a new table serves 12,000 RRU / 4,000
    // WRU; up to double the previous peak instantly; more may throttle within 30 minutes.
    std::int64_t on_demand_initial_rcu = 12000;
    std::int64_t on_demand_initial_wcu = 4000;
    std::int64_t warm_rcu = 0;  // warm throughput (2024): pre-warmed level
    std::int64_t warm_wcu = 0;
    std::optional<std::int64_t> max_on_demand_rcu;  // optional per-table maximum
    std::optional<std::int64_t> max_on_demand_wcu;
    sim::TimeUs on_demand_ramp = 30 * sim::kMinute;
    // Per-table quota (both modes, raisable): 40,000 RCU and 40,000 WCU.
    std::int64_t table_quota_rcu = 40000;
    std::int64_t table_quota_wcu = 40000;
};

struct Admission {
    bool admitted = false;
    bool via_share = false;  // admitted within the partition's own share
    ThrottleReason reason;   // when not admitted
};

class CapacityModel {
  public:
    CapacityModel(const CapacityConfig& config, int partitions, bool is_index, sim::TimeUs now);

    const CapacityConfig& config() const { return config_; }
    int partitions() const { return static_cast<int>(read_.hard.size()); }

    Admission admit(sim::TimeUs now, int partition, bool write);
    // Charges what an admitted request consumed (half units). An eventually consistent read
    // draws on the partition's hard limit at 1 / eventual_read_ceiling of its units.
    void charge(sim::TimeUs now, int partition, bool write, const Admission& admission,
                std::int64_t halves, bool eventual = false);

    // Aggregate fidelity: serves one step's demand (half units) on every partition by the same
    // rules as admit()/charge(), in bulk: what the buckets hold when the step starts plus what
    // they refill during it (a full bucket still refills while it is drawn). `demand[p]` in,
    // `served[p]` out, and `reasons[p]` (a ThrottleReason index) where served[p] < demand[p].
    struct BulkService {
        std::int64_t served = 0;  // half units, every partition
        // Half units: at least what the busiest partition served, less than twice it (a
        // bound that bulk service keeps without comparing partitions one by one).
        std::int64_t most_served_bound = 0;
        bool all_served = true;  // no partition's demand was cut
    };
    // `eventual_share[p]` (reads; absent: none): the share of partition p's demand that is
    // eventually consistent, which draws on the hard limit at the discount charge() gives.
    BulkService serve_all(sim::TimeUs step_start, sim::TimeUs now, bool write,
                          const std::vector<std::int64_t>& demand,
                          std::vector<std::int64_t>& served, std::vector<std::uint8_t>& reasons,
                          const std::vector<double>* eventual_share = nullptr);

    // Partition `partition` split into `partition` and `partition + 1`.
    void on_split(int partition, sim::TimeUs now);
    // New provisioned throughput (auto scaling, UpdateTable).
    void set_provisioned(std::int64_t rcu, std::int64_t wcu, sim::TimeUs now);
    // Reports the half units consumed in the second starting at `second_start` (on-demand
    // peak tracking). Call once per simulated second, in order.
    void observe_second(sim::TimeUs second_start, std::int64_t read_halves,
                        std::int64_t write_halves);

    // The throughput the table can serve now (units per second): provisioned, or on-demand's
    // current allowance.
    std::int64_t table_rcu() const;
    std::int64_t table_wcu() const;
    // Burst balance of a partition's share bucket, in half units (may be negative).
    std::int64_t share_balance_halves(int partition, bool write, sim::TimeUs now);

  private:
    struct Side {
        TokenBucket table;
        std::vector<TokenBucket> share;  // provisioned only
        std::vector<TokenBucket> hard;
        std::int64_t provisioned = 0;     // units/s
        std::int64_t allowed = 0;         // on-demand allowance, units/s
        std::int64_t peak_effective = 0;  // on-demand: peak as of `ramp` ago, units/s (ceil)
        std::deque<std::pair<sim::TimeUs, std::int64_t>> recent;  // on-demand: (second, halves)
        std::int64_t partition_max = 0;
        // Bulk service: per partition, the most half units a step of `quiet_dt` can take
        // with its buckets full and left full (-1: not full, or not known). Kept by
        // serve_all; anything else that touches the partition buckets clears it.
        std::vector<std::int64_t> quiet_limit;
        // The same for the hard-limit bucket alone (kept with quiet_limit): while it covers a
        // partition's demand, that bucket stays full and bulk service leaves it alone, even
        // when the share bucket is refilling after a burst.
        std::vector<std::int64_t> hard_quiet_limit;
        sim::TimeUs quiet_dt = 0;
    };
    Side& side(bool write) { return write ? write_ : read_; }
    void reshare(Side& s, sim::TimeUs now);
    void update_on_demand_allowance(Side& s, bool write, sim::TimeUs now);
    ThrottleKind on_demand_limit_kind(const Side& s, bool write) const;
    // Tokens the hard-limit bucket gives up per half unit of reads of which `eventual` (0..1)
    // are eventually consistent.
    std::int64_t hard_tokens_per_half(double eventual) const;
    // The same for eventually consistent reads alone: 1 / eventual_read_ceiling of a half unit.
    static std::int64_t eventual_tokens_per_half(const CapacityConfig& config);
    // The combined quiet limit of `partition`: its kept hard_quiet_limit and, provisioned,
    // its share bucket's.
    std::int64_t quiet_limit(const Side& s, std::size_t partition, sim::TimeUs dt) const;
    // Recomputes both quiet limits of `partition` for a step of `dt`.
    void update_quiet_limits(Side& s, std::size_t partition, sim::TimeUs dt) const;
    // One step of serve_all: its times, side and the throttle reasons it reports.
    struct BulkStep {
        sim::TimeUs start = 0, end = 0, dt = 0;
        const std::vector<double>* eventual_share = nullptr;  // reads only
        std::uint8_t key_range = 0, provisioned = 0, on_demand = 0;
        // What a bucket can give during the step: its balance at the start plus its refill.
        std::int64_t available(TokenBucket& b) const {
            b.refill(start);
            return std::max<std::int64_t>(
                0, (b.tokens() + b.rate_halves_per_s() * dt) / kTokensPerHalfUnit);
        }
    };
    // serve_all for a provisioned partition whose hard-limit bucket stays full (the demand
    // `d` ≥ 1 is within its hard quiet limit), when the step serves all of `d`: the share
    // bucket gives what it can and, with adaptive capacity, the table (which can still give
    // `table`) the rest. Charges the share bucket and refills it to the step's end, as
    // serve_constrained would. False, with the bucket only refilled to the step's start,
    // when `d` would be cut.
    bool serve_in_full_within_share(TokenBucket& share, const BulkStep& step, std::int64_t d,
                                    std::int64_t table) const;
    // serve_all for a partition whose demand its full buckets do not cover: the general rules
    // (shares, burst, adaptive capacity, hard limit). Sets `reason` when it serves less than
    // `d`; `table` is what the table bucket can still give this step.
    template <bool kOnDemand>
    std::int64_t serve_constrained(Side& s, const BulkStep& step, std::size_t p, std::int64_t d,
                                   std::int64_t table, std::uint8_t& reason);

    CapacityConfig config_;
    std::int64_t eventual_tokens_per_half_;  // eventual_tokens_per_half(config_)
    bool is_index_;
    Side read_;
    Side write_;
};

}  // namespace ddbsim::model
