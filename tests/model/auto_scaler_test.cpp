#include <catch2/catch.hpp>

#include "model/auto_scaler.hpp"

using namespace ddbsim::model;
using ddbsim::sim::kHour;
using ddbsim::sim::kMinute;

TEST_CASE("scale-out needs 2 minutes above target and sizes to consumed / target",
          "[model][autoscaling]") {
    AutoScaler s(AutoScalingPolicy{100, 1000, 70});
    // 100 units/s provisioned, 90 consumed per second (90 %): the first minute only arms it.
    CHECK_FALSE(s.on_minute(1 * kMinute, 90 * 60, 100).has_value());
    auto next = s.on_minute(2 * kMinute, 90 * 60, 100);
    REQUIRE(next.has_value());
    CHECK(*next == 129);  // ceil(90 / 0.70) = ceil(128.57)
    // While the update is in flight no new decision is made.
    CHECK_FALSE(s.on_minute(3 * kMinute, 200 * 60, 100).has_value());
    s.applied();
    CHECK_FALSE(s.on_minute(4 * kMinute, 2000 * 60, 129).has_value());
    CHECK(*s.on_minute(5 * kMinute, 2000 * 60, 129) == 1000);  // clamped to max
}

TEST_CASE("scale-in needs 15 minutes 20 points below target", "[model][autoscaling]") {
    AutoScaler s(AutoScalingPolicy{10, 1000, 70});
    // 500 provisioned, 200 consumed/s = 40 % ≤ 50 %: 14 minutes are not enough.
    for (int m = 1; m <= 14; ++m)
        CHECK_FALSE(s.on_minute(m * kMinute, 200 * 60, 500).has_value());
    CHECK(*s.on_minute(15 * kMinute, 200 * 60, 500) == 286);  // ceil(200 / 0.7)
    s.applied();
    // 60 % is above 50 %: no scale-in, and not above target: no scale-out.
    for (int m = 16; m <= 40; ++m)
        CHECK_FALSE(s.on_minute(m * kMinute, 171.6 * 60, 286).has_value());
}

TEST_CASE("decreases are rationed: 4 at once, then one per hour", "[model][autoscaling]") {
    AutoScalingPolicy p{1, 40000, 70};
    p.scale_in_minutes = 1;
    AutoScaler s(p);
    std::int64_t capacity = 10000;
    std::vector<ddbsim::sim::TimeUs> decreases;
    for (int m = 1; m <= 24 * 60 - 1; ++m) {
        const double consumed = static_cast<double>(capacity) * 0.3 * 60;  // always 30 %
        if (auto next = s.on_minute(m * kMinute, consumed, capacity)) {
            decreases.push_back(m * kMinute);
            capacity = *next;
            s.applied();
        }
    }
    REQUIRE(decreases.size() >= 5);
    CHECK(decreases[3] < kHour);                  // the first four come at once
    CHECK(decreases[4] - decreases[3] >= kHour);  // then an hour apart
    CHECK(decreases.size() <= 27);
    CHECK(s.decreases_today() == static_cast<int>(decreases.size()));
}
