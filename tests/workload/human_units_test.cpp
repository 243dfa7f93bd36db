#include <catch2/catch.hpp>

#include "workload/human_units.hpp"

using namespace ddbsim::workload;

TEST_CASE("sizes use binary multiples and round fractional bytes up", "[workload][units]") {
    CHECK(parse_size("400B").value() == 400);
    CHECK(parse_size("400").value() == 400);
    CHECK(parse_size("7KB").value() == 7168);
    CHECK(parse_size("1.5KB").value() == 1536);
    CHECK(parse_size("1.3KB").value() == 1332);  // 1331.2 rounds up
    CHECK(parse_size("2mb").value() == 2 * 1024 * 1024);
    CHECK(parse_size("1GB").value() == 1024ULL * 1024 * 1024);
    for (const char* bad : {"", "KB", "7XB", "-1KB", "1..5KB", "7 K B"}) {
        INFO(bad);
        CHECK_FALSE(parse_size(bad).ok());
    }
}

TEST_CASE("rates are exact fractions per second", "[workload][units]") {
    auto r = parse_rate("60/min").value();
    CHECK(r.numerator == 60);
    CHECK(r.denominator == 60);
    CHECK(parse_rate("10").value().per_second() == 10.0);
    CHECK(parse_rate("3600/h").value().per_second() == 1.0);
    CHECK(parse_rate("0.5/s").value().per_second() == 0.5);
    CHECK_FALSE(parse_rate("10/fortnight").ok());
}

TEST_CASE("durations are microseconds", "[workload][units]") {
    CHECK(parse_duration_us("90s").value() == 90'000'000);
    CHECK(parse_duration_us("15min").value() == 900'000'000);
    CHECK(parse_duration_us("7d").value() == 7LL * 86'400'000'000LL);
    CHECK(parse_duration_us("1.5h").value() == 5'400'000'000LL);
    CHECK_FALSE(parse_duration_us("soon").ok());
}
