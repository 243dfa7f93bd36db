// EventQueue: the discrete-event kernel's agenda.
//
// Events are plain values — a time, a kind and two payload words — ordered by time and, for
// simultaneous events, by the order they were scheduled (a sequence number), so a run never
// depends on heap internals (FoundationDB-style determinism). No callbacks: the simulator
// dispatches on `kind`, which keeps the hot loop free of allocation and indirection.
#pragma once

#include <cstdint>
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
    // Schedules an event; REQUIRES: at >= the time of the last event popped.
    void push(TimeUs at, std::uint32_t kind, std::uint64_t a = 0, std::uint64_t b = 0);
    bool empty() const { return heap_.empty(); }
    std::size_t size() const { return heap_.size(); }
    const Event& top() const { return heap_.front(); }
    Event pop();

  private:
    static bool later(const Event& x, const Event& y) {
        return x.at != y.at ? x.at > y.at : x.sequence > y.sequence;
    }
    std::vector<Event> heap_;
    std::uint64_t next_sequence_ = 0;
};

}  // namespace ddbsim::sim
