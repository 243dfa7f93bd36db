// Recorder's per-partition minute totals: the aggregate fidelity's bulk adds against the
// plain one-partition-at-a-time rule, saturating at 2^32 − 1.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <numeric>
#include <vector>

#include "metrics/recorder.hpp"
#include "sim/random.hpp"

using ddbsim::metrics::Recorder;
namespace sim = ddbsim::sim;

namespace {

constexpr std::uint64_t kMost = std::numeric_limits<std::uint32_t>::max();

// The rule: each partition's minute total is the saturated sum of what it consumed.
std::uint32_t saturated_add(std::uint32_t total, std::int64_t halves) {
    return static_cast<std::uint32_t>(
        std::min<std::uint64_t>(total + static_cast<std::uint64_t>(halves), kMost));
}

}  // namespace

TEST_CASE("bulk partition totals match adding each partition, saturating at 2^32 - 1",
          "[metrics]") {
    Recorder recorder(3 * sim::kMinute);
    auto rng = sim::make_stream(7, "recorder-test");
    const std::size_t n = 37;
    // Expected minute totals and second totals, reads [0] and writes [1].
    std::vector<std::vector<std::uint32_t>> expected_minute(6, std::vector<std::uint32_t>(n, 0));
    std::vector<std::int64_t> expected_second(3 * 60 * 2, 0);
    for (sim::TimeUs t = 0; t < 3 * sim::kMinute; t += sim::kSecond) {
        const std::size_t minute = static_cast<std::size_t>(t / sim::kMinute);
        for (int w = 0; w < 2; ++w) {
            // Minute 0: small steps. Minute 1: steps near 2^31 so totals saturate. Minute 2:
            // small bulk steps mixed with single-partition adds near the ceiling.
            std::vector<std::int64_t> halves(n);
            for (auto& h : halves) {
                const auto r = static_cast<std::int64_t>(rng() % 1000);
                h = minute == 1 ? (std::int64_t{1} << 31) - 1000 + r : r;
            }
            const std::int64_t most = *std::max_element(halves.begin(), halves.end());
            const std::int64_t sum = std::accumulate(halves.begin(), halves.end(), std::int64_t{0});
            recorder.consumed_partitions(t, w == 1, halves, sum, most);
            auto& expected = expected_minute[minute * 2 + static_cast<std::size_t>(w)];
            std::int64_t total = 0;
            for (std::size_t p = 0; p < n; ++p) {
                expected[p] = saturated_add(expected[p], halves[p]);
                total += halves[p];
            }
            expected_second[static_cast<std::size_t>(t / sim::kSecond) * 2 +
                            static_cast<std::size_t>(w)] += total;
            if (minute == 2 && t % (10 * sim::kSecond) == 0) {
                const std::int64_t big = static_cast<std::int64_t>(kMost) - 500;
                const int p = static_cast<int>(rng() % n);
                recorder.consumed(t, p, w == 1, big);
                expected[static_cast<std::size_t>(p)] =
                    saturated_add(expected[static_cast<std::size_t>(p)], big);
                expected_second[static_cast<std::size_t>(t / sim::kSecond) * 2 +
                                static_cast<std::size_t>(w)] += big;
            }
        }
    }
    for (std::size_t minute = 0; minute < 3; ++minute) {
        CHECK(recorder.minutes()[minute].partition_read_halves == expected_minute[minute * 2]);
        CHECK(recorder.minutes()[minute].partition_write_halves == expected_minute[minute * 2 + 1]);
    }
    // Minute 1 saturated every partition; minute 2 some of them.
    CHECK(std::all_of(expected_minute[2].begin(), expected_minute[2].end(),
                      [](std::uint32_t v) { return v == kMost; }));
    CHECK(std::count(expected_minute[4].begin(), expected_minute[4].end(), kMost) > 0);
    for (std::size_t s = 0; s < 60; ++s) {
        CHECK(recorder.seconds()[s].consumed_read_halves ==
              static_cast<std::int32_t>(expected_second[s * 2]));
        CHECK(recorder.seconds()[s].consumed_write_halves ==
              static_cast<std::int32_t>(expected_second[s * 2 + 1]));
    }
}
