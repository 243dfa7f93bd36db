// Splits along the sort key: a partition holding one hot partition key with many sort keys
// splits between them (split for consumption), so one partition key can serve more than
// one partition's hard limit; with an LSI, a time-ordered collection or one hot item it
// cannot (run/item_factory.hpp key_position; docs/dynamodb-model.md).
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "model/partition_map.hpp"
#include "run/aggregate_simulator.hpp"
#include "run/item_factory.hpp"
#include "run/key_placement.hpp"
#include "run/request_simulator.hpp"
#include "storage/primary_key.hpp"
#include "support/sim_helpers.hpp"

using namespace ddbsim;
using run::OperationStream;
using sim::kMinute;
using sim::kSecond;
using Order = OperationStream::SortKeys::Order;

namespace {

// Customers and their orders; with `lsi`, an LSI on an attribute the streams never write
// (so it costs nothing) that keeps each customer's orders on one partition.
storage::TableSchema orders_table(bool lsi) {
    auto doc = nlohmann::json::parse(R"({
        "TableName": "orders",
        "AttributeDefinitions": [{"AttributeName": "customer", "AttributeType": "S"},
                                 {"AttributeName": "order", "AttributeType": "S"},
                                 {"AttributeName": "placed", "AttributeType": "S"}],
        "KeySchema": [{"AttributeName": "customer", "KeyType": "HASH"},
                      {"AttributeName": "order", "KeyType": "RANGE"}],
        "ProvisionedThroughput": {"ReadCapacityUnits": 1, "WriteCapacityUnits": 3000}})");
    if (lsi) {
        doc["LocalSecondaryIndexes"] = nlohmann::json::parse(R"([{"IndexName": "by_placed",
            "KeySchema": [{"AttributeName": "customer", "KeyType": "HASH"},
                          {"AttributeName": "placed", "KeyType": "RANGE"}],
            "Projection": {"ProjectionType": "KEYS_ONLY"}}])");
    } else {
        doc["AttributeDefinitions"].erase(2);
    }
    return storage::TableSchema::from_create_table_json(doc).value();
}

// A customer key prefix whose customer "<prefix>0" has all its positions on partition 1 of 3.
std::string hot_customer_prefix() {
    model::PartitionMap map(3);
    for (int i = 0;; ++i) {
        const std::string prefix = "c" + std::to_string(i) + "-";
        const auto hash =
            storage::partition_key_hash(storage::AttributeValue::string(prefix + "0"));
        const auto base = hash & ~run::kSortPositionMask;
        if (map.route(base) == 1 && map.route(base | run::kSortPositionMask) == 1) return prefix;
    }
}

// 3,000 WCU on 3 partitions for 5 minutes, no retries, splits after a minute hot: one
// customer's orders written at `rate` WCU/s (1,000-byte orders, 1 WCU each).
run::SimulationConfig hot_collection(double rate, std::uint64_t orders, Order order, bool lsi) {
    run::SimulationConfig c;
    c.table = orders_table(lsi);
    c.capacity.rcu = 0;
    c.capacity.wcu = 3000;
    c.duration = 5 * kMinute;
    c.heat_split.sustained = kMinute;
    c.retry = model::RetryPolicy::preset("no-retry").value();
    OperationStream s;
    s.name = "orders";
    s.op = OperationStream::Op::kPutItem;
    s.traffic = workload::TrafficShape::constant(rate);
    s.keys = workload::KeyDistribution::uniform(1);
    s.key_prefix = hot_customer_prefix();
    s.item_bytes = 1000;
    s.item_size = workload::SizeDistribution::fixed(1000);
    OperationStream::SortKeys sk;
    sk.order = order;
    if (order != Order::kTime) {
        sk.count = orders;
        sk.distribution = workload::KeyDistribution::uniform(orders);
    }
    sk.prefix = "o#";
    s.sort_keys = sk;
    c.streams.push_back(s);
    return c;
}

}  // namespace

TEST_CASE("an item's position: its partition key's hash, its place in the collection below",
          "[run][collections][heat]") {
    auto c = hot_collection(100, 1000, Order::kRandom, false);
    const auto& s = c.streams[0];
    const std::uint64_t hash = 0x1234'5678'9ABC'DEF0ULL;
    const std::uint64_t base = 0x1234'5678'9ABC'0000ULL;
    // Item i of 1,000 sits at ⌊i × 65,536 / 1,000⌋, in sort-key order.
    CHECK(run::key_position(s, hash, 0, true) == base);
    CHECK(run::key_position(s, hash, 500, true) == (base | 32768));
    CHECK(run::key_position(s, hash, 999, true) == (base | 65470));
    // With an LSI (no sort-key splits), or for a stream without sort keys: the hash itself.
    CHECK(run::key_position(s, hash, 500, false) == hash);
    auto plain = s;
    plain.sort_keys.reset();
    CHECK(run::key_position(plain, hash, run::kNoSort, true) == hash);
    // A time-ordered collection's traffic is all at its end.
    auto timed = hot_collection(100, 0, Order::kTime, false).streams[0];
    CHECK(run::key_position(timed, hash, 0, true) == (base | 0xFFFF));
    CHECK(run::key_position(timed, hash, 12345, true) == (base | 0xFFFF));
    // A Query starts at the first item, or at the last when ScanIndexForward is false.
    auto query = s;
    query.op = OperationStream::Op::kQuery;
    CHECK(run::key_position(query, hash, run::kNoSort, true) == base);
    query.scan_index_forward = false;
    CHECK(run::key_position(query, hash, run::kNoSort, true) == (base | 0xFFFF));
    // first_sort_at inverts the position: the indices below it sit before the position.
    for (std::uint64_t count : {1ULL, 7ULL, 1000ULL, 65536ULL, 1000000ULL}) {
        for (std::uint64_t low : {0ULL, 1ULL, 100ULL, 32768ULL, 65535ULL}) {
            const std::uint64_t first = run::first_sort_at(low, count);
            INFO("count " << count << " low " << low);
            if (first > 0) CHECK(((first - 1) << 16) / count < low);
            if (first < count) CHECK((first << 16) / count >= low);
        }
        CHECK(run::first_sort_at(65536, count) == count);
    }
}

