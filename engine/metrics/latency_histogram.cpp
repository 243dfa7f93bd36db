#include "metrics/latency_histogram.hpp"

#include <bit>
#include <cmath>

namespace ddbsim::metrics {

int LatencyHistogram::bucket_of(sim::TimeUs v) {
    if (v < kSubBuckets) return static_cast<int>(v < 0 ? 0 : v);
    const auto u = static_cast<std::uint64_t>(v);
    const int octave = 63 - std::countl_zero(u);  // floor(log2 v) ≥ kSubBits
    // The kSubBits bits after the leading one pick the sub-bucket.
    const int sub = static_cast<int>((u >> (octave - kSubBits)) & (kSubBuckets - 1));
    const int b = (octave - kSubBits + 1) * kSubBuckets + sub;
    return b < kBuckets ? b : kBuckets - 1;
}

sim::TimeUs LatencyHistogram::upper_edge(int bucket) {
    if (bucket < kSubBuckets) return bucket;
    const int octave = bucket / kSubBuckets + kSubBits - 1;
    const auto sub = static_cast<std::uint64_t>(bucket % kSubBuckets);
    return static_cast<sim::TimeUs>(
        ((static_cast<std::uint64_t>(kSubBuckets) + sub + 1) << (octave - kSubBits)) - 1);
}

void LatencyHistogram::add(sim::TimeUs latency_us, std::uint64_t count) {
    counts_[static_cast<std::size_t>(bucket_of(latency_us))] += count;
    count_ += count;
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
