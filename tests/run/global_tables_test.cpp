// Global tables (docs/global-tables.md): replicated writes consume every other replica's write
// capacity, throttled replication builds a backlog and a latency that drain, failover moves a
// region's requests, conflicts resolve last writer wins, and each region has its bill.
#include <catch2/catch.hpp>

#include <atomic>
#include <fstream>

#include <nlohmann/json.hpp>

#include "cost/bill.hpp"
#include "cost/price_catalog.hpp"
#include "run/global_run.hpp"
#include "run/outcome.hpp"
#include "run/region_plans.hpp"
#include "run/run_plan.hpp"
#include "run/run_simulation.hpp"
#include "workload/scenario_file.hpp"

using namespace ddbsim;
using nlohmann::json;

namespace {

// A provisioned table `t` (`wcu` WCU, 1,000 RCU, no burst) in us-east-1 with a replica in
// eu-west-1, and the given workload.
json two_regions(int wcu, json workload, const std::string& duration) {
    json doc = json::parse(R"({
        "fidelity": "request",
        "region": "us-east-1",
        "table": {"TableName": "ttt",
                  "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
                  "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
                  "BillingMode": "PROVISIONED",
                  "ProvisionedThroughput": {"ReadCapacityUnits": 1000, "WriteCapacityUnits": 1}},
        "replicas": [{"RegionName": "eu-west-1"}],
        "capacity": {"burstSeconds": 0, "adaptive": false}})");
    doc["duration"] = duration;
    doc["table"]["ProvisionedThroughput"]["WriteCapacityUnits"] = wcu;
    // A lone stream given in braces is an object: the workload is always an array.
    doc["workload"] = workload.is_array() ? workload : json::array({workload});
    return doc;
}

json put_stream(const std::string& name, const std::string& region, const json& traffic,
                int keys = 1000) {
    json s = {{"name", name},
              {"operation", "PutItem"},
              {"traffic", traffic},
              {"keys", {{"count", keys}}},
              {"itemSize", "1000B"}};
    if (!region.empty()) s["region"] = region;
    return s;
}

run::Outcome run_doc(const json& doc) {
    auto load = workload::load_scenario_file(doc);
    INFO((load.problems.empty() ? "" : load.problems[0].pointer + " " + load.problems[0].message));
    REQUIRE(load.ok());
    auto& scenario = load.file->baseline;
    auto result = run::run_simulation(scenario.config, run::Fidelity::kRequest);
    return run::make_outcome("baseline", "", scenario, std::move(result));
}

std::vector<std::string> problems_of(const json& doc) {
    std::vector<std::string> out;
    for (const auto& p : workload::load_scenario_file(doc).problems)
        out.push_back(p.pointer + ": " + p.message);
    return out;
}

const metrics::Recorder& region_metrics(const run::Outcome& o, const std::string& region) {
    if (o.result.region == region) return o.result.metrics;
    for (const auto& r : o.result.replicas)
        if (r.region == region) return r.metrics;
    FAIL("no region " << region);
    return o.result.metrics;
}

}  // namespace

