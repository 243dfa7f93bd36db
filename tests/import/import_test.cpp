// `ddbsim import` (engine/import): a round trip — a scenario simulated, its run written as
// the AWS CLI would print it, imported back and re-run — and every input file's errors,
// each naming the file and the field.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "import/aws_exports.hpp"
#include "import/scenario_import.hpp"
#include "run/run_simulation.hpp"
#include "storage/dynamodb_json.hpp"
#include "storage/item_size.hpp"
#include "workload/scenario_file.hpp"

using namespace ddbsim;
using json = nlohmann::json;
namespace fs = std::filesystem;

namespace {

// A provisioned table with auto scaling: a morning ramp of reads and bursts of writes that
// throttle (no retries, so each throttle event is one request the table refused).
json original_scenario() {
    return json::parse(R"({
        "name": "round trip", "duration": "30min", "fidelity": "aggregate",
        "table": {"TableName": "events",
                  "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"}],
                  "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}],
                  "BillingMode": "PROVISIONED",
                  "ProvisionedThroughput": {"ReadCapacityUnits": 300, "WriteCapacityUnits": 200}},
        "autoScaling": {
            "read": {"MinCapacity": 100, "MaxCapacity": 2000,
                     "TargetTrackingScalingPolicyConfiguration": {"TargetValue": 70}},
            "write": {"MinCapacity": 50, "MaxCapacity": 1000,
                      "TargetTrackingScalingPolicyConfiguration": {"TargetValue": 70}}},
        "client": {"retry": "no-retry"},
        "workload": [
            {"name": "reads", "operation": "GetItem", "itemSize": "1000B",
             "traffic": {"ramp": {"from": 200, "to": 900, "start": "0s", "end": "30min"}},
             "keys": {"count": 10000, "prefix": "key#"}},
            {"name": "writes", "operation": "PutItem", "itemSize": "1000B",
             "traffic": {"constant": 150, "spikes": [{"at": "10min", "length": "3min", "extra": 1000}]},
             "keys": {"count": 10000, "prefix": "key#"}}]})");
}

constexpr double kStart = 1793491200;  // 2026-11-01T00:00:00Z

std::string iso(double t) {
    const auto s = static_cast<std::time_t>(t);
    std::tm tm{};
    gmtime_r(&s, &tm);
    char buf[40];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S+00:00", &tm);
    return buf;
}

// What `aws dynamodb describe-table` prints for the scenario's table.
json describe_table(const json& scenario, std::uint64_t item_count) {
    json t = scenario["table"];
    t.erase("BillingMode");
    t["TableStatus"] = "ACTIVE";
    t["CreationDateTime"] = "2026-10-01T08:00:00.123000+00:00";
    t["TableArn"] = "arn:aws:dynamodb:us-east-1:123456789012:table/events";
    t["TableId"] = "11111111-2222-3333-4444-555555555555";
    t["ItemCount"] = item_count;
    t["TableSizeBytes"] = item_count * 1000;
    t["ProvisionedThroughput"]["NumberOfDecreasesToday"] = 0;
    t["BillingModeSummary"] = {{"BillingMode", "PROVISIONED"},
                               {"LastUpdateToPayPerRequestDateTime", "2026-10-01T08:00:00Z"}};
    t["DeletionProtectionEnabled"] = false;
    return {{"Table", t}};
}

json scalable_targets(const json& scenario) {
    json out = {{"ScalableTargets", json::array()}};
    for (const char* side : {"read", "write"}) {
        const json& p = scenario["autoScaling"][side];
        out["ScalableTargets"].push_back(
            {{"ServiceNamespace", "dynamodb"},
             {"ResourceId", "table/events"},
             {"ScalableDimension", std::string("dynamodb:table:") +
                                       (side[0] == 'r' ? "Read" : "Write") + "CapacityUnits"},
             {"MinCapacity", p["MinCapacity"]},
             {"MaxCapacity", p["MaxCapacity"]},
             {"RoleARN", "arn:aws:iam::123456789012:role/aws-service-role/x"},
             {"CreationTime", "2026-10-01T08:01:00.000000+00:00"},
             {"SuspendedState", {{"DynamicScalingInSuspended", false}}}});
    }
    return out;
}

