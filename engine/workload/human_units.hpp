// Human units for sizes, rates and durations, as users write them in scenarios and on the
// command line: "7KB", "1.5KB", "400B", "2MB"; "10", "60/min", "3600/h"; "90s", "7d".
//
// Sizes use binary multiples as DynamoDB does (1 KB = 1024 bytes, docs/dynamodb-model.md
// "Capacity units"); a fractional byte count is rounded up to the next whole byte. Rates are
// kept as exact fractions of events per second so that "60/min" is exactly 1/s.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/result.hpp"

namespace ddbsim::workload {

// Bytes for "N", "NB", "NKB", "NMB", "NGB" (case-insensitive units, N may have a fraction).
Result<std::uint64_t> parse_size(std::string_view text);

// An exact rate: numerator / denominator events per second.
struct Rate {
    std::uint64_t numerator = 0;
    std::uint64_t denominator = 1;
    double per_second() const {
        return static_cast<double>(numerator) / static_cast<double>(denominator);
    }
};

// "N", "N/s", "N/min", "N/h", "N/d", or N over a duration: "4000000/30d" (N may have a
// fraction).
Result<Rate> parse_rate(std::string_view text);

// Microseconds for "N" (seconds), "Nus", "Nms", "Ns", "Nm"/"Nmin", "Nh", "Nd", "Nw".
Result<std::int64_t> parse_duration_us(std::string_view text);

}  // namespace ddbsim::workload
