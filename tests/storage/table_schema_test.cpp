#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "storage/table_schema.hpp"
#include "support/helpers.hpp"

using namespace ddbsim::storage;
using nlohmann::json;

namespace {

json base() {
    return json::parse(ddbsim::test::kCompositeTable);
}

ddbsim::Error schema_error(const json& j) {
    auto r = TableSchema::from_create_table_json(j);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == ddbsim::ErrorCode::kValidation);
    return r.error();
}

}  // namespace

TEST_CASE("a CreateTable request becomes a table schema", "[storage][schema]") {
    json j = base();
    j["GlobalSecondaryIndexes"] = json::parse(
        R"([{"IndexName": "by_year", "KeySchema": [{"AttributeName": "year", "KeyType": "HASH"}],
        "Projection": {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["title"]},
        "ProvisionedThroughput": {"ReadCapacityUnits": 1, "WriteCapacityUnits": 1}}])");
    j["AttributeDefinitions"].push_back({{"AttributeName", "year"}, {"AttributeType", "N"}});
    j["StreamSpecification"] = {{"StreamEnabled", true}, {"StreamViewType", "NEW_IMAGE"}};
    j["Tags"] = json::array();  // skeleton fields we do not model are accepted
    auto s = TableSchema::from_create_table_json(j);
    REQUIRE(s.ok());
    CHECK(s->name == "music");
    CHECK(s->key.partition == KeyAttribute{"pk", AttrType::kS});
    CHECK(s->key.sort == KeyAttribute{"sk", AttrType::kN});
    CHECK(s->provisioned->read_capacity_units == 5);
    REQUIRE(s->global_indexes.size() == 1);
    CHECK(s->global_indexes[0].projection.type == ProjectionType::kInclude);
    CHECK(s->find_index("by_year") != nullptr);
    CHECK(s->key_attribute_type("year") == AttrType::kN);
    CHECK(s->stream.enabled);
    CHECK(s->stream.view_type == StreamViewType::kNewImage);
}

TEST_CASE("table names follow DynamoDB's rules", "[storage][schema]") {
    json j = base();
    j["TableName"] = "ab";
    auto e = schema_error(j);
    CHECK(e.location == "/TableName");
    CHECK(e.message.find("length greater than or equal to 3") != std::string::npos);
    j["TableName"] = "bad name!";
    CHECK(schema_error(j).message.find("regular expression pattern") != std::string::npos);
    j["TableName"] = std::string(256, 'a');
    CHECK(schema_error(j).message.find("less than or equal to 255") != std::string::npos);
    j["TableName"] = "ok.name-with_chars";
    CHECK(TableSchema::from_create_table_json(j).ok());
}

TEST_CASE("key schemas are validated", "[storage][schema]") {
    json j = base();
    j["KeySchema"][0]["KeyType"] = "RANGE";
    CHECK(schema_error(j).message.find("first KeySchemaElement is not a HASH") !=
          std::string::npos);

    j = base();
    j["AttributeDefinitions"][1]["AttributeType"] = "BOOL";
    CHECK(schema_error(j).message.find("[B, N, S]") != std::string::npos);

    j = base();
    j["AttributeDefinitions"].push_back({{"AttributeName", "unused"}, {"AttributeType", "S"}});
    CHECK(schema_error(j).message.find("does not exactly match") != std::string::npos);

    j = base();
    j["KeySchema"][1]["AttributeName"] = "undefined";
    CHECK(schema_error(j).location == "/KeySchema/1/AttributeName");

    j = base();
    j.erase("KeySchema");
    CHECK(schema_error(j).location == "/KeySchema");
}

TEST_CASE("billing mode decides whether throughput is required", "[storage][schema]") {
    json j = base();
    j.erase("ProvisionedThroughput");
    CHECK(schema_error(j).message.find("must both be specified when BillingMode is PROVISIONED") !=
          std::string::npos);
    j["BillingMode"] = "PAY_PER_REQUEST";
    CHECK(TableSchema::from_create_table_json(j).ok());
    j["ProvisionedThroughput"] = {{"ReadCapacityUnits", 1}, {"WriteCapacityUnits", 1}};
    CHECK(schema_error(j).message.find("PAY_PER_REQUEST") != std::string::npos);
    j = base();
    j["ProvisionedThroughput"]["WriteCapacityUnits"] = 0;
    CHECK(schema_error(j).location == "/ProvisionedThroughput/WriteCapacityUnits");
}

TEST_CASE("local secondary indexes need the table's partition key and a sort key",
          "[storage][schema]") {
    json j = json::parse(ddbsim::test::kSimpleTable);
    j["AttributeDefinitions"].push_back({{"AttributeName", "t"}, {"AttributeType", "S"}});
    j["LocalSecondaryIndexes"] = json::parse(
        R"([{"IndexName": "lsi", "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"},
        {"AttributeName": "t", "KeyType": "RANGE"}], "Projection": {"ProjectionType": "ALL"}}])");
    CHECK(schema_error(j).message.find("does not have a range key") != std::string::npos);

    j = base();
    j["AttributeDefinitions"].push_back({{"AttributeName", "t"}, {"AttributeType", "S"}});
    j["LocalSecondaryIndexes"] = json::parse(
        R"([{"IndexName": "lsi", "KeySchema": [{"AttributeName": "t", "KeyType": "HASH"},
        {"AttributeName": "sk", "KeyType": "RANGE"}], "Projection": {"ProjectionType": "ALL"}}])");
    CHECK(schema_error(j).message.find("same leading hash key") != std::string::npos);
}

TEST_CASE("projections are validated", "[storage][schema]") {
    json j = base();
    j["AttributeDefinitions"].push_back({{"AttributeName", "g"}, {"AttributeType", "S"}});
    j["GlobalSecondaryIndexes"] = json::parse(
        R"([{"IndexName": "gsi", "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
        "Projection": {"ProjectionType": "INCLUDE"}, "ProvisionedThroughput": {"ReadCapacityUnits": 1, "WriteCapacityUnits": 1}}])");
    CHECK(schema_error(j).message.find("NonKeyAttributes is not specified") != std::string::npos);
    j["GlobalSecondaryIndexes"][0]["Projection"] = {{"ProjectionType", "KEYS_ONLY"},
                                                    {"NonKeyAttributes", {"x"}}};
    CHECK(schema_error(j).location == "/GlobalSecondaryIndexes/0/Projection/NonKeyAttributes");
    j["GlobalSecondaryIndexes"][0]["Projection"] = {{"ProjectionType", "KEYS_ONLY"}};
    j["GlobalSecondaryIndexes"][0].erase("ProvisionedThroughput");
    CHECK(schema_error(j).message.find("ProvisionedThroughput must be specified for index") !=
          std::string::npos);
}
