// LatencyHistogram: log-linear buckets (16 per doubling) for request latencies in
// microseconds, exact counts, percentiles within 6.25 % of the true value (the upper edge of
// the bucket holding it) — enough for SuccessfulRequestLatency p50/p90/p99 without keeping
// every sample, and for the fidelities' 10 % agreement to be decided by the models rather
// than by a bucket edge.
#pragma once

#include <array>
#include <bit>
#include <cstdint>

#include "sim/time.hpp"

namespace ddbsim::metrics {

class LatencyHistogram {
  public:
    void add(sim::TimeUs latency_us, std::uint64_t count = 1) {  // inline: once a request
        counts_[static_cast<std::size_t>(bucket_of(latency_us))] += count;
        count_ += count;
    }
    // Adds every count of `other`, `times` times over.
    void merge(const LatencyHistogram& other, std::uint64_t times = 1);
    std::uint64_t count() const { return count_; }
    // The latency at quantile q (0 < q ≤ 1): the upper edge of the bucket holding it; 0 if
    // empty.
    sim::TimeUs percentile(double q) const;
    void clear() { *this = LatencyHistogram{}; }

  private:
    static constexpr int kSubBits = 4;
    static constexpr int kSubBuckets = 1 << kSubBits;  // per doubling
    static constexpr int kBuckets = 48 * kSubBuckets;
    static int bucket_of(sim::TimeUs v) {
        if (v < kSubBuckets) return static_cast<int>(v < 0 ? 0 : v);
        const auto u = static_cast<std::uint64_t>(v);
        const int octave = 63 - std::countl_zero(u);  // floor(log2 v) ≥ kSubBits
        // The kSubBits bits after the leading one pick the sub-bucket.
        const int sub = static_cast<int>((u >> (octave - kSubBits)) & (kSubBuckets - 1));
        const int b = (octave - kSubBits + 1) * kSubBuckets + sub;
        return b < kBuckets ? b : kBuckets - 1;
    }
    static sim::TimeUs upper_edge(int bucket);
    std::array<std::uint64_t, kBuckets> counts_{};
    std::uint64_t count_ = 0;
};

}  // namespace ddbsim::metrics
