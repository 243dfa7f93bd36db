#include "run/step_outcomes.hpp"

namespace ddbsim::run {

void StepOutcomes::record(int w, sim::TimeUs t, const StepOutcome& o, metrics::Recorder& metrics) {
    for (std::size_t a = 1; a <= attempts_tracked_; ++a)
        latency_.succeeded(w == 1, static_cast<int>(a), o.succeeded_by_attempt[a]);
    if (o.system_errors > 0) {
        system_error_carry_ += o.system_errors;
        const auto whole = static_cast<std::int64_t>(system_error_carry_);
        system_error_carry_ -= static_cast<double>(whole);
        metrics.system_errors(t, whole);
    }
    for (int i = 0; i < model::kThrottleReasonCount; ++i) {
        const double n = o.throttled_by_reason[static_cast<std::size_t>(i)];
        if (n <= 0) continue;
        throttled_ += n;
        auto& carry = event_carry_[static_cast<std::size_t>(i)];
        carry += n;
        const auto whole = static_cast<std::int64_t>(carry);
        carry -= static_cast<double>(whole);
        if (whole > 0) metrics.throttles(t, model::ThrottleReason::from_index(i), whole);
    }
    ended_ += o.succeeded + o.gave_up + o.failed_by_errors;
    gave_up_ += o.gave_up + o.failed_by_errors;
    outcome_carry_[0] += o.succeeded;
    outcome_carry_[1] += o.ended_after_throttle + o.gave_up;
    outcome_carry_[2] += o.gave_up + o.failed_by_errors;
    std::array<std::int64_t, 3> whole{};
    for (std::size_t k = 0; k < 3; ++k) {
        whole[k] = static_cast<std::int64_t>(outcome_carry_[k]);
        outcome_carry_[k] -= static_cast<double>(whole[k]);
    }
    metrics.requests_ended(t, whole[0], whole[1], whole[2]);
}

}  // namespace ddbsim::run
