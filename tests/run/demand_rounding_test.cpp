// The aggregate fidelity's rounding of fractional demand to whole half units
// (run/demand_rounding.hpp): nothing lost or invented over a run, no partition off by more
// than the rounding of its running total, never a negative count.
#include <catch2/catch.hpp>

#include <cmath>
#include <random>
#include <vector>

#include "run/demand_rounding.hpp"

using ddbsim::run::round_demand;

TEST_CASE("demand rounding keeps every fraction of a run", "[run][aggregate][property]") {
    for (std::uint64_t seed = 1; seed <= 40; ++seed) {
        std::mt19937_64 rng(seed);
        const int n = 1 + static_cast<int>(rng() % 37);  // odd sizes reach the tail loop
        std::vector<double> want(static_cast<std::size_t>(n));
        std::vector<std::int64_t> whole(static_cast<std::size_t>(n));
        double carry = 0, total_want = 0;
        std::int64_t total_whole = 0;
        for (int step = 0; step < 500; ++step) {
            for (auto& w : want) {
                // Mostly small fractions (the long tail's partitions), some large, some none.
                const auto roll = rng() % 8;
                const double u = static_cast<double>(rng() % 1'000'000) / 1e6;
                w = roll == 0 ? 0 : roll < 6 ? u : u * 5000;
            }
            want[0] = seed % 2 ? -1.0 : want[0];  // a negative want, clamped, counts as none
            const double carry_in = carry;
            carry = round_demand(
                n, carry, [&](int p) { return std::max(want[static_cast<std::size_t>(p)], 0.0); },
                whole.data());
            INFO("seed " << seed << ", step " << step);
            REQUIRE(carry >= -0.5);
            REQUIRE(carry < 0.5);
            double running = carry_in;
            std::int64_t through = 0;
            for (std::size_t p = 0; p < want.size(); ++p) {
                REQUIRE(whole[p] >= 0);
                running += std::max(want[p], 0.0);
                through += whole[p];
                // Every prefix is its running demand rounded: no partition is more than
                // half a unit from what it asked for, counted from the first partition.
                REQUIRE(std::abs(static_cast<double>(through) - running) <= 0.5 + 1e-6);
                total_want += std::max(want[p], 0.0);
            }
            total_whole += through;
        }
        // The run: whole units + what is left over = everything asked for.
        CHECK(static_cast<double>(total_whole) + carry == Approx(total_want).epsilon(1e-12));
    }
}

TEST_CASE("demand rounding of exact halves and whole units", "[run][aggregate]") {
    // Whole wants stay whole; four partitions at 0.25 make one unit, on the last of them.
    std::vector<std::int64_t> whole(5);
    const std::vector<double> exact{3, 0, 7, 1, 2};
    double carry = round_demand(
        5, 0.0, [&](int p) { return exact[static_cast<std::size_t>(p)]; }, whole.data());
    CHECK(whole == std::vector<std::int64_t>{3, 0, 7, 1, 2});
    CHECK(carry == 0);
    carry = round_demand(
        5, 0.0, [](int) { return 0.25; }, whole.data());
    CHECK(whole == std::vector<std::int64_t>{0, 1, 0, 0, 0});  // 0.25, 0.5 → 1, 0.75, 1, 1.25
    CHECK(carry == Approx(0.25));
    // The carry comes into the next step: 0.25 + 0.25 = 0.5 rounds up on the first partition.
    carry = round_demand(
        1, carry, [](int) { return 0.25; }, whole.data());
    CHECK(whole[0] == 1);
    CHECK(carry == Approx(-0.5));
}
