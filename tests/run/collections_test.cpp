// Item collections in the workload (keys.sortKeys): single-item operations address
// (partition key, sort key) pairs, Query reads a page of one collection; both fidelities.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "run/aggregate_simulator.hpp"
#include "run/item_factory.hpp"
#include "run/request_simulator.hpp"
#include "support/sim_helpers.hpp"
#include "workload/scenario_loader.hpp"

using namespace ddbsim;
using run::OperationStream;
using sim::kMinute;
using SortKeys = OperationStream::SortKeys;

namespace {

// One stream on 100 customers, each holding `count` orders of 1,000 bytes.
run::SimulationConfig orders(OperationStream::Op op, std::uint64_t count, SortKeys::Order order) {
    run::SimulationConfig c;
    c.table = test::composite_key_table();
    c.capacity.on_demand = true;
    c.duration = 2 * kMinute;
    OperationStream s;
    s.name = "orders";
    s.op = op;
    s.traffic = workload::TrafficShape::constant(50);
    s.keys = workload::KeyDistribution::uniform(100);
    s.item_bytes = 1000;
    s.item_size = workload::SizeDistribution::fixed(1000);
    SortKeys sk;
    sk.count = count;
    sk.order = order;
    sk.distribution = workload::KeyDistribution::uniform(count);
    sk.prefix = "order#";
    s.sort_keys = sk;
    c.streams.push_back(s);
    c.retry = model::RetryPolicy::preset("no-retry").value();
    return c;
}

double units_per_request(const run::RunResult& r) {
    if (!r.streams.empty() && r.streams[0].requests > 0)
        return static_cast<double>(r.streams[0].halves) / 2 /
               static_cast<double>(r.streams[0].requests);
    return r.calibration.at(0).mean_halves / 2;  // the aggregate fidelity's calibration
}

}  // namespace

TEST_CASE("sort keys are zero-padded under their prefix, in number order", "[run][collections]") {
    auto c = orders(OperationStream::Op::kGetItem, 20, SortKeys::Order::kRandom);
    const auto& s = c.streams[0];
    CHECK(run::sort_key_text(s, 7) == "order#0000000007");
    CHECK(run::sort_key_text(s, 12) > run::sort_key_text(s, 7));  // byte order = number order
    CHECK(run::sort_key_text(s, run::kNoSort) == "0");
    const auto item = run::key_item(c.table, s, 3, run::kNoShard, 12);
    CHECK(item.at("order").as_string() == "order#0000000012");
}

TEST_CASE("a Query reads a page of one collection at both fidelities", "[run][collections]") {
    // 50 orders of 1,000 bytes under each customer (+ the key attributes: ~1.04 KB each);
    // a Query with Limit 10 reads 10 items, about 10.4 KB: ⌈10.4 KB / 4 KB⌉ = 3 units of
    // 4 KB, eventually consistent × ½ = 1.5 RCU per query.
    auto c = orders(OperationStream::Op::kQuery, 50, SortKeys::Order::kRandom);
    c.streams[0].limit = 10;
    for (const bool aggregate : {false, true}) {
        INFO((aggregate ? "aggregate" : "request level"));
        const auto r = aggregate ? run::run_aggregate(c) : run::run_request_level(c);
        CHECK(units_per_request(r) == Approx(1.5));
    }
    // Without sort keys every customer has one item: 1 KB, 0.5 RCU.
    c.streams[0].sort_keys.reset();
    CHECK(units_per_request(run::run_request_level(c)) == Approx(0.5));
    // A whole collection of 50 (no Limit): ~52 KB, ⌈52 KB / 4 KB⌉ = 13 × ½ = 6.5 RCU.
    c = orders(OperationStream::Op::kQuery, 50, SortKeys::Order::kRandom);
    CHECK(units_per_request(run::run_request_level(c)) == Approx(6.5));
}

