// The live service without a socket: DynamoDB requests in, DynamoDB responses out, on a
// manual clock so every throttle is exact (docs/server.md).
#include <catch2/catch.hpp>

#include <string>

#include <nlohmann/json.hpp>

#include "service/service.hpp"

using json = nlohmann::json;
using ddbsim::service::Service;
using ddbsim::service::ServiceOptions;
using ddbsim::service::ServiceResponse;

namespace {

struct Fixture {
    ddbsim::sim::TimeUs now = 0;
    Service service{ServiceOptions{}, [this] { return now; }};

    ServiceResponse call(const std::string& op, const json& body) {
        return service.handle("DynamoDB_20120810", op, body.dump());
    }
    void create(const std::string& name, int rcu, int wcu, json extra = json::object()) {
        json body = {
            {"TableName", name},
            {"AttributeDefinitions", {{{"AttributeName", "pk"}, {"AttributeType", "S"}}}},
            {"KeySchema", {{{"AttributeName", "pk"}, {"KeyType", "HASH"}}}},
            {"ProvisionedThroughput", {{"ReadCapacityUnits", rcu}, {"WriteCapacityUnits", wcu}}}};
        body.update(extra);
        auto r = call("CreateTable", body);
        REQUIRE(r.status == 200);
    }
    ServiceResponse put(const std::string& table, const std::string& key, int bytes = 10) {
        return call("PutItem",
                    {{"TableName", table},
                     {"Item", {{"pk", {{"S", key}}}, {"d", {{"S", std::string(bytes, 'x')}}}}}});
    }
};

// A token bucket as the DG describes it, as a reference: `rate` units per second, up to
// `burst_seconds` of them banked, starting full; a write of one unit is admitted while the
// balance is positive.
int reference_admitted_until_throttle(double rate, double burst_seconds, double writes_per_second) {
    double balance = rate * burst_seconds;
    const double dt = 1.0 / writes_per_second;
    for (int n = 0;; ++n) {
        if (balance <= 0) return n;
        balance -= 1;
        balance = std::min(balance + rate * dt, rate * burst_seconds);
    }
}

}  // namespace

TEST_CASE("the service executes DynamoDB requests on its tables", "[service]") {
    Fixture f;
    f.create("orders", 5, 5);
    auto put = f.call("PutItem", {{"TableName", "orders"},
                                  {"Item", {{"pk", {{"S", "a"}}}, {"n", {{"N", "1"}}}}},
                                  {"ReturnConsumedCapacity", "TOTAL"}});
    REQUIRE(put.status == 200);
    CHECK(put.body["ConsumedCapacity"] == json{{"TableName", "orders"}, {"CapacityUnits", 1.0}});
    auto get = f.call("GetItem", {{"TableName", "orders"}, {"Key", {{"pk", {{"S", "a"}}}}}});
    CHECK(get.body["Item"]["n"] == json{{"N", "1"}});
    auto describe = f.call("DescribeTable", {{"TableName", "orders"}});
    CHECK(describe.body["Table"]["TableStatus"] == "ACTIVE");
    CHECK(describe.body["Table"]["ItemCount"] == 1);
    CHECK(describe.body["Table"]["TableArn"] ==
          "arn:aws:dynamodb:us-east-1:000000000000:table/orders");
    CHECK(describe.body["Table"]["ProvisionedThroughput"]["WriteCapacityUnits"] == 5);
    auto missing = f.call("GetItem", {{"TableName", "nope"}, {"Key", {{"pk", {{"S", "a"}}}}}});
    CHECK(missing.status == 400);
    CHECK(missing.body["__type"] == "com.amazonaws.dynamodb.v20120810#ResourceNotFoundException");
}

TEST_CASE("unknown operations and unparsable bodies get DynamoDB's errors", "[service]") {
    Fixture f;
    auto unknown = f.service.handle("DynamoDB_20120810", "DropEverything", "{}");
    CHECK(unknown.status == 400);
    CHECK(unknown.body["__type"] == "com.amazon.coral.service#UnknownOperationException");
    // The storage core's directives are not on the wire.
    CHECK(f.service.handle("DynamoDB_20120810", "ddbsim:SetTime", "{}").error_name ==
          "UnknownOperationException");
    auto garbage = f.service.handle("DynamoDB_20120810", "ListTables", "{not json");
    CHECK(garbage.body["__type"] == "com.amazon.coral.service#SerializationException");
    auto deep = f.service.handle("DynamoDB_20120810", "ListTables",
                                 std::string(100000, '[') + std::string(100000, ']'));
    CHECK(deep.error_name == "SerializationException");
}

