// TTL sweeps, DynamoDB Streams records and reading them, and GSIs added to a live table.
#include <catch2/catch.hpp>

#include "storage/json_api.hpp"
#include "support/helpers.hpp"

using namespace ddbsim::storage;
using nlohmann::json;

namespace {

const char* kStreamTable = R"({"TableName": "sessions",
  "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"}],
  "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}], "BillingMode": "PAY_PER_REQUEST",
  "StreamSpecification": {"StreamEnabled": true, "StreamViewType": "NEW_AND_OLD_IMAGES"}})";

struct Api {
    Table table{ddbsim::test::schema(kStreamTable)};
    JsonApi api{table};
    ApiResponse run(const char* op, const std::string& request) {
        auto r = api.handle(op, json::parse(request));
        INFO(op << " " << r.body.dump());
        REQUIRE(r.ok);
        return r;
    }
    void put(const std::string& id, std::int64_t expires) {
        run("PutItem", R"({"TableName": "sessions", "Item": {"id": {"S": ")" + id +
                           R"("}, "expires": {"N": ")" + std::to_string(expires) + R"("}}})");
    }
    json records(const std::string& iterator_type = "TRIM_HORIZON") {
        auto d = run("DescribeStream", R"({"StreamArn": ")" + arn() + R"("})");
        auto it = run("GetShardIterator",
                      R"({"StreamArn": ")" + arn() + R"(", "ShardId": ")" +
                          d.body["StreamDescription"]["Shards"][0]["ShardId"].get<std::string>() +
                          R"(", "ShardIteratorType": ")" + iterator_type + R"("})");
        auto r = run("GetRecords", R"({"ShardIterator": ")" +
                                       it.body["ShardIterator"].get<std::string>() + R"("})");
        CHECK(r.consumed.stream_read_request_units == 1);
        return r.body["Records"];
    }
    std::string arn() const {
        return "arn:aws:dynamodb:us-east-1:000000000000:table/sessions/stream/"
               "1970-01-01T00:00:00.000";
    }
};

}  // namespace

