#include "storage/json_api.hpp"

#include <set>
#include <utility>
#include <vector>

#include "common/json_text.hpp"
#include "storage/dynamodb_json.hpp"
#include "storage/json_api_params.hpp"

namespace ddbsim::storage {

using namespace api;

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
    // Messages may quote request bytes (an expression's token): always valid UTF-8 JSON.
    json body = {{"__type", error_wire_type(error.code)},
                 {"message", to_valid_utf8(error.message)}};
    if (!error.reasons.empty()) {
        json reasons = json::array();
        for (const auto& r : error.reasons) {
            json entry = {{"Code", r.code}};
            if (!r.message.empty()) entry["Message"] = to_valid_utf8(r.message);
            reasons.push_back(std::move(entry));
        }
        body["CancellationReasons"] = std::move(reasons);
    }
    return body;
}

// Operations whose requests name their tables per entry (json_api_batch.cpp).
ApiResponse handle_batch_get(Table& table, const json& request);
ApiResponse handle_batch_write(Table& table, const json& request);
ApiResponse handle_transact_get(Table& table, const json& request);
ApiResponse handle_transact_write(Table& table, const json& request);
ApiResponse transact_write(Table& table, const json& request, bool prepare_only);
// Table-level, stream and ddbsim operations (json_api_admin.cpp).
ApiResponse handle_update_table(Table& table, const json& request);
ApiResponse handle_update_ttl(Table& table, const json& request);
ApiResponse handle_describe_ttl(Table& table, const json& request);
ApiResponse handle_describe_stream(Table& table, const json& request);
ApiResponse handle_get_shard_iterator(Table& table, const json& request);
ApiResponse handle_get_records(Table& table, const json& request);
ApiResponse handle_directive(Table& table, std::string_view operation, const json& request);

