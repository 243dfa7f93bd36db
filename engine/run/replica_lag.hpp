// ReplicaLag: at the request level, the replica of each partition that has not yet applied
// the latest writes (workload/scenario.hpp Replication). It keeps, for every item written
// within the replication lag, the version that replica still holds — the one before the
// oldest write it has not applied — and until when it has them all (a simplification: while
// several writes are in flight, it does not track the versions in between); an eventually
// consistent read of such an item that lands on that replica reads that version. Only
// single-item writes (PutItem, UpdateItem, DeleteItem) are tracked, and only GetItem reads
// see stale versions (Query and Scan pages read the latest).
//
// Memory: one entry per item written within the lag (a few per second of writes); entries
// go when the replica catches up.
//
// Thread safety: none; one belongs to one run.
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <unordered_map>
#include <utility>

#include "sim/random.hpp"
#include "storage/attribute_value.hpp"
#include "workload/scenario.hpp"

namespace ddbsim::run {

class ReplicaLag {
  public:
    ReplicaLag(const workload::Replication& config, std::uint64_t seed);

    // Items are named by a 64-bit id of their primary key (the caller's hash of it).
    using ItemId = std::uint64_t;

    // A write at `now` replaced `previous` (null: the item did not exist) of item `key`.
    void wrote(ItemId key, const storage::Item* previous, sim::TimeUs now);
    // For an eventually consistent read of `key` at `now`: the version the lagging replica
    // answers with when the read lands on it before it caught up (an absent item is
    // nullopt inside), else null — the read sees the latest version.
    const std::optional<storage::Item>* stale_version(ItemId key, sim::TimeUs now);
    // Forgets the items every replica has caught up on by `now`.
    void expire(sim::TimeUs now);

  private:
    struct Behind {
        sim::TimeUs caught_up_at = 0;
        std::optional<storage::Item> previous;
    };
    workload::Replication config_;
    sim::Rng lag_rng_, replica_rng_;
    std::unordered_map<ItemId, Behind> behind_;
    std::deque<std::pair<sim::TimeUs, ItemId>> due_;  // (caught up at, key) in write order
};

}  // namespace ddbsim::run