json scaling_policies(const json& scenario) {
    json out = {{"ScalingPolicies", json::array()}};
    for (const char* side : {"read", "write"}) {
        const std::string kind = side[0] == 'r' ? "Read" : "Write";
        out["ScalingPolicies"].push_back(
            {{"PolicyARN", "arn:aws:autoscaling:us-east-1:123456789012:scalingPolicy:x"},
             {"PolicyName", "DynamoDB" + kind + "CapacityUtilization:table/events"},
             {"ServiceNamespace", "dynamodb"},
             {"ResourceId", "table/events"},
             {"ScalableDimension", "dynamodb:table:" + kind + "CapacityUnits"},
             {"PolicyType", "TargetTrackingScaling"},
             {"TargetTrackingScalingPolicyConfiguration",
              {{"TargetValue", scenario["autoScaling"][side]
                                       ["TargetTrackingScalingPolicyConfiguration"]["TargetValue"]
                                           .get<double>()},
               {"PredefinedMetricSpecification",
                {{"PredefinedMetricType", "DynamoDB" + kind + "CapacityUtilization"}}}}},
             {"Alarms", json::array()},
             {"CreationTime", "2026-10-01T08:01:00.000000+00:00"}});
    }
    return out;
}

// `aws cloudwatch get-metric-data` of the run, per minute, newest first (CloudWatch's
// default order); periods without throttles have no data point, as CloudWatch omits them.
json metric_data(const run::RunResult& r) {
    const auto& rows = r.metrics.seconds();
    const std::size_t minutes = rows.size() / 60;
    json results = json::array();
    int id = 0;
    auto add = [&](const char* metric, auto value, bool omit_zero) {
        json ts = json::array(), vs = json::array();
        for (std::size_t m = minutes; m-- > 0;) {
            double sum = 0;
            for (std::size_t s = m * 60; s < (m + 1) * 60; ++s)
                sum += value(rows[s]);
            if (omit_zero && sum == 0) continue;
            ts.push_back(iso(kStart + 60.0 * static_cast<double>(m)));
            vs.push_back(sum);
        }
        results.push_back({{"Id", "m" + std::to_string(id++)},
                           {"Label", std::string("events ") + metric},
                           {"Timestamps", ts},
                           {"Values", vs},
                           {"StatusCode", "Complete"}});
    };
    using Row = metrics::SecondRow;
    add(
        "ConsumedReadCapacityUnits", [](const Row& w) { return w.consumed_read_halves / 2.0; },
        false);
    add(
        "ConsumedWriteCapacityUnits", [](const Row& w) { return w.consumed_write_halves / 2.0; },
        false);
    add(
        "ReadThrottleEvents", [](const Row& w) { return double(w.read_throttle_events); }, true);
    add(
        "WriteThrottleEvents", [](const Row& w) { return double(w.write_throttle_events); }, true);
    return {{"MetricDataResults", results}, {"Messages", json::array()}};
}

// `aws dynamodb scan --max-items 20`: items of exactly 1,000 bytes, as the scenario writes.
json scan_items() {
    json items = json::array();
    for (int i = 0; i < 20; ++i) {
        const std::string key = "key#" + std::to_string(i);
        storage::Item item;
        item.emplace("id", storage::AttributeValue::string(key));
        const std::size_t base = storage::item_size(item) + 4;
        item.emplace("data", storage::AttributeValue::string(std::string(1000 - base, 'x')));
        REQUIRE(storage::item_size(item) == 1000);
        items.push_back(storage::to_json(item));
    }
    return {
        {"Items", items}, {"Count", 20}, {"ScannedCount", 20}, {"NextToken", "eyJ4Ijp0cnVlfQ=="}};
}

struct Demand {
    double read_units = 0, write_units = 0;
};

// Consumed units plus throttled requests × their units (0.5 RCU, 1 WCU for 1,000 B items).
Demand demand(const run::RunResult& r) {
    Demand d;
    for (const auto& w : r.metrics.seconds()) {
        d.read_units += w.consumed_read_halves / 2.0 + 0.5 * w.read_throttle_events;
        d.write_units += w.consumed_write_halves / 2.0 + 1.0 * w.write_throttle_events;
    }
    return d;
}

run::RunResult run_document(const json& doc, const std::string& dir) {
    auto load = workload::load_scenario_file(doc, dir);
    INFO((load.problems.empty() ? "" : load.problems[0].pointer + ": " + load.problems[0].message));
    REQUIRE(load.ok());
    return run::run_simulation(load.file->baseline.config, run::Fidelity::kAggregate);
}

import::ImportInputs inputs_of(const json& scenario,
                               const run::RunResult& r){import::ImportInputs in;
in.describe_table = {"describe-table.json", describe_table(scenario, 10000).dump()};
in.scalable_targets = import::InputFile{"targets.json", scalable_targets(scenario).dump()};
in.scaling_policies = import::InputFile{"policies.json", scaling_policies(scenario).dump()};
in.metrics = import::InputFile{"metrics.json", metric_data(r).dump()};
in.items = import::InputFile{"scan.json", scan_items().dump()};
return in;
}  // namespace

}  // namespace

