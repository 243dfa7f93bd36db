// Outcomes and expectations: named metrics from a run, checked against bounds.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "run/outcome.hpp"
#include "run/run_simulation.hpp"

using namespace ddbsim;
using nlohmann::json;

namespace {

json scenario_doc() {
    return json::parse(R"({"name": "o", "duration": "2m", "fidelity": "request",
        "table": {"TableName": "tbl", "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
                  "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
                  "ProvisionedThroughput": {"ReadCapacityUnits": 100, "WriteCapacityUnits": 100}},
        "cost": {"catalog": "course-2019"},
        "workload": [{"name": "w", "operation": "PutItem", "traffic": {"constant": 20}, "keys": {"count": 1000}, "itemSize": "1KB"}],
        "whatIf": [{"name": "agg", "set": {"/fidelity": "aggregate"}},
                   {"name": "od", "set": {"/table/BillingMode": "PAY_PER_REQUEST"}, "remove": ["/table/ProvisionedThroughput"]}],
        "expect": [{"metric": "throttledRequests", "max": 0, "variant": "*"},
                   {"metric": "latencyMs", "statistic": "p99", "max": 1000, "variant": "agg"},
                   {"metric": "cost", "equals": 0.0026, "tolerance": 0.00005},
                   {"metric": "partitions", "statistic": "max", "min": 8, "max": 8, "variant": "od"}]})");
}

std::vector<run::Outcome> run_all(const workload::ScenarioFile& file) {
    std::vector<run::Outcome> out;
    auto go = [&](const workload::Scenario& s, const std::string& name) {
        auto fidelity =
            s.fidelity == "aggregate" ? run::Fidelity::kAggregate : run::Fidelity::kRequest;
        out.push_back(run::make_outcome(name, "", s, run::run_simulation(s.config, fidelity)));
    };
    go(file.baseline, "baseline");
    for (const auto& v : file.what_if)
        go(v.scenario, v.name);
    return out;
}

}  // namespace

TEST_CASE("what-ifs override and remove fields by JSON pointer", "[run][scenario]") {
    auto load = workload::load_scenario_file(scenario_doc());
    REQUIRE(load.ok());
    const auto& f = *load.file;
    REQUIRE(f.what_if.size() == 2);
    CHECK(f.what_if[0].scenario.fidelity == "aggregate");
    CHECK(f.what_if[1].scenario.config.capacity.on_demand);
    CHECK_FALSE(f.baseline.config.capacity.on_demand);
    CHECK(f.what_if[1].scenario.catalog.name == "course-2019");  // the rest is inherited
    CHECK(f.expect.size() == 4);
    CHECK(f.expect[0].variant == "*");
    CHECK(f.expect[2].mode == "as-run");
    CHECK(f.expect[1].statistic == "p99");
}

TEST_CASE("outcomes carry named metrics and expectations are checked per run", "[run][scenario]") {
    auto load = workload::load_scenario_file(scenario_doc());
    REQUIRE(load.ok());
    const auto outcomes = run_all(*load.file);
    const auto& base = outcomes[0].metrics;
    CHECK(base.at("throttledRequests.sum") == 0);
    CHECK(base.at("provisionedWCU.max") == 100);
    CHECK(base.at("partitions.start") == 1);
    CHECK(base.count("latencyMs.p99") == 1);
    // The aggregate fidelity has latency too (run/aggregate_latency.hpp); with no throttles
    // it is the service time alone, under 100 ms.
    REQUIRE(outcomes[1].metrics.count("latencyMs.p99") == 1);
    CHECK(outcomes[1].metrics.at("latencyMs.p99") < 100);
    CHECK(outcomes[1].metrics.count("queueMaxDepth.max") == 0);  // no SQS buffer
    // Two minutes at 100 WCU + 100 RCU, course prices, no capacity free tier:
    // 100 × 0.00065 / 30 + 100 × 0.00013 / 30 = 0.0026 (2 min = 1/30 h).
    CHECK(base.at("cost.as-run") == Approx(0.0026));
    CHECK(base.at("monthlyCost.as-run") == Approx(0.0026 * 30 * 720));

    const auto results = run::check_expectations(load.file->expect, outcomes);
    REQUIRE(results.size() == 3 + 1 + 1 + 1);
    CHECK(results[0].run == "baseline");
    CHECK(results[1].run == "agg");
    CHECK(results[2].run == "od");
    CHECK(results[0].passed);
    CHECK(results[3].run == "agg");
    CHECK(results[3].passed);
    // A metric the run does not have fails, saying so.
    workload::Expectation missing;
    missing.metric = "queueMaxDepth";
    missing.statistic = "max";
    missing.variant = "agg";
    missing.max = 10;
    const auto absent = run::check_expectations({missing}, outcomes);
    REQUIRE(absent.size() == 1);
    CHECK_FALSE(absent[0].passed);
    CHECK(absent[0].message ==
          "queueMaxDepth.max is not available for this run (aggregate fidelity), expected ≤ 10");
    CHECK(results[4].passed);
    CHECK(results[4].message == "cost.as-run = 0.0026, expected = 0.0026 ± 5e-05");
    CHECK(results[5].passed);
    // A new on-demand table serves 12,000 RRU / 4,000 WRU: 12,000 / 3,000 + 4,000 / 1,000 = 8.
    CHECK(results[5].message == "partitions.max = 8, expected ≥ 8, ≤ 8");
}
