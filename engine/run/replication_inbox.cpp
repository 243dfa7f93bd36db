#include "run/replication_inbox.hpp"

#include <algorithm>

#include "storage/item_size.hpp"
#include "storage/primary_key.hpp"

namespace ddbsim::run {

ReplicatedWrite replicated_write(const storage::Table& table, storage::Item key, std::uint64_t item,
                                 sim::TimeUs now, int source, int stream, std::int64_t sort,
                                 std::uint64_t deleted_bytes) {
    ReplicatedWrite w;
    w.written_at = now;
    w.source = source;
    w.stream = stream;
    w.sort = sort;
    w.item = item;
    if (const storage::Item* image = table.peek(key)) {
        w.image = std::make_shared<const storage::Item>(*image);
        w.bytes = storage::item_size(*image);
    } else {
        w.bytes = deleted_bytes;
    }
    w.key = std::make_shared<const storage::Item>(std::move(key));
    return w;
}

std::uint64_t item_id(const storage::TableSchema& table, const storage::Item& key) {
    std::uint64_t id = storage::partition_key_hash(key.at(table.key.partition.name));
    if (table.key.sort) {
        const std::uint64_t h = storage::partition_key_hash(key.at(table.key.sort->name));
        id ^= (h << 17 | h >> 47) * 0x9E3779B97F4A7C15ULL;
    }
    return id;
}

ReplicationInbox::Slot ReplicationInbox::deliver(ReplicatedWrite write) {
    ++in_flight_[write.item];
    ++backlog_;
    Entry e{std::move(write), 0};
    if (!free_.empty()) {
        const Slot slot = free_.back();
        free_.pop_back();
        slots_[slot] = std::move(e);
        return slot;
    }
    slots_.push_back(std::move(e));
    return slots_.size() - 1;
}

void ReplicationInbox::done(Slot slot) {
    Entry& e = slots_[slot];
    auto it = in_flight_.find(e.write.item);
    if (it != in_flight_.end() && --it->second == 0) in_flight_.erase(it);
    --backlog_;
    e.write.key.reset();
    e.write.image.reset();
    free_.push_back(slot);
}

ReplicationInbox::Version ReplicationInbox::compare(std::uint64_t item, sim::TimeUs written_at,
                                                    int source) const {
    auto it = versions_.find(item);
    if (it == versions_.end() || it->second.written_at <= written_at) return Version::kOlder;
    return it->second.source == source ? Version::kSuperseded : Version::kConflict;
}

void ReplicationInbox::holds(std::uint64_t item, sim::TimeUs written_at, int source) {
    auto [it, fresh] = versions_.try_emplace(item, Held{written_at, source});
    if (!fresh && it->second.written_at <= written_at) it->second = {written_at, source};
}

sim::TimeUs ReplicationInbox::retry_delay(Slot slot, sim::Rng& rng) {
    const int a = std::min(++slots_[slot].attempts, 6);  // 100 ms · 2^5 = 3.2 s at most
    const auto ceiling = static_cast<double>(100 * sim::kMillisecond * (sim::TimeUs{1} << (a - 1)));
    return std::max<sim::TimeUs>(sim::kMillisecond,
                                 static_cast<sim::TimeUs>(sim::uniform01(rng) * ceiling));
}

bool ReplicationInbox::read(std::uint64_t item, sim::TimeUs now) {
    const bool stale = in_flight_.count(item) > 0;
    window_reads_.push_back({item, now, stale});
    return stale;
}

std::vector<sim::TimeUs> ReplicationInbox::stale_in_window(
    const std::unordered_map<std::uint64_t, sim::TimeUs>& foreign) {
    std::vector<sim::TimeUs> out;
    if (!foreign.empty()) {
        for (const Read& r : window_reads_) {
            if (r.stale) continue;
            auto it = foreign.find(r.item);
            if (it != foreign.end() && it->second <= r.at) out.push_back(r.at);
        }
    }
    window_reads_.clear();
    return out;
}

}  // namespace ddbsim::run
