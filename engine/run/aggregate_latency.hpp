// AggregateLatency: client-observed request latency at the aggregate fidelity, where no
// request is an event of its own.
//
// A request that succeeds on attempt a waited a − 1 client backoffs and then one service
// time: the same composition the request level simulates (a throttled attempt answers at
// once; docs/dynamodb-model.md "Latency"). For each side (reads, writes) and attempt number
// the class draws a fixed set of such latencies once — the service time from the scenario's
// lognormal at stratified quantiles, each backoff from the retry policy at stratified
// quantiles, the strata paired at random (Latin hypercube) — and hands each minute's
// successes to the recorder spread over that set, whole requests, in a shuffled order that
// carries over between minutes. The backoffs are those after throttles (the policy's
// throttling base); a retry after a service fault waits by the other base, a difference the
// model leaves out.
//
// Thread safety: none; one belongs to one run.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "metrics/recorder.hpp"
#include "sim/random.hpp"
#include "workload/scenario.hpp"

namespace ddbsim::run {

class AggregateLatency {
  public:
    static constexpr int kSamples = 512;  // latencies drawn per side and attempt number
    static constexpr int kMaxAttempts = 63;

    AggregateLatency(const workload::LatencyModel& latency, const model::RetryPolicy& retry,
                     std::uint64_t seed);

    // `count` requests (fractional: the fidelity's expected values) of one side succeeded on
    // attempt `attempt` (1 = the first) in the open minute.
    void succeeded(bool write, int attempt, double count);
    // Gives the open minute's latencies to `recorder`, before it closes the minute.
    void flush(metrics::Recorder& recorder);

  private:
    struct Level {
        std::vector<sim::TimeUs> samples;    // kSamples latencies, shuffled
        metrics::LatencyHistogram all_once;  // every sample once
        double pending = 0;                  // successes of the open minute
        double carry = 0;                    // the fraction of a request not yet handed on
        std::size_t cursor = 0;              // where the next remainder starts in `samples`
    };
    Level& level(bool write, int attempt);

    workload::LatencyModel latency_;
    model::RetryPolicy retry_;
    sim::Rng rng_;
    std::array<std::vector<Level>, 2> levels_;  // [side][attempt − 1], drawn on first use
};

}  // namespace ddbsim::run
