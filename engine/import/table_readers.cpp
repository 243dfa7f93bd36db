// describe-table, describe-scalable-targets and describe-scaling-policies (aws_exports.hpp).
#include <optional>

#include "import/aws_exports.hpp"
#include "import/json_fields.hpp"
#include "storage/table_schema.hpp"

namespace ddbsim::import {
namespace {

using json = nlohmann::json;
using Type = json::value_t;
using fields::member;
using fields::parse;
using fields::problem;

// KeySchema → (HASH attribute, RANGE attribute or "").
std::pair<std::string, std::string> key_names(const json& schema) {
    std::string hash, range;
    for (const auto& k : schema) {
        if (!k.is_object() || !k.contains("AttributeName") || !k["AttributeName"].is_string())
            continue;
        (fields::string_or(k, "KeyType", "") == "RANGE" ? range : hash) =
            k["AttributeName"].get<std::string>();
    }
    return {hash, range};
}

// An index of describe-table's output as CreateTable spells it (no status, sizes or ARNs).
json index_request(const json& index, bool global, bool on_demand) {
    json out = {{"IndexName", index["IndexName"]},
                {"KeySchema", index["KeySchema"]},
                {"Projection", index["Projection"]}};
    if (global && !on_demand && index.contains("ProvisionedThroughput")) {
        const auto& pt = index["ProvisionedThroughput"];
        out["ProvisionedThroughput"] = {
            {"ReadCapacityUnits", fields::integer_or(pt, "ReadCapacityUnits", 1)},
            {"WriteCapacityUnits", fields::integer_or(pt, "WriteCapacityUnits", 1)}};
    }
    return out;
}

// "table/NAME" or "table/NAME/index/INDEX" → the index ("" for the table); nullopt when the
// resource is another table's.
std::optional<std::string> resource_index(const std::string& resource, const std::string& table) {
    const std::string prefix = "table/" + table;
    if (resource == prefix) return std::string();
    if (resource.rfind(prefix + "/index/", 0) == 0) return resource.substr(prefix.size() + 7);
    return std::nullopt;
}

// What a scalable target or scaling policy at `p` scales: its index ("" = the table) and
// side, from ResourceId and ScalableDimension, which must name `table` and its capacity.
struct Scaled {
    std::string index;
    bool write = false;
};
Result<Scaled> scaled_resource(const json& entry, const std::string& p, const std::string& table) {
    std::optional<Error> error;
    const json* rid = member(entry, p, "ResourceId", Type::string, true, error);
    const json* dim = member(entry, p, "ScalableDimension", Type::string, true, error);
    if (error) return *error;
    const auto index = resource_index(rid->get<std::string>(), table);
    if (!index)
        return problem(p + "/ResourceId", "\"" + rid->get<std::string>() + "\" is not table \"" +
                                              table + "\" or one of its indexes");
    const std::string d = dim->get<std::string>();
    auto ends = [&d](const std::string& tail) {
        return d.size() > tail.size() && d.compare(d.size() - tail.size(), tail.size(), tail) == 0;
    };
    if (!ends("ReadCapacityUnits") && !ends("WriteCapacityUnits"))
        return problem(
            p + "/ScalableDimension",
            "found \"" + d + "\", expected dynamodb:table|index:Read|WriteCapacityUnits");
    return Scaled{*index, ends("WriteCapacityUnits")};
}

}  // namespace

Result<TableDescription> read_describe_table(const std::string& text) {
    auto parsed = parse(text);
    if (!parsed) return parsed.error();
    std::optional<Error> error;
    const json* t = member(*parsed, "", "Table", Type::object, true, error);
    if (!t) return *error;
    TableDescription d;
    const json* name = member(*t, "/Table", "TableName", Type::string, true, error);
    const json* defs = member(*t, "/Table", "AttributeDefinitions", Type::array, true, error);
    const json* keys = member(*t, "/Table", "KeySchema", Type::array, true, error);
    if (error) return *error;
    d.name = name->get<std::string>();
    for (std::size_t i = 0; i < defs->size(); ++i) {
        const json& a = (*defs)[i];
        const std::string p = "/Table/AttributeDefinitions/" + std::to_string(i);
        const json* an = member(a, p, "AttributeName", Type::string, true, error);
        const json* at = member(a, p, "AttributeType", Type::string, true, error);
        if (error) return *error;
        d.attribute_types[an->get<std::string>()] = at->get<std::string>();
    }
    std::tie(d.partition_key, d.sort_key) = key_names(*keys);
    // Billing mode: BillingModeSummary (absent on tables created PROVISIONED long ago).
    std::string mode = "PROVISIONED";
    if (const json* bm = member(*t, "/Table", "BillingModeSummary", Type::object, false, error))
        if (const json* m =
                member(*bm, "/Table/BillingModeSummary", "BillingMode", Type::string, false, error))
            mode = m->get<std::string>();
    if (error) return *error;
    if (mode != "PROVISIONED" && mode != "PAY_PER_REQUEST")
        return problem("/Table/BillingModeSummary/BillingMode",
                       "found \"" + mode + "\", expected PROVISIONED or PAY_PER_REQUEST");
    d.on_demand = mode == "PAY_PER_REQUEST";
    if (const json* pt =
            member(*t, "/Table", "ProvisionedThroughput", Type::object, !d.on_demand, error)) {
        const json* r = member(*pt, "/Table/ProvisionedThroughput", "ReadCapacityUnits",
                               Type::number_integer, !d.on_demand, error);
        const json* w = member(*pt, "/Table/ProvisionedThroughput", "WriteCapacityUnits",
                               Type::number_integer, !d.on_demand, error);
        if (r) d.rcu = r->get<std::int64_t>();
        if (w) d.wcu = w->get<std::int64_t>();
    }
    if (const json* s = member(*t, "/Table", "TableSizeBytes", Type::number_integer, false, error))
        d.size_bytes = s->get<std::uint64_t>();
    if (const json* c = member(*t, "/Table", "ItemCount", Type::number_integer, false, error))
        d.item_count = c->get<std::uint64_t>();
    if (error) return *error;

    json& req = d.create_table;
    req = {{"TableName", d.name},
           {"AttributeDefinitions", *defs},
           {"KeySchema", *keys},
           {"BillingMode", mode}};
    if (!d.on_demand)
        req["ProvisionedThroughput"] = {{"ReadCapacityUnits", d.rcu},
                                        {"WriteCapacityUnits", d.wcu}};
    for (const char* kind : {"LocalSecondaryIndexes", "GlobalSecondaryIndexes"}) {
        const bool global = kind[0] == 'G';
        const json* list = member(*t, "/Table", kind, Type::array, false, error);
        if (error) return *error;
        if (!list) continue;
        for (std::size_t i = 0; i < list->size(); ++i) {
            const std::string p = std::string("/Table/") + kind + "/" + std::to_string(i);
            const json& ix = (*list)[i];
            const json* in = member(ix, p, "IndexName", Type::string, true, error);
            const json* ks = member(ix, p, "KeySchema", Type::array, true, error);
            member(ix, p, "Projection", Type::object, true, error);
            if (error) return *error;
            req[kind].push_back(index_request(ix, global, d.on_demand));
            if (!global) continue;
            TableDescription::Index g;
            g.name = in->get<std::string>();
            std::tie(g.partition_key, g.sort_key) = key_names(*ks);
            if (const json* pt =
                    member(ix, p, "ProvisionedThroughput", Type::object, false, error)) {
                g.rcu = fields::integer_or(*pt, "ReadCapacityUnits", 0);
                g.wcu = fields::integer_or(*pt, "WriteCapacityUnits", 0);
            }
            d.global_indexes.push_back(g);
        }
    }
    if (const json* ss = member(*t, "/Table", "StreamSpecification", Type::object, false, error)) {
        if (fields::bool_or(*ss, "StreamEnabled", false))
            req["StreamSpecification"] = {
                {"StreamEnabled", true},
                {"StreamViewType", fields::string_or(*ss, "StreamViewType", "NEW_AND_OLD_IMAGES")}};
    }
    if (const json* tc = member(*t, "/Table", "TableClassSummary", Type::object, false, error)) {
        if (tc->contains("TableClass") && (*tc)["TableClass"].is_string())
            req["TableClass"] = (*tc)["TableClass"];
    }
    if (error) return *error;
    // The request must be one DynamoDB would accept.
    auto schema = storage::TableSchema::from_create_table_json(req);
    if (!schema)
        return problem("/Table" + schema.error().location,
                       "the table as a CreateTable request: " + schema.error().message);
    return d;
}

Result<std::vector<ScalingSetting>> read_scalable_targets(const std::string& text,
                                                          const TableDescription& table) {
    auto parsed = parse(text);
    if (!parsed) return parsed.error();
    std::optional<Error> error;
    const json* list = member(*parsed, "", "ScalableTargets", Type::array, true, error);
    if (!list) return *error;
    std::vector<ScalingSetting> out;
    for (std::size_t i = 0; i < list->size(); ++i) {
        const std::string p = "/ScalableTargets/" + std::to_string(i);
        const json& st = (*list)[i];
        const json* ns = member(st, p, "ServiceNamespace", Type::string, true, error);
        const json* mn = member(st, p, "MinCapacity", Type::number_integer, true, error);
        const json* mx = member(st, p, "MaxCapacity", Type::number_integer, true, error);
        if (error) return *error;
        if (*ns != "dynamodb")
            return problem(p + "/ServiceNamespace",
                           "found \"" + ns->get<std::string>() +
                               "\", expected \"dynamodb\" (--service-namespace dynamodb)");
        auto scaled = scaled_resource(st, p, table.name);
        if (!scaled) return scaled.error();
        ScalingSetting s;
        s.index = scaled->index;
        s.write = scaled->write;
        s.min = mn->get<std::int64_t>();
        s.max = mx->get<std::int64_t>();
        if (s.min < 1 || s.min > s.max)
            return problem(p + "/MinCapacity", "expected 1 ≤ MinCapacity ≤ MaxCapacity");
        out.push_back(s);
    }
    return out;
}

Status read_scaling_policies(const std::string& text, const TableDescription& table,
                             std::vector<ScalingSetting>& settings) {
    auto parsed = parse(text);
    if (!parsed) return parsed.error();
    std::optional<Error> error;
    const json* list = member(*parsed, "", "ScalingPolicies", Type::array, true, error);
    if (!list) return *error;
    for (std::size_t i = 0; i < list->size(); ++i) {
        const std::string p = "/ScalingPolicies/" + std::to_string(i);
        const json& sp = (*list)[i];
        auto scaled = scaled_resource(sp, p, table.name);
        if (!scaled) return scaled.error();
        const json* type = member(sp, p, "PolicyType", Type::string, true, error);
        if (error) return *error;
        if (*type != "TargetTrackingScaling")
            return problem(p + "/PolicyType", "found \"" + type->get<std::string>() +
                                                  "\", expected TargetTrackingScaling (the "
                                                  "policy DynamoDB auto scaling uses)");
        const json* tt =
            member(sp, p, "TargetTrackingScalingPolicyConfiguration", Type::object, true, error);
        const json* tv = tt ? member(*tt, p + "/TargetTrackingScalingPolicyConfiguration",
                                     "TargetValue", Type::number_float, true, error)
                            : nullptr;
        if (error) return *error;
        const double target = tv->get<double>();
        if (target < 20 || target > 90)
            return problem(p + "/TargetTrackingScalingPolicyConfiguration/TargetValue",
                           "found " + tv->dump() + ", expected 20 to 90 (per cent)");
        bool found = false;
        for (auto& s : settings) {
            if (s.index == scaled->index && s.write == scaled->write) {
                s.target = target;
                found = true;
            }
        }
        if (!found)
            return problem(p + "/ResourceId",
                           "no scalable target for " + sp["ResourceId"].get<std::string>() + " " +
                               sp["ScalableDimension"].get<std::string>() +
                               " (pass --scalable-targets with the table's targets)");
    }
    return {};
}

}  // namespace ddbsim::import
