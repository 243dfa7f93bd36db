#include "model/retry_policy.hpp"

#include <algorithm>

namespace ddbsim::model {

sim::TimeUs RetryPolicy::backoff(int attempt, sim::Rng& rng) const {
    const int shift = std::min(attempt - 1, 40);
    const double cap =
        std::min(static_cast<double>(max_backoff),
                 static_cast<double>(base_delay) * static_cast<double>(1ULL << shift));
    return static_cast<sim::TimeUs>(full_jitter ? sim::uniform01(rng) * cap : cap);
}

std::optional<RetryPolicy> RetryPolicy::preset(const std::string& name) {
    if (name == "aws-sdk-standard")
        return RetryPolicy{name, 3, 100 * sim::kMillisecond, 20 * sim::kSecond, true};
    if (name == "aws-sdk-legacy-dynamodb")
        return RetryPolicy{name, 11, 25 * sim::kMillisecond, 20 * sim::kSecond, true};
    if (name == "no-retry") return RetryPolicy{name, 1, 0, 0, true};
    return std::nullopt;
}

std::vector<std::string> RetryPolicy::preset_names() {
    return {"aws-sdk-standard", "aws-sdk-legacy-dynamodb", "no-retry"};
}

}  // namespace ddbsim::model
