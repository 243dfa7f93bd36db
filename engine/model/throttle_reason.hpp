// Why a request was throttled: DynamoDB's 16 ThrottlingReason codes, {Table, Index} ×
// {Read, Write} × {ProvisionedThroughputExceeded, AccountLimitExceeded,
// KeyRangeThroughputExceeded, MaxOnDemandThroughputExceeded} (docs/dynamodb-model.md "Throttling,
// errors, retries, metrics"; API Reference: ThrottlingReason). E.g. a hot partition is
// TableWriteKeyRangeThroughputExceeded, a starved GSI IndexWriteProvisionedThroughputExceeded.
#pragma once

#include <cstdint>
#include <string>

namespace ddbsim::model {

enum class ThrottleScope : std::uint8_t { kTable, kIndex };
enum class ThrottleKind : std::uint8_t {
    kProvisionedThroughputExceeded,
    kAccountLimitExceeded,
    kKeyRangeThroughputExceeded,
    kMaxOnDemandThroughputExceeded,
};

struct ThrottleReason {
    ThrottleScope scope = ThrottleScope::kTable;
    bool write = false;
    ThrottleKind kind = ThrottleKind::kProvisionedThroughputExceeded;

    // 0..15, for per-reason counters.
    int index() const {
        return (scope == ThrottleScope::kIndex ? 8 : 0) + (write ? 4 : 0) + static_cast<int>(kind);
    }
    static ThrottleReason from_index(int i);
    // DynamoDB's code, e.g. "TableWriteKeyRangeThroughputExceeded".
    std::string code() const;
    friend bool operator==(const ThrottleReason&, const ThrottleReason&) = default;
};

inline constexpr int kThrottleReasonCount = 16;

}  // namespace ddbsim::model
