// Money: US dollars as an exact count of nano-dollars (10^-9 $).
//
// Every price in a catalog has at most nine decimal places ($0.00013 per RCU-hour,
// $0.625 per million write request units), so bills are exact integer arithmetic and a cost
// test can compare to the cent — or to the nano-dollar — without floating-point slack.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace ddbsim::cost {

// 128-bit intermediates (GCC/Clang extension; marked so -Wpedantic accepts it).
__extension__ typedef __int128 Int128;

struct Money {
    std::int64_t nanos = 0;

    static constexpr std::int64_t kPerDollar = 1'000'000'000;
    static Money dollars(std::int64_t d) { return {d * kPerDollar}; }
    double as_dollars() const { return static_cast<double>(nanos) / kPerDollar; }

    Money& operator+=(Money o) {
        nanos += o.nanos;
        return *this;
    }
    friend Money operator+(Money a, Money b) { return {a.nanos + b.nanos}; }
    friend Money operator-(Money a, Money b) { return {a.nanos - b.nanos}; }
    friend auto operator<=>(const Money&, const Money&) = default;
};

// Parses a decimal dollar amount ("0.00065", "150", "1.25") into nano-dollars; nullopt when
// the text is not a non-negative decimal with at most nine fractional digits.
std::optional<Money> parse_dollars(const std::string& text);

// `price × quantity / divisor`, rounded half up to a nano-dollar; 128-bit intermediate so
// a month of half-units times a per-million price cannot overflow.
Money scale(Money price, std::int64_t quantity, std::int64_t divisor);
Money scale(Money price, Int128 quantity, Int128 divisor);

// "$14.04" (cents, rounded half up); `decimals` up to 9.
std::string format_dollars(Money m, int decimals = 2);

}  // namespace ddbsim::cost