namespace {

// The success envelope is api::respond(), shared with the batch operations.
template <class Outcome, class MakeBody>
ApiResponse finish(const Table& table, const Common& c, Outcome&& outcome, MakeBody&& make_body) {
    return respond(std::move(outcome), c.detail, table.schema().name, make_body);
}

json write_body(const WriteResponse& w) {
    json body = json::object();
    if (w.attributes) body["Attributes"] = to_json(*w.attributes);
    return body;
}

// ConditionExpression and ReturnValues (NONE or ALL_OLD), as PutItem and DeleteItem take
// them, and the check that every placeholder was used.
template <class Request>
Status condition_and_old_values(const json& request, Common& c, Request& req) {
    auto cond = condition_param(request, "ConditionExpression", ExpressionKind::kCondition, c);
    if (!cond) return cond.take_error();
    req.condition = std::move(*cond);
    auto rv = return_values_param(request, {ReturnValues::kNone, ReturnValues::kAllOld});
    if (!rv) return rv.take_error();
    req.return_values = *rv;
    return finish_expressions(c, req.condition.has_value());
}

ApiResponse handle_put(Table& table, const json& request, Common& c) {
    if (auto s = check_members(request, {"Item", "ConditionExpression", "ReturnValues"}); !s)
        return failure(s.take_error());
    PutItemRequest req;
    auto item = item_param(request, "Item");
    if (!item) return failure(item.take_error());
    req.item = std::move(*item);
    if (auto s = condition_and_old_values(request, c, req); !s) return failure(s.take_error());
    return finish(table, c, table.put_item(req), write_body);
}

ApiResponse handle_get(Table& table, const json& request, Common& c) {
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
    return finish(table, c, table.get_item(req), [](const GetItemResponse& g) {
        json body = json::object();
        if (g.item) body["Item"] = to_json(*g.item);
        return body;
    });
}

ApiResponse handle_update(Table& table, const json& request, Common& c) {
    if (auto s = check_members(request,
                               {"Key", "UpdateExpression", "ConditionExpression", "ReturnValues"});
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
    return finish(table, c, table.update_item(req), write_body);
}

ApiResponse handle_delete(Table& table, const json& request, Common& c) {
    if (auto s = check_members(request, {"Key", "ConditionExpression", "ReturnValues"}); !s)
        return failure(s.take_error());
    DeleteItemRequest req;
    auto key = item_param(request, "Key");
    if (!key) return failure(key.take_error());
    req.key = std::move(*key);
    if (auto s = condition_and_old_values(request, c, req); !s) return failure(s.take_error());
    return finish(table, c, table.delete_item(req), write_body);
}

// Select: what a Query or Scan returns (DG API Query, "Select").
Result<Select> select_param(const json& request, bool has_projection) {
    auto select_text = optional_string(request, "Select");
    if (!select_text) return select_text.take_error();
    Select select = Select::kDefault;
    if (*select_text == "ALL_ATTRIBUTES")
        select = Select::kAllAttributes;
    else if (*select_text == "ALL_PROJECTED_ATTRIBUTES")
        select = Select::kAllProjectedAttributes;
    else if (*select_text == "SPECIFIC_ATTRIBUTES")
        select = Select::kSpecificAttributes;
    else if (*select_text == "COUNT")
        select = Select::kCount;
    else if (!select_text->empty()) {
        return Error::validation(
            "1 validation error detected: Value '" + *select_text +
                "' at 'select' failed to satisfy constraint: Member must satisfy enum "
                "value set: [SPECIFIC_ATTRIBUTES, COUNT, ALL_ATTRIBUTES, "
                "ALL_PROJECTED_ATTRIBUTES]",
            "/Select");
    }
    if (has_projection && select != Select::kDefault && select != Select::kSpecificAttributes) {
        return Error::validation(
            "Cannot specify the ProjectionExpression when choosing to get " + *select_text,
            "/Select");
    }
    if (select == Select::kSpecificAttributes && !has_projection)
        return Error::validation("SPECIFIC_ATTRIBUTES requires a ProjectionExpression", "/Select");
    return select;
}

json read_body(const QueryResponse& q, Select select) {
    json body = {{"Count", q.count}, {"ScannedCount", q.scanned_count}};
    if (select != Select::kCount) {
        json items = json::array();
        for (const auto& item : q.items)
            items.push_back(to_json(item));
        body["Items"] = std::move(items);
    }
    if (q.last_evaluated_key) body["LastEvaluatedKey"] = to_json(*q.last_evaluated_key);
    return body;
}

// A parallel Scan's Segment and TotalSegments, both or neither.
Status segments_param(const json& request, ScanRequest& req) {
    const bool has_segment = request.contains("Segment"),
               has_total = request.contains("TotalSegments");
    if (has_segment != has_total) {
        return Error::validation(
            "The TotalSegments parameter is required but was not present in the request when "
            "Segment parameter is present",
            has_segment ? "/TotalSegments" : "/Segment");
    }
    if (has_segment) {
        const auto segment = json_int64(request.at("Segment"));
        const auto total = json_int64(request.at("TotalSegments"));
        if (!segment || !total) {
            return Error::validation("Segment and TotalSegments must be integers", "/Segment");
        }
        req.segment = *segment;
        req.total_segments = *total;
    }
    return {};
}

// Query and Scan share their parameters but for the key condition (Query) and segments
// (Scan).
ApiResponse handle_read(Table& table, const json& request, Common& c, bool is_query) {
    std::set<std::string> allowed = {"IndexName", "ConsistentRead",    "ProjectionExpression",
                                     "Limit",     "ExclusiveStartKey", "FilterExpression",
                                     "Select"};
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
        index = table.schema().find_index(*index_name);
        if (!index) {
            return failure(Error::validation(
                "The table does not have the specified index: " + *index_name, "/IndexName"));
        }
    }
    const KeySchema& key = index ? index->key : table.schema().key;
    auto strong = bool_param(request, "ConsistentRead", false);
    if (!strong) return failure(strong.take_error());
    const ReadConsistency consistency =
        *strong ? ReadConsistency::kStrong : ReadConsistency::kEventual;
    std::optional<std::int64_t> limit;
    if (auto it = request.find("Limit"); it != request.end()) {
        limit = json_int64(*it);
        if (!limit) return failure(Error::validation("Expected an integer for Limit", "/Limit"));
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
            return failure(Error::validation(
                "Either the KeyConditions or KeyConditionExpression parameter must be "
                "specified in the request.",
                "/KeyConditionExpression"));
        }
        auto cond =
            condition_param(request, "KeyConditionExpression", ExpressionKind::kKeyCondition, c);
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
                return failure(Error::validation(
                    "Filter Expression can only contain non-primary key attributes: "
                    "Primary key attribute: " +
                        attr->name,
                    "/FilterExpression"));
            }
        }
    }
    auto proj = projection_param(request, c);
    if (!proj) return failure(proj.take_error());
    auto select = select_param(request, proj->has_value());
    if (!select) return failure(select.take_error());
    if (auto s = finish_expressions(c, true); !s) return failure(s.take_error());
    auto body_of = [select = *select](const QueryResponse& q) { return read_body(q, select); };
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
        req.select = *select;
        return finish(table, c, table.query(req), body_of);
    }
    ScanRequest req;
    req.index_name = *index_name;
    req.consistency = consistency;
    req.limit = limit;
    req.exclusive_start_key = std::move(start);
    req.filter = std::move(*filter);
    req.projection = std::move(*proj);
    req.select = *select;
    if (auto st = segments_param(request, req); !st) return failure(st.take_error());
    return finish(table, c, table.scan(req), body_of);
}

