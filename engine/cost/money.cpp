#include "cost/money.hpp"

#include <cstdlib>

namespace ddbsim::cost {

std::optional<Money> parse_dollars(const std::string& text) {
    if (text.empty() || text.size() > 30) return std::nullopt;
    std::int64_t whole = 0, frac = 0;
    int frac_digits = 0;
    bool dot = false, digits = false;
    for (char c : text) {
        if (c == '.') {
            if (dot) return std::nullopt;
            dot = true;
            continue;
        }
        if (c < '0' || c > '9') return std::nullopt;
        digits = true;
        if (dot) {
            if (++frac_digits > 9) return std::nullopt;
            frac = frac * 10 + (c - '0');
        } else {
            if (whole > 1'000'000'000) return std::nullopt;  // a billion dollars per unit
            whole = whole * 10 + (c - '0');
        }
    }
    if (!digits) return std::nullopt;
    for (int i = frac_digits; i < 9; ++i)
        frac *= 10;
    return Money{whole * Money::kPerDollar + frac};
}

Money scale(Money price, Int128 quantity, Int128 divisor) {
    const Int128 product = static_cast<Int128>(price.nanos) * quantity;
    const Int128 sign = (product < 0) != (divisor < 0) ? -1 : 1;
    const Int128 a = product < 0 ? -product : product;
    const Int128 d = divisor < 0 ? -divisor : divisor;
    return {static_cast<std::int64_t>(sign * ((a + d / 2) / d))};
}

Money scale(Money price, std::int64_t quantity, std::int64_t divisor) {
    return scale(price, static_cast<Int128>(quantity), static_cast<Int128>(divisor));
}

std::string format_dollars(Money m, int decimals) {
    if (decimals < 0) decimals = 0;
    if (decimals > 9) decimals = 9;
    std::int64_t unit = 1;
    for (int i = decimals; i < 9; ++i)
        unit *= 10;
    const bool negative = m.nanos < 0;
    const std::int64_t a = negative ? -m.nanos : m.nanos;
    const std::int64_t rounded = (a + unit / 2) / unit;  // in units of 10^-decimals dollars
    std::int64_t scale10 = 1;
    for (int i = 0; i < decimals; ++i)
        scale10 *= 10;
    std::string whole = std::to_string(rounded / scale10);
    // thousands separators for readability
    for (int i = static_cast<int>(whole.size()) - 3; i > 0; i -= 3)
        whole.insert(static_cast<std::size_t>(i), ",");
    std::string out = (negative ? "-$" : "$") + whole;
    if (decimals > 0) {
        std::string frac = std::to_string(rounded % scale10);
        out += "." + std::string(static_cast<std::size_t>(decimals) - frac.size(), '0') + frac;
    }
    return out;
}

}  // namespace ddbsim::cost
