#include <catch2/catch.hpp>

#include "storage/decimal.hpp"

using ddbsim::storage::Decimal;

namespace {
Decimal D(const char* s) {
    return Decimal::parse(s).value();
}
}  // namespace

TEST_CASE("numbers are normalised to DynamoDB's canonical text", "[storage][decimal]") {
    CHECK(D("1.0").to_string() == "1");
    CHECK(D("0010").to_string() == "10");
    CHECK(D("1e2").to_string() == "100");
    CHECK(D("1E+2").to_string() == "100");
    CHECK(D("0.010").to_string() == "0.01");
    CHECK(D(".5").to_string() == "0.5");
    CHECK(D("5.").to_string() == "5");
    CHECK(D("-0").to_string() == "0");
    CHECK(D("-12.3400").to_string() == "-12.34");
    CHECK(D("1.5e-3").to_string() == "0.0015");
    CHECK(D("+7").to_string() == "7");
}

TEST_CASE("number text that is not a number is a ValidationException", "[storage][decimal]") {
    for (const char* bad : {"", "abc", "1.2.3", "1e", "e5", "--1", "1 ", " 1", "0x10", "1e+", "NaN",
                            "Infinity", "."}) {
        INFO(bad);
        auto r = Decimal::parse(bad);
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().message.find("cannot be converted to a numeric value") !=
              std::string::npos);
    }
}

TEST_CASE("numbers hold at most 38 significant digits", "[storage][decimal]") {
    // 38 nines fit; a 39th significant digit does not. Trailing zeros are not significant.
    CHECK(Decimal::parse("99999999999999999999999999999999999999").ok());
    CHECK(Decimal::parse("999999999999999999999999999999999999990000").ok());
    auto r = Decimal::parse("999999999999999999999999999999999999991");
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message == "Attempting to store more than 38 significant digits in a Number");
}

TEST_CASE("number magnitudes are limited to 1E-130 .. 9.99E+125", "[storage][decimal]") {
    CHECK(Decimal::parse("9.9999999999999999999999999999999999999E+125").ok());
    CHECK(Decimal::parse("1E-130").ok());
    CHECK(Decimal::parse("-1E-130").ok());
    auto over = Decimal::parse("1E+126");
    REQUIRE_FALSE(over.ok());
    CHECK(over.error().message.rfind("Number overflow", 0) == 0);
    auto under = Decimal::parse("1E-131");
    REQUIRE_FALSE(under.ok());
    CHECK(under.error().message.rfind("Number underflow", 0) == 0);
    CHECK_FALSE(Decimal::parse("1e999999999999999999").ok());
}

TEST_CASE("number sizes follow DynamoDB's base-100 digit pairs", "[storage][decimal][size]") {
    // docs/dynamodb-model.md examples: size = 1 + ceil(d/2) + (d even and e even) + (negative)
    CHECK(D("5").size_bytes() == 2);      // d=1
    CHECK(D("-5").size_bytes() == 3);     // d=1, negative
    CHECK(D("12").size_bytes() == 2);     // d=2, e=1
    CHECK(D("123").size_bytes() == 3);    // d=3, e=2
    CHECK(D("1200").size_bytes() == 2);   // digits "12", e=3
    CHECK(D("12.34").size_bytes() == 3);  // d=4, e=1
    CHECK(D("1.234").size_bytes() == 4);  // d=4, e=0: both even, one extra byte
    CHECK(D("0").size_bytes() == 1);
    CHECK(D("99999999999999999999999999999999999999").size_bytes() == 20);  // d=38, e=37: 1 + 19
}

TEST_CASE("numbers order numerically", "[storage][decimal]") {
    CHECK(D("-10") < D("-9"));
    CHECK(D("-1") < D("0"));
    CHECK(D("0") < D("0.001"));
    CHECK(D("9") < D("10"));
    CHECK(D("1.2") < D("1.23"));
    CHECK(D("100") == D("1e2"));
    CHECK(D("-1.23") < D("-1.2"));
}

TEST_CASE("addition and subtraction are exact", "[storage][decimal]") {
    auto sum = [](const char* a, const char* b) {
        return Decimal::add(D(a), D(b)).value().to_string();
    };
    CHECK(sum("0.1", "0.2") == "0.3");
    CHECK(sum("1", "-1") == "0");
    CHECK(sum("999", "1") == "1000");
    CHECK(sum("-5", "3") == "-2");
    CHECK(sum("3", "-5") == "-2");
    CHECK(sum("1e20", "1e-10") == "100000000000000000000.0000000001");
    CHECK(Decimal::subtract(D("10"), D("0.01")).value().to_string() == "9.99");
    // 1E+30 + 1E-10 needs 41 significant digits.
    CHECK_FALSE(Decimal::add(D("1e30"), D("1e-10")).ok());
}
