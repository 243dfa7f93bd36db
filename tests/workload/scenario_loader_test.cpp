#include <catch2/catch.hpp>

#include <fstream>
#include <set>

#include <nlohmann/json.hpp>

#include "model/partition_map.hpp"
#include "workload/scenario_file.hpp"
#include "workload/scenario_loader.hpp"

using namespace ddbsim::workload;
using nlohmann::json;

namespace {

json minimal() {
    return json::parse(R"({"duration": "10m",
        "table": {"TableName": "t01", "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
                  "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
                  "ProvisionedThroughput": {"ReadCapacityUnits": 100, "WriteCapacityUnits": 50}},
        "workload": [{"name": "reads", "operation": "GetItem", "traffic": {"constant": 100}, "keys": {"count": 1000}}]})");
}

std::vector<std::string> problems_of(const json& doc) {
    auto load = load_scenario(doc);
    std::vector<std::string> out;
    for (const auto& p : load.problems)
        out.push_back(p.pointer + ": " + p.message);
    return out;
}

}  // namespace

TEST_CASE("a minimal scenario loads with DynamoDB's defaults", "[workload][scenario]") {
    auto load = load_scenario(minimal());
    REQUIRE(load.ok());
    const auto& c = load.scenario->config;
    CHECK(c.duration == 10 * ddbsim::sim::kMinute);
    CHECK(c.capacity.rcu == 100);
    CHECK(c.capacity.wcu == 50);
    CHECK_FALSE(c.capacity.on_demand);
    CHECK(c.streams.size() == 1);
    CHECK(c.streams[0].traffic.rate_at(0) == 100);
    CHECK(load.scenario->fidelity == "auto");
    CHECK(c.retry.name == "boto3-standard");
}

TEST_CASE("the shipped month scenario loads and makes about 1,000 partitions",
          "[workload][scenario]") {
    std::ifstream in(std::string(DDBSIM_SOURCE_DIR) + "/scenarios/month-1000-partitions.json");
    REQUIRE(in);
    auto load = load_scenario(json::parse(in));
    INFO((load.problems.empty() ? "" : load.problems[0].pointer + " " + load.problems[0].message));
    REQUIRE(load.ok());
    const auto& c = load.scenario->config;
    CHECK(c.duration == 30 * ddbsim::sim::kDay);
    // 10 TB = 10 × 2^40 bytes / 10 GB (10^10) per partition → 1,100 partitions.
    CHECK(ddbsim::model::PartitionMap::initial_count(c.capacity.rcu, c.capacity.wcu,
                                                     c.initial_data_bytes) == 1100);
    CHECK(c.read_scaling->target_utilization == 70);
    CHECK(c.streams[0].keys.probability(42) > 0.02);
}

TEST_CASE("every problem is reported with its JSON pointer", "[workload][scenario]") {
    json doc = minimal();
    doc["duration"] = "soon";
    doc["seeed"] = 3;
    doc["workload"][0]["operation"] = "Fetch";
    doc["workload"][0]["keys"]["count"] = 0;
    doc["workload"][0]["traffic"] = {{"constant", -5}};
    const auto problems = problems_of(doc);
    REQUIRE(problems.size() == 5);
    CHECK(
        problems[0] ==
        "/seeed: unknown field \"seeed\", expected one of: $schema, autoScaling, capacity, client, "
        "cost, data, dax, description, duration, failover, fidelity, name, region, replicas, "
        "replication, seed, serviceErrors, sqs, table, workload");
    CHECK(problems[1] ==
          "/duration: found \"soon\", expected a duration such as \"30d\", \"15min\" or \"90s\"");
    CHECK(problems[2] ==
          "/workload/0/operation: found \"Fetch\", expected one of \"GetItem\", \"PutItem\", "
          "\"UpdateItem\", \"DeleteItem\", \"Query\", \"Scan\", \"TransactWriteItems\", "
          "\"TransactGetItems\", \"BatchWriteItem\"");
    CHECK(problems[3] ==
          "/workload/0/traffic/constant: found -5, expected a non-negative rate such as 100, "
          "\"100/s\" "
          "or \"6000/min\"");
    CHECK(problems[4] ==
          "/workload/0/keys/count: found 0, expected an integer from 1 to 1000000000000");
}

