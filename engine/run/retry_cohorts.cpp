#include "run/retry_cohorts.hpp"

#include <algorithm>
#include <cmath>

namespace ddbsim::run {

RetryCohorts::RetryCohorts(const model::RetryPolicy& retry, sim::TimeUs step)
    : retry_(retry),
      step_(step),
      max_attempts_(std::clamp(retry.max_attempts, 1, kMaxAttempts)),
      window_(static_cast<std::size_t>(retry.max_backoff / step) + 2) {
    for (auto& side : cohorts_)
        side.assign(static_cast<std::size_t>(max_attempts_) + 1, std::vector<Cohort>(window_));
}

RetryCohorts::Cohort* RetryCohorts::due(int w, int attempt, int partitions) {
    if (attempt < 2 || attempt > max_attempts_) return nullptr;
    Cohort& c = cohorts_[static_cast<std::size_t>(w)][static_cast<std::size_t>(attempt)][slot_];
    return c.requests.size() == partitions ? &c : nullptr;
}

void RetryCohorts::schedule(int w, const Array& requests, const Array& halves, int failed_attempts,
                            model::RetryableError error, int partitions) {
    const int next = failed_attempts + 1;
    if (next > max_attempts_) return;
    const auto cap = static_cast<double>(retry_.backoff_cap(failed_attempts, error));
    const auto spread = static_cast<std::size_t>(std::clamp<double>(
        std::ceil(cap / static_cast<double>(step_)), 1, static_cast<double>(window_ - 1)));
    const double share = retry_.full_jitter ? 1.0 / static_cast<double>(spread) : 1.0;
    auto& slots = cohorts_[static_cast<std::size_t>(w)][static_cast<std::size_t>(next)];
    for (std::size_t k = retry_.full_jitter ? 1 : spread; k <= spread; ++k) {
        Cohort& c = slots[(slot_ + k) % window_];
        if (c.requests.size() != partitions) {
            c.requests = Array::Zero(partitions);
            c.halves = Array::Zero(partitions);
        }
        c.requests += requests * share;
        c.halves += halves * share;
    }
}

void RetryCohorts::clear_due(int w) {
    for (auto& slots : cohorts_[static_cast<std::size_t>(w)]) {
        slots[slot_].requests = Array();
        slots[slot_].halves = Array();
    }
}

}  // namespace ddbsim::run
