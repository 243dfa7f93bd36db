#include "storage/decimal.hpp"

#include <algorithm>
#include <cctype>
#include <vector>

namespace ddbsim::storage {
namespace {

Error not_a_number(std::string_view text) {
    return Error::validation("The parameter cannot be converted to a numeric value: " +
                             std::string(text));
}

}  // namespace

Result<Decimal> Decimal::normalise(bool negative, std::string digits, long long point) {
    // value = 0.digits × 10^point
    const auto first = digits.find_first_not_of('0');
    if (first == std::string::npos) return Decimal{};
    const auto last = digits.find_last_not_of('0');
    Decimal d;
    d.negative_ = negative;
    d.digits_ = digits.substr(first, last - first + 1);
    const long long exponent = point - static_cast<long long>(first) - 1;
    if (d.digits_.size() > static_cast<std::size_t>(kMaxSignificantDigits)) {
        return Error::validation("Attempting to store more than 38 significant digits in a Number");
    }
    if (exponent > kMaxExponent) {
        return Error::validation(
            "Number overflow. Attempting to store a number with magnitude larger than supported "
            "range");
    }
    if (exponent < kMinExponent) {
        return Error::validation(
            "Number underflow. Attempting to store a number with magnitude smaller than supported "
            "range");
    }
    d.exponent_ = static_cast<std::int32_t>(exponent);
    return d;
}

Result<Decimal> Decimal::parse(std::string_view text) {
    // Grammar (as Java's BigDecimal, which the service accepts):
    //   [+-] (digits [. digits?] | . digits) ([eE] [+-] digits)?
    std::size_t i = 0;
    bool negative = false;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) negative = text[i++] == '-';
    std::string mantissa;
    long long int_digits = 0;
    bool seen_point = false;
    bool any_digit = false;
    for (; i < text.size(); ++i) {
        const char c = text[i];
        if (c >= '0' && c <= '9') {
            mantissa.push_back(c);
            any_digit = true;
            if (!seen_point) ++int_digits;
        } else if (c == '.' && !seen_point) {
            seen_point = true;
        } else {
            break;
        }
        if (mantissa.size() > 4096) return not_a_number(text);  // absurd input, refuse early
    }
    if (!any_digit) return not_a_number(text);
    long long exp10 = 0;
    if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
        ++i;
        bool exp_negative = false;
        if (i < text.size() && (text[i] == '+' || text[i] == '-')) exp_negative = text[i++] == '-';
        if (i >= text.size()) return not_a_number(text);
        for (; i < text.size(); ++i) {
            if (text[i] < '0' || text[i] > '9') return not_a_number(text);
            // Saturate: anything this large is out of range anyway.
            exp10 = std::min<long long>(exp10 * 10 + (text[i] - '0'), 1'000'000'000LL);
        }
        if (exp_negative) exp10 = -exp10;
    }
    if (i != text.size()) return not_a_number(text);
    auto result = normalise(negative, std::move(mantissa), int_digits + exp10);
    return result;
}

Decimal Decimal::from_int(std::int64_t value) {
    // |INT64_MIN| has 19 digits: always within range, so the parse cannot fail.
    auto r = parse(std::to_string(value));
    return r.value();
}

std::string Decimal::to_string() const {
    if (is_zero()) return "0";
    std::string out;
    if (negative_) out.push_back('-');
    const int n = significant_digits();
    if (exponent_ >= 0) {
        if (n <= exponent_ + 1) {
            out += digits_;
            out.append(static_cast<std::size_t>(exponent_ + 1 - n), '0');
        } else {
            out.append(digits_, 0, static_cast<std::size_t>(exponent_ + 1));
            out.push_back('.');
            out.append(digits_, static_cast<std::size_t>(exponent_ + 1));
        }
    } else {
        out += "0.";
        out.append(static_cast<std::size_t>(-exponent_ - 1), '0');
        out += digits_;
    }
    return out;
}

std::size_t Decimal::size_bytes() const {
    if (is_zero()) return 1;
    const std::size_t n = digits_.size();
    std::size_t size = 1 + (n + 1) / 2;
    if (n % 2 == 0 && exponent_ % 2 == 0) size += 1;
    if (negative_) size += 1;
    return size;
}

Decimal Decimal::negated() const {
    Decimal d = *this;
    if (!d.is_zero()) d.negative_ = !d.negative_;
    return d;
}

std::strong_ordering operator<=>(const Decimal& a, const Decimal& b) {
    const int sa = a.is_zero() ? 0 : (a.negative_ ? -1 : 1);
    const int sb = b.is_zero() ? 0 : (b.negative_ ? -1 : 1);
    if (sa != sb) return sa <=> sb;
    if (sa == 0) return std::strong_ordering::equal;
    std::strong_ordering magnitude = a.exponent_ <=> b.exponent_;
    if (magnitude == 0) {
        // Digit strings without trailing zeros compare as the fractions they are.
        const int c = a.digits_.compare(b.digits_);
        magnitude = c <=> 0;
    }
    return sa > 0 ? magnitude : 0 <=> magnitude;
}

Result<Decimal> Decimal::add(const Decimal& a, const Decimal& b) {
    if (a.is_zero()) return b;
    if (b.is_zero()) return a;
    // Align both on the exponent of their least significant digit.
    auto low = [](const Decimal& d) { return d.exponent_ - (d.significant_digits() - 1); };
    const int lo = std::min(low(a), low(b));
    const int hi = std::max(a.exponent_, b.exponent_);
    const std::size_t width = static_cast<std::size_t>(hi - lo + 2);  // one spare for a carry
    auto place = [&](const Decimal& d) {
        std::vector<int> v(width, 0);  // v[k] is the digit at 10^(lo + k)
        for (int k = 0; k < d.significant_digits(); ++k) {
            v[static_cast<std::size_t>(d.exponent_ - k - lo)] =
                d.digits_[static_cast<std::size_t>(k)] - '0';
        }
        return v;
    };
    std::vector<int> x = place(a), y = place(b);
    bool negative = a.negative_;
    if (a.negative_ != b.negative_) {
        // Subtract the smaller magnitude from the larger.
        const bool a_larger =
            std::lexicographical_compare(y.rbegin(), y.rend(), x.rbegin(), x.rend());
        if (!a_larger) {
            std::swap(x, y);
            negative = b.negative_;
        }
        for (std::size_t k = 0; k < width; ++k) {
            x[k] -= y[k];
            if (x[k] < 0) {
                x[k] += 10;
                x[k + 1] -= 1;
            }
        }
    } else {
        for (std::size_t k = 0; k < width; ++k) {
            x[k] += y[k];
            if (x[k] >= 10) {
                x[k] -= 10;
                x[k + 1] += 1;
            }
        }
    }
    std::string digits;
    digits.reserve(width);
    for (std::size_t k = width; k-- > 0;)
        digits.push_back(static_cast<char>('0' + x[k]));
    // digits[0] sits at 10^(lo + width - 1); as 0.digits × 10^point, point = lo + width.
    return normalise(negative, std::move(digits),
                     static_cast<long long>(lo) + static_cast<long long>(width));
}

}  // namespace ddbsim::storage