TEST_CASE("import round trip: the replayed demand, table and policies come back", "[import]") {
    const json original = original_scenario();
    const auto first = run_document(original, "");
    REQUIRE(first.throttled_attempts > 1000);  // the write spike throttles
    import::ImportOptions options;
    options.sidecar_prefix = "events";
    options.missing_as_zero = true;  // the throttle series omit quiet minutes
    auto imported = import::import_scenario(inputs_of(original, first), options);
    INFO((imported ? "" : imported.error().message));
    REQUIRE(imported);
    const json doc = json::parse(imported->scenario.dump());
    CHECK(doc["table"] == original["table"]);
    CHECK(doc["autoScaling"] == original["autoScaling"]);
    CHECK(doc["duration"] == "1800s");
    CHECK(doc["client"]["retry"] == "no-retry");  // the demand already holds the retries
    CHECK(doc["data"]["size"] == "10000000B");
    REQUIRE(doc["workload"].size() == 2);
    CHECK(doc["workload"][0]["itemSize"] == "1000B");
    // What-ifs: on-demand, auto scaling at 50/70/90 %, provisioned at the peak.
    REQUIRE(doc["whatIf"].size() == 5);
    CHECK(doc["whatIf"][0]["name"] == "on-demand");
    CHECK(doc["whatIf"][4]["name"] == "provisioned at the peak");

    const fs::path dir = fs::temp_directory_path() / "ddbsim-import-round-trip";
    fs::create_directories(dir);
    for (const auto& [name, text] : imported->sidecars)
        std::ofstream(dir / name) << text;
    const auto second = run_document(doc, dir.string());
    fs::remove_all(dir);
    const Demand a = demand(first), b = demand(second);
    CHECK(b.read_units == Approx(a.read_units).epsilon(0.01));
    CHECK(b.write_units == Approx(a.write_units).epsilon(0.01));
    // (run_document loaded every what-if too.) Without its CSVs the scenario names the
    // replay file it misses.
    auto load = workload::load_scenario_file(doc, "");
    CHECK_FALSE(load.ok());
    CHECK(load.problems[0].pointer == "/workload/0/traffic/replay/file");
}

