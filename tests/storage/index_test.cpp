// Secondary indexes, Query on indexes, filters, Select and Scan.
#include <catch2/catch.hpp>

#include "storage/item_size.hpp"
#include "storage/json_api.hpp"
#include "support/helpers.hpp"

using namespace ddbsim::storage;
using nlohmann::json;

namespace {

// pk/sk table with a KEYS_ONLY GSI on `genre` (+ sort `year`) and an INCLUDE LSI on `title`.
const char* kIndexedTable = R"({"TableName": "music",
  "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}, {"AttributeName": "sk", "AttributeType": "N"},
    {"AttributeName": "genre", "AttributeType": "S"}, {"AttributeName": "year", "AttributeType": "N"},
    {"AttributeName": "title", "AttributeType": "S"}],
  "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
  "GlobalSecondaryIndexes": [{"IndexName": "by_genre", "KeySchema": [{"AttributeName": "genre", "KeyType": "HASH"},
      {"AttributeName": "year", "KeyType": "RANGE"}], "Projection": {"ProjectionType": "KEYS_ONLY"}}],
  "LocalSecondaryIndexes": [{"IndexName": "by_title", "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"},
      {"AttributeName": "title", "KeyType": "RANGE"}], "Projection": {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["blob"]}}],
  "BillingMode": "PAY_PER_REQUEST"})";

struct Api {
    Table table{ddbsim::test::schema(kIndexedTable)};
    JsonApi api{table};
    ApiResponse run(const char* op, const std::string& request) {
        auto r = api.handle(op, json::parse(request));
        INFO(r.body.dump());
        return r;
    }
    ApiResponse put(const std::string& item) {
        return run(
            "PutItem",
            R"({"TableName": "music", "ReturnConsumedCapacity": "INDEXES", "Item": )" + item + "}");
    }
};

CapacityUnits index_write(const ApiResponse& r, const std::string& name) {
    auto it = r.consumed.indexes.find(name);
    return it == r.consumed.indexes.end() ? CapacityUnits{} : it->second.write;
}

}  // namespace

TEST_CASE("index writes: insert, key change, projected change, untouched, delete",
          "[storage][index]") {
    Api a;
    // Inserting an item with every index key: one write in each index (small images: 1 WCU).
    auto r =
        a.put(R"({"pk": {"S": "a"}, "sk": {"N": "1"}, "genre": {"S": "rock"}, "year": {"N": "1969"},
        "title": {"S": "Abbey Road"}, "blob": {"S": "x"}, "other": {"S": "y"}})");
    REQUIRE(r.ok);
    CHECK(r.consumed.table_write == CapacityUnits::whole(1));
    CHECK(index_write(r, "by_genre") == CapacityUnits::whole(1));
    CHECK(index_write(r, "by_title") == CapacityUnits::whole(1));
    CHECK(r.body["ConsumedCapacity"]["CapacityUnits"] == 3.0);
    CHECK(r.body["ConsumedCapacity"]["GlobalSecondaryIndexes"]["by_genre"]["CapacityUnits"] == 1.0);
    CHECK(r.body["ConsumedCapacity"]["LocalSecondaryIndexes"]["by_title"]["CapacityUnits"] == 1.0);

    // Changing only a non-projected attribute: no index writes.
    r = a.put(R"({"pk": {"S": "a"}, "sk": {"N": "1"}, "genre": {"S": "rock"}, "year": {"N": "1969"},
        "title": {"S": "Abbey Road"}, "blob": {"S": "x"}, "other": {"S": "changed"}})");
    CHECK(index_write(r, "by_genre").is_zero());
    CHECK(index_write(r, "by_title").is_zero());

    // Changing a projected non-key attribute (blob, in the LSI): one LSI write.
    r = a.put(R"({"pk": {"S": "a"}, "sk": {"N": "1"}, "genre": {"S": "rock"}, "year": {"N": "1969"},
        "title": {"S": "Abbey Road"}, "blob": {"S": "xx"}})");
    CHECK(index_write(r, "by_genre").is_zero());
    CHECK(index_write(r, "by_title") == CapacityUnits::whole(1));

    // Changing the GSI key (genre): delete + put in the GSI = 2 writes.
    r = a.put(R"({"pk": {"S": "a"}, "sk": {"N": "1"}, "genre": {"S": "pop"}, "year": {"N": "1969"},
        "title": {"S": "Abbey Road"}, "blob": {"S": "xx"}})");
    CHECK(index_write(r, "by_genre") == CapacityUnits::whole(2));
    CHECK(index_write(r, "by_title").is_zero());

    // Removing the GSI key attribute: the item leaves the sparse index (one delete).
    r = a.put(
        R"({"pk": {"S": "a"}, "sk": {"N": "1"}, "title": {"S": "Abbey Road"}, "blob": {"S": "xx"}})");
    CHECK(index_write(r, "by_genre") == CapacityUnits::whole(1));
    CHECK(a.table.find_index("by_genre")->item_count() == 0);

    // Deleting the item: one delete per index it was in (only the LSI now).
    r = a.run("DeleteItem",
              R"({"TableName": "music", "Key": {"pk": {"S": "a"}, "sk": {"N": "1"}}})");
    CHECK(index_write(r, "by_genre").is_zero());
    CHECK(index_write(r, "by_title") == CapacityUnits::whole(1));
    CHECK(a.table.find_index("by_title")->item_count() == 0);
}

