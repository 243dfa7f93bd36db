#include "sim/event_queue.hpp"

#include <algorithm>
#include <bit>

namespace ddbsim::sim {

void EventQueue::place(const Entry& e) {
    if (e.key == last_) {
        now_.push_back(e);
        return;
    }
    const int level = (63 - std::countl_zero(e.key ^ last_)) / kDigitBits;
    const int digit = static_cast<int>(e.key >> (level * kDigitBits)) & (kDigits - 1);
    buckets_[static_cast<std::size_t>(level * kDigits + digit)].push_back(e);
    digits_in_use_[static_cast<std::size_t>(level)] |= std::uint64_t{1} << digit;
    levels_in_use_ |= static_cast<std::uint16_t>(1u << level);
}

void EventQueue::push(TimeUs at, std::uint32_t kind, std::uint64_t a, std::uint64_t b) {
    std::uint32_t slot;
    if (!free_slots_.empty()) {
        slot = free_slots_.back();
        free_slots_.pop_back();
        slab_[slot] = Payload{next_sequence_++, a, b, kind};
    } else {
        slot = static_cast<std::uint32_t>(slab_.size());
        slab_.push_back(Payload{next_sequence_++, a, b, kind});
    }
    const Entry e{std::max(key_of(at), last_), slot};
    place(e);
    // Later sequence: it is the earliest only if strictly earlier.
    if (earliest_.known && e.key < earliest_.key) earliest_ = {e.key, next_sequence_ - 1, true};
}

EventQueue::Entry EventQueue::take_earliest() {
    const auto [level, digit] = lowest_bucket();
    auto& digits = digits_in_use_[static_cast<std::size_t>(level)];
    std::vector<Entry>& from = buckets_[static_cast<std::size_t>(level * kDigits + digit)];
    digits &= ~(std::uint64_t{1} << digit);
    if (digits == 0) levels_in_use_ &= static_cast<std::uint16_t>(~(1u << level));
    if (from.size() == 1) {  // the common case at a steady population: nothing to split
        const Entry e = from.front();
        from.clear();
        last_ = e.key;
        return e;
    }
    last_ = std::min_element(from.begin(), from.end(), [](const Entry& x, const Entry& y) {
                return x.key < y.key;
            })->key;
    // They agree with the new minimum down to digit `level`, so each lands in the now list
    // or a lower level, appended in the order they had: equal times keep scheduling order.
    now_.clear();
    head_ = 0;
    for (const Entry& e : from)
        place(e);
    from.clear();
    return now_[head_++];
}

bool EventQueue::before(TimeUs at, std::uint64_t sequence) const {
    const std::uint64_t key = key_of(at);
    if (earliest_.known)
        return earliest_.key < key || (earliest_.key == key && earliest_.sequence < sequence);
    const Entry* first = nullptr;
    if (head_ < now_.size()) {
        first = &now_[head_];
    } else if (levels_in_use_ != 0) {
        // The lowest bucket holds the earliest events; take_earliest would put its first
        // entry of the least time first.
        const auto [level, digit] = lowest_bucket();
        const std::vector<Entry>& lowest =
            buckets_[static_cast<std::size_t>(level * kDigits + digit)];
        first = &*std::min_element(lowest.begin(), lowest.end(),
                                   [](const Entry& x, const Entry& y) { return x.key < y.key; });
    } else {
        return false;
    }
    earliest_ = {first->key, slab_[first->slot].sequence, true};
    return first->key < key || (first->key == key && earliest_.sequence < sequence);
}

Event EventQueue::pop() {
    earliest_.known = false;
    const Entry e = head_ < now_.size() ? now_[head_++] : take_earliest();
    const Payload& p = slab_[e.slot];
    free_slots_.push_back(e.slot);
    return Event{static_cast<TimeUs>(e.key ^ (std::uint64_t{1} << 63)), p.sequence, p.kind, p.a,
                 p.b};
}

}  // namespace ddbsim::sim