TEST_CASE("import: each input's mistakes name the file and the field", "[import]") {
    const json original = original_scenario();
    const auto r = run_document(original, "");
    import::ImportOptions options;
    options.sidecar_prefix = "events";
    options.missing_as_zero = true;
    auto fails = [&](import::ImportInputs in, const std::string& expected,
                     bool missing_as_zero = true) {
        auto o = options;
        o.missing_as_zero = missing_as_zero;
        auto result = import::import_scenario(in, o);
        REQUIRE_FALSE(result);
        INFO(result.error().message);
        CHECK(result.error().message.rfind(expected, 0) == 0);
        return result.error().message;
    };
    const auto good = inputs_of(original, r);
    {  // describe-table without a key schema
        auto in = good;
        json d = describe_table(original, 10000);
        d["Table"].erase("KeySchema");
        in.describe_table.text = d.dump();
        fails(in, "describe-table.json: /Table/KeySchema: missing");
    }
    {  // another table's metrics
        auto in = good;
        json m = metric_data(r);
        m["MetricDataResults"][1]["Label"] = "payments ConsumedWriteCapacityUnits";
        in.metrics->text = m.dump();
        fails(in,
              "metrics.json: /MetricDataResults/1/Label: \"payments ConsumedWriteCapacityUnits\" "
              "is a metric of table \"payments\"");
    }
    {  // a missing period in a consumed series (without --missing-as-zero)
        auto in = good;
        json m = metric_data(r);
        auto& res = m["MetricDataResults"][0];
        res["Timestamps"].erase(5);
        res["Values"].erase(5);
        in.metrics->text = m.dump();
        const auto msg =
            fails(in, "metrics.json: /MetricDataResults/0/Timestamps: a missing period", false);
        CHECK(msg.find("--missing-as-zero") != std::string::npos);
    }
    {  // values out of order
        auto in = good;
        json m = metric_data(r);
        auto& ts = m["MetricDataResults"][0]["Timestamps"];
        std::swap(ts[3], ts[4]);
        in.metrics->text = m.dump();
        fails(in, "metrics.json: /MetricDataResults/0/Timestamps/3: timestamps out of order");
    }
    {  // a partial export
        auto in = good;
        json m = metric_data(r);
        m["MetricDataResults"][0]["StatusCode"] = "PartialData";
        in.metrics->text = m.dump();
        fails(in, "metrics.json: /MetricDataResults/0/StatusCode: found \"PartialData\"");
    }
    {  // Timestamps and Values of different lengths
        auto in = good;
        json m = metric_data(r);
        m["MetricDataResults"][1]["Values"].erase(0);
        in.metrics->text = m.dump();
        fails(in, "metrics.json: /MetricDataResults/1/Values: found 29 values for 30 timestamps");
    }
    {  // a scalable target of another table
        auto in = good;
        json t = scalable_targets(original);
        t["ScalableTargets"][1]["ResourceId"] = "table/payments";
        in.scalable_targets->text = t.dump();
        fails(in,
              "targets.json: /ScalableTargets/1/ResourceId: \"table/payments\" is not table "
              "\"events\"");
    }
    {  // a step-scaling policy
        auto in = good;
        json p = scaling_policies(original);
        p["ScalingPolicies"][0]["PolicyType"] = "StepScaling";
        in.scaling_policies->text = p.dump();
        fails(in, "policies.json: /ScalingPolicies/0/PolicyType: found \"StepScaling\"");
        // A dimension that is no capacity: refused as in the targets.
        p = scaling_policies(original);
        p["ScalingPolicies"][1]["ScalableDimension"] = "dynamodb:table:Size";
        in.scaling_policies->text = p.dump();
        fails(in,
              "policies.json: /ScalingPolicies/1/ScalableDimension: found "
              "\"dynamodb:table:Size\"");
    }
    {  // a scan of another table
        auto in = good;
        in.items->text = R"({"Items": [{"pk": {"S": "a"}}], "Count": 1})";
        fails(in, "scan.json: /Items/0: an item without the key of table \"events\"");
    }
    {  // an invalid attribute value in the scan
        auto in = good;
        in.items->text = R"({"Items": [{"id": {"N": "abc"}}], "Count": 1})";
        fails(in, "scan.json: /Items/0/id");
    }
    {  // Contributor Insights of another table, and a report whose shares overflow
        auto in = good;
        in.contributor_insights = import::InputFile{
            "ci.json", R"({"TableName": "payments", "ContributorInsightsStatus": "ENABLED"})"};
        fails(in, "ci.json: /TableName: found \"payments\", expected \"events\"");
        in = good;
        in.insight_report = import::InputFile{"report.json", R"({"AggregateValue": 10,
            "Contributors": [{"Keys": ["a"], "ApproximateAggregateValue": 20}]})"};
        fails(in, "report.json: /Contributors/0/ApproximateAggregateValue: found 20");
    }
    {  // not JSON at all
        auto in = good;
        in.metrics->text = "Traceback (most recent call last):";
        fails(in, "metrics.json: ");
    }
}

TEST_CASE("import reads hot keys and item sizes from their exports", "[import]") {
    const std::string dir = std::string(DDBSIM_SOURCE_DIR) + "/tests/import/samples/";
    auto read = [&](const char* name) {
        std::ifstream f(dir + name);
        std::stringstream s;
        s << f.rdbuf();
        return import::InputFile{name, s.str()};
    };
    import::ImportInputs in;
    in.describe_table = read("describe-table.json");
    in.metrics = read("metrics.json");
    in.scalable_targets = read("scalable-targets.json");
    in.scaling_policies = read("scaling-policies.json");
    in.contributor_insights = read("contributor-insights.json");
    in.insight_report = read("insight-report.json");
    in.items = read("scan.json");
    import::ImportOptions o;
    o.sidecar_prefix = "orders";
    o.missing_as_zero = true;
    auto imported = import::import_scenario(in, o);
    INFO((imported ? "" : imported.error().message));
    REQUIRE(imported);
    const json doc = json::parse(imported->scenario.dump());
    // 18,000 and 6,000 of 120,000: shares 0.15 and 0.05; 250,000 distinct keys.
    const json& keys = doc["workload"][0]["keys"];
    CHECK(keys["count"] == 250000);
    CHECK(keys["hot"][0]["share"].get<double>() == Approx(0.15));
    CHECK(keys["hot"][1]["share"].get<double>() == Approx(0.05));
    // 40 items of ~560 B (1 WCU) and 10 of ~2,460 B (3 WCU): a two-bucket histogram.
    const json& size = doc["workload"][0]["itemSize"];
    REQUIRE(size["buckets"].size() == 2);
    CHECK(size["buckets"][0][1].get<double>() == Approx(0.8));
    // Reads: 6,000 + 100 k RCU a minute at 0.5 RCU each, plus 120 throttled a minute in
    // minutes 30-39: the first minute replays 12,000 requests.
    REQUIRE(imported->sidecars.size() == 3);
    CHECK(imported->sidecars[0].first == "orders.reads.csv");
    CHECK(imported->sidecars[0].second.find("2025-12-01T10:00:00Z,12000\n") != std::string::npos);
    CHECK(imported->sidecars[0].second.find("2025-12-01T10:30:00Z,18120\n") != std::string::npos);
    CHECK(imported->sidecars[2].first == "orders.queries-on-by_status.csv");
    CHECK(doc["workload"][2]["index"] == "by_status");
    CHECK(doc["workload"][2]["attributes"][0]["name"] == "status");
    CHECK(doc["workload"][2]["attributes"][0]["cardinality"] == 3);
    CHECK(doc["table"]["StreamSpecification"]["StreamViewType"] == "NEW_AND_OLD_IMAGES");
    CHECK(doc["table"]["GlobalSecondaryIndexes"][0]["ProvisionedThroughput"]["ReadCapacityUnits"] ==
          50);
}

