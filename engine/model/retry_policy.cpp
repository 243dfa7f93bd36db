#include "model/retry_policy.hpp"

#include <algorithm>

namespace ddbsim::model {

sim::TimeUs RetryPolicy::backoff_cap(int attempt, RetryableError error) const {
    const sim::TimeUs base =
        error == RetryableError::kServerError ? base_delay : throttle_base_delay;
    const int shift = std::clamp(attempt - 1, 0, 40);
    return static_cast<sim::TimeUs>(
        std::min(static_cast<double>(max_backoff),
                 static_cast<double>(base) * static_cast<double>(1ULL << shift)));
}

sim::TimeUs RetryPolicy::backoff(int attempt, RetryableError error, sim::Rng& rng) const {
    const sim::TimeUs cap = backoff_cap(attempt, error);
    return full_jitter ? static_cast<sim::TimeUs>(sim::uniform01(rng) * static_cast<double>(cap))
                       : cap;
}

std::optional<RetryPolicy> RetryPolicy::preset(const std::string& name) {
    constexpr sim::TimeUs ms = sim::kMillisecond, s = sim::kSecond;
    // {name, attempts, base, throttle base, cap, full jitter, retries RequestLimitExceeded}
    if (name == "boto3-legacy" || name == "aws-sdk-legacy-dynamodb")
        return RetryPolicy{"boto3-legacy", 10, 50 * ms, 50 * ms, 20 * s, false, false};
    if (name == "boto3-standard" || name == "aws-sdk-standard")
        return RetryPolicy{"boto3-standard", 3, 1 * s, 1 * s, 20 * s, true, true};
    if (name == "boto3-standard-2026")
        return RetryPolicy{name, 4, 25 * ms, 1 * s, 20 * s, true, true};
    if (name == "js-v3-standard") return RetryPolicy{name, 4, 25 * ms, 1 * s, 20 * s, true, true};
    if (name == "java-v2-standard") return RetryPolicy{name, 9, 25 * ms, 1 * s, 20 * s, true, true};
    if (name == "no-retry") return RetryPolicy{name, 1, 0, 0, 0, true, true};
    return std::nullopt;
}

std::vector<std::string> RetryPolicy::preset_names() {
    return {"boto3-legacy",   "boto3-standard",   "boto3-standard-2026",
            "js-v3-standard", "java-v2-standard", "no-retry"};
}

}  // namespace ddbsim::model
