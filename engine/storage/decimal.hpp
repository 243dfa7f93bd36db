// Decimal: DynamoDB's Number type, exact, never a double.
//
// DynamoDB numbers carry up to 38 significant digits with a magnitude between 1E-130 and
// 9.9999999999999999999999999999999999999E+125 (positive or negative) or are zero; leading
// and trailing zeros are not significant (docs/dynamodb-model.md, "Item size"; DG "Naming rules and
// data types"). A value is held normalised as sign, significant digits d1 d2 … dn (no leading
// or trailing zeros) and a scientific exponent e, value = d1.d2…dn × 10^e.
// Invariants: zero has no digits, exponent 0 and is not negative; otherwise 1 ≤ n ≤ 38,
// digits_.front() != '0', digits_.back() != '0', -130 ≤ e ≤ 125.
#pragma once

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/result.hpp"

namespace ddbsim::storage {

class Decimal {
  public:
    static constexpr int kMaxSignificantDigits = 38;
    static constexpr int kMaxExponent = 125;   // 9.99…E+125
    static constexpr int kMinExponent = -130;  // 1E-130

    Decimal() = default;  // zero

    // Parses DynamoDB's number text ("12", "-1.5", ".5", "1e-3", "1E+5"); ValidationException
    // for text that is not a number, more than 38 significant digits, or a magnitude outside
    // DynamoDB's range — with DynamoDB's messages.
    static Result<Decimal> parse(std::string_view text);
    static Decimal from_int(std::int64_t value);

    bool is_zero() const { return digits_.empty(); }
    bool is_negative() const { return negative_; }
    int exponent() const { return exponent_; }
    const std::string& digits() const { return digits_; }
    int significant_digits() const { return static_cast<int>(digits_.size()); }

    // Canonical text as DynamoDB returns it: plain notation, no exponent, no redundant zeros.
    std::string to_string() const;

    // Bytes this number occupies in an item (docs/dynamodb-model.md, "Item size", N row):
    // 1 + ceil(n/2) + (1 if n and e are both even) + (1 if negative); zero is 1 byte.
    std::size_t size_bytes() const;

    Decimal negated() const;
    // Exact sum/difference; ValidationException if the result leaves DynamoDB's range or
    // needs more than 38 significant digits.
    static Result<Decimal> add(const Decimal& a, const Decimal& b);
    static Result<Decimal> subtract(const Decimal& a, const Decimal& b) {
        return add(a, b.negated());
    }

    friend std::strong_ordering operator<=>(const Decimal& a, const Decimal& b);
    friend bool operator==(const Decimal& a, const Decimal& b) = default;

  private:
    // Builds from an unnormalised digit string with value = 0.d… × 10^point; checks limits.
    static Result<Decimal> normalise(bool negative, std::string digits, long long point);

    std::string digits_;
    std::int32_t exponent_ = 0;
    bool negative_ = false;
};

}  // namespace ddbsim::storage
