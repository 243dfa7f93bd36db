#include "sim/event_queue.hpp"

#include <algorithm>

namespace ddbsim::sim {

void EventQueue::push(TimeUs at, std::uint32_t kind, std::uint64_t a, std::uint64_t b) {
    heap_.push_back(Event{at, next_sequence_++, kind, a, b});
    std::push_heap(heap_.begin(), heap_.end(), later);
}

Event EventQueue::pop() {
    std::pop_heap(heap_.begin(), heap_.end(), later);
    Event e = heap_.back();
    heap_.pop_back();
    return e;
}

}  // namespace ddbsim::sim
