#include "storage/json_api_params.hpp"

#include "storage/dynamodb_json.hpp"
#include "storage/expression.hpp"
#include "storage/item_size.hpp"

namespace ddbsim::storage::api {

// Parameters every data-plane request may carry; the per-operation lists add to these.
namespace {
const std::set<std::string> kCommon = {"TableName", "ReturnConsumedCapacity",
                                       "ExpressionAttributeNames", "ExpressionAttributeValues"};
// Legacy (pre-expression) parameters: the service still accepts them; ddbsim asks for
// expressions instead, naming the replacement.
const std::map<std::string, std::string> kLegacy = {
    {"AttributesToGet", "ProjectionExpression"},   {"Expected", "ConditionExpression"},
    {"AttributeUpdates", "UpdateExpression"},      {"KeyConditions", "KeyConditionExpression"},
    {"QueryFilter", "FilterExpression"},           {"ScanFilter", "FilterExpression"},
    {"ConditionalOperator", "ConditionExpression"}};
}  // namespace

Error prefixed(Error e, const std::string& prefix) {
    e.location = prefix + (e.location == "/" ? "" : e.location);
    return e;
}

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

Result<CapacityDetail> capacity_detail(const json& request) {
    auto detail = optional_string(request, "ReturnConsumedCapacity");
    if (!detail) return detail.take_error();
    if (*detail == "TOTAL") return CapacityDetail::kTotal;
    if (*detail == "INDEXES") return CapacityDetail::kIndexes;
    if (!detail->empty() && *detail != "NONE") {
        return Error::validation(
            "1 validation error detected: Value '" + *detail +
                "' at 'returnConsumedCapacity' failed to satisfy constraint: Member must "
                "satisfy enum value set: [INDEXES, TOTAL, NONE]",
            "/ReturnConsumedCapacity");
    }
    return CapacityDetail::kNone;
}

// A placeholder (#name, :value) of more than 255 bytes (DG Constraints.html, "Expression
// parameters").
Error placeholder_too_long(const char* field, const std::string& key) {
    return Error::validation(std::string(field) + " contains invalid key: the key is longer than " +
                                 std::to_string(kMaxPlaceholderBytes) +
                                 " bytes; key length: " + std::to_string(key.size()),
                             std::string("/") + field);
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
    auto detail = capacity_detail(request);
    if (!detail) return detail.take_error();
    c.detail = *detail;
    std::size_t substitution_bytes = 0;
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
            if (k.size() > kMaxPlaceholderBytes)
                return placeholder_too_long("ExpressionAttributeNames", k);
            substitution_bytes += k.size() + v.get_ref<const std::string&>().size();
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
            if (k.size() > kMaxPlaceholderBytes)
                return placeholder_too_long("ExpressionAttributeValues", k);
            substitution_bytes += attribute_size(k, v);
        }
        c.values = std::move(*values);
        c.has_values = true;
    }
    if (substitution_bytes > kMaxSubstitutionBytes) {
        return Error::validation(
            "ExpressionAttributeNames and ExpressionAttributeValues are too large; their total "
            "size: " +
                std::to_string(substitution_bytes) +
                " bytes, limit: " + std::to_string(kMaxSubstitutionBytes) + " bytes",
            "/ExpressionAttributeValues");
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

ApiResponse failure(Error e, ConsumedCapacity consumed) {
    ApiResponse r;
    r.ok = false;
    r.body = JsonApi::error_body(e);
    r.error = std::move(e);
    r.consumed = std::move(consumed);
    return r;
}

}  // namespace ddbsim::storage::api