TEST_CASE("replicated writes consume the receiving replica's write capacity exactly",
          "[run][global]") {
    // us-east-1 writes 10 items a second, evenly (at 0.1 s, 0.2 s, …, 59.9 s: 599 writes of
    // 1,000-byte items, 1 WCU each); replication takes exactly 500 ms (σ = 0). eu-west-1
    // applies the writes made before 59.5 s (k·0.1 + 0.5 < 60 → k ≤ 594): 594 replicated WCU,
    // its only write consumption. us-east-1 receives none.
    json doc =
        two_regions(30, {put_stream("orders", "", {{"constant", 10}, {"arrivals", "even"}})}, "2m");
    doc["duration"] = "60s";
    doc["replication"] = {
        {"crossRegion", {{"minimum", "100ms"}, {"median", "500ms"}, {"sigma", 0}}}};
    const auto o = run_doc(doc);
    const auto& m = o.metrics;
    CHECK(m.at("consumedWCU.sum@us-east-1") == 599);
    CHECK(m.at("consumedWCU.sum") == 599);  // unsuffixed: the table's own region
    CHECK(m.at("replicatedWCU.sum@us-east-1") == 0);
    CHECK(m.at("consumedWCU.sum@eu-west-1") == 594);
    CHECK(m.at("replicatedWCU.sum@eu-west-1") == 594);
    CHECK(m.at("replicationLatencyMs.p50@eu-west-1") == Approx(500).epsilon(0.07));
    CHECK(m.at("replicationThrottles.sum@eu-west-1") == 0);
    CHECK(m.at("replicationConflicts.sum@eu-west-1") == 0);
    // Every write leaves us-east-1 once for eu-west-1: 599 images of 1,000 bytes.
    CHECK(o.result.replicated_out_bytes == 599 * 1000);
    CHECK(o.result.replicas.at(0).replicated_out_bytes == 0);

    // The bill, per region, to the nano-dollar: 30 rWCU for 60 s = 0.5 rWCU-hours at
    // $0.00065 = $0.000325 in each region (the free tier's 25 WCU does not cover replicated
    // write capacity); 1,000 RCU less the free 25 for 60 s = 16.25 RCU-hours at $0.00013 =
    // $0.0021125; cross-Region transfer from us-east-1: 599,000 B / 2^30 × $0.02 =
    // $0.0000111572 (11,157.3 nano-dollars, rounded half up).
    const auto& regions = o.regions;
    REQUIRE(regions.size() == 2);
    auto line = [&](std::size_t r, const std::string& item) {
        for (const auto& l : regions[r].costs.find("as-run")->run.lines)
            if (l.item == item) return l.amount.nanos;
        FAIL("no bill line " << item);
        return std::int64_t{0};
    };
    CHECK(line(0, "Replicated write capacity") == 325'000);
    CHECK(line(1, "Replicated write capacity") == 325'000);
    CHECK(line(0, "Provisioned read capacity") == 2'112'500);
    CHECK(line(0, "Cross-Region data transfer out") == 11'157);
    // The table's bill is the regions' together.
    const auto* total = o.costs.find("as-run");
    CHECK(total->run.total.nanos == regions[0].costs.find("as-run")->run.total.nanos +
                                        regions[1].costs.find("as-run")->run.total.nanos);
    CHECK(o.metrics.at("cost.as-run@eu-west-1") == Approx(0.000325 + 0.0021125));
}

TEST_CASE("a replica short of write capacity builds a backlog that drains, losing nothing",
          "[run][global]") {
    // eu-west-1 writes 90 a second throughout; us-east-1 writes 90 a second for its first
    // 30 s. While both write, each region must take 180 WCU a second: with 100 WCU, local and
    // replicated writes are throttled, and the replication backlog and latency grow; once
    // us-east-1 stops they drain. The same traffic on 1,000 WCU is the reference.
    auto doc = [](int wcu) {
        return two_regions(
            wcu,
            {put_stream("us burst", "", {{"step", {{"before", 90}, {"after", 0}, {"at", "30s"}}}}),
             put_stream("eu steady", "eu-west-1", {{"constant", 90}})},
            "3m");
    };
    const auto o = run_doc(doc(100));
    const auto ample = run_doc(doc(1000));
    const auto& m = o.metrics;
    CHECK(ample.metrics.at("replicationThrottles.sum@eu-west-1") == 0);
    CHECK(m.at("replicationThrottles.sum@eu-west-1") > 100);
    for (const std::string region : {"@eu-west-1", "@us-east-1"}) {
        INFO(region);
        CHECK(m.at("replicationBacklog.max" + region) >
              1.5 * ample.metrics.at("replicationBacklog.max" + region));
        CHECK(m.at("replicationLatencyMs.p99" + region) >
              3 * ample.metrics.at("replicationLatencyMs.p99" + region));
    }
    // The backlog has drained well before the end: the last 30 s hold only writes in
    // transit (eu-west-1 receives none then; us-east-1 about 90/s × 0.5 s).
    const auto& eu = region_metrics(o, "eu-west-1").replication();
    const auto& us = region_metrics(o, "us-east-1").replication();
    REQUIRE(eu.size() == 180);
    for (std::size_t s = 150; s < 180; ++s) {
        CHECK(eu[s].backlog == 0);
        CHECK(us[s].backlog <= 200);
    }
    // Nothing acknowledged is lost: every write us-east-1's clients made (each 1 WCU) was
    // applied in eu-west-1.
    const double us_local = m.at("consumedWCU.sum@us-east-1") - m.at("replicatedWCU.sum@us-east-1");
    CHECK(m.at("replicatedWCU.sum@eu-west-1") == us_local);
}

TEST_CASE("failover moves a region's requests and the replica throttles until auto scaling reacts",
          "[run][global]") {
    // us-east-1 reads 600 items a second (eventual, 0.5 RCU each: 300 RCU/s) on 1,000 RCU.
    // eu-west-1's replica has 100 RCU with the table's read auto scaling (70 % target). From
    // 2 min to 22 min us-east-1's requests go to eu-west-1: it throttles until its reads
    // scale out to about 300 / 0.7 ≈ 429 RCU. Throttled, it consumes only what it has, so
    // each scale-out step is ×1/0.7 of it (100 → 143 → 205 → 293 → 419) and the throttling
    // lasts about 16 minutes. Meanwhile idle us-east-1 scales its reads in, and throttles
    // when its requests come back.
    json doc = two_regions(10, json::array(), "24m");  // the workload is set below
    doc["replicas"][0]["ProvisionedThroughputOverride"] = {{"ReadCapacityUnits", 100}};
    doc["autoScaling"] = {{"read",
                           {{"MinCapacity", 100},
                            {"MaxCapacity", 4000},
                            {"TargetTrackingScalingPolicyConfiguration", {{"TargetValue", 70}}}}}};
    doc["workload"] = json::parse(R"([{"name": "reads", "operation": "GetItem",
        "traffic": {"constant": 600}, "keys": {"count": 10000}, "itemSize": "1000B"}])");
    doc["failover"] = {
        {{"region", "us-east-1"}, {"at", "2m"}, {"length", "20m"}, {"to", "eu-west-1"}}};
    const auto o = run_doc(doc);
    const auto& us = region_metrics(o, "us-east-1").seconds();
    const auto& eu = region_metrics(o, "eu-west-1").seconds();
    // No requests in us-east-1 during the failover; none in eu-west-1 outside it.
    std::int64_t us_during = 0, eu_outside = 0, eu_throttled_early = 0, eu_throttled_late = 0;
    std::int64_t us_throttled_before = 0;
    for (std::size_t s = 0; s < us.size(); ++s) {
        const bool during = s >= 120 && s < 1320;
        if (during) us_during += us[s].successful_requests + us[s].read_throttle_events;
        if (!during) eu_outside += eu[s].successful_requests;
        if (s >= 120 && s < 720) eu_throttled_early += eu[s].read_throttle_events;
        if (s >= 1140 && s < 1320) eu_throttled_late += eu[s].read_throttle_events;
        if (s < 1320) us_throttled_before += us[s].read_throttle_events;
    }
    CHECK(us_during == 0);
    CHECK(eu_outside == 0);
    CHECK(eu_throttled_early > 1000);  // 100 RCU against 300 RCU/s of reads
    CHECK(eu_throttled_late == 0);     // scaled out
    CHECK(o.metrics.at("provisionedRCU.max@eu-west-1") >= 400);
    CHECK(o.metrics.at("provisionedRCU.min@eu-west-1") == 100);
    CHECK(us_throttled_before == 0);
    CHECK(o.metrics.at("provisionedRCU.end@us-east-1") < 1000);  // scaled in while idle
}

TEST_CASE("concurrent writes to one item in two regions resolve last writer wins",
          "[run][global]") {
    // Both regions write the same 10 keys, 20 a second each: writes less than a replication
    // latency apart conflict. With one region writing, nothing conflicts.
    json both = two_regions(1000,
                            {put_stream("us", "", {{"constant", 20}}, 10),
                             put_stream("eu", "eu-west-1", {{"constant", 20}}, 10)},
                            "1m");
    const auto o = run_doc(both);
    CHECK(o.metrics.at("replicationConflicts.sum@us-east-1") > 50);
    CHECK(o.metrics.at("replicationConflicts.sum@eu-west-1") > 50);
    json one = two_regions(1000, {put_stream("us", "", {{"constant", 40}}, 10)}, "1m");
    const auto single = run_doc(one);
    CHECK(single.metrics.at("replicationConflicts.sum@us-east-1") == 0);
    CHECK(single.metrics.at("replicationConflicts.sum@eu-west-1") == 0);
}

TEST_CASE("reads in a region miss writes still on their way from another", "[run][global]") {
    // us-east-1 rewrites 100 keys 50 times a second; eu-west-1 reads them 200 times a second.
    // About 50 × 0.55 s / 100 ≈ 27 % of the keys have a write in flight at any time (the
    // default latency's mean ≈ 0.55 s), so about that share of eu-west-1's reads are stale.
    json doc = two_regions(1000,
                           {put_stream("us writes", "", {{"constant", 50}}, 100),
                            {{"name", "eu reads"},
                             {"region", "eu-west-1"},
                             {"operation", "GetItem"},
                             {"traffic", {{"constant", 200}}},
                             {"keys", {{"count", 100}}}}},
                           "1m");
    doc["replication"] = {{"enabled", false}};  // no staleness within a region
    const auto o = run_doc(doc);
    const double reads = o.metrics.at("requests.sum@eu-west-1");
    const double stale = o.metrics.at("staleReads.sum@eu-west-1");
    CHECK(stale / reads > 0.15);
    CHECK(stale / reads < 0.40);
    CHECK(o.metrics.at("staleReads.sum@us-east-1") == 0);
}

TEST_CASE("a global table's run is deterministic", "[run][global]") {
    json doc = two_regions(100,
                           {put_stream("us", "", {{"constant", 70}}, 50),
                            put_stream("eu", "eu-west-1", {{"constant", 70}}, 50)},
                           "1m");
    const auto a = run_doc(doc), b = run_doc(doc);
    CHECK(a.metrics == b.metrics);
    CHECK(a.result.replicas.at(0).metrics.replication() ==
          b.result.replicas.at(0).metrics.replication());
}

TEST_CASE("replicated write units are priced per the catalog", "[cost][global]") {
    // 1 million rWRU on demand: $0.625 at current prices, $1.875 at the course's (2019, 50 %
    // above WRU); a GSI's 1 million WRU stay at the WRU price. 1,000,000 items carry 48 MB of
    // overhead; 1 GiB replicated out costs $0.02.
    cost::Usage u;
    u.seconds = 3600;
    u.on_demand = true;
    u.global_table = true;
    u.write_halves = 4'000'000;  // 1 M rWRU of the table + 1 M WRU of a GSI
    u.index_write_halves = 2'000'000;
    u.replicated_out_bytes = 1ULL << 30;
    const auto current = cost::price(u, *cost::builtin_catalog("current"), false);
    auto amount = [](const cost::Bill& b, const std::string& item) {
        for (const auto& l : b.lines)
            if (l.item == item) return l.amount.nanos;
        return std::int64_t{-1};
    };
    CHECK(amount(current, "Replicated write request units") == 625'000'000);
    CHECK(amount(current, "On-demand write request units") == 625'000'000);
    CHECK(amount(current, "Cross-Region data transfer out") == 20'000'000);
    const auto course = cost::price(u, *cost::builtin_catalog("course-2019"), false);
    CHECK(amount(course, "Replicated write request units") == 1'875'000'000);
    CHECK(amount(course, "On-demand write request units") == 1'250'000'000);
    // Storage: 48 bytes more per item. 2^30 bytes for a 730-hour month = $0.25 (current);
    // an hour of 1 GiB + 10,000 items × 48 B.
    u.index_write_halves = u.write_halves = 0;
    u.replicated_out_bytes = 0;
    u.storage_bytes = 1ULL << 30;
    u.items = 10'000;
    const auto stored = cost::price(u, *cost::builtin_catalog("current"), false);
    const double gb_months =
        (static_cast<double>(1ULL << 30) + 480'000.0) / static_cast<double>(1ULL << 30) / 730;
    for (const auto& l : stored.lines)
        if (l.item == "Storage") CHECK(l.quantity == Approx(gb_months).epsilon(1e-12));
}

TEST_CASE("region plans give each replica its reads and the streams their regions",
          "[run][global]") {
    json doc = two_regions(
        50,
        {put_stream("us", "", {{"constant", 5}}), put_stream("eu", "eu-west-1", {{"constant", 5}})},
        "10m");
    doc["replicas"][0]["ProvisionedThroughputOverride"] = {{"ReadCapacityUnits", 300}};
    doc["replicas"][0]["TableClassOverride"] = "STANDARD_INFREQUENT_ACCESS";
    doc["failover"] = {
        {{"region", "eu-west-1"}, {"at", "1m"}, {"length", "2m"}, {"to", "us-east-1"}}};
    auto load = workload::load_scenario_file(doc);
    REQUIRE(load.ok());
    const auto plans = run::region_plans(load.file->baseline.config);
    REQUIRE(plans.size() == 2);
    CHECK(plans[0].region == "us-east-1");
    CHECK(plans[0].config.capacity.rcu == 1000);
    CHECK(plans[1].config.capacity.rcu == 300);
    CHECK(plans[1].config.capacity.wcu == 50);  // writes: the table's everywhere
    CHECK(plans[1].config.table.table_class == storage::TableClass::kStandardInfrequentAccess);
    CHECK(plans[0].config.seed == load.file->baseline.config.seed);
    CHECK(plans[1].config.seed != plans[0].config.seed);
    // The eu stream runs in us-east-1 during its failover only; the us stream never in eu.
    const auto& eu_in_us = plans[0].config.streams[1].traffic;
    CHECK(eu_in_us.rate_at(30 * sim::kSecond) == 0);
    CHECK(eu_in_us.rate_at(90 * sim::kSecond) == 5);
    CHECK(eu_in_us.rate_at(200 * sim::kSecond) == 0);
    const auto& eu_at_home = plans[1].config.streams[1].traffic;
    CHECK(eu_at_home.rate_at(30 * sim::kSecond) == 5);
    CHECK(eu_at_home.rate_at(90 * sim::kSecond) == 0);
    CHECK(eu_at_home.rate_at(200 * sim::kSecond) == 5);
    CHECK(plans[1].config.streams[0].traffic.max_rate() == 0);
    // The requests the plan estimates follow the windows: 5/s for 2 minutes.
    CHECK(eu_in_us.sampled_requests(10 * sim::kMinute, sim::kSecond) == Approx(600));
}

TEST_CASE("bad global table settings are refused with their JSON pointers", "[workload][global]") {
    json doc = two_regions(50, {put_stream("us", "", {{"constant", 5}})}, "1m");
    SECTION("a region name that is not one") {
        doc["region"] = "Virginia";
        CHECK(problems_of(doc) ==
              std::vector<std::string>{"/region: found \"Virginia\", expected an AWS Region code "
                                       "such as \"eu-west-1\""});
    }
    SECTION("a replica's write capacity") {
        doc["replicas"][0]["ProvisionedThroughputOverride"] = {{"WriteCapacityUnits", 10}};
        CHECK(problems_of(doc) ==
              std::vector<std::string>{
                  "/replicas/0/ProvisionedThroughputOverride/WriteCapacityUnits: write capacity "
                  "is the same in every replica of a global table; a replica may override "
                  "ReadCapacityUnits only"});
    }
    SECTION("a replica in the table's own region") {
        doc["replicas"][0]["RegionName"] = "us-east-1";
        CHECK(problems_of(doc) ==
              std::vector<std::string>{"/replicas/0/RegionName: found \"us-east-1\", expected a "
                                       "region the table is not in yet (each region holds one "
                                       "replica)"});
    }
    SECTION("failover to an unknown region") {
        doc["failover"] = {
            {{"region", "us-east-1"}, {"at", "1m"}, {"length", "1m"}, {"to", "ap-south-1"}}};
        CHECK(problems_of(doc) ==
              std::vector<std::string>{"/failover/0/to: found \"ap-south-1\", expected one of the "
                                       "table's regions: us-east-1, eu-west-1"});
    }
    SECTION("a stream in an unknown region") {
        doc["workload"][0]["region"] = "eu-central-1";
        CHECK(problems_of(doc) ==
              std::vector<std::string>{"/workload/0/region: found \"eu-central-1\", expected one "
                                       "of the table's regions: us-east-1, eu-west-1"});
    }
    SECTION("an expectation on an unknown region") {
        doc["expect"] =
            json::parse(R"([{"metric": "replicatedWCU", "max": 1, "region": "mars-north-1"}])");
        CHECK(problems_of(doc) ==
              std::vector<std::string>{"/expect/0/region: found \"mars-north-1\", expected one of "
                                       "the table's regions: us-east-1, eu-west-1, *"});
    }
    SECTION("a GSI override for an index the table does not have") {
        doc["replicas"][0]["GlobalSecondaryIndexes"] = json::parse(
            R"([{"IndexName": "nope", "ProvisionedThroughputOverride": {"ReadCapacityUnits": 5}}])");
        CHECK(problems_of(doc) ==
              std::vector<std::string>{"/replicas/0/GlobalSecondaryIndexes/0/IndexName: found "
                                       "\"nope\", expected one of the table's global secondary "
                                       "indexes (it has none)"});
    }
}

TEST_CASE("an expectation on every region gives one result per region", "[run][global]") {
    json doc =
        two_regions(100, {put_stream("us", "", {{"constant", 10}, {"arrivals", "even"}})}, "30s");
    doc["replication"] = {{"crossRegion", {{"median", "500ms"}, {"sigma", 0}}}};
    auto load = workload::load_scenario_file([&] {
        json d = doc;
        d["expect"] = {{{"metric", "writeThrottleEvents"}, {"max", 0}, {"region", "*"}},
                       {{"metric", "replicatedWCU"}, {"min", 250}, {"region", "eu-west-1"}}};
        return d;
    }());
    REQUIRE(load.ok());
    auto& sc = load.file->baseline;
    std::vector<run::Outcome> outcomes;
    outcomes.push_back(run::make_outcome("baseline", "", sc,
                                         run::run_simulation(sc.config, run::Fidelity::kRequest)));
    const auto results = run::check_expectations(load.file->expect, outcomes);
    REQUIRE(results.size() == 3);
    CHECK(results[0].expectation.region == "us-east-1");
    CHECK(results[1].expectation.region == "eu-west-1");
    CHECK(results[1].message.find("writeThrottleEvents.sum@eu-west-1") == 0);
    CHECK(results[2].passed);
    CHECK(results[2].actual == Approx(294));  // written at 0.1 … 29.4 s, arriving by 30 s
}

TEST_CASE("the run plan counts replicated writes and sends a large global run to the aggregate",
          "[run][global]") {
    // 100 writes a second for 10 days in a table with two replicas: 86.4 M local writes, each
    // applied twice more elsewhere — 259.2 M requests in all, against a limit of 200 M here.
    json doc = two_regions(1000, {put_stream("us", "", {{"constant", 100}})}, "10d");
    doc["replicas"].push_back({{"RegionName", "ap-south-1"}});
    auto load = workload::load_scenario_file(doc);
    REQUIRE(load.ok());
    const auto& config = load.file->baseline.config;
    run::RunLimits limits;
    limits.max_request_level_requests = 200e6;
    const auto plan = run::plan_run(config, run::Fidelity::kAuto, run::kAutoRequestLimit, limits);
    CHECK(plan.estimate.requests == Approx(259.2e6));
    REQUIRE(plan.ok());
    CHECK(plan.fidelity == run::Fidelity::kAggregate);
    const auto request =
        run::plan_run(config, run::Fidelity::kRequest, run::kAutoRequestLimit, limits);
    REQUIRE_FALSE(request.ok());
    CHECK(request.problem->message ==
          "the traffic asks for 259,200,000 requests; the request level simulates at most "
          "200,000,000 in one run (use fidelity \"aggregate\" or \"auto\")");
}

TEST_CASE("the two fidelities agree on a two-region table", "[run][global][fidelity]") {
    // The shipped example: two regions, different read capacity, an evacuation of us-east-1
    // to eu-west-1 that throttles reads there until auto scaling catches up.
    std::ifstream in(std::string(DDBSIM_SOURCE_DIR) + "/scenarios/examples/global-table.json");
    const json doc = json::parse(in);
    auto load = workload::load_scenario_file(doc);
    REQUIRE(load.ok());
    const auto& sc = load.file->baseline;
    const auto request = run::make_outcome("baseline", "", sc,
                                           run::run_simulation(sc.config, run::Fidelity::kRequest));
    const auto aggregate = run::make_outcome(
        "baseline", "", sc, run::run_simulation(sc.config, run::Fidelity::kAggregate));
    CHECK(aggregate.result.fidelity == "aggregate");
    for (const std::string region : {"@us-east-1", "@eu-west-1"}) {
        INFO(region);
        for (const std::string key :
             {"replicatedWCU.sum", "consumedWCU.sum", "consumedRCU.sum", "monthlyCost.as-run"})
            CHECK(aggregate.metrics.at(key + region) ==
                  Approx(request.metrics.at(key + region)).epsilon(0.03));
        // Conflicts are counted item by item: the request level's figure only.
        CHECK(aggregate.metrics.count("replicationConflicts.sum" + region) == 0);
    }
    CHECK(aggregate.metrics.at("throttledRequests.sum@eu-west-1") ==
          Approx(request.metrics.at("throttledRequests.sum@eu-west-1")).epsilon(0.15));
    CHECK(aggregate.metrics.at("replicationLatencyMs.p50@eu-west-1") ==
          Approx(request.metrics.at("replicationLatencyMs.p50@eu-west-1")).epsilon(0.1));
}

TEST_CASE("at the aggregate fidelity too, a replica short of write capacity lags and catches up",
          "[run][global][fidelity]") {
    // The backlog scenario above, at the aggregate fidelity.
    json doc = two_regions(
        100,
        {put_stream("us burst", "", {{"step", {{"before", 90}, {"after", 0}, {"at", "30s"}}}}),
         put_stream("eu steady", "eu-west-1", {{"constant", 90}})},
        "3m");
    doc["fidelity"] = "aggregate";
    auto load = workload::load_scenario_file(doc);
    REQUIRE(load.ok());
    const auto& sc = load.file->baseline;
    const auto o = run::make_outcome("baseline", "", sc,
                                     run::run_simulation(sc.config, run::Fidelity::kAggregate));
    const auto& m = o.metrics;
    CHECK(m.at("replicationThrottles.sum@eu-west-1") > 100);
    CHECK(m.at("replicationLatencyMs.p99@eu-west-1") > 3'000);
    const auto& eu = region_metrics(o, "eu-west-1").replication();
    REQUIRE(eu.size() == 180);
    for (std::size_t s = 150; s < 180; ++s)
        CHECK(eu[s].backlog == 0);
    // Nothing acknowledged is lost (to the half unit carried between steps).
    const double us_local = m.at("consumedWCU.sum@us-east-1") - m.at("replicatedWCU.sum@us-east-1");
    CHECK(m.at("replicatedWCU.sum@eu-west-1") == Approx(us_local).margin(2));
}

TEST_CASE("a global table's storage carries 48 bytes more per item of its data",
          "[run][global][cost]") {
    // 1,000,000 items of 1 KiB (data.items): 1,024,000,000 bytes + 48,000,000 of global-table
    // overhead, per region; the Storage line's GB-months are (bytes × run seconds) /
    // (2^30 × the catalog month's seconds).
    json doc = two_regions(10, {put_stream("us", "", {{"constant", 1}})}, "1h");
    doc["data"] = {{"items", 1000000}, {"itemSize", "1KB"}};
    doc["cost"] = {{"freeTier", false}};
    const auto o = run_doc(doc);
    for (const auto& region : o.regions) {
        INFO(region.region);
        const auto* as_run = region.costs.find("as-run");
        REQUIRE(as_run);
        bool found = false;
        for (const auto& l : as_run->run.lines) {
            if (l.item != "Storage") continue;
            found = true;
            CHECK(l.quantity == Approx(1'072'000'000.0 * 3600 / (1073741824.0 * 730 * 3600)));
        }
        CHECK(found);
    }
}

TEST_CASE("a global table's run reports progress and stops when cancelled", "[run][global]") {
    json doc = two_regions(100, {put_stream("us", "", {{"constant", 50}})}, "10min");
    auto load = workload::load_scenario_file(doc);
    REQUIRE(load.ok());
    const auto& config = load.file->baseline.config;
    for (const auto fidelity : {run::Fidelity::kRequest, run::Fidelity::kAggregate}) {
        std::atomic<bool> cancel{false};
        double last = 0;
        int calls = 0;
        run::RunControl control;
        control.cancel = &cancel;
        control.progress = [&](double f) {
            last = f;
            if (++calls == 20) cancel = true;  // a tenth of the way through
        };
        const auto r = run::run_simulation(config, fidelity, run::kAutoRequestLimit, control);
        CHECK(r.cancelled);
        CHECK(r.replicas.at(0).cancelled);
        CHECK(last == Approx(0.095).margin(0.011));  // 19 of 200 progress reports
    }
}
