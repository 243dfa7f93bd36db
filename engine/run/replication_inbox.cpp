#include "run/replication_inbox.hpp"

#include <algorithm>

namespace ddbsim::run {

ReplicationInbox::Slot ReplicationInbox::deliver(ReplicatedWrite write, sim::TimeUs arrives) {
    ++in_flight_[write.item];
    ++backlog_;
    Entry e{std::move(write), arrives};
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

bool ReplicationInbox::newer_here(std::uint64_t item, sim::TimeUs written_at) const {
    auto it = versions_.find(item);
    return it != versions_.end() && it->second > written_at;
}

void ReplicationInbox::holds(std::uint64_t item, sim::TimeUs written_at) {
    auto& v = versions_[item];
    v = std::max(v, written_at);
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
