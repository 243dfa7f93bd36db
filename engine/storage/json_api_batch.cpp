// BatchGetItem, BatchWriteItem, TransactGetItems and TransactWriteItems in DynamoDB's JSON.
// Their requests name tables per entry (RequestItems / TransactItems); ddbsim executes on one
// table, so any other table name is a ResourceNotFoundException as on the service.
#include "storage/dynamodb_json.hpp"
#include "storage/json_api_params.hpp"

namespace ddbsim::storage {

using namespace api;

namespace {

Status check_table_name(const std::string& name, const Table& table, const std::string& pointer) {
    if (name != table.schema().name) {
        return Error(ErrorCode::kResourceNotFound,
                     "Requested resource not found: Table: " + name + " not found", pointer);
    }
    return {};
}

// RequestItems must hold exactly our table; returns its entry.
Result<const json*> request_items(const json& request, const Table& table) {
    auto it = request.find("RequestItems");
    if (it == request.end() || !it->is_object() || it->empty()) {
        return Error::validation(
            "1 validation error detected: Value null at 'requestItems' failed to satisfy "
            "constraint: Member must not be null",
            "/RequestItems");
    }
    for (const auto& [name, body] : it->items()) {
        DDBSIM_TRY(check_table_name(name, table, "/RequestItems/" + json_pointer_escape(name)));
    }
    return &it->begin().value();
}

json capacity_list(const ConsumedCapacity& consumed, const std::string& table,
                   CapacityDetail detail) {
    return json::array(
        {consumed_capacity_json(consumed, table, detail == CapacityDetail::kIndexes)});
}

ApiResponse envelope(ApiResponse r, CapacityDetail detail, const std::string& table) {
    if (r.ok && detail != CapacityDetail::kNone)
        r.body["ConsumedCapacity"] = capacity_list(r.consumed, table, detail);
    return r;
}

template <class T, class MakeBody>
ApiResponse respond_list(Outcome<T>&& outcome, CapacityDetail detail, const std::string& table,
                         MakeBody make_body) {
    return envelope(respond(std::move(outcome), CapacityDetail::kNone, table, make_body), detail,
                    table);
}

}  // namespace

ApiResponse handle_batch_get(Table& table, const json& request) {
    if (auto s = check_members(request, {"RequestItems"}); !s) return failure(s.take_error());
    auto detail = capacity_detail(request);
    if (!detail) return failure(detail.take_error());
    auto entry = request_items(request, table);
    if (!entry) return failure(entry.take_error());
    const json& e = **entry;
    const std::string prefix = "/RequestItems/" + json_pointer_escape(table.schema().name);
    if (!e.is_object())
        return failure(Error::validation("Expected a KeysAndAttributes object", prefix));
    for (const auto& [name, value] : e.items()) {
        if (name != "Keys" && name != "ConsistentRead" && name != "ProjectionExpression" &&
            name != "ExpressionAttributeNames") {
            return failure(Error::validation("Unknown parameter " + name + " in KeysAndAttributes",
                                             prefix + "/" + json_pointer_escape(name)));
        }
    }
    json scoped = e;
    scoped["TableName"] = table.schema().name;
    scoped.erase("Keys");
    scoped.erase("ConsistentRead");
    auto common = parse_common(scoped, table);
    if (!common) return failure(prefixed(common.take_error(), prefix));
    Common& c = *common;
    bind(c);
    BatchGetRequest req;
    auto keys = e.find("Keys");
    if (keys == e.end() || !keys->is_array())
        return failure(Error::validation("Expected an array of keys", prefix + "/Keys"));
    for (std::size_t i = 0; i < keys->size(); ++i) {
        auto k = item_from_json((*keys)[i], prefix + "/Keys/" + std::to_string(i));
        if (!k) return failure(k.take_error());
        req.keys.push_back(std::move(*k));
    }
    auto strong = bool_param(e, "ConsistentRead", false);
    if (!strong) return failure(prefixed(strong.take_error(), prefix));
    req.consistency = *strong ? ReadConsistency::kStrong : ReadConsistency::kEventual;
    auto proj = projection_param(e, c);
    if (!proj) return failure(prefixed(proj.take_error(), prefix));
    req.projection = std::move(*proj);
    if (auto s = finish_expressions(c, req.projection.has_value()); !s)
        return failure(prefixed(s.take_error(), prefix));
    const std::string& name = table.schema().name;
    return respond_list(table.batch_get_item(req), *detail, name, [&](const BatchGetResponse& r) {
        json items = json::array();
        for (const auto& item : r.items)
            items.push_back(to_json(item));
        json body = {{"Responses", {{name, std::move(items)}}},
                     {"UnprocessedKeys", json::object()}};
        if (!r.unprocessed_keys.empty()) {
            json rest = e;
            rest["Keys"] = json::array();
            for (const auto& k : r.unprocessed_keys)
                rest["Keys"].push_back(to_json(k));
            body["UnprocessedKeys"][name] = std::move(rest);
        }
        return body;
    });
}

ApiResponse handle_batch_write(Table& table, const json& request) {
    if (auto s = check_members(request, {"RequestItems"}); !s) return failure(s.take_error());
    auto detail = capacity_detail(request);
    if (!detail) return failure(detail.take_error());
    auto entry = request_items(request, table);
    if (!entry) return failure(entry.take_error());
    const json& list = **entry;
    const std::string prefix = "/RequestItems/" + json_pointer_escape(table.schema().name);
    if (!list.is_array())
        return failure(Error::validation("Expected an array of WriteRequests", prefix));
    BatchWriteRequest req;
    for (std::size_t i = 0; i < list.size(); ++i) {
        const std::string p = prefix + "/" + std::to_string(i);
        const json& w = list[i];
        const bool put = w.is_object() && w.contains("PutRequest");
        const bool del = w.is_object() && w.contains("DeleteRequest");
        if (put == del || w.size() != 1) {
            return failure(
                Error::validation("Expected exactly one of PutRequest or DeleteRequest", p));
        }
        const json& body = put ? w["PutRequest"] : w["DeleteRequest"];
        const char* field = put ? "Item" : "Key";
        const std::string bp = p + (put ? "/PutRequest" : "/DeleteRequest");
        if (!body.is_object() || !body.contains(field) || body.size() != 1) {
            return failure(
                Error::validation(std::string("Expected an object with only ") + field, bp));
        }
        auto item = item_from_json(body[field], bp + "/" + field);
        if (!item) return failure(item.take_error());
        req.entries.push_back(BatchWriteEntry{put, std::move(*item)});
    }
    return respond_list(table.batch_write_item(req), *detail, table.schema().name,
                        [](const BatchWriteResponse&) {
                            return json{{"UnprocessedItems", json::object()}};
                        });
}

ApiResponse handle_transact_get(Table& table, const json& request) {
    if (auto s = check_members(request, {"TransactItems"}); !s) return failure(s.take_error());
    auto detail = capacity_detail(request);
    if (!detail) return failure(detail.take_error());
    auto items = request.find("TransactItems");
    if (items == request.end() || !items->is_array()) {
        return failure(Error::validation("Expected an array TransactItems", "/TransactItems"));
    }
    TransactGetRequest req;
    std::vector<Common> contexts(items->size());  // projections keep pointers into these
    for (std::size_t i = 0; i < items->size(); ++i) {
        const std::string p = "/TransactItems/" + std::to_string(i);
        const json& t = (*items)[i];
        if (!t.is_object() || t.size() != 1 || !t.contains("Get") || !t["Get"].is_object()) {
            return failure(Error::validation("Expected {\"Get\": {...}}", p));
        }
        const json& g = t["Get"];
        if (auto s = check_members(g, {"Key", "ProjectionExpression"}); !s)
            return failure(prefixed(s.take_error(), p + "/Get"));
        auto c = parse_common(g, table);
        if (!c) return failure(prefixed(c.take_error(), p + "/Get"));
        contexts[i] = std::move(*c);
        bind(contexts[i]);
        GetItemRequest get;
        auto key = item_param(g, "Key");
        if (!key) return failure(prefixed(key.take_error(), p + "/Get"));
        get.key = std::move(*key);
        get.consistency = ReadConsistency::kTransactional;
        auto proj = projection_param(g, contexts[i]);
        if (!proj) return failure(prefixed(proj.take_error(), p + "/Get"));
        get.projection = std::move(*proj);
        if (auto s = finish_expressions(contexts[i], get.projection.has_value()); !s) {
            return failure(prefixed(s.take_error(), p + "/Get"));
        }
        req.gets.push_back(std::move(get));
    }
    return respond_list(table.transact_get_items(req), *detail, table.schema().name,
                        [](const TransactGetResponse& r) {
                            json responses = json::array();
                            for (const auto& item : r.items) {
                                json entry = json::object();
                                if (item) entry["Item"] = to_json(*item);
                                responses.push_back(std::move(entry));
                            }
                            return json{{"Responses", std::move(responses)}};
                        });
}

ApiResponse transact_write(Table& table, const json& request, bool prepare_only);

ApiResponse handle_transact_write(Table& table, const json& request) {
    return transact_write(table, request, false);
}

ApiResponse transact_write(Table& table, const json& request, bool prepare_only) {
    using Kind = TransactWriteAction::Kind;
    if (auto s = check_members(request, {"TransactItems", "ClientRequestToken"}); !s)
        return failure(s.take_error());
    auto detail = capacity_detail(request);
    if (!detail) return failure(detail.take_error());
    auto items = request.find("TransactItems");
    if (items == request.end() || !items->is_array()) {
        return failure(Error::validation("Expected an array TransactItems", "/TransactItems"));
    }
    TransactWriteRequest req;
    req.prepare_only = prepare_only;
    auto token = optional_string(request, "ClientRequestToken");
    if (!token) return failure(token.take_error());
    if (token->size() > 36) {
        return failure(Error::validation("ClientRequestToken must be at most 36 characters",
                                         "/ClientRequestToken"));
    }
    req.client_request_token = *token;
    json fingerprint = request;
    fingerprint.erase("ReturnConsumedCapacity");
    fingerprint.erase("ReturnItemCollectionMetrics");
    req.fingerprint = fingerprint.dump();
    std::vector<Common> contexts(items->size());
    for (std::size_t i = 0; i < items->size(); ++i) {
        const std::string p = "/TransactItems/" + std::to_string(i);
        const json& t = (*items)[i];
        static const std::pair<const char*, Kind> kKinds[] = {
            {"ConditionCheck", Kind::kConditionCheck},
            {"Put", Kind::kPut},
            {"Update", Kind::kUpdate},
            {"Delete", Kind::kDelete}};
        const char* kind_name = nullptr;
        TransactWriteAction action;
        if (t.is_object() && t.size() == 1) {
            for (const auto& [name, kind] : kKinds) {
                if (t.contains(name)) {
                    kind_name = name;
                    action.kind = kind;
                }
            }
        }
        if (!kind_name || !t[kind_name].is_object()) {
            return failure(Error::validation(
                "Expected exactly one of ConditionCheck, Put, Update or Delete", p));
        }
        const json& body = t[kind_name];
        const std::string bp = p + "/" + kind_name;
        std::set<std::string> allowed = {"ConditionExpression",
                                         "ReturnValuesOnConditionCheckFailure"};
        allowed.insert(action.kind == Kind::kPut ? "Item" : "Key");
        if (action.kind == Kind::kUpdate) allowed.insert("UpdateExpression");
        if (auto s = check_members(body, allowed); !s) return failure(prefixed(s.take_error(), bp));
        auto c = parse_common(body, table);
        if (!c) return failure(prefixed(c.take_error(), bp));
        contexts[i] = std::move(*c);
        Common& ctx = contexts[i];
        bind(ctx);
        auto item = item_param(body, action.kind == Kind::kPut ? "Item" : "Key");
        if (!item) return failure(prefixed(item.take_error(), bp));
        action.item = std::move(*item);
        if (action.kind == Kind::kConditionCheck && !body.contains("ConditionExpression")) {
            return failure(Error::validation("ConditionCheck requires a ConditionExpression",
                                             bp + "/ConditionExpression"));
        }
        auto cond = condition_param(body, "ConditionExpression", ExpressionKind::kCondition, ctx);
        if (!cond) return failure(prefixed(cond.take_error(), bp));
        action.condition = std::move(*cond);
        if (action.kind == Kind::kUpdate) {
            auto text = optional_string(body, "UpdateExpression");
            if (!text) return failure(prefixed(text.take_error(), bp));
            auto u = parse_update(*text, ctx.ctx);
            if (!u) return failure(prefixed(at(u.take_error(), "/UpdateExpression"), bp));
            action.update = std::move(*u);
        }
        if (auto s = finish_expressions(ctx, action.condition || action.update); !s) {
            return failure(prefixed(s.take_error(), bp));
        }
        req.actions.push_back(std::move(action));
    }
    return respond_list(table.transact_write_items(req), *detail, table.schema().name,
                        [](const TransactWriteResponse&) { return json::object(); });
}

}  // namespace ddbsim::storage