TEST_CASE("a 5 WCU table serves its 300 s of burst, then throttles with the table's reason",
          "[service][throttling]") {
    Fixture f;
    f.create("burst", 5, 5);
    // 100 writes of one unit per model second: the burst (1,500 units) and the refill run
    // out together after about 15.8 s.
    int admitted = 0;
    ServiceResponse throttled;
    for (int i = 0; i < 5000; ++i) {
        f.now = static_cast<ddbsim::sim::TimeUs>(i) * 10'000;
        auto r = f.put("burst", "k" + std::to_string(i));
        if (r.status != 200) {
            throttled = r;
            break;
        }
        ++admitted;
    }
    CHECK(admitted == reference_admitted_until_throttle(5, 300, 100));
    CHECK(throttled.body["__type"] ==
          "com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException");
    CHECK(throttled.body["message"] ==
          "The level of configured provisioned throughput for the table was exceeded. Consider "
          "increasing your provisioning level with the UpdateTable API.");
    CHECK(throttled.body["ThrottlingReasons"] ==
          json::array({{{"reason", "TableWriteProvisionedThroughputExceeded"},
                        {"resource", "arn:aws:dynamodb:us-east-1:000000000000:table/burst"}}}));
    // A throttled request changed nothing.
    auto count = f.call("DescribeTable", {{"TableName", "burst"}});
    CHECK(count.body["Table"]["ItemCount"] == admitted);
    const std::string metrics = f.service.metrics_text();
    CHECK(metrics.find("ddbsim_write_throttle_events_total{table=\"burst\",index=\"\"} 1\n") !=
          std::string::npos);
    CHECK(metrics.find("ddbsim_consumed_write_capacity_units_total{table=\"burst\",index=\"\"} " +
                       std::to_string(admitted) + "\n") != std::string::npos);
    CHECK(metrics.find(
              "ddbsim_throttled_requests_total{table=\"burst\",operation=\"PutItem\"} 1\n") !=
          std::string::npos);
}

TEST_CASE("a hot key throttles with KeyRangeThroughputExceeded while the table has capacity",
          "[service][throttling]") {
    Fixture f;
    f.create("hot", 100, 4000);  // ceil(100/3000 + 4000/1000) = 5 partitions
    int admitted = 0;
    ServiceResponse throttled;
    for (int i = 0; i < 2000; ++i) {
        auto r = f.put("hot", "the-hot-key");  // all in the same model instant
        if (r.status != 200) {
            throttled = r;
            break;
        }
        ++admitted;
    }
    // The partition's hard limit: 1,000 WCU in one second, far below the table's 4,000 WCU
    // and its 1.2 M units of burst.
    CHECK(admitted == 1000);
    CHECK(throttled.body["ThrottlingReasons"][0]["reason"] ==
          "TableWriteKeyRangeThroughputExceeded");
    // Keys on the other four partitions are still served; a key that shares the hot key's
    // partition is throttled for the same reason.
    int served = 0;
    for (int i = 0; i < 100; ++i) {
        auto r = f.put("hot", "cold-" + std::to_string(i));
        if (r.status == 200) {
            ++served;
        } else {
            CHECK(r.body["ThrottlingReasons"][0]["reason"] ==
                  "TableWriteKeyRangeThroughputExceeded");
        }
    }
    CHECK(served >= 50);
    CHECK(served < 100);
}

TEST_CASE("a starved GSI throttles base-table writes with the Index reason",
          "[service][throttling]") {
    Fixture f;
    json gsi = {
        {"AttributeDefinitions",
         {{{"AttributeName", "pk"}, {"AttributeType", "S"}},
          {{"AttributeName", "g"}, {"AttributeType", "S"}}}},
        {"GlobalSecondaryIndexes",
         {{{"IndexName", "by-g"},
           {"KeySchema", {{{"AttributeName", "g"}, {"KeyType", "HASH"}}}},
           {"Projection", {{"ProjectionType", "KEYS_ONLY"}}},
           {"ProvisionedThroughput", {{"ReadCapacityUnits", 1}, {"WriteCapacityUnits", 1}}}}}}};
    f.create("indexed", 100, 100, gsi);
    int admitted = 0;
    ServiceResponse throttled;
    for (int i = 0; i < 1000; ++i) {
        auto r = f.call("PutItem", {{"TableName", "indexed"},
                                    {"Item",
                                     {{"pk", {{"S", "k" + std::to_string(i)}}},
                                      {"g", {{"S", "g" + std::to_string(i)}}}}}});
        if (r.status != 200) {
            throttled = r;
            break;
        }
        ++admitted;
    }
    CHECK(admitted == 300);  // the index's 300 s of 1 WCU
    CHECK(throttled.body["ThrottlingReasons"] ==
          json::array({{{"reason", "IndexWriteProvisionedThroughputExceeded"},
                        {"resource",
                         "arn:aws:dynamodb:us-east-1:000000000000:table/indexed/index/by-g"}}}));
    CHECK(throttled.body["message"].get<std::string>().find("global secondary indexes") !=
          std::string::npos);
    // A write the index does not hold (no `g`) is not throttled by it.
    CHECK(f.put("indexed", "no-index-attribute").status == 200);
}

