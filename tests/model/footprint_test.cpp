// Footprints before execution (model/footprint.hpp): which partitions of the table and of its
// GSIs a request will draw on, and what it is expected to cost there. Built into
// ddbsim_core_tests, which links the core library alone, as a server will.
#include <catch2/catch.hpp>

#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "common/json_text.hpp"
#include "model/footprint.hpp"
#include "storage/json_api.hpp"
#include "storage/primary_key.hpp"
#include "storage/table_schema.hpp"

using namespace ddbsim;
using model::Touch;
using storage::CapacityUnits;

namespace {

nlohmann::json j(const std::string& text) {
    return *parse_json_text(text);
}

struct Fixture {
    storage::Table table{*storage::TableSchema::from_create_table_json(j(R"({
        "TableName": "orders", "BillingMode": "PROVISIONED",
        "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"},
                                 {"AttributeName": "sk", "AttributeType": "N"},
                                 {"AttributeName": "g", "AttributeType": "S"},
                                 {"AttributeName": "l", "AttributeType": "S"}],
        "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
        "GlobalSecondaryIndexes": [{"IndexName": "by-g", "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
            "Projection": {"ProjectionType": "KEYS_ONLY"},
            "ProvisionedThroughput": {"ReadCapacityUnits": 5, "WriteCapacityUnits": 5}}],
        "LocalSecondaryIndexes": [{"IndexName": "by-l", "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"},
            {"AttributeName": "l", "KeyType": "RANGE"}], "Projection": {"ProjectionType": "ALL"}}],
        "ProvisionedThroughput": {"ReadCapacityUnits": 5, "WriteCapacityUnits": 5}})"))};
    storage::JsonApi api{table};
    model::PartitionMap table_partitions{8};
    model::PartitionMap gsi_partitions{4};
    model::PartitionsOf partitions = [this](std::string_view index) -> const model::PartitionMap* {
        if (index.empty()) return &table_partitions;
        return index == "by-g" ? &gsi_partitions : nullptr;
    };

    void put(const std::string& item) {
        REQUIRE(api.handle("PutItem", j(R"({"TableName": "orders", "Item": )" + item + "}")).ok);
    }
    int table_partition(const std::string& pk) const {
        return table_partitions.route(
            storage::partition_key_hash(storage::AttributeValue::string(pk)));
    }
    int gsi_partition(const std::string& g) const {
        return gsi_partitions.route(
            storage::partition_key_hash(storage::AttributeValue::string(g)));
    }
    model::Footprint of(const char* op, const std::string& request) {
        auto f = model::footprint(table, op, j(request), partitions);
        REQUIRE(f);
        return *f;
    }
};

}  // namespace

TEST_CASE("GetItem draws on its key's table partition, the stored item's read units",
          "[model][footprint]") {
    Fixture f;
    // 8,000 bytes of value + names: 2 blocks of 4 KB, 0.5 each eventually consistent = 1 RCU;
    // strongly consistent 2 RCU.
    f.put(R"({"pk": {"S": "c1"}, "sk": {"N": "1"}, "blob": {"S": ")" + std::string(8000, 'x') +
          R"("}})");
    const auto eventual =
        f.of("GetItem", R"({"TableName": "orders", "Key": {"pk": {"S": "c1"}, "sk": {"N": "1"}}})");
    REQUIRE(eventual.touches.size() == 1);
    CHECK(eventual.touches[0] ==
          Touch{"", f.table_partition("c1"), false, CapacityUnits::whole(1)});
    const auto strong =
        f.of("GetItem", R"({"TableName": "orders", "Key": {"pk": {"S": "c1"}, "sk": {"N": "1"}},
                                            "ConsistentRead": true})");
    CHECK(strong.touches[0].expected == CapacityUnits::whole(2));
    // A missing item still costs the minimum read.
    const auto missing =
        f.of("GetItem", R"({"TableName": "orders", "Key": {"pk": {"S": "zz"}, "sk": {"N": "1"}}})");
    CHECK(missing.touches[0].expected == CapacityUnits::from_halves(1));
}

TEST_CASE("a put that changes an item's GSI key draws on both index partitions",
          "[model][footprint]") {
    Fixture f;
    // Two GSI key values on different index partitions (found, not assumed).
    std::string a = "g0", b;
    for (int i = 1; b.empty(); ++i)
        if (f.gsi_partition("g" + std::to_string(i)) != f.gsi_partition(a))
            b = "g" + std::to_string(i);
    f.put(R"({"pk": {"S": "c1"}, "sk": {"N": "1"}, "g": {"S": ")" + a + R"("}})");
    const auto fp =
        f.of("PutItem", R"({"TableName": "orders", "Item": {"pk": {"S": "c1"}, "sk": {"N": "1"},
                                       "g": {"S": ")" +
                            b + R"("}}})");
    // Table: the larger of old and new (both under 1 KB) = 1 WCU; the index: the old image's
    // delete and the new image's put, each 1 WCU (KEYS_ONLY images are tiny).
    REQUIRE(fp.touches.size() == 3);
    CHECK(fp.touches[0] == Touch{"", f.table_partition("c1"), true, CapacityUnits::whole(1)});
    CHECK(fp.touches[1] == Touch{"by-g", f.gsi_partition(a), true, CapacityUnits::whole(1)});
    CHECK(fp.touches[2] == Touch{"by-g", f.gsi_partition(b), true, CapacityUnits::whole(1)});
    CHECK_FALSE(fp.transactional);
    // An item without the GSI key is not in the index: a delete of it draws on the table only.
    f.put(R"({"pk": {"S": "c2"}, "sk": {"N": "1"}})");
    const auto del = f.of(
        "DeleteItem", R"({"TableName": "orders", "Key": {"pk": {"S": "c2"}, "sk": {"N": "1"}}})");
    REQUIRE(del.touches.size() == 1);
    CHECK(del.touches[0].write);
}

