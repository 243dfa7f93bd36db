// ReplicaLag: at the request level, when the replica of each partition that applies writes
// last has caught up with them (workload/scenario.hpp Replication). For every item written
// within the replication lag it keeps until when that replica lacks a write; an eventually
// consistent read of such an item lands on that replica with probability
// `stale_replica_share` and then reads the version from before the oldest write it lacks —
// which the caller keeps in a table of its own, the lagging replica's, updated when a
// period of lag begins (a simplification: while several writes are in flight it does not
// track the versions in between). Only single-item writes are tracked, and only GetItem
// reads see stale versions (Query and Scan pages read the latest).
//
// Memory: one entry per item written within the lag; entries go when the replica catches up.
//
// Thread safety: none; one belongs to one run.
#pragma once

#include <cstdint>
#include <deque>
#include <utility>

#include "run/operation_runner.hpp"
#include "sim/random.hpp"
#include "storage/hash_index.hpp"
#include "storage/table.hpp"
#include "workload/scenario.hpp"

namespace ddbsim::run {

class ReplicaLag {
  public:
    // Items are named by a 64-bit id of their primary key (the caller's hash of it).
    using ItemId = std::uint64_t;

    ReplicaLag(const workload::Replication& config, std::uint64_t seed);

    // Whether the lagging replica still lacks a write of `key` at `now`. A write made while
    // it does not leaves the version it holds unchanged; a write made while it does not
    // begins a new period in which it holds the version the write replaces.
    bool behind(ItemId key, sim::TimeUs now) const;
    // A write of `key` at `now` (its lag drawn here).
    void wrote(ItemId key, sim::TimeUs now);
    // For an eventually consistent read of `key` at `now`: whether it lands on the lagging
    // replica while that replica is behind, and so reads the version from before.
    bool stale(ItemId key, sim::TimeUs now);
    // Forgets the items every replica has caught up on by `now`.
    void expire(sim::TimeUs now);

  private:
    workload::Replication config_;
    sim::Rng lag_rng_, replica_rng_;
    // Item ids are hashes (partition_key_hash mixed with the sort position), as HashIndex needs.
    storage::HashIndex<sim::TimeUs> caught_up_at_;
    std::deque<std::pair<sim::TimeUs, ItemId>> due_;  // (caught up at, key) in write order
};

// The lagging replica of a table's partitions at the request level: its lag (ReplicaLag) and
// the versions it holds while behind (a table of its own), around single-item operations.
class LaggingReplica {
  public:
    LaggingReplica(const workload::SimulationConfig& config)
        : lag_(config.replication, config.seed),
          held_(config.table, config.item_collection_limit_bytes) {}

    struct Run {
        OperationOutcome outcome;
        bool stale = false;  // a read that saw the previous version
    };
    // A GetItem of item `item` at `now`, run by `run_on(table)`: an eventually consistent one
    // that lands on the lagging replica while it is behind reads that replica's version.
    template <class RunOn>
    Run read(bool eventual, ReplicaLag::ItemId item, sim::TimeUs now, storage::Table& table,
             RunOn&& run_on) {
        const bool stale = eventual && lag_.stale(item, now);
        return {run_on(stale ? held_ : table), stale};
    }
    // A PutItem, UpdateItem or DeleteItem of `key` (id `item`) at `now`, run by
    // `run_on(table)`: one that finds the replica caught up begins a period in which it holds
    // the version the write replaces.
    template <class RunOn>
    Run write(const storage::Item& key, ReplicaLag::ItemId item, sim::TimeUs now,
              storage::Table& table, RunOn&& run_on) {
        const bool behind = lag_.behind(item, now);
        std::optional<storage::Item> previous;
        if (!behind) {
            if (const storage::Item* existing = table.peek(key)) previous = *existing;
        }
        Run out{run_on(table), false};
        if (out.outcome.user_error || out.outcome.condition_failed) return out;
        if (!behind) {
            if (previous)
                (void)held_.put_item(
                    {std::move(*previous), std::nullopt, storage::ReturnValues::kNone});
            else
                (void)held_.delete_item({key, std::nullopt, storage::ReturnValues::kNone});
        }
        lag_.wrote(item, now);
        return out;
    }
    void expire(sim::TimeUs now) { lag_.expire(now); }

  private:
    ReplicaLag lag_;
    storage::Table held_;  // its versions of the items written since the run began
};

}  // namespace ddbsim::run
