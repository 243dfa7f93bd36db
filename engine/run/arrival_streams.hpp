// ArrivalStreams: the request level's arrivals — one Poisson (or evenly spaced) process per
// operation stream (sim/arrivals.hpp) — and each stream's next arrival, kept beside the
// event queue instead of in it.
//
// An arrival is the most frequent event of a run (one per request) and each stream has
// exactly one pending at a time, so queueing it would cost a push and a pop per request.
// Instead each stream's next arrival holds the sequence number a push would have given it
// (EventQueue::take_sequence), and next() hands out whichever comes first of the queue's
// earliest event and the earliest arrival, by time and then sequence: the very order the
// queue gives the events it holds, so a run is the same event for event.
//
// Not thread-safe: one per simulation, beside its queue.
#pragma once

#include <cstdint>
#include <vector>

#include "run/run_result.hpp"
#include "sim/arrivals.hpp"
#include "sim/event_queue.hpp"

namespace ddbsim::run {

class ArrivalStreams {
  public:
    // One arrival process per stream of `config`, each with its own random stream.
    explicit ArrivalStreams(const SimulationConfig& config);

    // Draws stream `stream`'s next arrival strictly after `after` (none at or past the run's
    // end), numbered by `queue` as if pushed now.
    void schedule(std::size_t stream, sim::TimeUs after, sim::EventQueue& queue);

    // The earliest event of the queue and the streams' next arrivals; an arrival comes out as
    // an event of kind `arrival_kind` with a = its stream (which has none pending until
    // scheduled again). REQUIRES: some event in the queue (the caller's end of window).
    sim::Event next(sim::EventQueue& queue, std::uint32_t arrival_kind);

  private:
    struct Next {
        sim::TimeUs at = -1;  // -1: none before the run's end
        std::uint64_t sequence = 0;
    };
    void find_earliest();

    sim::TimeUs duration_;
    std::vector<sim::PoissonArrivals> processes_;
    std::vector<Next> next_;
    int earliest_ = -1;            // the stream whose next arrival comes first, or -1
    bool earliest_known_ = false;  // earliest_ is up to date (else found again by next())
};

}  // namespace ddbsim::run
