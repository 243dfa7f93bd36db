// DynamoDB JSON: the low-level wire format of values (`{"S": "x"}`, `{"N": "5"}`, …).
//
// Parsing checks every rule the service checks on input (exactly one type descriptor, NULL
// must be true, numbers by Decimal's rules, B as base64, sets non-empty without duplicates)
// and reports the JSON pointer of the offending value. Printing produces what DynamoDB
// returns: numbers in canonical text, binaries in base64.
#pragma once

#include <string>

#include <nlohmann/json_fwd.hpp>

#include "common/result.hpp"
#include "storage/attribute_value.hpp"

namespace ddbsim::storage {

// `pointer` is the JSON pointer of `json` in its document, used in error locations.
Result<AttributeValue> attribute_value_from_json(const nlohmann::json& json,
                                                 const std::string& pointer);
// An item (or key): a JSON object of attribute name → AttributeValue.
Result<Item> item_from_json(const nlohmann::json& json, const std::string& pointer);

nlohmann::json to_json(const AttributeValue& value);
nlohmann::json to_json(const Item& item);

// Escapes one JSON pointer reference token ("~" → "~0", "/" → "~1").
std::string json_pointer_escape(const std::string& token);

}  // namespace ddbsim::storage