TEST_CASE("GetItem and PutItem address one item of a collection", "[run][collections]") {
    // Reads of preloaded orders: one 1 KB item each, 0.5 RCU, at both fidelities.
    auto reads = orders(OperationStream::Op::kGetItem, 20, SortKeys::Order::kRandom);
    CHECK(units_per_request(run::run_request_level(reads)) == Approx(0.5));
    CHECK(units_per_request(run::run_aggregate(reads)) == Approx(0.5));
    // Sequential writes of 1,000-byte orders (the padding makes the whole item 1,000 bytes):
    // ⌈1,000 / 1,024⌉ = 1 WCU each; 50/s for 2 minutes, evenly spaced: 6,000 puts (the one
    // due at the end of the run is not made).
    auto writes = orders(OperationStream::Op::kPutItem, 20, SortKeys::Order::kSequential);
    writes.streams[0].traffic.even = true;
    const auto w = run::run_request_level(writes);
    CHECK(w.requests == Approx(6000).margin(1));
    CHECK(units_per_request(w) == Approx(1.0));
}

TEST_CASE("the scenario file spells sort keys as keys.sortKeys", "[run][collections][scenario]") {
    const auto doc = nlohmann::json::parse(R"({
        "duration": "1min",
        "table": {"TableName": "orders",
                  "AttributeDefinitions": [{"AttributeName": "customer", "AttributeType": "S"},
                                           {"AttributeName": "order", "AttributeType": "S"}],
                  "KeySchema": [{"AttributeName": "customer", "KeyType": "HASH"},
                                {"AttributeName": "order", "KeyType": "RANGE"}],
                  "BillingMode": "PAY_PER_REQUEST"},
        "workload": [{"name": "recent orders", "operation": "Query", "limit": 5,
                      "scanIndexForward": false, "traffic": {"constant": 10},
                      "keys": {"count": 100, "sortKeys": {"count": 30, "prefix": "o#"}}},
                     {"name": "new orders", "operation": "PutItem", "traffic": {"constant": 10},
                      "keys": {"count": 100, "sortKeys": {"order": "time", "every": "1s"}}}]})");
    auto load = workload::load_scenario(doc, ".");
    REQUIRE(load.problems.empty());
    const auto& streams = load.scenario->config.streams;
    REQUIRE(streams[0].sort_keys);
    CHECK(streams[0].sort_keys->count == 30);
    CHECK(streams[0].sort_keys->prefix == "o#");
    CHECK_FALSE(streams[0].scan_index_forward);
    CHECK(streams[1].sort_keys->order == SortKeys::Order::kTime);

    // Problems: a table without a sort key; a count on a time-ordered collection.
    auto bad = doc;
    bad["table"]["KeySchema"].erase(1);
    bad["table"]["AttributeDefinitions"].erase(1);
    auto problems = workload::load_scenario(bad, ".").problems;
    REQUIRE_FALSE(problems.empty());
    CHECK(problems[0].pointer == "/workload/0/keys/sortKeys");
    CHECK(problems[0].message == "the table has no sort key (KeySchema has no RANGE key)");
    bad = doc;
    bad["workload"][1]["keys"]["sortKeys"]["count"] = 5;
    problems = workload::load_scenario(bad, ".").problems;
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].pointer == "/workload/1/keys/sortKeys/count");
    CHECK(problems[0].message == "a time-ordered collection grows with the clock: give \"every\"");
}

namespace {

// The orders table with an LSI on `placed`, an attribute the streams never write (so the
// collection holds only the 1,000-byte orders), and a 1,000,000-byte item collection limit
// (DynamoDB's is 10 GB): 1,000 orders fit under one customer.
run::SimulationConfig capped_orders(SortKeys::Order order, std::uint64_t count, bool lsi) {
    auto c = orders(OperationStream::Op::kPutItem, count, order);
    auto doc = nlohmann::json::parse(R"({"TableName": "orders",
        "AttributeDefinitions": [{"AttributeName": "customer", "AttributeType": "S"},
                                 {"AttributeName": "order", "AttributeType": "S"},
                                 {"AttributeName": "placed", "AttributeType": "S"}],
        "KeySchema": [{"AttributeName": "customer", "KeyType": "HASH"},
                      {"AttributeName": "order", "KeyType": "RANGE"}],
        "LocalSecondaryIndexes": [{"IndexName": "by_placed",
            "KeySchema": [{"AttributeName": "customer", "KeyType": "HASH"},
                          {"AttributeName": "placed", "KeyType": "RANGE"}],
            "Projection": {"ProjectionType": "KEYS_ONLY"}}],
        "BillingMode": "PAY_PER_REQUEST"})");
    if (!lsi) {
        doc.erase("LocalSecondaryIndexes");
        doc["AttributeDefinitions"].erase(2);
    }
    c.table = storage::TableSchema::from_create_table_json(doc).value();
    c.item_collection_limit_bytes = 1'000'000;
    c.duration = kMinute;
    auto& s = c.streams[0];
    s.keys = workload::KeyDistribution::uniform(1);  // one customer
    s.traffic = workload::TrafficShape::constant(100);
    s.traffic.even = true;
    if (order == SortKeys::Order::kTime) s.sort_keys->every = sim::kMillisecond;
    return c;
}