TEST_CASE("malformed scenarios name what is wrong", "[workload][scenario]") {
    struct Case {
        const char* patch;  // a JSON merge patch applied to the minimal scenario
        const char* expected;
    };
    const Case cases[] = {
        {R"({"table": {"TableName": "x"}})",
         "/table/TableName: 1 validation error detected: Value 'x' at 'tableName' failed to "
         "satisfy constraint: Member must have length greater than or equal to 3"},
        {R"({"duration": null})",
         "/duration: missing, expected a duration such as \"30d\" or \"90s\""},
        {R"({"workload": []})",
         "/workload: found [], expected a non-empty array of operation streams"},
        {R"({"fidelity": "exact"})",
         "/fidelity: found \"exact\", expected one of \"request\", \"aggregate\", \"auto\""},
        {R"({"client": {"retry": "aws-sdk-v9"}})",
         "/client/retry: found \"aws-sdk-v9\", expected a preset (boto3-legacy, boto3-standard, "
         "boto3-standard-2026, js-v3-standard, java-v2-standard, no-retry) or {\"maxAttempts\", "
         "\"baseDelay\", \"throttleBaseDelay\", \"maxBackoff\", ...}"},
        {R"({"autoScaling": {"read": {"MinCapacity": 10, "MaxCapacity": 5, "TargetTrackingScalingPolicyConfiguration": {"TargetValue": 70}}}})",
         "/autoScaling/read/MinCapacity: found 10, expected at most MaxCapacity (5)"},
        {R"({"autoScaling": {"write": {"MinCapacity": 1, "MaxCapacity": 5, "TargetTrackingScalingPolicyConfiguration": {"TargetValue": 95}}}})",
         "/autoScaling/write/TargetTrackingScalingPolicyConfiguration/TargetValue: found 95, "
         "expected a number from 20 to 90"},
        {R"({"data": {"size": "lots"}})",
         "/data/size: found \"lots\", expected a size such as \"25GB\" or \"10TB\""},
        {R"({"sqs": {}})", "/sqs/consumerRate: missing, expected a rate"},
        {R"({"dax": {"itemTtl": "forever"}})",
         "/dax/itemTtl: found \"forever\", expected a duration such as \"30d\", \"15min\" or "
         "\"90s\""},
    };
    for (const auto& c : cases) {
        json doc = minimal();
        doc.merge_patch(json::parse(c.patch));
        const auto problems = problems_of(doc);
        INFO(c.patch);
        REQUIRE_FALSE(problems.empty());
        CHECK(problems[0] == c.expected);
    }
}

TEST_CASE("workload streams: traffic shapes, keys, sharding", "[workload][scenario]") {
    json doc = minimal();
    doc["workload"] = json::parse(R"([
        {"name": "votes", "operation": "PutItem", "traffic": {"step": {"before": "60/min", "after": 100, "at": "5m"},
         "spikes": [{"at": "1m", "length": "30s", "extra": 50}]},
         "keys": {"count": 10, "hot": [{"key": 3, "share": 0.5}]}, "itemSize": "1.5KB",
         "sharding": {"shards": 10, "suffix": "calculated", "aggregateEvery": "10s"}},
        {"name": "ramp", "operation": "UpdateItem", "traffic": {"ramp": {"from": 0, "to": 100, "start": "0s", "end": "10m"}},
         "keys": {"count": 100, "distribution": "zipf", "s": 1.2}}])");
    auto load = load_scenario(doc);
    REQUIRE(load.ok());
    const auto& s = load.scenario->config.streams;
    CHECK(s[0].traffic.rate_at(0) == 1);
    CHECK(s[0].traffic.rate_at(70 * ddbsim::sim::kSecond) == 51);
    CHECK(s[0].traffic.rate_at(6 * ddbsim::sim::kMinute) == 100);
    CHECK(s[0].item_bytes == 1536);
    CHECK(s[0].write_shards == 10);
    CHECK(s[0].aggregation_interval == 10 * ddbsim::sim::kSecond);
    CHECK(s[0].keys.probability(3) == Approx(0.55));
    CHECK(s[1].traffic.rate_at(5 * ddbsim::sim::kMinute) == Approx(50));
    doc["workload"][1]["name"] = "votes";
    CHECK(problems_of(doc).front() ==
          "/workload/1/name: found \"votes\" twice, expected unique names");
}

