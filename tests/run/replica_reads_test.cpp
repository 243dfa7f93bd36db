// Eventually consistent reads and the partition's three replicas: eventual reads reach
// eventual_read_ceiling × 3,000 RCU on one partition, strong reads 3,000 (docs/dynamodb-model.md
// "Partitions"; AWS Database Blog "Scaling DynamoDB" part 2 measured about 1.5×).
#include <catch2/catch.hpp>

#include "run/aggregate_simulator.hpp"
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
