// StepOutcomes: what the aggregate fidelity's steps came to, as the recorder counts it. A
// step's requests are expected values (fractional); the recorder's series count whole
// requests and events, so each count carries its fraction to the next step, and the run's
// totals are the exact sums. Successes go on to the latency model by attempt number
// (run/aggregate_latency.hpp).
//
// Thread safety: none; one belongs to one run.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>

#include "metrics/recorder.hpp"
#include "model/throttle_reason.hpp"
#include "run/aggregate_latency.hpp"

namespace ddbsim::run {

// What one step's requests on one side came to (requests, fractional).
struct StepOutcome {
    double succeeded = 0, ended_after_throttle = 0, gave_up = 0;
    std::array<double, model::kThrottleReasonCount> throttled_by_reason{};
    std::array<double, 64> succeeded_by_attempt{};  // [attempt], for latency
    double system_errors = 0;                       // attempts failed by a service fault
    double failed_by_errors = 0;  // requests whose last attempt failed by a service fault
};

class StepOutcomes {
  public:
    StepOutcomes(const workload::LatencyModel& latency, const model::RetryPolicy& retry,
                 std::uint64_t seed)
        : latency_(latency, retry, seed),
          attempts_tracked_(static_cast<std::size_t>(std::clamp(retry.max_attempts, 1, 63))) {}

    // Records side `w`'s step starting at `t` in `metrics`, in whole counts.
    void record(int w, sim::TimeUs t, const StepOutcome& o, metrics::Recorder& metrics);
    // Hands the open minute's latencies to `metrics` (before it closes the minute).
    void flush_latency(metrics::Recorder& metrics) { latency_.flush(metrics); }
    void add_attempts(double n) { attempts_ += n; }

    double attempts() const { return attempts_; }
    double throttled() const { return throttled_; }
    double ended() const { return ended_; }
    double gave_up() const { return gave_up_; }

  private:
    AggregateLatency latency_;
    std::size_t attempts_tracked_;  // attempt numbers a success can have
    std::array<double, model::kThrottleReasonCount> event_carry_{};
    std::array<double, 3> outcome_carry_{};  // succeeded, throttled, gave up
    double system_error_carry_ = 0;
    double attempts_ = 0, throttled_ = 0, ended_ = 0, gave_up_ = 0;
};

}  // namespace ddbsim::run
