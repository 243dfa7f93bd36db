#include "workload/human_units.hpp"

#include <cctype>

namespace ddbsim::workload {
namespace {

// An exact non-negative decimal: value = mantissa / 10^scale.
struct Fixed {
    std::uint64_t mantissa = 0;
    std::uint64_t scale_pow = 1;
};

// Parses the leading decimal of `text`; `rest` receives what follows it.
bool parse_fixed(std::string_view text, Fixed& out, std::string_view& rest) {
    std::size_t i = 0;
    bool any = false;
    bool point = false;
    while (i < text.size()) {
        const char c = text[i];
        if (c >= '0' && c <= '9') {
            if (out.mantissa > 100'000'000'000'000ULL) return false;  // too many digits
            out.mantissa = out.mantissa * 10 + static_cast<std::uint64_t>(c - '0');
            if (point) {
                if (out.scale_pow >= 1'000'000'000ULL) return false;
                out.scale_pow *= 10;
            }
            any = true;
        } else if (c == '.' && !point) {
            point = true;
        } else {
            break;
        }
        ++i;
    }
    rest = text.substr(i);
    while (!rest.empty() && rest.front() == ' ')
        rest.remove_prefix(1);
    return any;
}

std::string lower(std::string_view s) {
    std::string out(s);
    for (auto& c : out)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

Error bad(std::string_view text, const char* expected) {
    return Error::invalid_input("invalid value \"" + std::string(text) + "\": expected " +
                                expected);
}

}  // namespace

Result<std::uint64_t> parse_size(std::string_view text) {
    Fixed f;
    std::string_view rest;
    constexpr const char* kExpected = "a size such as 400B, 7KB, 1.5KB, 2MB or 10TB";
    if (!parse_fixed(text, f, rest)) return bad(text, kExpected);
    const std::string unit = lower(rest);
    std::uint64_t multiplier;
    if (unit.empty() || unit == "b")
        multiplier = 1;
    else if (unit == "kb" || unit == "kib" || unit == "k")
        multiplier = 1024;
    else if (unit == "mb" || unit == "mib" || unit == "m")
        multiplier = 1024 * 1024;
    else if (unit == "gb" || unit == "gib" || unit == "g")
        multiplier = 1024ULL * 1024 * 1024;
    else if (unit == "tb" || unit == "tib" || unit == "t")
        multiplier = 1024ULL * 1024 * 1024 * 1024;
    else
        return bad(text, kExpected);
    if (f.mantissa > (1ULL << 62) / multiplier) return bad(text, "a size below 4 EB");
    const std::uint64_t scaled = f.mantissa * multiplier;
    return (scaled + f.scale_pow - 1) / f.scale_pow;  // round a fractional byte up
}

Result<Rate> parse_rate(std::string_view text) {
    Fixed f;
    std::string_view rest;
    constexpr const char* kExpected = "a rate such as 10, 10/s, 60/min or 3600/h";
    if (!parse_fixed(text, f, rest)) return bad(text, kExpected);
    const std::string unit = lower(rest);
    std::uint64_t seconds;
    if (unit.empty() || unit == "/s" || unit == "/sec")
        seconds = 1;
    else if (unit == "/min" || unit == "/m")
        seconds = 60;
    else if (unit == "/h" || unit == "/hour")
        seconds = 3600;
    else if (unit == "/d" || unit == "/day")
        seconds = 86400;
    else if (unit.size() > 1 && unit[0] == '/' && unit[1] >= '0' && unit[1] <= '9') {
        // "4000000/30d": a count over a whole-second duration.
        auto d = parse_duration_us(unit.substr(1));
        if (!d || *d <= 0 || *d % 1'000'000 != 0) return bad(text, kExpected);
        seconds = static_cast<std::uint64_t>(*d / 1'000'000);
    } else
        return bad(text, kExpected);
    return Rate{f.mantissa, f.scale_pow * seconds};
}

Result<std::int64_t> parse_duration_us(std::string_view text) {
    Fixed f;
    std::string_view rest;
    constexpr const char* kExpected = "a duration such as 90s, 15min, 2h or 7d";
    if (!parse_fixed(text, f, rest)) return bad(text, kExpected);
    const std::string unit = lower(rest);
    std::uint64_t us;
    if (unit.empty() || unit == "s")
        us = 1'000'000;
    else if (unit == "us")
        us = 1;
    else if (unit == "ms")
        us = 1000;
    else if (unit == "m" || unit == "min")
        us = 60'000'000;
    else if (unit == "h")
        us = 3'600'000'000ULL;
    else if (unit == "d")
        us = 86'400'000'000ULL;
    else if (unit == "w")
        us = 604'800'000'000ULL;
    else
        return bad(text, kExpected);
    if (f.mantissa > (1ULL << 62) / us) return bad(text, "a duration below 100,000 years");
    return static_cast<std::int64_t>(f.mantissa * us / f.scale_pow);
}

}  // namespace ddbsim::workload
