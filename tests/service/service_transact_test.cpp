// Transactions across tables in the live service: all or nothing, with every item's
// cancellation reason in request order, on a manual clock.
#include <catch2/catch.hpp>

#include <chrono>
#include <string>

#include <nlohmann/json.hpp>

#include "service/service.hpp"

using json = nlohmann::json;
using ddbsim::service::Service;
using ddbsim::service::ServiceOptions;
using ddbsim::service::ServiceResponse;

namespace {

struct Bank {
    ddbsim::sim::TimeUs now = 0;
    Service service{ServiceOptions{}, [this] { return now; }};

    Bank() {
        create("accounts", 100);
        create("ledger", 100);
        REQUIRE(call("PutItem", {{"TableName", "accounts"},
                                 {"Item", {{"pk", {{"S", "alice"}}}, {"balance", {{"N", "25"}}}}}})
                    .status == 200);
    }
    ServiceResponse call(const std::string& op, const json& body) {
        return service.handle("DynamoDB_20120810", op, body.dump());
    }
    void create(const std::string& name, int wcu) {
        auto r = call(
            "CreateTable",
            {{"TableName", name},
             {"AttributeDefinitions", {{{"AttributeName", "pk"}, {"AttributeType", "S"}}}},
             {"KeySchema", {{{"AttributeName", "pk"}, {"KeyType", "HASH"}}}},
             {"ProvisionedThroughput", {{"ReadCapacityUnits", 100}, {"WriteCapacityUnits", wcu}}}});
        REQUIRE(r.status == 200);
    }
    // Moves `amount` out of alice's account and records it in the ledger under `entry`.
    json transfer(int amount, const std::string& entry, const std::string& token = "") {
        json body = {
            {"TransactItems",
             {{{"Update",
                {{"TableName", "accounts"},
                 {"Key", {{"pk", {{"S", "alice"}}}}},
                 {"UpdateExpression", "SET balance = balance - :a"},
                 {"ConditionExpression", "balance >= :a"},
                 {"ExpressionAttributeValues", {{":a", {{"N", std::to_string(amount)}}}}}}}},
              {{"Put",
                {{"TableName", "ledger"},
                 {"Item", {{"pk", {{"S", entry}}}, {"amount", {{"N", std::to_string(amount)}}}}},
                 {"ConditionExpression", "attribute_not_exists(pk)"}}}}}},
            {"ReturnConsumedCapacity", "TOTAL"}};
        if (!token.empty()) body["ClientRequestToken"] = token;
        return body;
    }
    std::string balance() {
        return call("GetItem", {{"TableName", "accounts"}, {"Key", {{"pk", {{"S", "alice"}}}}}})
            .body["Item"]["balance"]["N"];
    }
    bool in_ledger(const std::string& entry) {
        return call("GetItem", {{"TableName", "ledger"}, {"Key", {{"pk", {{"S", entry}}}}}})
            .body.contains("Item");
    }
};

}  // namespace

TEST_CASE("a transaction across two tables commits both parts", "[service][transact]") {
    Bank b;
    auto r = b.call("TransactWriteItems", b.transfer(10, "t1"));
    REQUIRE(r.status == 200);
    CHECK(b.balance() == "15");
    CHECK(b.in_ledger("t1"));
    // Each table's part bills 2 WCU per item (prepare + commit), reported per table.
    CHECK(r.body["ConsumedCapacity"] ==
          json::array({{{"TableName", "accounts"}, {"CapacityUnits", 2.0}},
                       {{"TableName", "ledger"}, {"CapacityUnits", 2.0}}}));
}

