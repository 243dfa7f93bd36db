// ReplicaLag: at the request level, when the replica of each partition that applies writes
// last has caught up with them (workload/scenario.hpp Replication). For every item written
// within the replication lag it keeps until when that replica lacks a write, and the size of
// the version it holds meanwhile; an eventually consistent read of such an item lands on that
// replica with probability `stale_replica_share` and then reads the version from before the
// oldest write it lacks, set when a period of lag begins (a simplification: while several
// writes are in flight it does not track the versions in between). Only single-item writes
// are tracked, and only GetItem reads see stale versions (Query and Scan pages read the
// latest). A GetItem is billed on the size of the item it reads and nothing else (DG, "Read
// consumption"; storage/capacity.hpp), so the version's size is all of it a stale read needs.
//
// Memory: one entry per item written within the lag; entries go when the replica catches up.
//
// Thread safety: none; one belongs to one run.
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <utility>

#include "run/operation_runner.hpp"
#include "sim/random.hpp"
#include "storage/capacity.hpp"
#include "storage/hash_index.hpp"
#include "storage/item_size.hpp"
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
    // A write of `key` at `now` (its lag drawn here). `replaced_bytes`: the size of the version
    // the write replaces (nullopt: none), which the replica holds if it is caught up.
    void wrote(ItemId key, sim::TimeUs now,
               std::optional<std::uint64_t> replaced_bytes = std::nullopt);
    // The size of the version the lagging replica holds of `key` while behind (nullopt: the
    // item did not exist).
    std::optional<std::uint64_t> held_bytes(ItemId key) const;
    // For an eventually consistent read of `key` at `now`: whether it lands on the lagging
    // replica while that replica is behind, and so reads the version from before.
    bool stale(ItemId key, sim::TimeUs now);
    // Forgets the items every replica has caught up on by `now`.
    void expire(sim::TimeUs now);

  private:
    workload::Replication config_;
    sim::Rng lag_rng_, replica_rng_;
    struct Lagging {
        sim::TimeUs caught_up_at = 0;
        std::optional<std::uint64_t> held_bytes;  // the version it holds meanwhile
    };
    // Item ids are hashes (partition_key_hash mixed with the sort position), as HashIndex needs.
    storage::HashIndex<Lagging> items_;
    std::deque<std::pair<sim::TimeUs, ItemId>> due_;  // (caught up at, key) in write order
};

// The lagging replica of a table's partitions at the request level: its lag (ReplicaLag)
// around single-item operations.
class LaggingReplica {
  public:
    explicit LaggingReplica(const workload::SimulationConfig& config)
        : lag_(config.replication, config.seed) {}

    struct Run {
        OperationOutcome outcome;
        bool stale = false;  // a read that saw the previous version
    };
    // A GetItem of item `item` at `now`, run by `run_on(table)`: an eventually consistent one
    // that lands on the lagging replica while it is behind reads that replica's version,
    // billed on its size as the storage core bills a GetItem (a miss at the minimum).
    template <class RunOn>
    Run read(bool eventual, ReplicaLag::ItemId item, sim::TimeUs now, storage::Table& table,
             RunOn&& run_on) {
        if (!eventual || !lag_.stale(item, now)) return {run_on(table), false};
        Run out{{}, true};
        out.outcome.consumed.table_read =
            storage::read_units(static_cast<std::size_t>(lag_.held_bytes(item).value_or(0)),
                                storage::ReadConsistency::kEventual);
        return out;
    }
    // A PutItem, UpdateItem or DeleteItem of `key` (id `item`) at `now`, run by
    // `run_on(table)`: one that finds the replica caught up begins a period in which it holds
    // the version the write replaces.
    template <class RunOn>
    Run write(const storage::Item& key, ReplicaLag::ItemId item, sim::TimeUs now,
              storage::Table& table, RunOn&& run_on) {
        std::optional<std::uint64_t> replaced_bytes;
        if (!lag_.behind(item, now)) {
            if (const storage::Item* existing = table.peek(key))
                replaced_bytes = storage::item_size(*existing);
        }
        Run out{run_on(table), false};
        if (out.outcome.user_error || out.outcome.condition_failed) return out;
        lag_.wrote(item, now, replaced_bytes);
        return out;
    }
    void expire(sim::TimeUs now) { lag_.expire(now); }

  private:
    ReplicaLag lag_;
};

}  // namespace ddbsim::run
