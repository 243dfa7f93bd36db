// Small builders shared by the storage tests.
#pragma once

#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

#include "storage/attribute_value.hpp"
#include "storage/decimal.hpp"
#include "storage/dynamodb_json.hpp"
#include "storage/table_schema.hpp"

namespace ddbsim::test {

inline storage::AttributeValue S(std::string s) {
    return storage::AttributeValue::string(std::move(s));
}
inline storage::AttributeValue N(const std::string& text) {
    return storage::AttributeValue::number(storage::Decimal::parse(text).value());
}
inline storage::AttributeValue B(std::string bytes) {
    return storage::AttributeValue::binary(std::move(bytes));
}

// An item from DynamoDB JSON text; the text must be valid (test fixtures only).
inline storage::Item item(const std::string& json_text) {
    return storage::item_from_json(nlohmann::json::parse(json_text), "").value();
}

// A table schema from CreateTable JSON text; must be valid.
inline storage::TableSchema schema(const std::string& json_text) {
    auto r = storage::TableSchema::from_create_table_json(nlohmann::json::parse(json_text));
    if (!r.ok()) throw std::runtime_error("invalid test schema: " + r.error().describe());
    return std::move(r).value();
}

// pk (S) + sk (N) table with 5/5 provisioned throughput.
inline const char* kCompositeTable = R"({"TableName": "music",
  "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}, {"AttributeName": "sk", "AttributeType": "N"}],
  "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
  "ProvisionedThroughput": {"ReadCapacityUnits": 5, "WriteCapacityUnits": 5}})";

// id (N) hash-only table, on-demand.
inline const char* kSimpleTable = R"({"TableName": "album",
  "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "N"}],
  "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}], "BillingMode": "PAY_PER_REQUEST"})";

}  // namespace ddbsim::test
