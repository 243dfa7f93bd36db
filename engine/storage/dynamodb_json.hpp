// DynamoDB JSON: the low-level wire format of values (`{"S": "x"}`, `{"N": "5"}`, …).
//
// Parsing checks every rule the service checks on input (exactly one type descriptor, NULL
// must be true, numbers by Decimal's rules, B as base64, sets non-empty without duplicates)
// and reports the JSON pointer of the offending value. Printing produces what DynamoDB
// returns: numbers in canonical text, binaries in base64.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

#include "common/result.hpp"
#include "storage/attribute_value.hpp"

namespace ddbsim::storage {

// DynamoDB accepts documents nested up to 32 levels, counting the attribute itself as level 1
// (DG Constraints.html, "Attributes": "nested attribute depth"; measured on the service: a
// value under 31 map wraps is accepted, under 32 refused, with this message).
inline constexpr int kMaxNestingLevels = 32;
inline constexpr std::string_view kNestingTooDeepMessage =
    "Nesting Levels have exceeded supported limits: Attributes in the item have nested levels "
    "beyond supported limit";
Error nesting_too_deep(const std::string& pointer);

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
