// Built into its own binary that links ddbsim_core alone (tests/CMakeLists.txt): what a live
// server needs — tables, the JSON API, partitions and admission — works without the
// simulator library.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "common/json_text.hpp"
#include "model/capacity_model.hpp"
#include "model/partition_map.hpp"
#include "storage/json_api.hpp"
#include "storage/table_schema.hpp"

using namespace ddbsim;

TEST_CASE("the core alone executes a request and admits it against a table's capacity",
          "[model][core]") {
    auto schema = storage::TableSchema::from_create_table_json(*parse_json_text(R"({
        "TableName": "core", "BillingMode": "PROVISIONED",
        "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
        "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
        "ProvisionedThroughput": {"ReadCapacityUnits": 5, "WriteCapacityUnits": 5}})"));
    REQUIRE(schema);
    storage::Table table(std::move(*schema));
    storage::JsonApi api(table);
    auto response =
        api.handle("PutItem", *parse_json_text(R"({"TableName": "core", "Item": {"pk": {"S": "a"}},
                                       "ReturnConsumedCapacity": "TOTAL"})"));
    CHECK(response.ok);
    CHECK(response.body["ConsumedCapacity"]["CapacityUnits"] == 1.0);  // 5 bytes → 1 WCU

    // 5 WCU on one partition that has been idle for 300 s: 1,500 units of burst. At t = 0 the
    // partition's hard limit (1,000 WCU in one second) stops one-unit writes after 1,000; a
    // second later the burst left (500) plus a second of refill (5) admits 505 more.
    model::CapacityConfig c;
    c.rcu = 5;
    c.wcu = 5;
    model::CapacityModel capacity(c, model::PartitionMap::initial_count(5, 5, 0), false, 0);
    model::ThrottleKind last = model::ThrottleKind::kAccountLimitExceeded;
    auto writes_admitted = [&](sim::TimeUs now) {
        int admitted = 0;
        for (int i = 0; i < 2000; ++i) {
            const auto a = capacity.admit(now, 0, true);
            if (!a.admitted) {
                last = a.reason.kind;
                break;
            }
            capacity.charge(now, 0, true, a, 2);  // one WCU = two half units
            ++admitted;
        }
        return admitted;
    };
    CHECK(writes_admitted(0) == 1000);
    CHECK(last == model::ThrottleKind::kKeyRangeThroughputExceeded);  // the partition's limit
    CHECK(writes_admitted(sim::kSecond) == 505);
    CHECK(last == model::ThrottleKind::kProvisionedThroughputExceeded);  // the table's share
}
