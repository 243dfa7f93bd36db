// Replication between the regions of a global table, at the request level
// (docs/global-tables.md "The model").
//
// ReplicatedWrite: a write one region acknowledged, as every other region must apply it — the
// item's key and its image after the write (none: it was deleted), where it was written and
// when. A batch or transaction replicates as one standard write per item it wrote
// (transactions are atomic only in their own region: DG "Global tables: how it works").
//
// ReplicationInbox: what a receiving region keeps about the writes coming from others —
//  - the writes delivered and not yet applied (in transit, or throttled and waiting to be
//    retried): the replication backlog;
//  - for every item, the time of the write whose version it holds (its own writes and the
//    replicated ones it applied): a replicated write older than that is a conflict and
//    loses, last writer wins (DG: "concurrent updates ... last writer wins");
//  - for reads: which items have a write from another region on the way (a read of one sees
//    the version before it: cross-region staleness), and the reads of the current window, so
//    a write made elsewhere in the same window (learnt only at the window's end) is found too.
// Memory: one entry per item written during the run (versions), per write in flight, and per
// GetItem of the current window.
//
// Thread safety: none; one inbox belongs to one region's simulation.
#pragma once

#include <cstdint>
#include <memory>
#include <unordered_map>
#include <vector>

#include "sim/random.hpp"
#include "sim/time.hpp"
#include "storage/attribute_value.hpp"
#include "storage/table.hpp"

namespace ddbsim::run {

struct ReplicatedWrite {
    sim::TimeUs written_at = 0;
    int source = 0;  // the region that acknowledged it (its index in GlobalTable::regions())
    int stream = 0;  // the workload stream that wrote it (its key placement)
    std::int64_t sort = -1;
    std::uint64_t item = 0;  // the item's id (the same hash in every region)
    std::shared_ptr<const storage::Item> key;
    std::shared_ptr<const storage::Item> image;  // after the write; null: deleted
    std::uint64_t bytes = 0;                     // the image's size (the deleted item's)
};

// The write of the item `key` (id `item`) that `table` acknowledged at `now`, as the other
// regions must apply it: the item as the table now holds it, or its deletion (of an item of
// `deleted_bytes`).
ReplicatedWrite replicated_write(const storage::Table& table, storage::Item key, std::uint64_t item,
                                 sim::TimeUs now, int source, int stream, std::int64_t sort,
                                 std::uint64_t deleted_bytes);

// An item's id, the same in every region: its partition key's hash mixed with its sort key's.
std::uint64_t item_id(const storage::TableSchema& table, const storage::Item& key);

class ReplicationInbox {
  public:
    using Slot = std::size_t;

    // A write from another region, on its way here (the caller schedules its arrival).
    Slot deliver(ReplicatedWrite write);
    const ReplicatedWrite& write(Slot slot) const { return slots_[slot].write; }
    // The write left the backlog: applied here, or discarded as older than what is here.
    void done(Slot slot);
    std::size_t backlog() const { return backlog_; }

    // What a replicated write finds here: nothing newer (it applies), a newer version from
    // the same region (it was overtaken in transit: superseded, not a conflict), or a newer
    // version written here or in a third region (a conflict it loses: last writer wins).
    enum class Version { kOlder, kSuperseded, kConflict };
    Version compare(std::uint64_t item, sim::TimeUs written_at, int source) const;
    // The item now holds the version written at `written_at` in region `source`.
    void holds(std::uint64_t item, sim::TimeUs written_at, int source);
    // A throttled write's next try: exponential backoff with full jitter from 100 ms, up to
    // 3.2 s (the service's internal retry policy is not published: an assumption), so
    // replication competes with the region's own clients rather than starving them.
    sim::TimeUs retry_delay(Slot slot, sim::Rng& rng);

    // A GetItem of `item` at `now`: whether a write from another region is on its way to it
    // (the read sees the version before). The read is remembered for the window's check.
    bool read(std::uint64_t item, sim::TimeUs now);
    // The window ended: of its reads not yet found stale, those made at or after a write of
    // their item made elsewhere in the window (`foreign`: item → the earliest such write).
    // Returns their times, and forgets the window's reads.
    std::vector<sim::TimeUs> stale_in_window(
        const std::unordered_map<std::uint64_t, sim::TimeUs>& foreign);

  private:
    struct Entry {
        ReplicatedWrite write;
        int attempts = 0;
    };
    struct Held {
        sim::TimeUs written_at = 0;
        int source = 0;
    };
    struct Read {
        std::uint64_t item;
        sim::TimeUs at;
        bool stale;
    };
    std::vector<Entry> slots_;
    std::vector<Slot> free_;
    std::size_t backlog_ = 0;
    std::unordered_map<std::uint64_t, Held> versions_;
    std::unordered_map<std::uint64_t, int> in_flight_;  // item → writes delivered, not applied
    std::vector<Read> window_reads_;
};

}  // namespace ddbsim::run