TEST_CASE("an index write is billed on the index image's size, not the item's",
          "[storage][index]") {
    Api a;
    // A 5 KB item whose KEYS_ONLY GSI image is a few bytes: 5 WCU table, 1 WCU index.
    auto r =
        a.put(R"({"pk": {"S": "a"}, "sk": {"N": "1"}, "genre": {"S": "rock"}, "year": {"N": "1"},
        "big": {"S": ")" +
              std::string(5000, 'z') + R"("}})");
    CHECK(r.consumed.table_write == CapacityUnits::whole(5));
    CHECK(index_write(r, "by_genre") == CapacityUnits::whole(1));
}

TEST_CASE("Query on a GSI reads the index and bills it", "[storage][index]") {
    Api a;
    for (int i = 0; i < 5; ++i) {
        REQUIRE(a.put(R"({"pk": {"S": "p)" + std::to_string(i) +
                      R"("}, "sk": {"N": "1"}, "genre": {"S": "jazz"},
            "year": {"N": ")" +
                      std::to_string(1955 + i) + R"("}})")
                    .ok);
    }
    auto r = a.run(
        "Query",
        R"({"TableName": "music", "IndexName": "by_genre", "KeyConditionExpression": "genre = :g AND #y >= :y",
        "ExpressionAttributeNames": {"#y": "year"}, "ExpressionAttributeValues": {":g": {"S": "jazz"}, ":y": {"N": "1957"}},
        "ReturnConsumedCapacity": "INDEXES", "Limit": 2})");
    REQUIRE(r.ok);
    CHECK(r.body["Count"] == 2);
    CHECK(r.body["Items"][0]["year"] == json::parse(R"({"N": "1957"})"));
    CHECK(r.body["ConsumedCapacity"]["GlobalSecondaryIndexes"]["by_genre"]["CapacityUnits"] == 0.5);
    CHECK(r.body["ConsumedCapacity"]["Table"]["CapacityUnits"] == 0.0);
    // LastEvaluatedKey holds the table key and the index key, and resumes the query.
    const json lek = r.body["LastEvaluatedKey"];
    CHECK(lek.size() == 4);
    r = a.run(
        "Query",
        R"({"TableName": "music", "IndexName": "by_genre", "KeyConditionExpression": "genre = :g",
        "ExpressionAttributeValues": {":g": {"S": "jazz"}}, "ExclusiveStartKey": )" +
            lek.dump() + "}");
    CHECK(r.body["Count"] == 1);  // years 1955..1959; the page ended at 1958: only 1959 remains
    CHECK_FALSE(r.body.contains("LastEvaluatedKey"));
    CHECK(r.body["Items"][0]["year"] == json::parse(R"({"N": "1959"})"));
    r = a.run("Query", R"({"TableName": "music", "IndexName": "by_genre", "ConsistentRead": true,
        "KeyConditionExpression": "genre = :g", "ExpressionAttributeValues": {":g": {"S": "jazz"}}})");
    CHECK(r.body["message"] == "Consistent reads are not supported on global secondary indexes");
    r = a.run("Query",
              R"({"TableName": "music", "IndexName": "by_genre", "Select": "ALL_ATTRIBUTES",
        "KeyConditionExpression": "genre = :g", "ExpressionAttributeValues": {":g": {"S": "jazz"}}})");
    CHECK_FALSE(r.ok);
}