TEST_CASE("BatchWriteItem returns the throttled part as UnprocessedItems",
          "[service][throttling]") {
    Fixture f;
    f.create("batch", 1, 1);
    // A 1 WCU table banks 300 units; spend all but 10 of them, all at t = 0.
    for (int i = 0; i < 290; ++i)
        REQUIRE(f.put("batch", "a" + std::to_string(i)).status == 200);
    json entries = json::array();
    for (int i = 0; i < 25; ++i)
        entries.push_back({{"PutRequest", {{"Item", {{"pk", {{"S", "c" + std::to_string(i)}}}}}}}});
    auto r = f.call("BatchWriteItem", {{"RequestItems", {{"batch", entries}}}});
    REQUIRE(r.status == 200);
    const auto unprocessed = r.body["UnprocessedItems"]["batch"];
    // Each entry holds its unit as it is admitted: 10 are, while the balance is positive.
    CHECK(unprocessed.size() == 15);
    CHECK(unprocessed[0] == entries[10]);
    // Nothing left: the whole batch is throttled.
    auto none = f.call("BatchWriteItem", {{"RequestItems", {{"batch", entries}}}});
    CHECK(none.error_name == "ProvisionedThroughputExceededException");
}

TEST_CASE("a throttled transaction is cancelled with ThrottlingError", "[service][throttling]") {
    Fixture f;
    f.create("txn", 100, 4000);
    for (int i = 0; i < 1000; ++i)
        REQUIRE(f.put("txn", "hot").status == 200);  // the key's partition is spent
    // A key on another partition: one that is still served.
    std::string cold;
    for (int i = 0; cold.empty(); ++i)
        if (f.put("txn", "cold-" + std::to_string(i)).status == 200)
            cold = "cold-" + std::to_string(i);
    json items = {
        {{"Put", {{"TableName", "txn"}, {"Item", {{"pk", {{"S", cold}}}, {"v", {{"N", "1"}}}}}}}},
        {{"Put", {{"TableName", "txn"}, {"Item", {{"pk", {{"S", "hot"}}}}}}}}};
    auto r = f.call("TransactWriteItems", {{"TransactItems", items}});
    CHECK(r.error_name == "TransactionCanceledException");
    CHECK(r.body["CancellationReasons"][0]["Code"] == "None");
    CHECK(r.body["CancellationReasons"][1]["Code"] == "ThrottlingError");
    // Cancelled: the first item's write did not happen either.
    CHECK_FALSE(f.call("GetItem", {{"TableName", "txn"}, {"Key", {{"pk", {{"S", cold}}}}}})
                    .body["Item"]
                    .contains("v"));
}

TEST_CASE("UpdateTable changes throughput and limits decreases per UTC day", "[service]") {
    Fixture f;
    f.create("scaled", 5, 5);
    auto up = f.call("UpdateTable", {{"TableName", "scaled"},
                                     {"ProvisionedThroughput",
                                      {{"ReadCapacityUnits", 10}, {"WriteCapacityUnits", 2000}}}});
    REQUIRE(up.status == 200);
    auto d = f.call("DescribeTable", {{"TableName", "scaled"}}).body["Table"];
    CHECK(d["ProvisionedThroughput"]["WriteCapacityUnits"] == 2000);
    CHECK(d["ProvisionedThroughput"].contains("LastIncreaseDateTime"));
    CHECK(f.service.metrics_text().find("ddbsim_partitions{table=\"scaled\",index=\"\"} 3\n") !=
          std::string::npos);
    int decreases = 0;
    for (int w = 1999; w > 1990; --w) {
        auto r = f.call("UpdateTable", {{"TableName", "scaled"},
                                        {"ProvisionedThroughput",
                                         {{"ReadCapacityUnits", 10}, {"WriteCapacityUnits", w}}}});
        if (r.status != 200) {
            CHECK(r.error_name == "LimitExceededException");
            break;
        }
        ++decreases;
    }
    CHECK(decreases == 4);
    f.now += 3600 * ddbsim::sim::kSecond;  // an hour without a decrease: one more
    CHECK(f.call("UpdateTable", {{"TableName", "scaled"},
                                 {"ProvisionedThroughput",
                                  {{"ReadCapacityUnits", 10}, {"WriteCapacityUnits", 100}}}})
              .status == 200);
}

TEST_CASE("ListTables pages and tables survive a snapshot", "[service]") {
    Fixture f;
    for (const char* name : {"aaa", "bbb", "ccc"})
        f.create(name, 1, 1);
    auto first = f.call("ListTables", {{"Limit", 2}});
    CHECK(first.body["TableNames"] == json::array({"aaa", "bbb"}));
    CHECK(first.body["LastEvaluatedTableName"] == "bbb");
    auto rest = f.call("ListTables", {{"ExclusiveStartTableName", "bbb"}});
    CHECK(rest.body["TableNames"] == json::array({"ccc"}));
    CHECK_FALSE(rest.body.contains("LastEvaluatedTableName"));
    REQUIRE(f.put("bbb", "kept").status == 200);
    const json snapshot = f.service.snapshot();
    Fixture g;
    REQUIRE(g.service.restore(snapshot));
    CHECK(g.call("GetItem", {{"TableName", "bbb"}, {"Key", {{"pk", {{"S", "kept"}}}}}})
              .body["Item"]["pk"] == json{{"S", "kept"}});
    CHECK(g.service.table_names().size() == 3);
    CHECK_FALSE(g.service.restore(json{{"Format", "something else"}}));
}