TEST_CASE("a collection split between sort keys divides its traffic by the sort distribution",
          "[run][collections][heat]") {
    // Zipf(1) over 4 orders: P = 1, ½, ⅓, ¼ over 25/12 = 0.48, 0.24, 0.16, 0.12. Orders sit
    // at positions 0, 16,384, 32,768 and 49,152; a boundary at 32,768 puts 0.72 of the
    // traffic below it and 0.28 above.
    auto s = hot_collection(100, 4, Order::kRandom, false).streams[0];
    s.sort_keys->distribution = workload::KeyDistribution::zipf(4, 1.0);
    const std::uint64_t hash = 0x1234'5678'9ABC'DEF0ULL, base = hash & ~run::kSortPositionMask;
    model::PartitionMap map(1);
    map.split(0, base | 32768);
    std::vector<double> share(2, 0.0);
    run::place_key(map, s, hash, true, 1.0, [&](int p, double w) { share[p] += w; });
    CHECK(share[0] == Approx(0.72));
    CHECK(share[1] == Approx(0.28));
    // Without sort-key splits all of it sits where the hash is (above the boundary).
    share.assign(2, 0.0);
    run::place_key(map, s, hash, false, 1.0, [&](int p, double w) { share[p] += w; });
    CHECK(share[1] == Approx(1.0));
}

TEST_CASE("one hot partition key splits between its sort keys, at both fidelities",
          "[run][validation][agreement][heat]") {
    // 3,000 WCU → 3 partitions of 1,000 WCU hard limit. One customer written at 1,400 WCU/s
    // over 100 orders throttles at the 1,000 limit. After a minute above 80 % of it the
    // partition splits between two sort keys (30 s later, at about 1.5 min): each half takes
    // ~700 WCU/s, under the hard limit and the 750 WCU each of 4 partitions is provisioned,
    // so nothing throttles from 2 minutes on. The request level splits at the sort key that
    // balances its sample; the aggregate at the one that balances the distribution.
    const auto c = hot_collection(1400, 100, Order::kRandom, false);
    const auto request = run::run_request_level(c);
    const auto aggregate = run::run_aggregate(c);
    for (const auto* r : {&request, &aggregate}) {
        INFO((r == &request ? "request level" : "aggregate"));
        CHECK(r->partitions == 4);
        // Before the split ~400 of 1,400 a second throttle: ~36,000 in the first 1.5 min.
        CHECK(test::write_throttles_between(*r, 0, kMinute) > 20000);
        CHECK(test::write_throttles_between(*r, 2 * kMinute, 5 * kMinute) == 0);
    }
    CHECK(static_cast<double>(aggregate.throttled_attempts) ==
          Approx(static_cast<double>(request.throttled_attempts)).epsilon(0.05).margin(30));
}

TEST_CASE("an LSI, a time-ordered collection or one hot item never splits between sort keys",
          "[run][validation][agreement][heat]") {
    // The same 1,400 WCU/s on one customer: with an LSI its collection must stay on one
    // partition; a time-ordered collection writes only at its end; a collection of one item
    // has one position. Each stays on one partition at its 1,000 WCU limit: ~400 throttles a
    // second for the whole run (~120,000 in 5 minutes).
    struct Case {
        const char* name;
        std::uint64_t orders;
        Order order;
        bool lsi;
    };
    for (const Case k :
         {Case{"LSI", 100, Order::kRandom, true}, Case{"time-ordered", 0, Order::kTime, false},
          Case{"one item", 1, Order::kRandom, false}}) {
        const auto c = hot_collection(1400, k.orders, k.order, k.lsi);
        const auto request = run::run_request_level(c);
        const auto aggregate = run::run_aggregate(c);
        INFO(k.name);
        CHECK(request.partitions == 3);
        CHECK(aggregate.partitions == 3);
        CHECK(test::write_throttles_between(request, 4 * kMinute, 5 * kMinute) > 20000);
        CHECK(static_cast<double>(request.throttled_attempts) == Approx(120000).epsilon(0.05));
        CHECK(static_cast<double>(aggregate.throttled_attempts) ==
              Approx(static_cast<double>(request.throttled_attempts)).epsilon(0.05).margin(30));
    }
}
