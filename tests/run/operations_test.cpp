// The operation mix: every workload operation through OperationRunner on the storage core,
// billed as DynamoDB bills it, and key orders in a run.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "run/aggregate_simulator.hpp"
#include "run/operation_runner.hpp"
#include "run/outcome.hpp"
#include "run/run_simulation.hpp"
#include "workload/scenario_loader.hpp"

using namespace ddbsim;
using nlohmann::json;
using Op = run::Op;

namespace {

workload::Scenario load(const json& streams) {
    json doc = json::parse(R"({"duration": "1m", "fidelity": "request",
        "table": {"TableName": "orders", "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"},
                  {"AttributeName": "sk", "AttributeType": "S"}],
                  "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
                  "ProvisionedThroughput": {"ReadCapacityUnits": 40000, "WriteCapacityUnits": 40000}}})");
    doc["workload"] = streams;
    auto l = workload::load_scenario(doc);
    INFO((l.problems.empty() ? "" : l.problems[0].pointer + " " + l.problems[0].message));
    REQUIRE(l.ok());
    return std::move(*l.scenario);
}

json stream(const char* name, const char* op, json extra = json::object()) {
    json s = {{"name", name},
              {"operation", op},
              {"traffic", {{"constant", 10}}},
              {"keys", {{"count", 100}, {"prefix", "order#"}}},
              {"itemSize", 1000}};
    for (const auto& [k, v] : extra.items())
        s[k] = v;
    return s;
}

double units(const storage::CapacityUnits& u) {
    return static_cast<double>(u.halves()) / 2;
}

}  // namespace

TEST_CASE("every workload operation is billed as DynamoDB bills it", "[run][operations]") {
    auto s = load(
        json::array({stream("put", "PutItem"), stream("tx", "TransactWriteItems", {{"items", 3}}),
                     stream("batch", "BatchWriteItem", {{"items", 3}}),
                     stream("txget", "TransactGetItems", {{"items", 3}}),
                     stream("query", "Query", {{"limit", 2}, {"consistency", "strong"}}),
                     stream("filtered", "Query",
                            {{"filter", "#d = :none"},
                             {"names", {{"#d", "data"}}},
                             {"values", {{":none", {{"S", "x"}}}}}}),
                     stream("scan", "Scan", {{"limit", 2}, {"consistency", "strong"}})}));
    storage::Table table(s.config.table);
    run::OperationRunner runner(s.config);
    const auto eventual = storage::ReadConsistency::kEventual;
    const auto strong = storage::ReadConsistency::kStrong;
    // One 1,000-byte item: 1 WCU.
    CHECK(units(runner.run(table, Op::kPutItem, eventual, {0, 7}).consumed.table_write) == 1);
    // A transaction of three 1,000-byte items under one partition key: 2 × 3 = 6 WCU.
    auto tx = runner.run(table, Op::kTransactWriteItems, eventual, {1, 7});
    CHECK_FALSE(tx.user_error);
    CHECK(units(tx.consumed.table_write) == 6);
    CHECK(table.item_count() == 3);  // sort keys "0", "1", "2" under order#7 (the put was "0")
    // A batch of three puts: 3 WCU (each overwrites a 1,000-byte item with one of the same size).
    CHECK(units(runner.run(table, Op::kBatchWriteItem, eventual, {2, 7}).consumed.table_write) ==
          3);
    // A transactional read of three 1 KB items: 2 × 3 = 6 RCU.
    CHECK(units(runner.run(table, Op::kTransactGetItems, eventual, {3, 7}).consumed.table_read) ==
          6);
    // Query, Limit 2, strongly consistent: 2 items ≈ 2 KB read → 1 RCU.
    CHECK(units(runner.run(table, Op::kQuery, strong, {4, 7}).consumed.table_read) == 1);
    // A filter matching nothing still pays for the 3 items read (≈ 3 KB → 0.5 RCU eventual).
    CHECK(units(runner.run(table, Op::kQuery, eventual, {5, 7}).consumed.table_read) == 0.5);
    // One Scan page of Limit 2 items after the drawn key, strongly consistent: 1 RCU.
    CHECK(units(runner.run(table, Op::kScan, strong, {6, 0}).consumed.table_read) == 1);
}

TEST_CASE("transactions run at both fidelities and agree", "[run][operations]") {
    auto s = load(json::array({stream("tx", "TransactWriteItems", {{"items", 4}})}));
    const auto request = run::run_simulation(s.config, run::Fidelity::kRequest);
    const auto aggregate = run::run_simulation(s.config, run::Fidelity::kAggregate);
    auto wcu = [](const run::RunResult& r) {
        double sum = 0;
        for (const auto& row : r.metrics.seconds())
            sum += row.consumed_write_halves / 2.0;
        return sum;
    };
    // 10 transactions/s × 4 items × 2 = 80 WCU/s on average.
    CHECK(wcu(request) / 60 == Approx(80).epsilon(0.1));
    CHECK(wcu(aggregate) == Approx(wcu(request)).epsilon(0.05));
    REQUIRE(aggregate.calibration.size() == 1);
    CHECK(aggregate.calibration[0].mean_halves == 16);
}

TEST_CASE("time-bucketed keys put a bucket's whole traffic on one key", "[run][operations]") {
    // 1,500 writes/s of 1 KB on "today's" key: above one partition's 1,000 WCU however much
    // the table has, so the key range throttles.
    json s = stream("events", "PutItem");
    s["traffic"] = {{"constant", 1500}};
    s["keys"] = {{"count", 30}, {"order", "timeBucketed"}, {"bucket", "1d"}, {"prefix", "day#"}};
    auto sc = load(json::array({s}));
    auto o = run::make_outcome("baseline", "", sc,
                               run::run_simulation(sc.config, run::Fidelity::kRequest));
    const auto reasons = o.result.metrics.throttles_by_reason();
    std::int64_t key_range = 0;
    for (int i = 0; i < model::kThrottleReasonCount; ++i) {
        if (std::string(model::ThrottleReason::from_index(i).code()).find("KeyRange") !=
            std::string::npos)
            key_range += reasons[static_cast<std::size_t>(i)];
    }
    CHECK(key_range > 1000);
    // The same traffic in sequence over the 30 keys spreads and does not throttle.
    s["keys"] = {{"count", 30}, {"order", "sequential"}, {"prefix", "day#"}};
    auto seq = load(json::array({s}));
    auto q = run::make_outcome("baseline", "", seq,
                               run::run_simulation(seq.config, run::Fidelity::kRequest));
    CHECK(q.metrics.at("throttledRequests.sum") == 0);
    // The aggregate fidelity puts the bucket's traffic on the same key.
    CHECK(run::aggregate_supports(sc.config));
    auto a = run::make_outcome("baseline", "", sc,
                               run::run_simulation(sc.config, run::Fidelity::kAggregate));
    CHECK(a.result.fidelity == "aggregate");
    CHECK(a.metrics.at("throttledRequests.sum") ==
          Approx(o.metrics.at("throttledRequests.sum")).epsilon(0.05));
    CHECK(a.metrics.at("consumedWCU.sum") == Approx(o.metrics.at("consumedWCU.sum")).epsilon(0.01));
}
