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
#include <unordered_map>
#include <utility>

#include "sim/random.hpp"
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
    std::unordered_map<ItemId, sim::TimeUs> caught_up_at_;
    std::deque<std::pair<sim::TimeUs, ItemId>> due_;  // (caught up at, key) in write order
};

}  // namespace ddbsim::run
