// RetryCohorts: the aggregate fidelity's requests waiting to retry. A cohort is the
// requests (and their half units) of one side, one attempt number and one future step, per
// partition; a failed share of a step is spread over the steps of the client's backoff
// (model/retry_policy.hpp): evenly up to the cap with full jitter, all at the cap without.
// A ring of steps as long as the longest backoff holds them.
//
// Thread safety: none; one belongs to one run.
#pragma once

#include <array>
#include <cstddef>
#include <vector>

#include <Eigen/Core>

#include "model/retry_policy.hpp"
#include "sim/time.hpp"

namespace ddbsim::run {

class RetryCohorts {
  public:
    using Array = Eigen::ArrayXd;
    struct Cohort {
        Array requests;
        Array halves;
    };
    static constexpr int kMaxAttempts = 63;  // attempt numbers tracked

    RetryCohorts(const model::RetryPolicy& retry, sim::TimeUs step);

    // The client's attempts, within 1..kMaxAttempts.
    int max_attempts() const { return max_attempts_; }
    // Side `w`'s cohort of attempt `attempt` (≥ 2) due this step, or null when there is none
    // for `partitions` partitions.
    Cohort* due(int w, int attempt, int partitions);
    // Spreads `requests` that failed their attempt `failed_attempts` with `error` over the
    // steps of the backoff, as attempt `failed_attempts + 1`.
    void schedule(int w, const Array& requests, const Array& halves, int failed_attempts,
                  model::RetryableError error, int partitions);
    // Forgets side `w`'s cohorts due this step (they have been served).
    void clear_due(int w);
    // Moves on to the next step.
    void next_step() { slot_ = (slot_ + 1) % window_; }
    // Calls f(array) on every cohort's requests and halves (e.g. to follow a split).
    template <class F>
    void for_each(F f) {
        for (auto& side : cohorts_)
            for (auto& slots : side)
                for (auto& c : slots) {
                    if (c.requests.size() == 0) continue;
                    f(c.requests);
                    f(c.halves);
                }
    }

  private:
    model::RetryPolicy retry_;
    sim::TimeUs step_;
    int max_attempts_;
    std::size_t window_;
    std::size_t slot_ = 0;
    std::array<std::vector<std::vector<Cohort>>, 2> cohorts_;  // [side][attempt][slot]
};

}  // namespace ddbsim::run
