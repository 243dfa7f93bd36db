// LatencyHistogram against the exact percentiles of the same samples.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <vector>

#include "metrics/latency_histogram.hpp"
#include "sim/random.hpp"

using ddbsim::metrics::LatencyHistogram;

TEST_CASE("latency percentiles are within 6.25 % above the exact ones", "[metrics]") {
    for (std::uint64_t seed = 1; seed <= 20; ++seed) {
        auto rng = ddbsim::sim::make_stream(seed, "latency-test");
        // Latencies spread over six decades: 1 µs to about 1,000 s.
        std::vector<ddbsim::sim::TimeUs> samples;
        LatencyHistogram h;
        const int n = 1 + static_cast<int>(rng() % 5000);
        for (int i = 0; i < n; ++i) {
            const auto v = static_cast<ddbsim::sim::TimeUs>(
                std::exp(ddbsim::sim::uniform01(rng) * std::log(1e9)));
            samples.push_back(v);
            h.add(v);
        }
        std::sort(samples.begin(), samples.end());
        REQUIRE(h.count() == samples.size());
        for (const double q : {0.01, 0.5, 0.9, 0.99, 1.0}) {
            // The exact percentile: the sample of rank ⌈q·n⌉.
            const auto rank = static_cast<std::size_t>(std::ceil(q * static_cast<double>(n)));
            const auto exact = samples[std::max<std::size_t>(rank, 1) - 1];
            const auto got = h.percentile(q);
            INFO("seed " << seed << ", q " << q << ": exact " << exact << ", histogram " << got);
            CHECK(got >= exact);
            CHECK(static_cast<double>(got) <= static_cast<double>(exact) * 1.0625 + 1);
        }
    }
}

TEST_CASE("weighted adds and merges count like single adds", "[metrics]") {
    LatencyHistogram a, b, many;
    for (int i = 0; i < 7; ++i)
        a.add(1234);
    b.add(1234, 7);
    CHECK(a.count() == 7);
    CHECK(b.percentile(0.5) == a.percentile(0.5));
    many.merge(b, 3);  // 21 samples of 1,234 µs
    many.add(99'999);
    CHECK(many.count() == 22);
    CHECK(many.percentile(0.95) == a.percentile(1.0));
    CHECK(many.percentile(1.0) >= 99'999);
}