TEST_CASE("filters reduce Count but not ScannedCount or capacity", "[storage][index]") {
    Api a;
    for (int i = 1; i <= 4; ++i) {
        REQUIRE(a.put(R"({"pk": {"S": "p"}, "sk": {"N": ")" + std::to_string(i) +
                      R"("}, "n": {"N": ")" + std::to_string(i) + R"("}, "pad": {"S": ")" +
                      std::string(2000, 'x') + R"("}})")
                    .ok);
    }
    auto r = a.run(
        "Query",
        R"({"TableName": "music", "KeyConditionExpression": "pk = :p", "FilterExpression": "n > :two",
        "ExpressionAttributeValues": {":p": {"S": "p"}, ":two": {"N": "2"}}, "ReturnConsumedCapacity": "TOTAL"})");
    REQUIRE(r.ok);
    CHECK(r.body["Count"] == 2);
    CHECK(r.body["ScannedCount"] == 4);
    // 4 items × ~2018 B = ~8072 B → 2 × 4 KB blocks → 1 RCU eventual, whatever the filter keeps.
    CHECK(r.body["ConsumedCapacity"]["CapacityUnits"] == 1.0);
    r = a.run(
        "Query",
        R"({"TableName": "music", "KeyConditionExpression": "pk = :p", "FilterExpression": "sk > :two",
        "ExpressionAttributeValues": {":p": {"S": "p"}, ":two": {"N": "2"}}})");
    CHECK(
        r.body["message"] ==
        "Filter Expression can only contain non-primary key attributes: Primary key attribute: sk");
}

TEST_CASE("Scan pages through the table and parallel segments partition it", "[storage][index]") {
    Api a;
    for (int i = 0; i < 50; ++i) {
        REQUIRE(a.put(R"({"pk": {"S": "k)" + std::to_string(i) + R"("}, "sk": {"N": "0"}})").ok);
    }
    // Paging with Limit visits every item exactly once.
    std::set<std::string> seen;
    json start;
    int pages = 0;
    do {
        std::string req = R"({"TableName": "music", "Limit": 7)";
        if (!start.is_null()) req += R"(, "ExclusiveStartKey": )" + start.dump();
        auto r = a.run("Scan", req + "}");
        REQUIRE(r.ok);
        for (const auto& item : r.body["Items"])
            CHECK(seen.insert(item["pk"]["S"].get<std::string>()).second);
        start = r.body.contains("LastEvaluatedKey") ? r.body["LastEvaluatedKey"] : json();
        ++pages;
    } while (!start.is_null() && pages < 20);
    CHECK(seen.size() == 50);
    CHECK(pages == 8);  // 7 full pages of 7 (the 8th returns the last item)
    // Four segments: disjoint, and together everything.
    std::set<std::string> segmented;
    for (int s = 0; s < 4; ++s) {
        auto r = a.run("Scan", R"({"TableName": "music", "Segment": )" + std::to_string(s) +
                                   R"(, "TotalSegments": 4})");
        REQUIRE(r.ok);
        for (const auto& item : r.body["Items"])
            CHECK(segmented.insert(item["pk"]["S"].get<std::string>()).second);
    }
    CHECK(segmented.size() == 50);
    auto r = a.run("Scan", R"({"TableName": "music", "Segment": 4, "TotalSegments": 4})");
    CHECK_FALSE(r.ok);
    r = a.run("Scan", R"({"TableName": "music", "Select": "COUNT"})");
    CHECK(r.body["Count"] == 50);
    CHECK_FALSE(r.body.contains("Items"));
}

TEST_CASE("an LSI item collection is limited in size", "[storage][index]") {
    // The limit is a parameter (10 GB by default); 3000 bytes here so tests can reach it.
    Table t(ddbsim::test::schema(kIndexedTable), 3000);
    JsonApi api(t);
    auto put = [&](int sk) {
        return api.handle(
            "PutItem",
            json::parse(R"({"TableName": "music", "Item": {"pk": {"S": "a"}, "sk": {"N": ")" +
                        std::to_string(sk) + R"("}, "title": {"S": "t"}, "blob": {"S": ")" +
                        std::string(600, 'b') + R"("}}})"));
    };
    // Each item ≈ 624 B in the table plus ≈ 616 B in the LSI: two fit, the third does not.
    CHECK(put(1).ok);
    CHECK(put(2).ok);
    auto r = put(3);
    REQUIRE_FALSE(r.ok);
    CHECK(r.body["__type"] ==
          "com.amazonaws.dynamodb.v20120810#ItemCollectionSizeLimitExceededException");
    CHECK(t.item_count() == 2);
}

