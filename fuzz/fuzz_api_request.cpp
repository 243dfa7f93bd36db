// libFuzzer target: the server's request path without the socket. The input is an operation
// name, a newline, and a request body: the body goes through the bounded JSON reader and the
// 16 MB request limit, then to the JSON API as that operation, on a table that already holds
// a few items (so reads, conditions and updates meet data). Whatever the bytes, the answer is
// a response or DynamoDB's error, never a crash, a hang or a sanitizer report.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include <nlohmann/json.hpp>

#include "common/json_text.hpp"
#include "storage/json_api.hpp"
#include "storage/table_schema.hpp"

using namespace ddbsim::storage;

namespace {

const TableSchema& schema() {
    static const TableSchema s = TableSchema::from_create_table_json(nlohmann::json::parse(R"({
        "TableName": "fuzz", "BillingMode": "PAY_PER_REQUEST",
        "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}, {"AttributeName": "sk", "AttributeType": "N"},
                                 {"AttributeName": "g", "AttributeType": "S"}],
        "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
        "GlobalSecondaryIndexes": [{"IndexName": "gsi", "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
                                    "Projection": {"ProjectionType": "ALL"}}],
        "LocalSecondaryIndexes": [{"IndexName": "lsi", "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"},
                                  {"AttributeName": "g", "KeyType": "RANGE"}], "Projection": {"ProjectionType": "KEYS_ONLY"}}],
        "StreamSpecification": {"StreamEnabled": true, "StreamViewType": "NEW_AND_OLD_IMAGES"}})"))
                                     .value();
    return s;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    const auto newline = input.find('\n');
    if (newline == std::string_view::npos || newline > 64) return 0;
    const std::string op(input.substr(0, newline));
    const std::string_view body = input.substr(newline + 1);
    if (body.size() > kMaxRequestBytes) return 0;  // the server answers 413 before parsing
    auto request = ddbsim::parse_json_text(body);
    if (!request) return 0;
    Table table(schema());
    JsonApi api(table);
    for (
        const char* seed :
        {R"({"TableName": "fuzz", "Item": {"pk": {"S": "a"}, "sk": {"N": "1"}, "g": {"S": "x"}, "n": {"N": "5"}, "l": {"L": [{"S": "e"}]}, "m": {"M": {"k": {"SS": ["p", "q"]}}}}})",
         R"({"TableName": "fuzz", "Item": {"pk": {"S": "a"}, "sk": {"N": "2"}, "b": {"B": "AAEC"}, "ns": {"NS": ["1", "2.5"]}}})"}) {
        (void)api.handle("PutItem", nlohmann::json::parse(seed));
    }
    const ApiResponse response = api.handle(op, *request);
    if (response.body.is_discarded()) std::abort();
    (void)response.body.dump();
    return 0;
}
