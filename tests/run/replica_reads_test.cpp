// Eventually consistent reads and the partition's three replicas: eventual reads reach
// eventual_read_ceiling × 3,000 RCU on one partition, strong reads 3,000 (docs/dynamodb-model.md
// "Partitions"; AWS Database Blog "Scaling DynamoDB" part 2 measured about 1.5×).
#include <catch2/catch.hpp>

#include "run/aggregate_simulator.hpp"
#include "run/replica_lag.hpp"
#include "run/request_simulator.hpp"
#include "support/sim_helpers.hpp"

using namespace ddbsim;
using run::OperationStream;
using sim::kMinute;

namespace {

// GetItem of one 4 KB item (1 RCU strong, 0.5 eventual) at `rate` per second, on a table
// provisioned far above it, so only the partition's hard limit can throttle.
run::SimulationConfig one_key_reads(double rate, storage::ReadConsistency consistency) {
    run::SimulationConfig c;
    c.table = test::hash_key_table();
    c.capacity.rcu = 20'000;
    c.capacity.wcu = 10;
    c.duration = 2 * kMinute;
    c.heat_split.enabled = false;  // one key: nothing to split anyway
    c.split_for_throughput = false;
    OperationStream s;
    s.name = "get";
    s.op = OperationStream::Op::kGetItem;
    s.consistency = consistency;
    s.traffic = workload::TrafficShape::constant(rate);
    s.traffic.even = true;
    s.keys = workload::KeyDistribution::uniform(1);
    s.item_bytes = 4000;
    c.streams.push_back(s);
    c.retry = model::RetryPolicy::preset("no-retry").value();
    return c;
}

double consumed_rcu_per_second(const run::RunResult& r) {
    double halves = 0;
    for (const auto& row : r.metrics.seconds())
        halves += row.consumed_read_halves;
    return halves / 2 / static_cast<double>(r.metrics.seconds().size());
}

}  // namespace

TEST_CASE("eventual reads on one partition reach 1.5 × its 3,000 RCU", "[run][validation]") {
    using storage::ReadConsistency;
    for (const bool aggregate : {false, true}) {
        INFO((aggregate ? "aggregate" : "request level"));
        auto run = [&](const run::SimulationConfig& c) {
            return aggregate ? run::run_aggregate(c) : run::run_request_level(c);
        };
        // 8,000 eventual reads/s × 0.5 RCU = 4,000 RCU: under the 4,500 RCU eventual ceiling.
        const auto under = run(one_key_reads(8000, ReadConsistency::kEventual));
        CHECK(under.throttled_attempts == 0);
        // 12,000 eventual reads/s = 6,000 RCU: the partition serves 4,500 RCU (9,000 reads).
        const auto over = run(one_key_reads(12'000, ReadConsistency::kEventual));
        CHECK(consumed_rcu_per_second(over) == Approx(4500).epsilon(0.02));
        // 4,000 strong reads/s = 4,000 RCU: the leader's 3,000 RCU is the ceiling.
        const auto strong = run(one_key_reads(4000, ReadConsistency::kStrong));
        CHECK(consumed_rcu_per_second(strong) == Approx(3000).epsilon(0.02));
        CHECK(strong.throttled_attempts > 0);
        // With the parameter at 1, eventual reads share the leader's 3,000 RCU.
        auto one = one_key_reads(8000, ReadConsistency::kEventual);
        one.capacity.eventual_read_ceiling = 1;
        CHECK(consumed_rcu_per_second(run(one)) == Approx(3000).epsilon(0.02));
    }
}

TEST_CASE("a lagging replica is behind an item until it has every write of it",
          "[run][replication]") {
    workload::Replication config;
    config.lag_median = 100 * sim::kMillisecond;
    config.lag_sigma = 0;            // every lag exactly 100 ms
    config.stale_replica_share = 1;  // every eventual read lands on the lagging replica
    run::ReplicaLag lag(config, 1);
    // Written at t = 0 and at 50 ms: behind until 150 ms, when it has the later write (the
    // model does not track the version in between), then caught up.
    CHECK_FALSE(lag.behind(1, 0));
    lag.wrote(1, 0);
    CHECK(lag.behind(1, 10'000));
    lag.wrote(1, 50'000);
    CHECK(lag.stale(1, 120'000));
    CHECK_FALSE(lag.stale(1, 150'000));
    CHECK_FALSE(lag.stale(2, 10'000));  // never written
    // Caught up, a new write begins a new period of 100 ms.
    lag.wrote(1, 200'000);
    CHECK(lag.stale(1, 250'000));
    CHECK_FALSE(lag.stale(1, 300'000));
    lag.expire(400'000);
    CHECK_FALSE(lag.behind(1, 250'000));  // forgotten once caught up
    // A share of 0: no read lands on the lagging replica.
    config.stale_replica_share = 0;
    run::ReplicaLag never(config, 1);
    never.wrote(1, 0);
    CHECK(never.behind(1, 10'000));
    CHECK_FALSE(never.stale(1, 10'000));
}

TEST_CASE("stale reads see the previous version and cost its size", "[run][replication]") {
    // 1 KB items rewritten as 8 KB items: a stale eventual read sees the 1 KB version and
    // costs 0.5 RCU instead of the 1 RCU of ⌈8 KB / 4 KB⌉ × ½. With every lag 10 s and every
    // read on the lagging replica, every read of a key written in the last 10 s is stale.
    run::SimulationConfig c;
    c.table = test::hash_key_table();
    c.capacity.rcu = 1000;
    c.capacity.wcu = 1000;
    c.duration = 20 * sim::kSecond;
    c.replication.lag_median = 10 * sim::kSecond;
    c.replication.lag_sigma = 0;
    c.replication.stale_replica_share = 1;
    OperationStream put;
    put.name = "grow";
    put.op = OperationStream::Op::kPutItem;
    put.traffic = workload::TrafficShape::constant(1);
    put.traffic.even = true;
    put.keys = workload::KeyDistribution::uniform(1);
    put.item_size = workload::SizeDistribution::fixed(8000);
    put.item_bytes = 8000;
    OperationStream get = put;
    get.name = "read";
    get.op = OperationStream::Op::kGetItem;
    get.item_size = workload::SizeDistribution::fixed(1000);  // the preloaded version
    get.item_bytes = 1000;
    get.traffic = workload::TrafficShape::constant(10);
    c.streams = {put, get};
    const auto r = run::run_request_level(c);
    std::int64_t stale = 0;
    for (const auto& row : r.metrics.seconds())
        stale += row.stale_reads;
    // The first write (at 1 s) replaced the 1 KB item; its replica catches up at 11 s, but a
    // write every second keeps it behind until the run ends: every read after 1 s is stale
    // and sees the 1 KB version — 0.5 RCU, like the reads before the first write.
    CHECK(stale > 150);
    CHECK(r.streams[1].halves == r.streams[1].requests);  // 0.5 RCU = 1 half unit each
    // With the model off, reads after the first write see 8 KB: 1 RCU each.
    c.replication.enabled = false;
    const auto fresh = run::run_request_level(c);
    CHECK(fresh.streams[1].halves > fresh.streams[1].requests * 3 / 2);
}