TEST_CASE("a transaction over an item collection's limit is cancelled and writes nothing",
          "[storage][index]") {
    Table t(ddbsim::test::schema(kIndexedTable), 3000);
    JsonApi api(t);
    auto item = [](int sk) {
        return R"({"Put": {"TableName": "music", "Item": {"pk": {"S": "a"}, "sk": {"N": ")" +
               std::to_string(sk) + R"("}, "title": {"S": "t"}, "blob": {"S": ")" +
               std::string(600, 'b') + R"("}}}})";
    };
    // Three ≈ 1,240-byte items (table + LSI) in one collection of 3,000 bytes: each alone fits,
    // together they do not — the transaction is cancelled before its commit writes any.
    auto r = api.handle("TransactWriteItems", json::parse(R"({"TransactItems": [)" + item(1) + "," +
                                                          item(2) + "," + item(3) + "]}"));
    REQUIRE_FALSE(r.ok);
    CHECK(r.error.code == ddbsim::ErrorCode::kTransactionCanceled);
    REQUIRE(r.error.reasons.size() == 3);
    CHECK(r.error.reasons[2].code == "ItemCollectionSizeLimitExceeded");
    CHECK(t.item_count() == 0);
    // Two fit.
    CHECK(api.handle("TransactWriteItems",
                     json::parse(R"({"TransactItems": [)" + item(1) + "," + item(2) + "]}"))
              .ok);
    CHECK(t.item_count() == 2);
}

TEST_CASE("an LSI query for attributes it does not project fetches them from the table",
          "[storage][index]") {
    Api a;
    REQUIRE(a.put(R"({"pk": {"S": "a"}, "sk": {"N": "1"}, "title": {"S": "t1"}, "blob": {"S": "b"},
        "other": {"S": ")" +
                  std::string(5000, 'o') + R"("}})")
                .ok);
    auto r = a.run(
        "Query",
        R"({"TableName": "music", "IndexName": "by_title", "KeyConditionExpression": "pk = :p",
        "ExpressionAttributeValues": {":p": {"S": "a"}}, "ReturnConsumedCapacity": "INDEXES"})");
    REQUIRE(r.ok);
    CHECK_FALSE(r.body["Items"][0].contains("other"));  // ALL_PROJECTED_ATTRIBUTES by default
    CHECK(r.consumed.table_read.is_zero());
    r = a.run(
        "Query",
        R"({"TableName": "music", "IndexName": "by_title", "KeyConditionExpression": "pk = :p",
        "Select": "ALL_ATTRIBUTES", "ExpressionAttributeValues": {":p": {"S": "a"}}, "ReturnConsumedCapacity": "INDEXES"})");
    REQUIRE(r.ok);
    CHECK(r.body["Items"][0].contains("other"));
    // Index read: the small image, 0.5 RCU; the fetch: the ≈5 KB item, 2 blocks = 1 RCU eventual.
    CHECK(r.body["ConsumedCapacity"]["LocalSecondaryIndexes"]["by_title"]["CapacityUnits"] == 0.5);
    CHECK(r.body["ConsumedCapacity"]["Table"]["CapacityUnits"] == 1.0);
    r = a.run("Scan", R"({"TableName": "music", "Select": "ALL_PROJECTED_ATTRIBUTES"})");
    CHECK_FALSE(r.ok);  // only valid on an index
}

TEST_CASE("Scan reads an index in index-key order", "[storage][index]") {
    Api a;
    for (int i = 0; i < 6; ++i) {
        REQUIRE(a.put(R"({"pk": {"S": "p)" + std::to_string(i) +
                      R"("}, "sk": {"N": "0"}, "genre": {"S": ")" + (i % 2 ? "rock" : "jazz") +
                      R"("}, "year": {"N": ")" + std::to_string(2000 - i) + R"("}})")
                    .ok);
    }
    auto r = a.run(
        "Scan",
        R"({"TableName": "music", "IndexName": "by_genre", "ReturnConsumedCapacity": "INDEXES"})");
    REQUIRE(r.ok);
    CHECK(r.body["Count"] == 6);
    // Within a genre, items come in year order.
    std::map<std::string, std::vector<std::string>> years;
    for (const auto& item : r.body["Items"])
        years[item["genre"]["S"]].push_back(item["year"]["N"]);
    for (auto& [genre, ys] : years)
        CHECK(std::is_sorted(ys.begin(), ys.end()));
    CHECK(r.body["ConsumedCapacity"]["GlobalSecondaryIndexes"]["by_genre"]["CapacityUnits"] == 0.5);
}
