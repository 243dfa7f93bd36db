// SizeDistribution: the sizes of the items a stream writes (issue 6, item generators) —
// fixed, uniform, normal, lognormal or an empirical histogram. Each logical key gets its
// size from a hash of the key, so an item keeps its size across writes and both fidelities
// (and the cost calibration) see the same items. Sizes are clamped to [1 byte, 400 KB].
#pragma once

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace ddbsim::workload {

struct SizeDistribution {
    enum class Kind { kFixed, kUniform, kNormal, kLognormal, kHistogram };
    Kind kind = Kind::kFixed;
    double a = 1024;  // fixed: the size; uniform: min; normal: mean; lognormal: median
    double b = 0;     // uniform: max; normal: standard deviation; lognormal: sigma (of ln size)
    // histogram: (size, weight) buckets; a draw picks a bucket by weight (its size exactly).
    std::vector<std::pair<double, double>> histogram;

    static constexpr double kMaxItemBytes = 400 * 1024;  // DynamoDB's item size limit

    static SizeDistribution fixed(double bytes) { return {Kind::kFixed, bytes, 0, {}}; }
    // The size for one logical key (deterministic in key and salt).
    std::size_t bytes_for(std::uint64_t key, std::uint64_t salt) const;
    // The mean size (for data-growth estimates and the initial data size).
    double mean() const;
};

}  // namespace ddbsim::workload
