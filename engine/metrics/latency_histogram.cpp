#include "metrics/latency_histogram.hpp"

#include <bit>
#include <cmath>

namespace ddbsim::metrics {

sim::TimeUs LatencyHistogram::upper_edge(int bucket) {
    if (bucket < kSubBuckets) return bucket;
    const int octave = bucket / kSubBuckets + kSubBits - 1;
    const auto sub = static_cast<std::uint64_t>(bucket % kSubBuckets);
    return static_cast<sim::TimeUs>(
        ((static_cast<std::uint64_t>(kSubBuckets) + sub + 1) << (octave - kSubBits)) - 1);
}

void LatencyHistogram::merge(const LatencyHistogram& other, std::uint64_t times) {
    for (std::size_t i = 0; i < counts_.size(); ++i)
        counts_[i] += other.counts_[i] * times;
    count_ += other.count_ * times;
}

sim::TimeUs LatencyHistogram::percentile(double q) const {
    if (count_ == 0) return 0;
    const auto rank = static_cast<std::uint64_t>(std::ceil(q * static_cast<double>(count_)));
    std::uint64_t seen = 0;
    for (int b = 0; b < kBuckets; ++b) {
        seen += counts_[static_cast<std::size_t>(b)];
        if (seen >= rank && seen > 0) return upper_edge(b);
    }
    return upper_edge(kBuckets - 1);
}

}  // namespace ddbsim::metrics