TEST_CASE("a failed condition in one table cancels every table's part", "[service][transact]") {
    Bank b;
    REQUIRE(b.call("TransactWriteItems", b.transfer(10, "t1")).status == 200);
    // The ledger already holds t1: its condition fails, so the debit must not happen.
    auto r = b.call("TransactWriteItems", b.transfer(5, "t1"));
    CHECK(r.error_name == "TransactionCanceledException");
    CHECK(r.body["CancellationReasons"][0]["Code"] == "None");
    CHECK(r.body["CancellationReasons"][1]["Code"] == "ConditionalCheckFailed");
    CHECK(r.body["message"].get<std::string>().find("[None, ConditionalCheckFailed]") !=
          std::string::npos);
    CHECK(b.balance() == "15");
    // And the other way round: insufficient funds cancels the ledger's put.
    auto poor = b.call("TransactWriteItems", b.transfer(100, "t2"));
    CHECK(poor.body["CancellationReasons"][0]["Code"] == "ConditionalCheckFailed");
    CHECK(poor.body["CancellationReasons"][1]["Code"] == "None");
    CHECK_FALSE(b.in_ledger("t2"));
}

TEST_CASE("a throttled table cancels the transaction with ThrottlingError", "[service][transact]") {
    Bank b;
    b.create("tiny", 1);
    // 1 WCU with 300 s of burst: 4 KB puts (4 WCU standard, here 8 transactional) drain it.
    const std::string big(4000, 'x');
    for (int i = 0; i < 80; ++i)
        b.call("PutItem",
               {{"TableName", "tiny"},
                {"Item", {{"pk", {{"S", "f" + std::to_string(i)}}}, {"d", {{"S", big}}}}}});
    json body = {{"TransactItems",
                  {{{"Put", {{"TableName", "ledger"}, {"Item", {{"pk", {{"S", "t9"}}}}}}}},
                   {{"Put", {{"TableName", "tiny"}, {"Item", {{"pk", {{"S", "x"}}}}}}}}}}};
    auto r = b.call("TransactWriteItems", body);
    CHECK(r.error_name == "TransactionCanceledException");
    CHECK(r.body["CancellationReasons"][0]["Code"] == "None");
    CHECK(r.body["CancellationReasons"][1]["Code"] == "ThrottlingError");
    CHECK_FALSE(b.in_ledger("t9"));
}

TEST_CASE("a repeated client token applies a cross-table transaction once", "[service][transact]") {
    Bank b;
    REQUIRE(b.call("TransactWriteItems", b.transfer(10, "t1", "token-1")).status == 200);
    REQUIRE(b.call("TransactWriteItems", b.transfer(10, "t1", "token-1")).status == 200);
    CHECK(b.balance() == "15");
}

TEST_CASE("TransactGetItems reads several tables in request order", "[service][transact]") {
    Bank b;
    REQUIRE(b.call("TransactWriteItems", b.transfer(10, "t1")).status == 200);
    json body = {{"TransactItems",
                  {{{"Get", {{"TableName", "ledger"}, {"Key", {{"pk", {{"S", "t1"}}}}}}}},
                   {{"Get", {{"TableName", "accounts"}, {"Key", {{"pk", {{"S", "alice"}}}}}}}},
                   {{"Get", {{"TableName", "ledger"}, {"Key", {{"pk", {{"S", "none"}}}}}}}}}}};
    auto r = b.call("TransactGetItems", body);
    REQUIRE(r.status == 200);
    REQUIRE(r.body["Responses"].size() == 3);
    CHECK(r.body["Responses"][0]["Item"]["amount"]["N"] == "10");
    CHECK(r.body["Responses"][1]["Item"]["balance"]["N"] == "15");
    CHECK(r.body["Responses"][2] == json::object());
}

TEST_CASE("a cross-table transaction naming a missing table changes nothing",
          "[service][transact]") {
    Bank b;
    json body = b.transfer(10, "t1");
    body["TransactItems"][1]["Put"]["TableName"] = "nowhere";
    auto r = b.call("TransactWriteItems", body);
    CHECK(r.error_name == "ResourceNotFoundException");
    CHECK(b.balance() == "25");
}

