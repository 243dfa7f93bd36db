#include <catch2/catch.hpp>

#include "storage/json_api.hpp"
#include "support/helpers.hpp"

using namespace ddbsim::storage;
using nlohmann::json;

namespace {

struct Api {
    Table table{ddbsim::test::schema(ddbsim::test::kCompositeTable)};
    JsonApi api{table};
    ApiResponse run(const char* op, const std::string& request) {
        return api.handle(op, json::parse(request));
    }
};

}  // namespace

TEST_CASE("responses carry ConsumedCapacity in DynamoDB's shape", "[storage][api]") {
    Api a;
    auto put =
        a.run("PutItem", R"({"TableName": "music", "Item": {"pk": {"S": "a"}, "sk": {"N": "1"}},
        "ReturnConsumedCapacity": "TOTAL"})");
    REQUIRE(put.ok);
    CHECK(put.body ==
          json::parse(R"({"ConsumedCapacity": {"TableName": "music", "CapacityUnits": 1.0}})"));
    auto get =
        a.run("GetItem", R"({"TableName": "music", "Key": {"pk": {"S": "a"}, "sk": {"N": "1"}},
        "ReturnConsumedCapacity": "INDEXES"})");
    REQUIRE(get.ok);
    CHECK(get.body["ConsumedCapacity"] ==
          json::parse(
              R"({"TableName": "music", "CapacityUnits": 0.5, "Table": {"CapacityUnits": 0.5}})"));
    CHECK(get.body["Item"]["sk"] == json::parse(R"({"N": "1"})"));
    auto silent =
        a.run("GetItem", R"({"TableName": "music", "Key": {"pk": {"S": "a"}, "sk": {"N": "1"}}})");
    CHECK_FALSE(silent.body.contains("ConsumedCapacity"));
    CHECK(silent.consumed.table_read == CapacityUnits::from_halves(1));  // billed all the same
}

TEST_CASE("errors come back in DynamoDB's error JSON", "[storage][api]") {
    Api a;
    auto r = a.run("PutItem", R"({"TableName": "other", "Item": {}})");
    CHECK(r.body["__type"] == "com.amazonaws.dynamodb.v20120810#ResourceNotFoundException");
    r = a.run("PutItem", R"J({"TableName": "music", "Item": {"pk": {"S": "a"}, "sk": {"N": "1"}},
        "ConditionExpression": "attribute_exists(pk)"})J");
    CHECK(r.body["__type"] == "com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException");
    CHECK(r.body["message"] == "The conditional request failed");
    CHECK(r.consumed.table_write == CapacityUnits::whole(1));
    r = a.run("GetItem", R"({"TableName": "music", "Key": {"pk": {"S": "a"}, "sk": {"N": "1"}},
        "ExpressionAttributeValues": {":v": {"N": "1"}}})");
    CHECK(r.body["message"] ==
          "ExpressionAttributeValues can only be specified when using expressions");
    r = a.run("UpdateItem", R"({"TableName": "music", "Key": {"pk": {"S": "a"}, "sk": {"N": "1"}},
        "UpdateExpression": "SET x = :v", "ExpressionAttributeValues": {":v": {"N": "1"}, ":w": {"N": "2"}}})");
    CHECK(r.body["message"] ==
          "Value provided in ExpressionAttributeValues unused in expressions: keys: {:w}");
    r = a.run(
        "GetItem",
        R"({"TableName": "music", "Key": {"pk": {"S": "a"}, "sk": {"N": "1"}}, "AttributesToGet": ["x"]})");
    CHECK(r.error.location == "/AttributesToGet");
    r = a.run("CreateBackup", R"({"TableName": "music"})");
    CHECK_FALSE(r.ok);
}

TEST_CASE("Query with key conditions over the JSON API", "[storage][api]") {
    Api a;
    for (int sk = 1; sk <= 5; ++sk) {
        REQUIRE(
            a.run("PutItem", R"({"TableName": "music", "Item": {"pk": {"S": "a"}, "sk": {"N": ")" +
                                 std::to_string(sk) + R"("}}})")
                .ok);
    }
    auto r = a.run(
        "Query",
        R"({"TableName": "music", "KeyConditionExpression": "pk = :p AND sk BETWEEN :lo AND :hi",
        "ExpressionAttributeValues": {":p": {"S": "a"}, ":lo": {"N": "2"}, ":hi": {"N": "4"}}, "ReturnConsumedCapacity": "TOTAL"})");
    REQUIRE(r.ok);
    CHECK(r.body["Count"] == 3);
    CHECK(r.body["ConsumedCapacity"]["CapacityUnits"] == 0.5);
    r = a.run(
        "Query",
        R"({"TableName": "music", "KeyConditionExpression": "pk = :p AND sk > :lo", "Limit": 1,
        "Select": "COUNT", "ExpressionAttributeValues": {":p": {"S": "a"}, ":lo": {"N": "4"}}})");
    REQUIRE(r.ok);
    CHECK(r.body["Count"] == 1);
    CHECK_FALSE(r.body.contains("Items"));
    CHECK(r.body["LastEvaluatedKey"]["sk"] == json::parse(R"({"N": "5"})"));
    r = a.run("Query", R"({"TableName": "music", "KeyConditionExpression": "sk = :lo",
        "ExpressionAttributeValues": {":lo": {"N": "4"}}})");
    CHECK(r.body["message"] == "Query condition missed key schema element: pk");
}

TEST_CASE("an operation name that is not UTF-8 still gets a printable error", "[storage][api]") {
    // Found by fuzz_api_request: "Qu\x9b\x83y" went into the message as it was, and printing
    // the error body threw nlohmann's invalid-UTF-8 type_error (a server would have failed
    // the request with an exception).
    Api a;
    auto r = a.api.handle(std::string("Qu\x9b\x83y", 5), json::object());
    CHECK_FALSE(r.ok);
    const std::string printed = r.body.dump();
    CHECK(printed.find("Unknown operation Qu??y;") != std::string::npos);
}

TEST_CASE("an error message quoting request bytes cut inside a character is still JSON",
          "[storage][api]") {
    // Found by fuzz_api_request after 9.6 M runs: an expression's token ended inside a
    // 4-byte character, the message quoted it, and printing the error body threw.
    ddbsim::Error e =
        ddbsim::Error::validation(std::string("Syntax error; token: \":\xf4\x8b\", near: \"x\""));
    const std::string printed = JsonApi::error_body(e).dump();
    CHECK(printed.find("token: \\\":\xEF\xBF\xBD\xEF\xBF\xBD\\\"") != std::string::npos);
}
