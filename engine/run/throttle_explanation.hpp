// What throttled and why, from a run's own figures — for the desktop app's panel and any
// report: throttles by DynamoDB's ThrottlingReason with what each means here and the knob
// that would fix it, the partitions that ran at their hard limit, and the stream keys whose
// own traffic is more than one partition serves.
//
// Pure: reads the Outcome only.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "run/outcome.hpp"

namespace ddbsim::run {

struct ThrottleExplanation {
    struct Reason {
        std::string code;  // e.g. TableWriteKeyRangeThroughputExceeded
        std::int64_t events = 0;
        std::string why;  // in the run's numbers
        std::string fix;  // the knob that would fix it
    };
    std::vector<Reason> reasons;  // most events first
    struct HotPartition {
        int partition = 0;    // 1-based, as the heat map labels them
        int minutes = 0;      // minutes at ≥ 90 % of the hard limit
        double peak_use = 0;  // the busiest minute's share of the limit
    };
    std::vector<HotPartition> partitions;  // at most 10, most minutes first
    struct HotKey {
        std::string stream, key;
        double units_per_second = 0;  // at the stream's peak rate
        double limit = 0;             // what one partition serves for it
        int shards_needed = 0;        // write shards that would bring each under the limit
    };
    std::vector<HotKey> keys;  // keys above one partition's limit
    std::int64_t total_events = 0;
};

ThrottleExplanation explain_throttles(const Outcome& outcome);

}  // namespace ddbsim::run
