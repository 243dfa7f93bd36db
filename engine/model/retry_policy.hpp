// RetryPolicy: how a client SDK retries throttled requests — exponential backoff with
// jitter, up to a number of attempts (docs/dynamodb-model.md "Throttling, errors, retries").
//
// Presets name the common SDK defaults. Their numbers come from the SDKs' documentation and code
// and are kept here as named, documented parameters so a user can check or override them:
//  - "aws-sdk-standard": the AWS SDKs' "standard" retry mode (SDK v3/boto3 standard): 3
//    attempts, full jitter on base 100 ms × 2^n, backoff capped at 20 s.
//  - "aws-sdk-legacy-dynamodb": the legacy DynamoDB default of older SDKs (Java v1, boto3
//    legacy): 10 retries (11 attempts), base 25 ms × 2^n, full jitter, capped at 20 s.
//  - "no-retry": a single attempt.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "sim/random.hpp"
#include "sim/time.hpp"

namespace ddbsim::model {

struct RetryPolicy {
    std::string name = "aws-sdk-standard";
    int max_attempts = 3;
    sim::TimeUs base_delay = 100 * sim::kMillisecond;
    sim::TimeUs max_backoff = 20 * sim::kSecond;
    bool full_jitter = true;  // delay uniform in [0, cap]; false: exactly the cap

    // The wait before attempt `attempt + 1`, after `attempt` attempts (attempt ≥ 1) failed.
    sim::TimeUs backoff(int attempt, sim::Rng& rng) const;

    static std::optional<RetryPolicy> preset(const std::string& name);
    static std::vector<std::string> preset_names();
};

}  // namespace ddbsim::model
