#include "storage/json_api.hpp"

#include <set>

#include "storage/dynamodb_json.hpp"

namespace ddbsim::storage {
namespace {

using nlohmann::json;

enum class CapacityDetail { kNone, kTotal, kIndexes };

// Parameters every data-plane request may carry; the per-operation lists add to these.
const std::set<std::string> kCommon = {"TableName", "ReturnConsumedCapacity",
                                       "ExpressionAttributeNames", "ExpressionAttributeValues"};
// Legacy (pre-expression) parameters: the service still accepts them; ddbsim asks for
// expressions instead, naming the replacement.
const std::map<std::string, std::string> kLegacy = {
    {"AttributesToGet", "ProjectionExpression"},   {"Expected", "ConditionExpression"},
    {"AttributeUpdates", "UpdateExpression"},      {"KeyConditions", "KeyConditionExpression"},
    {"QueryFilter", "FilterExpression"},           {"ScanFilter", "FilterExpression"},
    {"ConditionalOperator", "ConditionExpression"}};

// Parsed parts shared by all operations.
struct Common {
    CapacityDetail detail = CapacityDetail::kNone;
    std::map<std::string, std::string> names;
    Item values;
    bool has_names = false;
    bool has_values = false;
    ExpressionContext ctx;
};

Error at(Error e, std::string pointer) {
    if (e.location.empty()) e.location = std::move(pointer);
    return e;
}

Status check_members(const json& request, const std::set<std::string>& allowed) {
    for (const auto& [name, value] : request.items()) {
        if (kCommon.count(name) || allowed.count(name)) continue;
        if (auto legacy = kLegacy.find(name); legacy != kLegacy.end()) {
            return Error::validation("ddbsim models the expression API only: use " +
                                         legacy->second + " instead of " + name,
                                     "/" + name);
        }
        if (name == "ReturnItemCollectionMetrics") continue;  // accepted; metrics not reported
        return Error::validation("Unknown parameter " + name + " for this operation", "/" + name);
    }
    return {};
}

Result<std::string> optional_string(const json& request, const char* name) {
    auto it = request.find(name);
    if (it == request.end() || it->is_null()) return std::string();
    if (!it->is_string())
        return Error::validation(std::string("Expected a string for ") + name,
                                 std::string("/") + name);
    return it->get<std::string>();
}

Result<Common> parse_common(const json& request, const Table& table) {
    Common c;
    auto name = optional_string(request, "TableName");
    if (!name) return name.take_error();
    if (name->empty()) {
        return Error::validation(
            "1 validation error detected: Value null at 'tableName' failed to satisfy constraint: "
            "Member must not be null",
            "/TableName");
    }
    if (*name != table.schema().name) {
        return Error{ErrorCode::kResourceNotFound, "Requested resource not found", "/TableName"};
    }
    auto detail = optional_string(request, "ReturnConsumedCapacity");
    if (!detail) return detail.take_error();
    if (*detail == "TOTAL")
        c.detail = CapacityDetail::kTotal;
    else if (*detail == "INDEXES")
        c.detail = CapacityDetail::kIndexes;
    else if (!detail->empty() && *detail != "NONE") {
        return Error::validation(
            "1 validation error detected: Value '" + *detail +
                "' at 'returnConsumedCapacity' failed to satisfy constraint: Member must satisfy "
                "enum value set: [INDEXES, TOTAL, NONE]",
            "/ReturnConsumedCapacity");
    }
    if (auto it = request.find("ExpressionAttributeNames"); it != request.end()) {
        if (!it->is_object())
            return Error::validation("Expected an object for ExpressionAttributeNames",
                                     "/ExpressionAttributeNames");
        if (it->empty())
            return Error::validation("ExpressionAttributeNames must not be empty",
                                     "/ExpressionAttributeNames");
        for (const auto& [k, v] : it->items()) {
            if (!v.is_string()) {
                return Error::validation("Expected an attribute name string",
                                         "/ExpressionAttributeNames/" + json_pointer_escape(k));
            }
            if (k.size() < 2 || k[0] != '#') {
                return Error::validation(
                    "ExpressionAttributeNames contains invalid key: Syntax error; key: \"" + k +
                        "\"",
                    "/ExpressionAttributeNames/" + json_pointer_escape(k));
            }
            c.names.emplace(k, v.get<std::string>());
        }
        c.has_names = true;
    }
    if (auto it = request.find("ExpressionAttributeValues"); it != request.end()) {
        auto values = item_from_json(*it, "/ExpressionAttributeValues");
        if (!values) return values.take_error();
        if (values->empty())
            return Error::validation("ExpressionAttributeValues must not be empty",
                                     "/ExpressionAttributeValues");
        for (const auto& [k, v] : *values) {
            if (k.size() < 2 || k[0] != ':') {
                return Error::validation(
                    "ExpressionAttributeValues contains invalid key: Syntax error; key: \"" + k +
                        "\"",
                    "/ExpressionAttributeValues/" + json_pointer_escape(k));
            }
        }
        c.values = std::move(*values);
        c.has_values = true;
    }
    return c;
}

// Binds the context after `Common` has reached its final address.
void bind(Common& c) {
    c.ctx = ExpressionContext(c.has_names ? &c.names : nullptr, c.has_values ? &c.values : nullptr);
}

Status finish_expressions(const Common& c, bool any_expression) {
    if (!any_expression) {
        if (c.has_names)
            return Error::validation(
                "ExpressionAttributeNames can only be specified when using expressions");
        if (c.has_values)
            return Error::validation(
                "ExpressionAttributeValues can only be specified when using expressions");
        return {};
    }
    return c.ctx.check_all_used();
}

Result<std::optional<Condition>> condition_param(const json& request, const char* field,
                                                 ExpressionKind kind, Common& c) {
    auto text = optional_string(request, field);
    if (!text) return text.take_error();
    if (text->empty() && request.find(field) == request.end()) return std::optional<Condition>{};
    auto cond = parse_condition(*text, kind, c.ctx);
    if (!cond) return at(cond.take_error(), std::string("/") + field);
    return std::optional<Condition>(std::move(*cond));
}

Result<std::optional<ProjectionExpression>> projection_param(const json& request, Common& c) {
    if (request.find("ProjectionExpression") == request.end())
        return std::optional<ProjectionExpression>{};
    auto text = optional_string(request, "ProjectionExpression");
    if (!text) return text.take_error();
    auto p = parse_projection(*text, c.ctx);
    if (!p) return at(p.take_error(), "/ProjectionExpression");
    return std::optional<ProjectionExpression>(std::move(*p));
}

Result<ReturnValues> return_values_param(const json& request,
                                         std::initializer_list<ReturnValues> allowed) {
    auto text = optional_string(request, "ReturnValues");
    if (!text) return text.take_error();
    ReturnValues rv = ReturnValues::kNone;
    if (text->empty() || *text == "NONE") return rv;
    if (*text == "ALL_OLD")
        rv = ReturnValues::kAllOld;
    else if (*text == "UPDATED_OLD")
        rv = ReturnValues::kUpdatedOld;
    else if (*text == "ALL_NEW")
        rv = ReturnValues::kAllNew;
    else if (*text == "UPDATED_NEW")
        rv = ReturnValues::kUpdatedNew;
    else {
        return Error::validation(
            "1 validation error detected: Value '" + *text +
                "' at 'returnValues' failed to satisfy constraint: Member must satisfy enum value "
                "set: [ALL_NEW, UPDATED_OLD, ALL_OLD, NONE, UPDATED_NEW]",
            "/ReturnValues");
    }
    for (auto a : allowed) {
        if (a == rv) return rv;
    }
    return Error::validation("ReturnValues can only be ALL_OLD or NONE", "/ReturnValues");
}

Result<Item> item_param(const json& request, const char* field) {
    auto it = request.find(field);
    if (it == request.end()) {
        return Error::validation(std::string("1 validation error detected: Value null at '") +
                                     static_cast<char>(std::tolower(field[0])) + (field + 1) +
                                     "' failed to satisfy constraint: Member must not be null",
                                 std::string("/") + field);
    }
    return item_from_json(*it, std::string("/") + field);
}

Result<bool> bool_param(const json& request, const char* field, bool fallback) {
    auto it = request.find(field);
    if (it == request.end() || it->is_null()) return fallback;
    if (!it->is_boolean())
        return Error::validation(std::string("Expected true or false for ") + field,
                                 std::string("/") + field);
    return it->get<bool>();
}

// Extracts `pk = :v [AND sort-condition]` from a parsed KeyConditionExpression.
Result<std::pair<AttributeValue, std::optional<SortKeyCondition>>> key_condition(
    const Condition& cond, const KeySchema& key) {
    std::vector<const Condition*> parts;
    if (cond.kind == Condition::Kind::kAnd) {
        for (const auto& child : cond.children) {
            if (child.kind == Condition::Kind::kAnd) {
                return Error::validation(
                    "Invalid KeyConditionExpression: The expression has too many conditions");
            }
            parts.push_back(&child);
        }
    } else {
        parts.push_back(&cond);
    }
    std::optional<AttributeValue> partition;
    std::optional<SortKeyCondition> sort;
    auto key_name = [](const Operand& o) -> const std::string* {
        return o.kind == Operand::Kind::kPath && o.path.size() == 1 ? &o.path[0].name : nullptr;
    };
    for (const Condition* part : parts) {
        SortKeyCondition sc;
        const std::string* name = nullptr;
        if (part->kind == Condition::Kind::kCompare && part->op != CompareOp::kNe) {
            const bool constant_right = part->operands[1].kind == Operand::Kind::kConstant;
            name = key_name(part->operands[0]);
            if (!name || !constant_right) {
                return Error::validation(
                    "Invalid KeyConditionExpression: the key condition must compare a key "
                    "attribute with a value");
            }
            static constexpr SortKeyCondition::Op kOps[] = {
                SortKeyCondition::Op::kEq, SortKeyCondition::Op::kEq, SortKeyCondition::Op::kLt,
                SortKeyCondition::Op::kLe, SortKeyCondition::Op::kGt, SortKeyCondition::Op::kGe};
            sc.op = kOps[static_cast<int>(part->op)];
            sc.value = part->operands[1].constant;
        } else if (part->kind == Condition::Kind::kBetween &&
                   part->operands[1].kind == Operand::Kind::kConstant &&
                   part->operands[2].kind == Operand::Kind::kConstant) {
            name = key_name(part->operands[0]);
            sc.op = SortKeyCondition::Op::kBetween;
            sc.value = part->operands[1].constant;
            sc.upper = part->operands[2].constant;
        } else if (part->kind == Condition::Kind::kFunction &&
                   part->function == ConditionFunction::kBeginsWith &&
                   part->operands[1].kind == Operand::Kind::kConstant) {
            name = key_name(part->operands[0]);
            sc.op = SortKeyCondition::Op::kBeginsWith;
            sc.value = part->operands[1].constant;
        } else {
            return Error::validation("Invalid operator used in KeyConditionExpression");
        }
        if (!name)
            return Error::validation(
                "Invalid KeyConditionExpression: key attributes must be top-level names");
        if (*name == key.partition.name) {
            if (sc.op != SortKeyCondition::Op::kEq) {
                return Error::validation("Query key condition not supported");
            }
            if (partition)
                return Error::validation(
                    "KeyConditionExpressions must only contain one condition per key");
            if (!(sc.value.type() == key.partition.type)) {
                return Error::validation(
                    "One or more parameter values were invalid: Condition parameter type does not "
                    "match schema type");
            }
            partition = sc.value;
        } else if (key.sort && *name == key.sort->name) {
            if (sort)
                return Error::validation(
                    "KeyConditionExpressions must only contain one condition per key");
            if (sc.value.type() != key.sort->type) {
                return Error::validation(
                    "One or more parameter values were invalid: Condition parameter type does not "
                    "match schema type");
            }
            sort = sc;
        } else {
            return Error::validation("Query condition missed key schema element: " +
                                     key.partition.name);
        }
    }
    if (!partition)
        return Error::validation("Query condition missed key schema element: " +
                                 key.partition.name);
    return std::make_pair(std::move(*partition), std::move(sort));
}

// Whether any document path in `c` starts at attribute `name`.
bool filter_uses(const Condition& c, const std::string& name) {
    for (const auto& o : c.operands) {
        if ((o.kind == Operand::Kind::kPath && o.path[0].name == name) ||
            (o.kind == Operand::Kind::kSize && o.args[0].path[0].name == name)) {
            return true;
        }
    }
    for (const auto& child : c.children) {
        if (filter_uses(child, name)) return true;
    }
    return false;
}

ApiResponse failure(Error e, ConsumedCapacity consumed = {}) {
    ApiResponse r;
    r.ok = false;
    r.body = JsonApi::error_body(e);
    r.error = std::move(e);
    r.consumed = std::move(consumed);
    return r;
}

}  // namespace

json consumed_capacity_json(const ConsumedCapacity& consumed, const std::string& table_name,
                            bool indexes) {
    json out = {{"TableName", table_name}, {"CapacityUnits", consumed.total().value()}};
    if (indexes) {
        out["Table"] = {{"CapacityUnits", (consumed.table_read + consumed.table_write).value()}};
        for (const auto& [name, use] : consumed.indexes) {
            out[use.global ? "GlobalSecondaryIndexes" : "LocalSecondaryIndexes"][name] = {
                {"CapacityUnits", (use.read + use.write).value()}};
        }
    }
    return out;
}

json JsonApi::error_body(const Error& error) {
    return {{"__type", error_wire_type(error.code)}, {"message", error.message}};
}

ApiResponse JsonApi::handle(std::string_view operation, const json& request) {
    if (!request.is_object())
        return failure(Error::validation("Expected the request to be a JSON object", "/"));
    auto common = parse_common(request, table_);
    if (!common) return failure(common.take_error());
    Common& c = *common;
    bind(c);
    auto finish = [&](auto&& outcome, auto&& make_body) -> ApiResponse {
        if (!outcome.result) return failure(outcome.result.take_error(), outcome.consumed);
        ApiResponse r;
        r.ok = true;
        r.body = make_body(outcome.result.value());
        r.consumed = outcome.consumed;
        if (c.detail != CapacityDetail::kNone) {
            r.body["ConsumedCapacity"] = consumed_capacity_json(
                outcome.consumed, table_.schema().name, c.detail == CapacityDetail::kIndexes);
        }
        return r;
    };
    auto write_body = [](const WriteResponse& w) {
        json body = json::object();
        if (w.attributes) body["Attributes"] = to_json(*w.attributes);
        return body;
    };

    if (operation == "PutItem") {
        if (auto s = check_members(request, {"Item", "ConditionExpression", "ReturnValues"}); !s)
            return failure(s.take_error());
        PutItemRequest req;
        auto item = item_param(request, "Item");
        if (!item) return failure(item.take_error());
        req.item = std::move(*item);
        auto cond = condition_param(request, "ConditionExpression", ExpressionKind::kCondition, c);
        if (!cond) return failure(cond.take_error());
        req.condition = std::move(*cond);
        auto rv = return_values_param(request, {ReturnValues::kNone, ReturnValues::kAllOld});
        if (!rv) return failure(rv.take_error());
        req.return_values = *rv;
        if (auto s = finish_expressions(c, req.condition.has_value()); !s)
            return failure(s.take_error());
        return finish(table_.put_item(req), write_body);
    }
    if (operation == "GetItem") {
        if (auto s = check_members(request, {"Key", "ConsistentRead", "ProjectionExpression"}); !s)
            return failure(s.take_error());
        GetItemRequest req;
        auto key = item_param(request, "Key");
        if (!key) return failure(key.take_error());
        req.key = std::move(*key);
        auto strong = bool_param(request, "ConsistentRead", false);
        if (!strong) return failure(strong.take_error());
        req.consistency = *strong ? ReadConsistency::kStrong : ReadConsistency::kEventual;
        auto proj = projection_param(request, c);
        if (!proj) return failure(proj.take_error());
        req.projection = std::move(*proj);
        if (auto s = finish_expressions(c, req.projection.has_value()); !s)
            return failure(s.take_error());
        return finish(table_.get_item(req), [](const GetItemResponse& g) {
            json body = json::object();
            if (g.item) body["Item"] = to_json(*g.item);
            return body;
        });
    }
    if (operation == "UpdateItem") {
        if (auto s = check_members(
                request, {"Key", "UpdateExpression", "ConditionExpression", "ReturnValues"});
            !s) {
            return failure(s.take_error());
        }
        UpdateItemRequest req;
        auto key = item_param(request, "Key");
        if (!key) return failure(key.take_error());
        req.key = std::move(*key);
        if (request.contains("UpdateExpression")) {
            auto text = optional_string(request, "UpdateExpression");
            if (!text) return failure(text.take_error());
            auto u = parse_update(*text, c.ctx);
            if (!u) return failure(at(u.take_error(), "/UpdateExpression"));
            req.update = std::move(*u);
        }
        auto cond = condition_param(request, "ConditionExpression", ExpressionKind::kCondition, c);
        if (!cond) return failure(cond.take_error());
        req.condition = std::move(*cond);
        auto rv = return_values_param(
            request, {ReturnValues::kNone, ReturnValues::kAllOld, ReturnValues::kUpdatedOld,
                      ReturnValues::kAllNew, ReturnValues::kUpdatedNew});
        if (!rv) return failure(rv.take_error());
        req.return_values = *rv;
        if (auto s = finish_expressions(c, req.update || req.condition); !s)
            return failure(s.take_error());
        return finish(table_.update_item(req), write_body);
    }
    if (operation == "DeleteItem") {
        if (auto s = check_members(request, {"Key", "ConditionExpression", "ReturnValues"}); !s)
            return failure(s.take_error());
        DeleteItemRequest req;
        auto key = item_param(request, "Key");
        if (!key) return failure(key.take_error());
        req.key = std::move(*key);
        auto cond = condition_param(request, "ConditionExpression", ExpressionKind::kCondition, c);
        if (!cond) return failure(cond.take_error());
        req.condition = std::move(*cond);
        auto rv = return_values_param(request, {ReturnValues::kNone, ReturnValues::kAllOld});
        if (!rv) return failure(rv.take_error());
        req.return_values = *rv;
        if (auto s = finish_expressions(c, req.condition.has_value()); !s)
            return failure(s.take_error());
        return finish(table_.delete_item(req), write_body);
    }
    if (operation == "Query" || operation == "Scan") {
        const bool is_query = operation == "Query";
        std::set<std::string> allowed = {"IndexName", "ConsistentRead", "ProjectionExpression", "Limit",
                                         "ExclusiveStartKey", "FilterExpression", "Select"};
        if (is_query) {
            allowed.insert({"KeyConditionExpression", "ScanIndexForward"});
        } else {
            allowed.insert({"Segment", "TotalSegments"});
        }
        if (auto s = check_members(request, allowed); !s) return failure(s.take_error());
        auto index_name = optional_string(request, "IndexName");
        if (!index_name) return failure(index_name.take_error());
        const IndexSchema* index = nullptr;
        if (!index_name->empty()) {
            index = table_.schema().find_index(*index_name);
            if (!index) {
                return failure(Error::validation("The table does not have the specified index: " + *index_name,
                                                 "/IndexName"));
            }
        }
        const KeySchema& key = index ? index->key : table_.schema().key;
        auto strong = bool_param(request, "ConsistentRead", false);
        if (!strong) return failure(strong.take_error());
        const ReadConsistency consistency = *strong ? ReadConsistency::kStrong : ReadConsistency::kEventual;
        std::optional<std::int64_t> limit;
        if (auto it = request.find("Limit"); it != request.end()) {
            if (!it->is_number_integer()) return failure(Error::validation("Expected an integer for Limit", "/Limit"));
            limit = it->get<std::int64_t>();
        }
        std::optional<Item> start;
        if (auto it = request.find("ExclusiveStartKey"); it != request.end()) {
            auto k = item_from_json(*it, "/ExclusiveStartKey");
            if (!k) return failure(k.take_error());
            start = std::move(*k);
        }
        std::optional<SortKeyCondition> sort_condition;
        AttributeValue partition;
        if (is_query) {
            if (!request.contains("KeyConditionExpression")) {
                return failure(Error::validation("Either the KeyConditions or KeyConditionExpression parameter must be "
                                                 "specified in the request.",
                                                 "/KeyConditionExpression"));
            }
            auto cond = condition_param(request, "KeyConditionExpression", ExpressionKind::kKeyCondition, c);
            if (!cond) return failure(cond.take_error());
            auto kc = key_condition(**cond, key);
            if (!kc) return failure(at(kc.take_error(), "/KeyConditionExpression"));
            partition = std::move(kc->first);
            sort_condition = std::move(kc->second);
        }
        auto filter = condition_param(request, "FilterExpression", ExpressionKind::kFilter, c);
        if (!filter) return failure(filter.take_error());
        if (is_query && *filter) {
            // A Query filter may not name the key attributes of what is queried (DG).
            for (const KeyAttribute* attr : {&key.partition, key.sort ? &*key.sort : nullptr}) {
                if (attr && filter_uses(**filter, attr->name)) {
                    return failure(Error::validation("Filter Expression can only contain non-primary key attributes: "
                                                     "Primary key attribute: " + attr->name,
                                                     "/FilterExpression"));
                }
            }
        }
        auto proj = projection_param(request, c);
        if (!proj) return failure(proj.take_error());
        auto select_text = optional_string(request, "Select");
        if (!select_text) return failure(select_text.take_error());
        Select select = Select::kDefault;
        if (*select_text == "ALL_ATTRIBUTES") select = Select::kAllAttributes;
        else if (*select_text == "ALL_PROJECTED_ATTRIBUTES") select = Select::kAllProjectedAttributes;
        else if (*select_text == "SPECIFIC_ATTRIBUTES") select = Select::kSpecificAttributes;
        else if (*select_text == "COUNT") select = Select::kCount;
        else if (!select_text->empty()) {
            return failure(Error::validation("1 validation error detected: Value '" + *select_text +
                                                 "' at 'select' failed to satisfy constraint: Member must satisfy enum "
                                                 "value set: [SPECIFIC_ATTRIBUTES, COUNT, ALL_ATTRIBUTES, "
                                                 "ALL_PROJECTED_ATTRIBUTES]",
                                             "/Select"));
        }
        if (proj->has_value() && select != Select::kDefault && select != Select::kSpecificAttributes) {
            return failure(Error::validation("Cannot specify the ProjectionExpression when choosing to get " +
                                                 *select_text,
                                             "/Select"));
        }
        if (select == Select::kSpecificAttributes && !proj->has_value()) {
            return failure(Error::validation("SPECIFIC_ATTRIBUTES requires a ProjectionExpression", "/Select"));
        }
        if (auto s = finish_expressions(c, true); !s) return failure(s.take_error());
        auto body_of = [select](const QueryResponse& q) {
            json body = {{"Count", q.count}, {"ScannedCount", q.scanned_count}};
            if (select != Select::kCount) {
                json items = json::array();
                for (const auto& item : q.items) items.push_back(to_json(item));
                body["Items"] = std::move(items);
            }
            if (q.last_evaluated_key) body["LastEvaluatedKey"] = to_json(*q.last_evaluated_key);
            return body;
        };
        if (is_query) {
            QueryRequest req;
            req.index_name = *index_name;
            req.partition_key = std::move(partition);
            req.sort_condition = std::move(sort_condition);
            req.consistency = consistency;
            req.limit = limit;
            req.exclusive_start_key = std::move(start);
            auto forward = bool_param(request, "ScanIndexForward", true);
            if (!forward) return failure(forward.take_error());
            req.scan_index_forward = *forward;
            req.filter = std::move(*filter);
            req.projection = std::move(*proj);
            req.select = select;
            return finish(table_.query(req), body_of);
        }
        ScanRequest req;
        req.index_name = *index_name;
        req.consistency = consistency;
        req.limit = limit;
        req.exclusive_start_key = std::move(start);
        req.filter = std::move(*filter);
        req.projection = std::move(*proj);
        req.select = select;
        const bool has_segment = request.contains("Segment"), has_total = request.contains("TotalSegments");
        if (has_segment != has_total) {
            return failure(Error::validation("The TotalSegments parameter is required but was not present in the "
                                             "request when Segment parameter is present",
                                             has_segment ? "/TotalSegments" : "/Segment"));
        }
        if (has_segment) {
            if (!request["Segment"].is_number_integer() || !request["TotalSegments"].is_number_integer()) {
                return failure(Error::validation("Segment and TotalSegments must be integers", "/Segment"));
            }
            req.segment = request["Segment"].get<std::int64_t>();
            req.total_segments = request["TotalSegments"].get<std::int64_t>();
        }
        return finish(table_.scan(req), body_of);
    }
    return failure(
        Error::validation("Unknown operation " + std::string(operation) +
                          "; expected one of PutItem, GetItem, UpdateItem, DeleteItem, Query, Scan"));
}

}  // namespace ddbsim::storage
