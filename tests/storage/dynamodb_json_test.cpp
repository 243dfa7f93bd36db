#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "storage/dynamodb_json.hpp"

using namespace ddbsim::storage;
using nlohmann::json;

namespace {
ddbsim::Error item_error(const char* text) {
    auto r = item_from_json(json::parse(text), "/Item");
    REQUIRE_FALSE(r.ok());
    return r.error();
}
}  // namespace

TEST_CASE("DynamoDB JSON round-trips every type", "[storage][json]") {
    const char* text = R"({"b":{"B":"AAECAw=="},"bool":{"BOOL":false},"bs":{"BS":["AA==","AQ=="]},
      "l":{"L":[{"S":"x"},{"N":"1"}]},"m":{"M":{"k":{"NULL":true}}},"n":{"N":"-1.5"},"ns":{"NS":["1","10","2"]},
      "nul":{"NULL":true},"s":{"S":"text"},"ss":{"SS":["b","a"]}})";
    auto item = item_from_json(json::parse(text), "");
    REQUIRE(item.ok());
    json out = to_json(*item);
    // Sets come back sorted (SS by bytes, NS numerically), numbers canonical.
    CHECK(out["ss"] == json::parse(R"({"SS":["a","b"]})"));
    CHECK(out["ns"] == json::parse(R"({"NS":["1","2","10"]})"));
    CHECK(out["b"] == json::parse(R"({"B":"AAECAw=="})"));
    CHECK(item_from_json(out, "").value() == *item);
}

TEST_CASE("malformed AttributeValues are rejected with the JSON pointer of the value",
          "[storage][json]") {
    auto e = item_error(R"({"a": {}})");
    CHECK(e.location == "/Item/a");
    CHECK(e.message.find("must contain exactly one of the supported datatypes") !=
          std::string::npos);

    e = item_error(R"({"a": {"S": "x", "N": "1"}})");
    CHECK(e.message.find("more than one datatypes") != std::string::npos);

    e = item_error(R"({"a": {"X": "1"}})");
    CHECK(e.location == "/Item/a");

    e = item_error(R"({"a": {"N": 5}})");
    CHECK(e.location == "/Item/a/N");

    e = item_error(R"({"a": {"N": "five"}})");
    CHECK(e.location == "/Item/a/N");

    e = item_error(R"({"a": {"NULL": false}})");
    CHECK(e.message.find("Null attribute value types must have the value of true") !=
          std::string::npos);

    e = item_error(R"({"a": {"B": "not base64!"}})");
    CHECK(e.location == "/Item/a/B");

    e = item_error(R"({"a": {"L": [{"S": "ok"}, {"BOOL": "yes"}]}})");
    CHECK(e.location == "/Item/a/L/1/BOOL");

    e = item_error(R"({"a/b": {"M": {"c~d": {"N": "x"}}}})");
    CHECK(e.location == "/Item/a~1b/M/c~0d/N");
}

TEST_CASE("sets may not be empty or hold duplicates", "[storage][json]") {
    CHECK(item_error(R"({"a": {"SS": []}})").message.find("may not be empty") != std::string::npos);
    CHECK(item_error(R"({"a": {"SS": ["x", "x"]}})").message.find("contains duplicates") !=
          std::string::npos);
    // 1 and 1.0 are the same number.
    CHECK(item_error(R"({"a": {"NS": ["1", "1.0"]}})").message.find("contains duplicates") !=
          std::string::npos);
    CHECK_FALSE(item_from_json(json::parse(R"({"a": {"BS": ["AA==", "AA=="]}})"), "").ok());
}
