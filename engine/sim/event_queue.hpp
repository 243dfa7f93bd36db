// EventQueue: the discrete-event kernel's agenda.
//
// Events are plain values — a time, a kind and two payload words — ordered by time and, for
// simultaneous events, by the order they were scheduled (a sequence number), so a run never
// depends on queue internals (FoundationDB-style determinism). No callbacks: the simulator
// dispatches on `kind`, which keeps the hot loop free of allocation and indirection.
//
// The queue is a radix heap (Ahuja, Mehlhorn, Orlin and Tarjan, "Faster algorithms for the
// shortest path problem", J. ACM 37(2), 1990) with 64-way digits: a simulation never
// schedules an event before the one it is handling, and for such monotone queues a radix
// heap does less work than a binary heap. Times are compared with `last_`, the last popped
// time, six bits (a digit) at a time: an event whose time equals `last_` waits in the
// "now" list, in scheduling order; any other waits in bucket (L, d), L the highest digit
// where its time differs from `last_` and d its own digit there. A pop takes the now list's
// front; when that is empty, the lowest non-empty bucket (lowest L, then lowest d) holds
// the earliest events: its minimum becomes `last_` and its events move to the now list or
// to buckets below L. So an event moves at most 11 times (4 for a delay under 2^24 µs, about
// 17 s) and a pop touches no more than one bucket; a level's 64 buckets are one machine word
// of flags. (16-way digits, one more move per event, held 1,000 events at 1.87× the speed of
// std::priority_queue; 64-way digits at 2.28×, bench_simulation BM_EventQueueHold.) Events of equal
// time always share a bucket and move in the order they arrived, so ties come out in sequence order
// — as with the binary heap this replaced (tests/sim/kernel_test.cpp checks it against a reference
// heap).
//
// The buckets hold 16-byte entries (time, slot); the payload waits in a slab, so moves copy
// little memory. Not thread-safe: one simulation, one queue.
#pragma once

#include <array>
#include <bit>
#include <cstdint>
#include <utility>
#include <vector>

#include "sim/time.hpp"

namespace ddbsim::sim {

struct Event {
    TimeUs at = 0;
    std::uint64_t sequence = 0;  // assigned by the queue
    std::uint32_t kind = 0;
    std::uint64_t a = 0;
    std::uint64_t b = 0;
};

class EventQueue {
  public:
    // Schedules an event; REQUIRES: at >= the time of the last event popped (a simulation
    // schedules nothing in its past). Earlier times are scheduled at that time instead.
    void push(TimeUs at, std::uint32_t kind, std::uint64_t a = 0, std::uint64_t b = 0);
    bool empty() const { return size() == 0; }
    std::size_t size() const { return slab_.size() - free_slots_.size(); }  // slots in use
    // The earliest event (the first scheduled of equal times). REQUIRES: !empty().
    Event pop();

    // Events the caller keeps beside the queue (the request level's next arrival of each
    // stream: one pending per stream, taken and replaced at a high rate) merge with it by
    // time and sequence, ordered exactly as if they had been pushed: take_sequence() gives
    // such an event the number a push would have, and before() says whether the queue's
    // earliest event comes first. Neither moves anything, so the caller may still schedule
    // events at any time from the one it handles on.
    std::uint64_t take_sequence() { return next_sequence_++; }
    // Whether some queued event comes before (at, sequence) in that order.
    bool before(TimeUs at, std::uint64_t sequence) const;

  private:
    struct Entry {
        std::uint64_t key;  // the time, order-preserving as unsigned
        std::uint32_t slot;
    };
    struct Payload {
        std::uint64_t sequence;
        std::uint64_t a, b;
        std::uint32_t kind;
    };
    static std::uint64_t key_of(TimeUs at) {
        return static_cast<std::uint64_t>(at) ^ (std::uint64_t{1} << 63);
    }
    void place(const Entry& e);  // into the now list or its bucket, relative to last_
    Entry take_earliest();       // the now list is empty: split the lowest bucket, pop its first
    // The lowest non-empty bucket's level and digit: it holds the earliest events (the now
    // list aside). REQUIRES: levels_in_use_ != 0.
    std::pair<int, int> lowest_bucket() const {
        const int level = std::countr_zero(levels_in_use_);
        return {level, std::countr_zero(digits_in_use_[static_cast<std::size_t>(level)])};
    }

    static constexpr int kDigitBits = 6, kDigits = 1 << kDigitBits;
    static constexpr int kLevels = (64 + kDigitBits - 1) / kDigitBits;
    std::vector<Entry> now_;                                     // time == last_, in order
    std::size_t head_ = 0;                                       // now_'s next entry
    std::array<std::vector<Entry>, kLevels * kDigits> buckets_;  // [level * kDigits + digit]
    std::array<std::uint64_t, kLevels> digits_in_use_{};         // bit d: bucket (L, d) not empty
    std::uint16_t levels_in_use_ = 0;                            // bit L: some bucket (L, ·)
    std::uint64_t last_ = 0;                                     // key of the last popped event
    std::vector<Payload> slab_;
    std::vector<std::uint32_t> free_slots_;
    std::uint64_t next_sequence_ = 0;
    // The earliest event's (key, sequence), kept for before() from one pop to the next: a
    // push can only replace it, so it is searched for again only after a pop.
    struct Earliest {
        std::uint64_t key = 0, sequence = 0;
        bool known = false;
    };
    mutable Earliest earliest_;
};

}  // namespace ddbsim::sim
