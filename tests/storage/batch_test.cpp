// BatchGetItem, BatchWriteItem, TransactGetItems and TransactWriteItems.
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
        auto r = api.handle(op, json::parse(request));
        INFO(r.body.dump());
        return r;
    }
    void put(const std::string& pk, int sk, std::size_t pad) {
        REQUIRE(run("PutItem", R"({"TableName": "music", "Item": {"pk": {"S": ")" + pk +
                                   R"("}, "sk": {"N": ")" + std::to_string(sk) +
                                   R"("}, "pad": {"S": ")" + std::string(pad, 'x') + R"("}}})")
                    .ok);
    }
};

std::string key(const std::string& pk, int sk) {
    return R"({"pk": {"S": ")" + pk + R"("}, "sk": {"N": ")" + std::to_string(sk) + R"("}})";
}

}  // namespace

TEST_CASE("BatchGetItem rounds each item up separately: 1.5 KB + 6.5 KB reads as 12 KB",
          "[storage][batch]") {
    Api a;
    a.put("a", 1,
          1536 - 12);  // 1.5 KB item: pk (3) + sk (2+2) + "pad" (3) + 1524 = 1534 B... ≤ 4 KB
    a.put("a", 2, 6656 - 12);  // 6.5 KB item: ≤ 8 KB
    auto r = a.run("BatchGetItem",
                   R"({"RequestItems": {"music": {"Keys": [)" + key("a", 1) + "," + key("a", 2) +
                       "," + key("a", 3) +
                       R"(], "ConsistentRead": true}}, "ReturnConsumedCapacity": "TOTAL"})");
    REQUIRE(r.ok);
    CHECK(r.body["Responses"]["music"].size() == 2);
    // strong: 1 (4 KB) + 2 (8 KB) + 1 (the missing third key still costs the minimum) = 4 RCU
    CHECK(r.body["ConsumedCapacity"][0]["CapacityUnits"] == 4.0);
    CHECK(r.body["UnprocessedKeys"] == json::object());
    r = a.run("BatchGetItem", R"({"RequestItems": {"music": {"Keys": [)" + key("a", 1) + "," +
                                  key("a", 1) + "]}}}");
    CHECK(r.body["message"] == "Provided list of item keys contains duplicates");
    r = a.run("BatchGetItem", R"({"RequestItems": {"other": {"Keys": [)" + key("a", 1) + "]}}}");
    CHECK(r.body["__type"] == "com.amazonaws.dynamodb.v20120810#ResourceNotFoundException");
    std::string many;
    for (int i = 0; i < 101; ++i)
        many += (i ? "," : "") + key("k", i);
    r = a.run("BatchGetItem", R"({"RequestItems": {"music": {"Keys": [)" + many + "]}}}");
    CHECK_FALSE(r.ok);
}

TEST_CASE("BatchWriteItem bills each put and delete as the single-item operation",
          "[storage][batch]") {
    Api a;
    a.put("a", 9, 2500);
    auto r = a.run("BatchWriteItem", R"({"RequestItems": {"music": [
        {"PutRequest": {"Item": {"pk": {"S": "a"}, "sk": {"N": "1"}}}},
        {"PutRequest": {"Item": {"pk": {"S": "a"}, "sk": {"N": "2"}, "pad": {"S": ")" +
                                         std::string(1500, 'y') + R"("}}}},
        {"DeleteRequest": {"Key": )" + key("a", 9) +
                                         R"(}}]}, "ReturnConsumedCapacity": "TOTAL"})");
    REQUIRE(r.ok);
    // 1 WCU (tiny) + 2 WCU (≈1.5 KB) + 3 WCU (delete of the ≈2.5 KB item) = 6
    CHECK(r.body["ConsumedCapacity"][0]["CapacityUnits"] == 6.0);
    CHECK(r.body["UnprocessedItems"] == json::object());
    CHECK(a.table.item_count() == 2);
    // A bad entry rejects the whole batch before anything is written.
    r = a.run("BatchWriteItem", R"({"RequestItems": {"music": [
        {"PutRequest": {"Item": {"pk": {"S": "b"}, "sk": {"N": "1"}}}},
        {"PutRequest": {"Item": {"pk": {"S": "b"}}}}]}})");
    CHECK_FALSE(r.ok);
    CHECK(a.table.item_count() == 2);
    r = a.run("BatchWriteItem", R"({"RequestItems": {"music": [{"PutRequest": {"Item": )" +
                                    key("c", 1) + R"(}}, {"DeleteRequest": {"Key": )" +
                                    key("c", 1) + R"(}}]}})");
    CHECK(r.body["message"] == "Provided list of item keys contains duplicates");
}