// The JSON Schema editors use must list exactly the fields the loader accepts: each object's
// properties in the schema are compared with the loader's "expected one of" list for it.
TEST_CASE("scenarios/schema.json lists the fields the loader accepts", "[workload][scenario]") {
    std::ifstream in(std::string(DDBSIM_SOURCE_DIR) + "/scenarios/schema.json");
    REQUIRE(in);
    const json schema = json::parse(in);
    auto keys = [](const json& properties) {
        std::string list;
        std::set<std::string> sorted;
        for (const auto& [k, v] : properties.items())
            sorted.insert(k);
        for (const auto& k : sorted)
            list += (list.empty() ? "" : ", ") + k;
        return list;
    };
    auto loader_list = [](json doc, const std::string& pointer) {
        doc[json::json_pointer(pointer + "/zzUnknown")] = 1;
        for (const auto& p : load_scenario(doc).problems) {
            if (p.pointer == pointer + "/zzUnknown") {
                const auto at = p.message.find("expected one of: ");
                return p.message.substr(at + 17);
            }
        }
        return std::string("(no unknown-field problem)");
    };
    json doc = minimal();
    doc["data"] = json::object();
    doc["capacity"] = {{"onDemand", json::object()}};
    doc["client"] = json::object();
    doc["dax"] = json::object();
    doc["sqs"] = {{"consumerRate", 10}};
    doc["cost"] = json::object();
    const auto& props = schema["properties"];
    const auto& defs = schema["$defs"];
    std::string top = keys(props);
    // whatIf, expect and sweep belong to the scenario file (scenario_file.cpp), not the
    // loader.
    for (const char* f : {"expect, ", "whatIf, ", "sweep, "}) {
        const auto at = top.find(f);
        REQUIRE(at != std::string::npos);
        top.erase(at, std::string(f).size());
    }
    CHECK(top == loader_list(doc, ""));
    CHECK(keys(props["data"]["properties"]) == loader_list(doc, "/data"));
    CHECK(keys(props["capacity"]["properties"]) == loader_list(doc, "/capacity"));
    CHECK(keys(props["capacity"]["properties"]["onDemand"]["properties"]) ==
          loader_list(doc, "/capacity/onDemand"));
    CHECK(keys(props["client"]["properties"]) == loader_list(doc, "/client"));
    CHECK(keys(props["dax"]["properties"]) == loader_list(doc, "/dax"));
    CHECK(keys(props["sqs"]["properties"]) == loader_list(doc, "/sqs"));
    CHECK(keys(props["cost"]["properties"]) == loader_list(doc, "/cost"));
    CHECK(keys(defs["operationStream"]["properties"]) == loader_list(doc, "/workload/0"));
    CHECK(keys(defs["trafficShape"]["properties"]) == loader_list(doc, "/workload/0/traffic"));
    CHECK(keys(defs["operationStream"]["properties"]["keys"]["properties"]) ==
          loader_list(doc, "/workload/0/keys"));
    // The expectation metrics in the schema are the loader's.
    std::vector<std::string> metrics;
    for (const auto& [name, stats] : expectation_metrics())
        metrics.push_back(name);
    CHECK(defs["expectation"]["properties"]["metric"]["enum"].get<std::vector<std::string>>() ==
          metrics);
}

TEST_CASE("capacity.splitForHeat sets split for consumption's parameters", "[workload][scenario]") {
    auto doc = nlohmann::json::parse(R"({"duration": "1min",
        "table": {"TableName": "ttt", "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
                  "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}], "BillingMode": "PAY_PER_REQUEST"},
        "capacity": {"splitForHeat": {"threshold": 0.9, "window": "2min", "delay": "8min"}},
        "workload": [{"name": "w", "operation": "PutItem", "traffic": {"constant": 1}, "keys": {"count": 1}}]})");
    auto load = load_scenario(doc);
    REQUIRE(load.ok());
    const auto& h = load.scenario->config.heat_split;
    CHECK(h.enabled);
    CHECK(h.threshold == 0.9);
    CHECK(h.sustained == 2 * ddbsim::sim::kMinute);
    CHECK(h.split_duration == 8 * ddbsim::sim::kMinute);
    doc["capacity"]["splitForHeat"] = {{"window", "0s"}, {"threshold", 2}};
    const auto bad = load_scenario(doc);
    REQUIRE(bad.problems.size() == 2);
    CHECK(bad.problems[0].pointer == "/capacity/splitForHeat/threshold");
    CHECK(bad.problems[1].pointer == "/capacity/splitForHeat/window");
}
