#include "run/aggregate_latency.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace ddbsim::run {
namespace {

// The standard normal quantile at p (0 < p < 1), by bisection on erfc: exact to 1e-12,
// portable, and run only when a level's samples are drawn.
double normal_quantile(double p) {
    double lo = -40, hi = 40;
    for (int i = 0; i < 100; ++i) {
        const double mid = (lo + hi) / 2;
        if (0.5 * std::erfc(-mid / std::sqrt(2.0)) < p)
            lo = mid;
        else
            hi = mid;
    }
    return (lo + hi) / 2;
}

// A uniformly random permutation of 0..n−1 (Fisher–Yates on the portable uniform source).
std::vector<std::size_t> permutation(std::size_t n, sim::Rng& rng) {
    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), std::size_t{0});
    for (std::size_t i = n; i > 1; --i) {
        const auto j = static_cast<std::size_t>(sim::uniform01(rng) * static_cast<double>(i));
        std::swap(order[i - 1], order[std::min(j, i - 1)]);
    }
    return order;
}

}  // namespace

AggregateLatency::AggregateLatency(const workload::LatencyModel& latency,
                                   const model::RetryPolicy& retry, std::uint64_t seed)
    : latency_(latency), retry_(retry), rng_(sim::make_stream(seed, "aggregate/latency")) {}

AggregateLatency::Level& AggregateLatency::level(bool write, int attempt) {
    auto& levels = levels_[write ? 1 : 0];
    const auto a = static_cast<std::size_t>(std::clamp(attempt, 1, kMaxAttempts));
    if (levels.size() < a) levels.resize(a);
    Level& l = levels[a - 1];
    if (!l.samples.empty()) return l;
    // Stratum j of each component holds quantile (j + ½) / n; each component's strata are
    // paired with the others' by an independent permutation.
    constexpr auto n = static_cast<std::size_t>(kSamples);
    const auto q = [](std::size_t j) { return (static_cast<double>(j) + 0.5) / n; };
    std::vector<sim::TimeUs> total(n, 0);
    const auto service_order = permutation(n, rng_);
    for (std::size_t j = 0; j < n; ++j)
        total[j] = latency_.service_time(write, normal_quantile(q(service_order[j])));
    for (int k = 1; k < attempt; ++k) {
        const auto order = permutation(n, rng_);
        const sim::TimeUs cap = retry_.backoff_cap(k, model::RetryableError::kThrottle);
        for (std::size_t j = 0; j < n; ++j) {
            const double wait = retry_.full_jitter ? q(order[j]) * static_cast<double>(cap)
                                                   : static_cast<double>(cap);
            total[j] += static_cast<sim::TimeUs>(wait);
        }
    }
    // Handed on in a random order, so a minute's few requests are a random subset.
    const auto order = permutation(n, rng_);
    l.samples.resize(n);
    for (std::size_t j = 0; j < n; ++j) {
        l.samples[j] = total[order[j]];
        l.all_once.add(l.samples[j]);
    }
    return l;
}

void AggregateLatency::succeeded(bool write, int attempt, double count) {
    if (count > 0) level(write, attempt).pending += count;
}

void AggregateLatency::flush(metrics::Recorder& recorder) {
    constexpr auto n = static_cast<std::uint64_t>(kSamples);
    for (auto& levels : levels_) {
        for (Level& l : levels) {
            if (l.pending <= 0) continue;
            l.carry += l.pending;
            l.pending = 0;
            const auto whole = static_cast<std::uint64_t>(l.carry);
            l.carry -= static_cast<double>(whole);
            // Every sample whole/n times, then the remainder from the cursor on.
            if (whole >= n) recorder.latencies(l.all_once, whole / n);
            for (std::uint64_t i = 0; i < whole % n; ++i) {
                recorder.latencies(l.samples[l.cursor], 1);
                l.cursor = (l.cursor + 1) % l.samples.size();
            }
        }
    }
}

}  // namespace ddbsim::run
