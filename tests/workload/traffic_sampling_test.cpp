// TrafficShape::sampled_requests against the simple reference it replaces: a loop over the
// steps summing rate_at at each step's middle. Random shapes of every kind, with weekly
// cycles, spikes, late starts and durations that do not end on a step.
#include <catch2/catch.hpp>

#include <random>

#include "workload/traffic_shape.hpp"

using namespace ddbsim;
using workload::TrafficShape;

namespace {

double reference(const TrafficShape& shape, sim::TimeUs duration, sim::TimeUs step,
                 bool with_spikes) {
    TrafficShape s = shape;
    if (!with_spikes) s.spikes.clear();
    double total = 0;
    for (sim::TimeUs t = 0; t < duration; t += step)
        total += s.rate_at(t + step / 2) * static_cast<double>(step) / sim::kSecond;
    return total;
}

TrafficShape random_shape(std::mt19937_64& rng) {
    auto uniform = [&](double lo, double hi) {
        return std::uniform_real_distribution<double>(lo, hi)(rng);
    };
    auto when = [&](sim::TimeUs most) {
        return std::uniform_int_distribution<sim::TimeUs>(0, most)(rng);
    };
    const sim::TimeUs horizon = 10 * sim::kDay;
    TrafficShape s;
    switch (std::uniform_int_distribution<int>(0, 4)(rng)) {
        case 0:
            s = TrafficShape::constant(uniform(0, 5000));
            break;
        case 1:
            s = TrafficShape::step(uniform(0, 5000), uniform(0, 5000), when(horizon));
            break;
        case 2: {
            const sim::TimeUs a = when(horizon), b = when(horizon);
            s = TrafficShape::ramp(uniform(0, 5000), uniform(0, 5000), std::min(a, b),
                                   std::max(a, b));
            break;
        }
        case 3: {
            const double mean = uniform(0, 5000);
            // Amplitudes beyond the mean (clamped at zero) only reach here programmatically;
            // the loader refuses them, but the sum must still agree.
            s = TrafficShape::diurnal(
                mean, uniform(0, 1.5 * mean), when(sim::kDay),
                sim::kHour * std::uniform_int_distribution<int>(1, 48)(rng) + when(sim::kMinute));
            break;
        }
        default: {
            s.kind = TrafficShape::Kind::kReplay;
            sim::TimeUs t = when(sim::kHour);
            for (int i = 0, n = std::uniform_int_distribution<int>(1, 30)(rng); i < n; ++i) {
                s.replay.emplace_back(t, uniform(0, 5000));
                t += 1 + when(sim::kDay / 2);
            }
        }
    }
    if (rng() % 3 == 0) s.active_from = when(horizon / 2);
    if (rng() % 3 == 0) {
        for (int d = 0; d < 7; ++d)
            s.weekly.push_back(uniform(0, 2));
    }
    for (int i = 0, n = std::uniform_int_distribution<int>(0, 4)(rng); i < n; ++i)
        s.spikes.push_back({when(horizon), when(sim::kDay), uniform(0, 3000)});
    return s;
}

}  // namespace

TEST_CASE("sampled_requests agrees with a loop over the steps", "[workload][traffic]") {
    std::mt19937_64 rng(20261202);
    for (int trial = 0; trial < 3000; ++trial) {
        const TrafficShape s = random_shape(rng);
        const sim::TimeUs duration =
            std::uniform_int_distribution<sim::TimeUs>(0, 12 * sim::kDay)(rng);
        const sim::TimeUs step = trial % 4 == 0 ? sim::kSecond * 7 : sim::kMinute;
        const bool spikes = trial % 2 == 0;
        const double want = reference(s, duration, step, spikes);
        INFO("trial " << trial << " kind " << static_cast<int>(s.kind) << " duration " << duration);
        CHECK(s.sampled_requests(duration, step, spikes) ==
              Approx(want).epsilon(1e-9).margin(1e-6));
    }
}

TEST_CASE("sampled_requests of edge cases", "[workload][traffic]") {
    const auto flat = TrafficShape::constant(100);
    CHECK(flat.sampled_requests(0) == 0);
    CHECK(flat.sampled_requests(-5) == 0);
    CHECK(flat.sampled_requests(sim::kMinute) == Approx(6000));
    // A duration that ends mid-step counts the whole step, as the loop does.
    CHECK(flat.sampled_requests(sim::kMinute + 1) == Approx(12000));
    // A year of a diurnal cycle: the cosines cancel over whole days.
    const auto day = TrafficShape::diurnal(1000, 800, 14 * sim::kHour);
    CHECK(day.sampled_requests(365 * sim::kDay) == Approx(1000.0 * 365 * 86400).epsilon(1e-9));
    // A spike shorter than a step between two samples is not sampled; with the spike
    // starting on a sample it is, for the whole step.
    TrafficShape spiky = TrafficShape::constant(0);
    spiky.spikes.push_back({sim::kSecond, sim::kSecond, 1e6});
    CHECK(spiky.sampled_requests(sim::kHour) == 0);
    spiky.spikes[0].start = sim::kMinute / 2;
    CHECK(spiky.sampled_requests(sim::kHour) == Approx(60e6));
    CHECK(spiky.sampled_requests(sim::kHour, sim::kMinute, false) == 0);
}

TEST_CASE("a shape is at its maximum rate throughout only when nothing varies it",
          "[workload][traffic]") {
    CHECK(TrafficShape::constant(80000).at_max_rate_throughout());
    CHECK(TrafficShape::constant(0).at_max_rate_throughout());
    auto weekly_flat = TrafficShape::constant(10);
    weekly_flat.weekly = {1, 1, 1, 1, 1, 1, 1};
    CHECK(weekly_flat.at_max_rate_throughout());
    auto weekend = weekly_flat;
    weekend.weekly[5] = 0.5;
    CHECK_FALSE(weekend.at_max_rate_throughout());
    auto late = TrafficShape::constant(10);
    late.active_from = sim::kSecond;
    CHECK_FALSE(late.at_max_rate_throughout());
    auto off = TrafficShape::constant(10);
    off.off = {{sim::kSecond, 2 * sim::kSecond}};
    CHECK_FALSE(off.at_max_rate_throughout());
    auto spiky = TrafficShape::constant(10);
    spiky.spikes = {{sim::kSecond, sim::kSecond, 5}};
    CHECK_FALSE(spiky.at_max_rate_throughout());
    CHECK_FALSE(TrafficShape::step(10, 10, sim::kSecond).at_max_rate_throughout());
    CHECK_FALSE(TrafficShape::diurnal(10, 0, 0).at_max_rate_throughout());
    // Where it says so, rate_at is max_rate at every time.
    for (sim::TimeUs t = 0; t < 14 * sim::kDay; t += sim::kHour)
        REQUIRE(weekly_flat.rate_at(t) == weekly_flat.max_rate());
}
