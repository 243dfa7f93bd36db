#include <catch2/catch.hpp>

#include "common/json_text.hpp"
#include "common/result.hpp"

using namespace ddbsim;

namespace {
Result<int> half(int x) {
    if (x % 2 != 0) return Error::validation("odd", "/x");
    return x / 2;
}
Result<int> quarter(int x) {
    auto h = half(x);
    DDBSIM_TRY(h);
    return half(*h);
}
}  // namespace

TEST_CASE("Result carries a value or a typed error", "[common]") {
    REQUIRE(half(4).ok());
    CHECK(*half(4) == 2);
    auto r = half(3);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == ErrorCode::kValidation);
    CHECK(r.error().describe() == "odd (at /x)");
}

TEST_CASE("DDBSIM_TRY propagates the first failure", "[common]") {
    CHECK(*quarter(8) == 2);
    CHECK_FALSE(quarter(6).ok());  // 6/2 = 3 is odd
    CHECK_FALSE(quarter(5).ok());
}

TEST_CASE("Status is ok or carries its error, which DDBSIM_TRY passes on", "[common]") {
    const Status fine;
    CHECK(fine.ok());
    Status failed = Error::validation("too long", "/Key");
    REQUIRE_FALSE(failed.ok());
    CHECK(failed.error().describe() == "too long (at /Key)");
    auto check = [](bool good) -> Status {
        if (!good) return Error::invalid_input("bad");
        return {};
    };
    auto both = [&](bool a, bool b) -> Result<int> {
        DDBSIM_TRY(check(a));
        DDBSIM_TRY(check(b));
        return 1;
    };
    CHECK(*both(true, true) == 1);
    REQUIRE_FALSE(both(true, false).ok());
    CHECK(both(false, true).error().code == ErrorCode::kInvalidInput);
    const Error taken = failed.take_error();
    CHECK(taken.message == "too long");
}

TEST_CASE("error wire types are DynamoDB's", "[common]") {
    CHECK(error_wire_type(ErrorCode::kValidation) ==
          "com.amazon.coral.validate#ValidationException");
    CHECK(error_wire_type(ErrorCode::kConditionalCheckFailed) ==
          "com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException");
}

TEST_CASE("to_valid_utf8 keeps well-formed text and replaces every malformed sequence",
          "[common]") {
    using ddbsim::to_valid_utf8;
    const std::string fffd = "\xEF\xBF\xBD";
    CHECK(to_valid_utf8("plain ascii") == "plain ascii");
    CHECK(to_valid_utf8("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80") ==
          "caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80");                     // é € 😀
    CHECK(to_valid_utf8("a\xF0\x9F\x98") == "a" + fffd + fffd + fffd);      // cut short
    CHECK(to_valid_utf8("\xC0\x80") == fffd + fffd);                        // overlong NUL
    CHECK(to_valid_utf8("\xED\xA0\x80") == fffd + fffd + fffd);             // a surrogate
    CHECK(to_valid_utf8("\xF4\x90\x80\x80") == fffd + fffd + fffd + fffd);  // above U+10FFFF
    CHECK(to_valid_utf8("\x80x") == fffd + "x");                            // a lone continuation
}
