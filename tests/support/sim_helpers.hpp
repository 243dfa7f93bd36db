// Tables and streams shared by the simulation tests.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "run/run_result.hpp"
#include "storage/table_schema.hpp"

namespace ddbsim::test {

// A table with a string partition key `pk` (capacity comes from each test's config).
inline storage::TableSchema hash_key_table() {
    return storage::TableSchema::from_create_table_json(
               nlohmann::json::parse(R"({"TableName": "sim",
        "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
        "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}], "BillingMode": "PAY_PER_REQUEST"})"))
        .value();
}

// `orders`: partition key `customer` and sort key `order`, both strings (item collections).
inline storage::TableSchema composite_key_table() {
    return storage::TableSchema::from_create_table_json(nlohmann::json::parse(R"({
        "TableName": "orders",
        "AttributeDefinitions": [{"AttributeName": "customer", "AttributeType": "S"},
                                 {"AttributeName": "order", "AttributeType": "S"}],
        "KeySchema": [{"AttributeName": "customer", "KeyType": "HASH"},
                      {"AttributeName": "order", "KeyType": "RANGE"}],
        "BillingMode": "PAY_PER_REQUEST"})"))
        .value();
}

// 1,000 WCU table with GSI `by_group` on `grp` (KEYS_ONLY, 10 RCU / 10 WCU).
inline storage::TableSchema table_with_group_index() {
    return storage::TableSchema::from_create_table_json(
               nlohmann::json::parse(R"({"TableName": "sim",
        "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}, {"AttributeName": "grp", "AttributeType": "S"}],
        "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
        "GlobalSecondaryIndexes": [{"IndexName": "by_group", "KeySchema": [{"AttributeName": "grp", "KeyType": "HASH"}],
          "Projection": {"ProjectionType": "KEYS_ONLY"}, "ProvisionedThroughput": {"ReadCapacityUnits": 10, "WriteCapacityUnits": 10}}],
        "ProvisionedThroughput": {"ReadCapacityUnits": 10, "WriteCapacityUnits": 1000}})"))
        .value();
}

// Write throttle events of the run's seconds in [from, to).
inline std::int64_t write_throttles_between(const run::RunResult& r, sim::TimeUs from,
                                            sim::TimeUs to) {
    std::int64_t n = 0;
    const auto& rows = r.metrics.seconds();
    for (auto t = from / sim::kSecond;
         t < to / sim::kSecond && t < static_cast<sim::TimeUs>(rows.size()); ++t)
        n += rows[static_cast<std::size_t>(t)].write_throttle_events;
    return n;
}

}  // namespace ddbsim::test