namespace {

using Clock = std::chrono::steady_clock;

json increment(const std::string& table) {
    return {{"TransactItems",
             {{{"Update",
                {{"TableName", table},
                 {"Key", {{"pk", {{"S", "alice"}}}}},
                 {"UpdateExpression", "SET balance = balance + :one"},
                 {"ExpressionAttributeValues", {{":one", {{"N", "1"}}}}}}}}}}};
}

}  // namespace

TEST_CASE("requests that arrived while a transaction was in flight conflict with it",
          "[service][transact]") {
    Bank b;
    const auto before = Clock::now();  // "arrived" before the transaction below ended
    REQUIRE(
        b.service.handle("DynamoDB_20120810", "TransactWriteItems", increment("accounts").dump())
            .status == 200);
    // A second transaction on the same item, concurrent with the first: cancelled.
    auto t2 = b.service.handle("DynamoDB_20120810", "TransactWriteItems",
                               increment("accounts").dump(), before);
    CHECK(t2.error_name == "TransactionCanceledException");
    CHECK(t2.body["CancellationReasons"][0]["Code"] == "TransactionConflict");
    // A concurrent single-item write: TransactionConflictException.
    auto put = b.service.handle(
        "DynamoDB_20120810", "PutItem",
        json{{"TableName", "accounts"}, {"Item", {{"pk", {{"S", "alice"}}}}}}.dump(), before);
    CHECK(put.error_name == "TransactionConflictException");
    CHECK(put.body["__type"] == "com.amazonaws.dynamodb.v20120810#TransactionConflictException");
    // A concurrent transactional read, too; a plain read never conflicts.
    json get = {{"TransactItems",
                 {{{"Get", {{"TableName", "accounts"}, {"Key", {{"pk", {{"S", "alice"}}}}}}}}}}};
    CHECK(
        b.service.handle("DynamoDB_20120810", "TransactGetItems", get.dump(), before).error_name ==
        "TransactionCanceledException");
    CHECK(b.service
              .handle("DynamoDB_20120810", "GetItem",
                      json{{"TableName", "accounts"}, {"Key", {{"pk", {{"S", "alice"}}}}}}.dump(),
                      before)
              .status == 200);
    // Another item, or a request that arrived after the transaction ended: no conflict.
    CHECK(b.service
              .handle("DynamoDB_20120810", "PutItem",
                      json{{"TableName", "accounts"}, {"Item", {{"pk", {{"S", "bob"}}}}}}.dump(),
                      before)
              .status == 200);
    CHECK(b.call("TransactWriteItems", increment("accounts")).status == 200);
    CHECK(b.balance() == "27");  // the two transactions that ran, nothing from the rejected
    CHECK(b.service.metrics_text().find(
              "ddbsim_transaction_conflicts_total{table=\"accounts\"} 3") != std::string::npos);
}

TEST_CASE("single-item writes in flight conflict only with transactional reads",
          "[service][transact]") {
    Bank b;
    const auto before = Clock::now();
    REQUIRE(b.call("PutItem", {{"TableName", "accounts"},
                               {"Item", {{"pk", {{"S", "alice"}}}, {"balance", {{"N", "1"}}}}}})
                .status == 200);
    CHECK(
        b.service
            .handle("DynamoDB_20120810", "TransactWriteItems", increment("accounts").dump(), before)
            .status == 200);
    json get = {{"TransactItems",
                 {{{"Get", {{"TableName", "ledger"}, {"Key", {{"pk", {{"S", "x"}}}}}}}},
                  {{"Get", {{"TableName", "accounts"}, {"Key", {{"pk", {{"S", "alice"}}}}}}}}}}};
    auto r = b.service.handle("DynamoDB_20120810", "TransactGetItems", get.dump(), before);
    CHECK(r.error_name == "TransactionCanceledException");
    CHECK(r.body["CancellationReasons"][0]["Code"] == "None");
    CHECK(r.body["CancellationReasons"][1]["Code"] == "TransactionConflict");
}