TEST_CASE("TransactGetItems costs 2 RCU per 4 KB per item", "[storage][transaction]") {
    Api a;
    a.put("a", 1, 5000);  // ≈5 KB → 2 blocks → 4 RCU transactional
    auto r = a.run("TransactGetItems",
                   R"({"TransactItems": [{"Get": {"TableName": "music", "Key": )" + key("a", 1) +
                       R"(}}, {"Get": {"TableName": "music", "Key": )" + key("a", 2) +
                       R"(}}], "ReturnConsumedCapacity": "TOTAL"})");
    REQUIRE(r.ok);
    CHECK(r.body["Responses"].size() == 2);
    CHECK(r.body["Responses"][0].contains("Item"));
    CHECK(r.body["Responses"][1] == json::object());
    CHECK(r.body["ConsumedCapacity"][0]["CapacityUnits"] == 6.0);  // 4 + 2 for the miss
}

TEST_CASE("TransactWriteItems is all or nothing and costs 2 WCU per KB per item",
          "[storage][transaction]") {
    Api a;
    a.put("acct", 1, 10);
    const std::string ok_tx = R"({"TransactItems": [
        {"ConditionCheck": {"TableName": "music", "Key": )" +
                              key("acct", 1) +
                              R"(, "ConditionExpression": "attribute_exists(pk) "}},
        {"Put": {"TableName": "music", "Item": {"pk": {"S": "order"}, "sk": {"N": "1"}, "pad": {"S": ")" +
                              std::string(1500, 'o') + R"("}}}},
        {"Update": {"TableName": "music", "Key": )" +
                              key("acct", 2) + R"(, "UpdateExpression": "ADD n :one",
                    "ExpressionAttributeValues": {":one": {"N": "1"}}}}
      ], "ReturnConsumedCapacity": "TOTAL", "ClientRequestToken": "tok-1"})";
    auto r = a.run("TransactWriteItems", ok_tx);
    REQUIRE(r.ok);
    // check 2 (1 KB × 2) + put 4 (2 KB × 2) + update 2 = 8 WCU
    CHECK(r.body["ConsumedCapacity"][0]["CapacityUnits"] == 8.0);
    CHECK(a.table.item_count() == 3);

    // The same token and request again within 10 minutes: not executed again, billed as reads.
    a.table.set_time_us(5LL * 60 * 1'000'000);
    r = a.run("TransactWriteItems", ok_tx);
    REQUIRE(r.ok);
    CHECK(r.consumed.write_total().is_zero());
    CHECK(r.consumed.read_total() == CapacityUnits::whole(3));
    auto n = a.run("GetItem", R"({"TableName": "music", "Key": )" + key("acct", 2) + "}");
    CHECK(n.body["Item"]["n"] == json::parse(R"({"N": "1"})"));  // ADD ran once
    // The same token with other parameters is rejected.
    json changed = json::parse(ok_tx);
    changed["TransactItems"].erase(0);
    r = a.api.handle("TransactWriteItems", changed);
    CHECK(r.body["__type"] ==
          "com.amazonaws.dynamodb.v20120810#IdempotentParameterMismatchException");
    // After the window the token is free again.
    a.table.set_time_us(11LL * 60 * 1'000'000);
    CHECK(a.api.handle("TransactWriteItems", changed).ok);

    // A failed condition cancels everything, with a reason per item.
    r = a.run("TransactWriteItems", R"({"TransactItems": [
        {"Put": {"TableName": "music", "Item": )" +
                                        key("new", 1) + R"(}},
        {"ConditionCheck": {"TableName": "music", "Key": )" +
                                        key("nobody", 1) +
                                        R"(, "ConditionExpression": "attribute_exists(pk) "}}]})");
    REQUIRE_FALSE(r.ok);
    CHECK(r.body["__type"] == "com.amazonaws.dynamodb.v20120810#TransactionCanceledException");
    CHECK(r.body["message"] ==
          "Transaction cancelled, please refer cancellation reasons for specific reasons [None, "
          "ConditionalCheckFailed]");
    CHECK(r.body["CancellationReasons"][1]["Code"] == "ConditionalCheckFailed");
    CHECK(a.api
              .handle("GetItem",
                      json::parse(R"({"TableName": "music", "Key": )" + key("new", 1) + "}"))
              .body == json::object());
    CHECK(r.consumed.write_total() ==
          CapacityUnits::whole(2));  // prepare phase: 1 + 1 (assumption)

    r = a.run("TransactWriteItems",
              R"({"TransactItems": [{"Put": {"TableName": "music", "Item": )" + key("x", 1) +
                  R"(}}, {"Delete": {"TableName": "music", "Key": )" + key("x", 1) + "}}]}");
    CHECK(r.body["message"] ==
          "Transaction request cannot include multiple operations on one item");
}

TEST_CASE("a prepared TransactWriteItems answers as the transaction would and writes nothing",
          "[storage][batch]") {
    Api a;
    a.put("a", 1, 10);
    // Passes: ok, billed its prepare phase (one standard write per item: 1 + 1 WCU), nothing
    // written.
    const json ok = json::parse(R"({"TransactItems": [
        {"Put": {"TableName": "music", "Item": {"pk": {"S": "a"}, "sk": {"N": "2"}}}},
        {"Update": {"TableName": "music", "Key": )" +
                                key("a", 1) + R"(,
                    "UpdateExpression": "SET n = :one",
                    "ExpressionAttributeValues": {":one": {"N": "1"}}}}]})");
    auto prepared = a.api.prepare_transact_write(ok);
    REQUIRE(prepared.ok);
    CHECK(prepared.consumed.table_write.halves() == 4);
    CHECK_FALSE(a.run("GetItem", R"({"TableName": "music", "Key": )" + key("a", 2) + "}")
                    .body.contains("Item"));
    CHECK_FALSE(a.run("GetItem", R"({"TableName": "music", "Key": )" + key("a", 1) + "}")
                    .body["Item"]
                    .contains("n"));
    // Fails a condition: the cancellation, with its reasons, and still nothing written.
    const json bad = json::parse(R"({"TransactItems": [
        {"Put": {"TableName": "music", "Item": {"pk": {"S": "a"}, "sk": {"N": "2"}}}},
        {"ConditionCheck": {"TableName": "music", "Key": )" +
                                 key("a", 9) + R"j(,
                            "ConditionExpression": "attribute_exists(pk)"}}]})j");
    auto cancelled = a.api.prepare_transact_write(bad);
    REQUIRE_FALSE(cancelled.ok);
    CHECK(cancelled.error.code == ddbsim::ErrorCode::kTransactionCanceled);
    REQUIRE(cancelled.error.reasons.size() == 2);
    CHECK(cancelled.error.reasons[1].code == "ConditionalCheckFailed");
    CHECK(a.table.item_count() == 1);
    // The real thing commits.
    CHECK(a.run("TransactWriteItems", ok.dump()).ok);
    CHECK(a.table.item_count() == 2);
}