TEST_CASE("every modification appends a stream record in order", "[storage][stream]") {
    Api a;
    a.table.set_time_us(1'700'000'000'000'000);
    a.put("s1", 100);
    a.put("s1", 100);  // unchanged: no record
    a.put("s1", 200);
    a.run("DeleteItem", R"({"TableName": "sessions", "Key": {"id": {"S": "s1"}}})");
    a.run(
        "DeleteItem",
        R"({"TableName": "sessions", "Key": {"id": {"S": "s1"}}})");  // nothing deleted: no record
    json recs = a.records();
    REQUIRE(recs.size() == 3);
    CHECK(recs[0]["eventName"] == "INSERT");
    CHECK_FALSE(recs[0]["dynamodb"].contains("OldImage"));
    CHECK(recs[1]["eventName"] == "MODIFY");
    CHECK(recs[1]["dynamodb"]["OldImage"]["expires"] == json::parse(R"({"N": "100"})"));
    CHECK(recs[1]["dynamodb"]["NewImage"]["expires"] == json::parse(R"({"N": "200"})"));
    CHECK(recs[2]["eventName"] == "REMOVE");
    CHECK(recs[2]["dynamodb"]["Keys"] == json::parse(R"({"id": {"S": "s1"}})"));
    CHECK(recs[0]["dynamodb"]["ApproximateCreationDateTime"] == 1'700'000'000);
    CHECK(recs[0]["dynamodb"]["SequenceNumber"] < recs[1]["dynamodb"]["SequenceNumber"]);
    CHECK(a.records("LATEST").empty());
}

TEST_CASE("stream records are kept 24 hours", "[storage][stream]") {
    Api a;
    a.put("old", 1);
    a.table.set_time_us(25LL * 3600 * 1'000'000);
    a.put("new", 1);
    json recs = a.records();
    REQUIRE(recs.size() == 1);
    CHECK(recs[0]["dynamodb"]["Keys"]["id"]["S"] == "new");
}

TEST_CASE("TTL deletes expired items at no capacity, as service deletions", "[storage][ttl]") {
    Api a;
    a.run(
        "UpdateTimeToLive",
        R"({"TableName": "sessions", "TimeToLiveSpecification": {"Enabled": true, "AttributeName": "expires"}})");
    const std::int64_t now = 1'700'000'000;
    a.table.set_time_us(now * 1'000'000);
    a.put("expired", now - 10);
    a.put("live", now + 3600);
    a.put("ancient", now - 6LL * 365 * 24 * 3600);  // over five years past: ignored
    a.run("PutItem", R"({"TableName": "sessions", "Item": {"id": {"S": "no-ttl"}}})");
    // Reads still see expired items until the sweep runs.
    CHECK(a.run("GetItem", R"({"TableName": "sessions", "Key": {"id": {"S": "expired"}}})")
              .body.contains("Item"));
    // With a 48 h delay nothing is old enough yet.
    CHECK(a.run("ddbsim:SweepTtl", R"({"DelaySeconds": 172800})").body["DeletedItems"] == 0);
    auto swept = a.run("ddbsim:SweepTtl", "{}");
    CHECK(swept.body["DeletedItems"] == 1);
    CHECK(swept.consumed.total().is_zero());
    CHECK(a.table.item_count() == 3);
    json recs = a.records();
    REQUIRE(recs.back()["eventName"] == "REMOVE");
    CHECK(recs.back()["userIdentity"]["Type"] == "Service");
    CHECK(recs.back()["userIdentity"]["PrincipalId"] == "dynamodb.amazonaws.com");
    CHECK(a.run("DescribeTimeToLive", R"({"TableName": "sessions"})")
              .body["TimeToLiveDescription"]["AttributeName"] == "expires");
}

TEST_CASE("a GSI added to a live table is built from its items, a removed one is gone",
          "[storage][index]") {
    Api a;
    a.put("a", 1);
    a.put("b", 2);
    a.run("PutItem",
          R"({"TableName": "sessions", "Item": {"id": {"S": "c"}}})");  // no `expires`: sparse
    a.run(
        "UpdateTable",
        R"({"TableName": "sessions", "AttributeDefinitions": [{"AttributeName": "expires", "AttributeType": "N"}],
        "GlobalSecondaryIndexUpdates": [{"Create": {"IndexName": "by_expiry", "KeySchema": [{"AttributeName": "expires", "KeyType": "HASH"}],
        "Projection": {"ProjectionType": "KEYS_ONLY"}}}]})");
    REQUIRE(a.table.find_index("by_expiry") != nullptr);
    CHECK(a.table.find_index("by_expiry")->item_count() == 2);
    auto q = a.run(
        "Query",
        R"({"TableName": "sessions", "IndexName": "by_expiry", "KeyConditionExpression": "expires = :e",
        "ExpressionAttributeValues": {":e": {"N": "2"}}})");
    CHECK(q.body["Items"][0]["id"]["S"] == "b");
    // Later writes maintain it and are billed for it.
    auto w = a.api.handle(
        "PutItem",
        json::parse(
            R"({"TableName": "sessions", "Item": {"id": {"S": "d"}, "expires": {"N": "3"}}})"));
    CHECK(w.consumed.indexes.at("by_expiry").write == CapacityUnits::whole(1));
    a.run(
        "UpdateTable",
        R"({"TableName": "sessions", "GlobalSecondaryIndexUpdates": [{"Delete": {"IndexName": "by_expiry"}}]})");
    CHECK(a.table.find_index("by_expiry") == nullptr);
    auto bad =
        a.api.handle("Query", json::parse(R"({"TableName": "sessions", "IndexName": "by_expiry",
        "KeyConditionExpression": "expires = :e", "ExpressionAttributeValues": {":e": {"N": "2"}}})"));
    CHECK_FALSE(bad.ok);
}
