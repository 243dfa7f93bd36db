#include "knobs.hpp"

#include "sim/time.hpp"
#include "workload/human_units.hpp"

#include <algorithm>

namespace ddbsim::gui {

using nlohmann::json;

namespace {

bool is_write(const json& stream) {
    const std::string op = stream.value("operation", "");
    return op == "PutItem" || op == "UpdateItem" || op == "DeleteItem" ||
           op == "TransactWriteItems" || op == "BatchWriteItem";
}

}  // namespace

Knobs Knobs::from_document(const json& doc) {
    Knobs k;
    if (!doc.is_object()) return k;
    const json table = doc.value("table", json::object());
    k.on_demand = table.value("BillingMode", "PROVISIONED") == "PAY_PER_REQUEST";
    if (table.contains("ProvisionedThroughput")) {
        const auto& pt = table["ProvisionedThroughput"];
        k.rcu = pt.value("ReadCapacityUnits", k.rcu);
        k.wcu = pt.value("WriteCapacityUnits", k.wcu);
    }
    k.infrequent_access = table.value("TableClass", "STANDARD") == "STANDARD_INFREQUENT_ACCESS";
    if (doc.contains("autoScaling") && doc["autoScaling"].is_object()) {
        const auto& as = doc["autoScaling"];
        k.auto_scaling = true;
        auto policy = [&](const char* side, std::int64_t& min, std::int64_t& max) {
            if (!as.contains(side)) return;
            min = as[side].value("MinCapacity", min);
            max = as[side].value("MaxCapacity", max);
            if (as[side].contains("TargetTrackingScalingPolicyConfiguration"))
                k.target = as[side]["TargetTrackingScalingPolicyConfiguration"].value("TargetValue",
                                                                                      k.target);
        };
        policy("read", k.min_rcu, k.max_rcu);
        policy("write", k.min_wcu, k.max_wcu);
    }
    if (doc.contains("workload") && doc["workload"].is_array() && !doc["workload"].empty()) {
        const auto& first = doc["workload"][0];
        if (first.contains("keys") && first["keys"].contains("hot") &&
            first["keys"]["hot"].is_array()) {
            for (const auto& h : first["keys"]["hot"])
                if (h.value("key", -1) == 0) k.hot_key_share = h.value("share", 0.0);
        }
        for (const auto& s : doc["workload"]) {
            if (is_write(s) && s.contains("sharding"))
                k.write_shards = s["sharding"].value("shards", 0);
        }
    }
    if (doc.contains("dax")) {
        k.dax = true;
        if (doc["dax"].contains("itemTtl") && doc["dax"]["itemTtl"].is_string()) {
            const std::string ttl = doc["dax"]["itemTtl"];
            if (!ttl.empty() && ttl.back() == 's') k.dax_ttl_seconds = std::atoi(ttl.c_str());
            if (ttl.size() > 1 && ttl.back() == 'm')
                k.dax_ttl_seconds = 60 * std::atoi(ttl.c_str());
        }
    }
    if (doc.contains("sqs") && doc["sqs"].contains("consumerRate") &&
        doc["sqs"]["consumerRate"].is_number())
        k.sqs_consumer_rate = doc["sqs"]["consumerRate"].get<double>();
    k.global_table = doc.contains("replicas") && doc["replicas"].is_array() &&
                     !doc["replicas"].empty() && doc["replicas"][0].is_object();
    if (k.global_table && doc.contains("failover") && doc["failover"].is_array() &&
        !doc["failover"].empty() && doc["failover"][0].is_object()) {
        const auto& f = doc["failover"][0];
        auto minutes = [](const json& v, int fallback) {
            if (!v.is_string()) return fallback;
            auto us = workload::parse_duration_us(v.get<std::string>());
            return us ? static_cast<int>(*us / ddbsim::sim::kMinute) : fallback;
        };
        k.failover = true;
        k.failover_at_minutes = minutes(f.value("at", json()), k.failover_at_minutes);
        k.failover_minutes = minutes(f.value("length", json()), k.failover_minutes);
    }
    if (doc.contains("duration")) {
        const auto& d = doc["duration"];
        k.duration =
            d.is_string() ? d.get<std::string>() : std::to_string(d.get<std::int64_t>()) + "s";
    }
    k.seed = doc.value("seed", std::int64_t{1});
    return k;
}

json Knobs::apply(const json& in) const {
    json doc = in;
    if (!doc.is_object()) return doc;
    json& table = doc["table"];
    if (on_demand) {
        table["BillingMode"] = "PAY_PER_REQUEST";
        table.erase("ProvisionedThroughput");
        doc.erase("autoScaling");
    } else {
        table["BillingMode"] = "PROVISIONED";
        table["ProvisionedThroughput"] = {{"ReadCapacityUnits", std::max<std::int64_t>(1, rcu)},
                                          {"WriteCapacityUnits", std::max<std::int64_t>(1, wcu)}};
        if (auto_scaling) {
            auto policy = [&](std::int64_t min, std::int64_t max) {
                return json{
                    {"MinCapacity", std::max<std::int64_t>(1, min)},
                    {"MaxCapacity", std::max({std::int64_t{1}, min, max})},
                    {"TargetTrackingScalingPolicyConfiguration", {{"TargetValue", target}}}};
            };
            json as = doc.value("autoScaling", json::object());
            as["read"] = policy(min_rcu, max_rcu);
            as["write"] = policy(min_wcu, max_wcu);
            doc["autoScaling"] = as;
        } else {
            doc.erase("autoScaling");
        }
    }
    table["TableClass"] = infrequent_access ? "STANDARD_INFREQUENT_ACCESS" : "STANDARD";
    if (doc.contains("workload") && doc["workload"].is_array() && !doc["workload"].empty()) {
        json& keys = doc["workload"][0]["keys"];
        if (keys.is_object()) {
            json hot = json::array();
            if (keys.contains("hot") && keys["hot"].is_array())
                for (const auto& h : keys["hot"])
                    if (h.value("key", -1) != 0) hot.push_back(h);
            if (hot_key_share > 0) hot.push_back({{"key", 0}, {"share", hot_key_share}});
            if (hot.empty())
                keys.erase("hot");
            else
                keys["hot"] = hot;
        }
        for (auto& s : doc["workload"]) {
            if (!is_write(s)) continue;
            if (write_shards > 1)
                s["sharding"] = {{"shards", write_shards}, {"suffix", "random"}};
            else
                s.erase("sharding");
        }
    }
    if (dax)
        doc["dax"] = {{"itemTtl", std::to_string(dax_ttl_seconds) + "s"},
                      {"queryTtl", std::to_string(dax_ttl_seconds) + "s"}};
    else
        doc.erase("dax");
    if (sqs_consumer_rate > 0)
        doc["sqs"] = {{"consumerRate", sqs_consumer_rate}};
    else
        doc.erase("sqs");
    if (global_table && doc.contains("replicas") && doc["replicas"].is_array() &&
        !doc["replicas"].empty() && doc["replicas"][0].is_object()) {
        if (failover)
            doc["failover"] =
                json::array({{{"region", doc.value("region", std::string("us-east-1"))},
                              {"at", std::to_string(failover_at_minutes) + "min"},
                              {"length", std::to_string(std::max(1, failover_minutes)) + "min"},
                              {"to", doc["replicas"][0].value("RegionName", std::string())}}});
        else
            doc.erase("failover");
    }
    doc["duration"] = duration;
    doc["seed"] = seed;
    return doc;
}

}  // namespace ddbsim::gui