namespace {

// Every value of `doc` replaced, one at a time, by a value of each other JSON type.
std::vector<json> type_swaps(const json& doc, std::size_t limit) {
    std::vector<json> out;
    const json others[] = {json("text"),
                           json(-7),
                           json(2.5),
                           json(true),
                           json(nullptr),
                           json::array({1}),
                           json::object({{"k", 1}})};
    std::vector<json::json_pointer> pointers;
    const json flat = doc.flatten();
    for (auto it = flat.begin(); it != flat.end(); ++it) {
        json::json_pointer p(it.key());
        // The leaf and each container above it.
        for (json::json_pointer q = p; !q.empty(); q = q.parent_pointer())
            pointers.push_back(q);
    }
    std::sort(pointers.begin(), pointers.end(),
              [](const auto& a, const auto& b) { return a.to_string() < b.to_string(); });
    pointers.erase(std::unique(pointers.begin(), pointers.end()), pointers.end());
    for (const auto& p : pointers) {
        for (const auto& other : others) {
            if (out.size() >= limit) return out;
            if (doc.at(p).type() == other.type()) continue;
            json mutated = doc;
            mutated.at(p) = other;
            out.push_back(std::move(mutated));
        }
    }
    return out;
}

}  // namespace

TEST_CASE("import never throws on a field of the wrong type, in any input", "[import]") {
    // Hostile or damaged exports get an error naming the file and field, never an exception
    // (which the CLI would report as an internal error).
    const std::string dir = std::string(DDBSIM_SOURCE_DIR) + "/tests/import/samples/";
    auto read = [&](const char* name) {
        std::ifstream f(dir + name);
        std::stringstream s;
        s << f.rdbuf();
        return json::parse(s.str());
    };
    const char* files[] = {"describe-table.json",
                           "metrics.json",
                           "scalable-targets.json",
                           "scaling-policies.json",
                           "contributor-insights.json",
                           "insight-report.json",
                           "scan.json"};
    std::map<std::string, json> good;
    for (const char* f : files)
        good[f] = read(f);
    auto inputs = [&](const std::map<std::string, json>& docs) {
        import::ImportInputs in;
        in.describe_table = {"describe-table.json", docs.at("describe-table.json").dump()};
        in.metrics = import::InputFile{"metrics.json", docs.at("metrics.json").dump()};
        in.scalable_targets = import::InputFile{"t.json", docs.at("scalable-targets.json").dump()};
        in.scaling_policies = import::InputFile{"p.json", docs.at("scaling-policies.json").dump()};
        in.contributor_insights =
            import::InputFile{"ci.json", docs.at("contributor-insights.json").dump()};
        in.insight_report = import::InputFile{"r.json", docs.at("insight-report.json").dump()};
        in.items = import::InputFile{"s.json", docs.at("scan.json").dump()};
        return in;
    };
    import::ImportOptions o;
    o.sidecar_prefix = "x";
    o.missing_as_zero = true;
    int errors = 0, runs = 0;
    for (const char* f : files) {
        for (const auto& mutated : type_swaps(good[f], 1500)) {
            auto docs = good;
            docs[f] = mutated;
            INFO(f << ": " << mutated.dump().substr(0, 300));
            REQUIRE_NOTHROW([&] {
                auto r = import::import_scenario(inputs(docs), o);
                ++runs;
                if (!r) {
                    ++errors;
                    CHECK(r.error().message.find(": /") != std::string::npos);
                }
            }());
        }
    }
    CHECK(runs > 1000);
    CHECK(errors > 500);
}