using Handler = ApiResponse (*)(Table&, std::string_view, const json&);

// Operations on one table named by TableName: the common parameters (names, values,
// ReturnConsumedCapacity) are read once, then the operation's own.
template <ApiResponse (*Operation)(Table&, const json&, Common&)>
ApiResponse with_common(Table& table, std::string_view, const json& request) {
    auto common = parse_common(request, table);
    if (!common) return failure(common.take_error());
    bind(*common);
    return Operation(table, request, *common);
}

template <bool IsQuery>
ApiResponse read_operation(Table& table, const json& request, Common& c) {
    return handle_read(table, request, c, IsQuery);
}

template <ApiResponse (*Operation)(Table&, const json&)>
ApiResponse whole_request(Table& table, std::string_view, const json& request) {
    return Operation(table, request);
}

// Every operation the API executes, in the order the unknown-operation message lists them.
const std::vector<std::pair<std::string_view, Handler>>& handlers() {
    static const std::vector<std::pair<std::string_view, Handler>> table = {
        {"PutItem", with_common<handle_put>},
        {"GetItem", with_common<handle_get>},
        {"UpdateItem", with_common<handle_update>},
        {"DeleteItem", with_common<handle_delete>},
        {"Query", with_common<read_operation<true>>},
        {"Scan", with_common<read_operation<false>>},
        {"BatchGetItem", whole_request<handle_batch_get>},
        {"BatchWriteItem", whole_request<handle_batch_write>},
        {"TransactGetItems", whole_request<handle_transact_get>},
        {"TransactWriteItems", whole_request<handle_transact_write>},
        {"UpdateTable", whole_request<handle_update_table>},
        {"UpdateTimeToLive", whole_request<handle_update_ttl>},
        {"DescribeTimeToLive", whole_request<handle_describe_ttl>},
        {"DescribeStream", whole_request<handle_describe_stream>},
        {"GetShardIterator", whole_request<handle_get_shard_iterator>},
        {"GetRecords", whole_request<handle_get_records>},
        {"ddbsim:SetTime", handle_directive},
        {"ddbsim:SweepTtl", handle_directive},
    };
    return table;
}

}  // namespace

ApiResponse JsonApi::handle(std::string_view operation, const json& request) {
    if (!request.is_object())
        return failure(Error::validation("Expected the request to be a JSON object", "/"));
    std::string known;
    for (const auto& [name, handler] : handlers()) {
        if (name == operation) return handler(table_, operation, request);
        known += (known.empty() ? "" : ", ") + std::string(name);
    }
    // The name comes from the wire (X-Amz-Target) and may be any bytes: only printable ASCII
    // goes into the message, so the error body is always valid UTF-8 JSON.
    std::string shown;
    for (const char ch : operation.substr(0, 128))
        shown += ch >= 0x20 && ch < 0x7f ? ch : '?';
    return failure(Error::validation("Unknown operation " + shown + "; expected one of " + known));
}

ApiResponse JsonApi::prepare_transact_write(const json& request) {
    if (!request.is_object())
        return failure(Error::validation("Expected the request to be a JSON object", "/"));
    return transact_write(table_, request, true);
}

}  // namespace ddbsim::storage
