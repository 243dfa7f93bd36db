// Parameter parsing shared by the JSON API's operations: the request fields every data-plane
// call carries (TableName, ReturnConsumedCapacity, expression placeholders), typed readers
// for the others, and the response/error envelopes. Internal to storage/json_api*.cpp.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "storage/json_api.hpp"

namespace ddbsim::storage::api {

using nlohmann::json;

enum class CapacityDetail { kNone, kTotal, kIndexes };

// Parsed parts shared by all operations on one table.
struct Common {
    CapacityDetail detail = CapacityDetail::kNone;
    std::map<std::string, std::string> names;
    Item values;
    bool has_names = false;
    bool has_values = false;
    ExpressionContext ctx;
};

Error at(Error e, std::string pointer);
// `prefix` + the error's location: errors inside nested requests point into the document.
Error prefixed(Error e, const std::string& prefix);
Status check_members(const json& request, const std::set<std::string>& allowed);
Result<std::string> optional_string(const json& request, const char* name);
Result<CapacityDetail> capacity_detail(const json& request);
// TableName (must name `table`), ReturnConsumedCapacity and the placeholders.
Result<Common> parse_common(const json& request, const Table& table);
// Binds the context after `Common` has reached its final address.
void bind(Common& c);
Status finish_expressions(const Common& c, bool any_expression);
Result<std::optional<Condition>> condition_param(const json& request, const char* field,
                                                 ExpressionKind kind, Common& c);
Result<std::optional<ProjectionExpression>> projection_param(const json& request, Common& c);
Result<ReturnValues> return_values_param(const json& request,
                                         std::initializer_list<ReturnValues> allowed);
Result<Item> item_param(const json& request, const char* field);
Result<bool> bool_param(const json& request, const char* field, bool fallback);
// Extracts `pk = :v [AND sort-condition]` from a parsed KeyConditionExpression.
Result<std::pair<AttributeValue, std::optional<SortKeyCondition>>> key_condition(
    const Condition& cond, const KeySchema& key);
// Whether any document path in `c` starts at attribute `name`.
bool filter_uses(const Condition& c, const std::string& name);
ApiResponse failure(Error e, ConsumedCapacity consumed = {});

// The success envelope: `make_body(value)` plus ConsumedCapacity when asked for.
template <class T, class MakeBody>
ApiResponse respond(Outcome<T>&& outcome, CapacityDetail detail, const std::string& table_name,
                    MakeBody make_body) {
    if (!outcome.result) return failure(outcome.result.take_error(), outcome.consumed);
    ApiResponse r;
    r.ok = true;
    r.body = make_body(outcome.result.value());
    r.consumed = outcome.consumed;
    if (detail != CapacityDetail::kNone) {
        r.body["ConsumedCapacity"] = consumed_capacity_json(outcome.consumed, table_name,
                                                            detail == CapacityDetail::kIndexes);
    }
    return r;
}

}  // namespace ddbsim::storage::api
