// RetryPolicy: how a client SDK retries failed requests — exponential backoff, with or
// without jitter, up to a number of attempts, and which errors it retries at all
// (docs/dynamodb-model.md "Throttling, errors, retries").
//
// Presets are the SDKs' DynamoDB defaults as they ship today, each read from the SDK's own
// code (docs/dynamodb-model.md "SDK retry presets" has the files and versions):
//  - "boto3-legacy": botocore's default mode; for DynamoDB 10 attempts, 50 ms × 2^(n−1) with
//    no jitter, and RequestLimitExceeded is not retried (botocore data/_retry.json).
//  - "boto3-standard": botocore's standard mode: 3 attempts, rand × min(2^(n−1) s, 20 s).
//  - "boto3-standard-2026": botocore standard with AWS_NEW_RETRIES_2026: 4 attempts for
//    DynamoDB, base 1 s for throttles and 25 ms for other errors, cap 20 s.
//  - "js-v3-standard": @aws-sdk/client-dynamodb 3.1169 (@smithy/core retries): 4 attempts,
//    base 25 ms, 1 s for throttles, full jitter, cap 20 s.
//  - "java-v2-standard": the Java v2 SDK's DynamoDB client in standard mode: 9 attempts,
//    base 25 ms, 1 s for throttles, full jitter, cap 20 s.
//  - "no-retry": a single attempt.
// The names of round 1 stay as aliases: "aws-sdk-standard" is boto3-standard and
// "aws-sdk-legacy-dynamodb" is boto3-legacy.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/throttle_reason.hpp"
#include "sim/random.hpp"
#include "sim/time.hpp"

namespace ddbsim::model {

// What an attempt failed with, as far as a client's retry rules tell errors apart.
enum class RetryableError {
    kThrottle,      // ProvisionedThroughputExceededException, ThrottlingException
    kRequestLimit,  // RequestLimitExceeded (an account or table quota: AccountLimitExceeded)
    kServerError,   // InternalServerError (HTTP 500)
};

// A throttle's error for the client: RequestLimitExceeded for an account or table quota
// (AccountLimitExceeded), else a throttling error.
inline RetryableError retryable_error(const ThrottleReason& reason) {
    return reason.kind == ThrottleKind::kAccountLimitExceeded ? RetryableError::kRequestLimit
                                                              : RetryableError::kThrottle;
}

struct RetryPolicy {
    std::string name = "boto3-standard";
    int max_attempts = 3;
    sim::TimeUs base_delay = sim::kSecond;           // errors other than throttles
    sim::TimeUs throttle_base_delay = sim::kSecond;  // throttles and RequestLimitExceeded
    sim::TimeUs max_backoff = 20 * sim::kSecond;
    bool full_jitter = true;  // delay uniform in [0, cap]; false: exactly the cap
    bool retries_request_limit = true;

    // Whether an attempt that failed with `error` is retried at all (attempts permitting).
    bool retries(RetryableError error) const {
        return error != RetryableError::kRequestLimit || retries_request_limit;
    }
    // The largest wait before attempt `attempt + 1`, after `attempt` attempts (≥ 1) failed:
    // min(max_backoff, base × 2^(attempt − 1)), the base by the kind of error.
    sim::TimeUs backoff_cap(int attempt, RetryableError error) const;
    // The wait itself: uniform over [0, cap] with full jitter, else the cap.
    sim::TimeUs backoff(int attempt, RetryableError error, sim::Rng& rng) const;

    // A preset by name (aliases included).
    static std::optional<RetryPolicy> preset(const std::string& name);
    // The presets' own names, without the aliases.
    static std::vector<std::string> preset_names();
};

}  // namespace ddbsim::model