TEST_CASE("Query draws on the queried key's partition: a GSI's own, an LSI the table's",
          "[model][footprint]") {
    Fixture f;
    const auto gsi = f.of("Query", R"({"TableName": "orders", "IndexName": "by-g",
        "KeyConditionExpression": "#g = :g", "ExpressionAttributeNames": {"#g": "g"},
        "ExpressionAttributeValues": {":g": {"S": "red"}}})");
    REQUIRE(gsi.touches.size() == 1);
    CHECK(gsi.touches[0] ==
          Touch{"by-g", f.gsi_partition("red"), false, CapacityUnits::from_halves(1)});
    const auto lsi =
        f.of("Query", R"({"TableName": "orders", "IndexName": "by-l", "ConsistentRead": true,
        "KeyConditionExpression": "pk = :p AND l > :l",
        "ExpressionAttributeValues": {":p": {"S": "c7"}, ":l": {"S": "a"}}})");
    REQUIRE(lsi.touches.size() == 1);
    CHECK(lsi.touches[0] == Touch{"", f.table_partition("c7"), false, CapacityUnits::whole(1)});
}

TEST_CASE("a Scan segment draws on the partitions of its share of the hash space",
          "[model][footprint]") {
    Fixture f;
    // 8 partitions evenly over the hash space: segment 1 of 4 is partitions 2 and 3.
    const auto seg = f.of("Scan", R"({"TableName": "orders", "Segment": 1, "TotalSegments": 4})");
    REQUIRE(seg.touches.size() == 2);
    CHECK(seg.touches[0].partition == 2);
    CHECK(seg.touches[1].partition == 3);
    CHECK(f.of("Scan", R"({"TableName": "orders"})").touches.size() == 8);
    CHECK(f.of("Scan", R"({"TableName": "orders", "IndexName": "by-g"})").touches.size() == 4);
}

TEST_CASE("batches and transactions: this table's entries, merged per partition",
          "[model][footprint]") {
    Fixture f;
    // Two puts under one partition key: one touch of 2 WCU.
    const auto batch = f.of("BatchWriteItem", R"({"RequestItems": {"orders": [
        {"PutRequest": {"Item": {"pk": {"S": "c1"}, "sk": {"N": "1"}}}},
        {"PutRequest": {"Item": {"pk": {"S": "c1"}, "sk": {"N": "2"}}}}],
        "other": [{"PutRequest": {"Item": {"id": {"S": "x"}}}}]}})");
    REQUIRE(batch.touches.size() == 1);
    CHECK(batch.touches[0] == Touch{"", f.table_partition("c1"), true, CapacityUnits::whole(2)});
    // A transaction: its Put and ConditionCheck on this table, transactional (2 WCU each).
    const auto tx = f.of("TransactWriteItems", R"j({"TransactItems": [
        {"Put": {"TableName": "orders", "Item": {"pk": {"S": "c1"}, "sk": {"N": "3"}}}},
        {"ConditionCheck": {"TableName": "orders", "Key": {"pk": {"S": "c9"}, "sk": {"N": "1"}},
                            "ConditionExpression": "attribute_not_exists(pk)"}},
        {"Put": {"TableName": "other", "Item": {"id": {"S": "x"}}}}]})j");
    CHECK(tx.transactional);
    REQUIRE_FALSE(tx.touches.empty());
    CapacityUnits total;
    for (const auto& t : tx.touches) {
        CHECK(t.write);
        total += t.expected;
    }
    CHECK(total == CapacityUnits::whole(4));
}

TEST_CASE("a malformed request has no footprint", "[model][footprint]") {
    Fixture f;
    CHECK_FALSE(model::footprint(f.table, "GetItem",
                                 j(R"({"TableName": "orders", "Key": {"sk": {"N": "1"}}})"),
                                 f.partitions));
    CHECK_FALSE(model::footprint(f.table, "Scan",
                                 j(R"({"TableName": "orders", "Segment": 4, "TotalSegments": 4})"),
                                 f.partitions));
    CHECK_FALSE(model::footprint(f.table, "Query", j(R"({"TableName": "orders", "IndexName": "nope",
        "KeyConditionExpression": "pk = :p", "ExpressionAttributeValues": {":p": {"S": "a"}}})"),
                                 f.partitions));
    // Control-plane operations draw no capacity.
    auto none = model::footprint(f.table, "DescribeTimeToLive", j(R"({"TableName": "orders"})"),
                                 f.partitions);
    REQUIRE(none);
    CHECK(none->touches.empty());
}
