// libFuzzer target: DynamoDB JSON values and whole API requests. The input is parsed as
// JSON; valid JSON is read as an item, and sent to the JSON API as each operation against a
// small table. Nothing may crash or trip a sanitizer.
#include <cstddef>
#include <cstdint>

#include <string_view>

#include <nlohmann/json.hpp>

#include "common/json_text.hpp"

#include "storage/dynamodb_json.hpp"
#include "storage/item_size.hpp"
#include "storage/json_api.hpp"

using namespace ddbsim::storage;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    // The same bounded reader every front end uses (depth checked before the DOM is built).
    auto parsed =
        ddbsim::parse_json_text(std::string_view(reinterpret_cast<const char*>(data), size));
    if (!parsed) return 0;
    const nlohmann::json& doc = *parsed;
    if (auto item = item_from_json(doc, "")) {
        (void)item_size(*item);
        (void)to_json(*item);
    }
    static const TableSchema schema = TableSchema::from_create_table_json(nlohmann::json::parse(R"({
        "TableName": "fuzz", "BillingMode": "PAY_PER_REQUEST",
        "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}, {"AttributeName": "sk", "AttributeType": "N"},
                                 {"AttributeName": "g", "AttributeType": "S"}],
        "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
        "GlobalSecondaryIndexes": [{"IndexName": "gsi", "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
                                    "Projection": {"ProjectionType": "ALL"}}],
        "StreamSpecification": {"StreamEnabled": true, "StreamViewType": "NEW_AND_OLD_IMAGES"}})"))
                                          .value();
    (void)TableSchema::from_create_table_json(doc);
    Table table(schema);
    JsonApi api(table);
    for (const char* op : {"PutItem", "GetItem", "UpdateItem", "DeleteItem", "Query", "Scan",
                           "BatchGetItem", "BatchWriteItem", "TransactGetItems",
                           "TransactWriteItems", "UpdateTable", "GetRecords"}) {
        (void)api.handle(op, doc);
    }
    return 0;
}