std::int64_t user_errors(const run::RunResult& r) {
    std::int64_t n = 0;
    for (const auto& row : r.metrics.seconds())
        n += row.user_errors;
    return n;
}

}  // namespace

TEST_CASE("with an LSI, writes past the item collection limit fail at both fidelities",
          "[run][collections]") {
    // 100 orders a second for a minute under one customer: 6,000 puts of 1,000-byte items.
    // Time-ordered (a new sort key every millisecond, so each put is a new order): the first
    // 1,000 fit in the 1,000,000-byte limit, the other 5,000 fail with
    // ItemCollectionSizeLimitExceededException (user errors).
    auto timed = capped_orders(SortKeys::Order::kTime, 0, true);
    const auto r = run::run_request_level(timed);
    CHECK(r.requests == Approx(6000).margin(1));
    CHECK(user_errors(r) == r.requests - 1000);
    CHECK(static_cast<double>(user_errors(run::run_aggregate(timed))) ==
          Approx(static_cast<double>(user_errors(r))).epsilon(0.01));
    // Poisson arrivals: two puts in one millisecond write one order, so the collection
    // fills a little later; the fidelities still agree.
    timed.streams[0].traffic.even = false;
    const auto poisson = run::run_request_level(timed);
    CHECK(user_errors(poisson) > 4700);
    CHECK(static_cast<double>(user_errors(run::run_aggregate(timed))) ==
          Approx(static_cast<double>(user_errors(poisson))).epsilon(0.02));
    // 5,000 sort keys drawn at random: the collection fills after
    // −5,000 × ln(1 − 1,000/5,000) ≈ 1,116 puts; then 4/5 of the rest find no item of
    // their sort key and fail: 0.8 × (6,000 − 1,116) ≈ 3,907.
    auto random = capped_orders(SortKeys::Order::kRandom, 5000, true);
    const auto rr = run::run_request_level(random);
    CHECK(static_cast<double>(user_errors(rr)) == Approx(3907).epsilon(0.03));
    CHECK(static_cast<double>(user_errors(run::run_aggregate(random))) ==
          Approx(static_cast<double>(user_errors(rr))).epsilon(0.03));
    // In sequence: orders 0–999 are made, then 1,000–4,999 fail and 0–999 are rewritten:
    // 0.8 × (6,000 − 1,000) = 4,000.
    auto sequential = capped_orders(SortKeys::Order::kSequential, 5000, true);
    const auto rs = run::run_request_level(sequential);
    CHECK(static_cast<double>(user_errors(rs)) == Approx(4000).margin(2));
    CHECK(static_cast<double>(user_errors(run::run_aggregate(sequential))) ==
          Approx(static_cast<double>(user_errors(rs))).epsilon(0.01));
    // Sharded over 2 suffixes: two collections of 1,000 orders each, so 2,000 puts succeed.
    auto sharded = capped_orders(SortKeys::Order::kTime, 0, true);
    sharded.streams[0].write_shards = 2;
    const auto rsh = run::run_request_level(sharded);
    CHECK(static_cast<double>(user_errors(rsh)) ==
          Approx(static_cast<double>(rsh.requests - 2000)).margin(2));
    CHECK(static_cast<double>(user_errors(run::run_aggregate(sharded))) ==
          Approx(static_cast<double>(user_errors(rsh))).epsilon(0.02));
    // Without an LSI a collection has no size limit.
    auto unlimited = capped_orders(SortKeys::Order::kTime, 0, false);
    CHECK(user_errors(run::run_request_level(unlimited)) == 0);
    CHECK(user_errors(run::run_aggregate(unlimited)) == 0);
}
