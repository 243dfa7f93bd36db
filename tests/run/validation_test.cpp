// Validation of the request-level model against DynamoDB's documented behaviour
// (docs/dynamodb-model.md and scenarios/course/); each expected number is derived beside it.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "model/partition_map.hpp"
#include "run/request_simulator.hpp"
#include "storage/primary_key.hpp"
#include "support/sim_helpers.hpp"

using namespace ddbsim;
using run::OperationStream;
using sim::kMinute;
using sim::kSecond;

namespace {

storage::TableSchema simple_table() {
    return test::hash_key_table();
}

// A key prefix whose key "<prefix>0" lands on `partition` of a table with `count` partitions.
std::string prefix_on_partition(int partition, int count, const std::string& tag) {
    model::PartitionMap map(count);
    for (int i = 0;; ++i) {
        const std::string prefix = tag + std::to_string(i) + "-";
        if (map.route(storage::partition_key_hash(storage::AttributeValue::string(prefix + "0"))) ==
            partition)
            return prefix;
    }
}

OperationStream writes(const std::string& name, double rate, const std::string& prefix,
                       std::uint64_t keys = 1) {
    OperationStream s;
    s.name = name;
    s.op = OperationStream::Op::kPutItem;
    s.traffic = workload::TrafficShape::constant(rate);
    s.keys = workload::KeyDistribution::uniform(keys);
    s.key_prefix = prefix;
    s.item_bytes = 1000;  // 1 WCU per write
    return s;
}

std::int64_t total_throttles(const run::RunResult& r) {
    return r.throttled_attempts;
}

}  // namespace

TEST_CASE("adaptive capacity: 400 WCU on 4 partitions, 300 consumed, one partition at 150",
          "[run][validation][course]") {
    // course #12. Partition 0 takes 150 WCU/s, the others 50 each (300 in all); no burst.
    for (bool adaptive : {true, false}) {
        run::SimulationConfig c;
        c.table = simple_table();
        c.capacity.rcu = 1;
        c.capacity.wcu = 400;  // ceil(1/3000 + 400/1000) = 1 partition by the formula...
        c.capacity.adaptive_capacity = adaptive;
        c.capacity.start_with_full_burst = false;
        c.initial_data_bytes =
            35'000'000'000ULL;  // ...so 35 GB of data gives the course's 4 partitions
        c.duration = 5 * kMinute;
        c.retry = model::RetryPolicy::preset("no-retry").value();
        c.streams.push_back(writes("hot", 150, prefix_on_partition(0, 4, "h")));
        for (int p = 1; p < 4; ++p)
            c.streams.push_back(
                writes("cold" + std::to_string(p), 50, prefix_on_partition(p, 4, "c")));
        auto r = run::run_request_level(c);
        INFO("adaptive " << adaptive);
        CHECK(r.partitions == 4);
        if (adaptive) {
            CHECK(total_throttles(r) == 0);
        } else {
            // Partition 0 is served at its 100 WCU/s share: about a third of its 150/s throttle.
            const double expected = 50.0 * 300;  // 50/s over 300 s
            CHECK(total_throttles(r) == Approx(expected).epsilon(0.1));
            const auto reasons = r.metrics.throttles_by_reason();
            const model::ThrottleReason key_range{model::ThrottleScope::kTable, true,
                                                  model::ThrottleKind::kKeyRangeThroughputExceeded};
            CHECK(reasons[static_cast<std::size_t>(key_range.index())] == total_throttles(r));
        }
    }
}

TEST_CASE("burst: 5 idle minutes absorb a spike of 300 s x the rate, then it throttles",
          "[run][validation]") {
    // One partition at 100 WCU, idle for 300 s (30,000 units banked), then 200 WCU/s: the
    // bank drains at 100/s, so 300 s without throttling (facts: 150 RCU idle 5 min, load
    // 200 → 900 s; same arithmetic), throttling from about t = 600 s.
    run::SimulationConfig c;
    c.table = simple_table();
    c.capacity.rcu = 1;
    c.capacity.wcu = 100;
    c.capacity.start_with_full_burst = false;
    c.duration = 12 * kMinute;
    c.retry = model::RetryPolicy::preset("no-retry").value();
    auto s = writes("spike", 200, "k", 1000);
    s.traffic.active_from = 300 * kSecond;
    c.streams.push_back(s);
    auto r = run::run_request_level(c);
    CHECK(test::write_throttles_between(r, 0, 580 * kSecond) == 0);
    // After the bank is spent, 100 of the 200 writes per second throttle.
    CHECK(test::write_throttles_between(r, 620 * kSecond, 720 * kSecond) ==
          Approx(100 * 100).epsilon(0.1));
}

TEST_CASE("a hot key above 1,000 WCU throttles whatever the table, sharded over 10 it does not",
          "[run][validation][course]") {
    // 10,000 WCU (and no RCU) → 10 partitions of 1,000 WCU. One logical key at 1,500 WCU/s cannot
    // exceed its partition's 1,000 WCU hard limit; with a random suffix over 10 shards each shard
    // gets 150 WCU/s (course #19, selective write sharding).
    for (int shards : {0, 10}) {
        run::SimulationConfig c;
        c.table = simple_table();
        c.capacity.rcu = 0;
        c.capacity.wcu = 10000;
        c.duration = 2 * kMinute;
        c.retry = model::RetryPolicy::preset("no-retry").value();
        auto s = writes("votes", 1500, "candidate#");
        s.write_shards = shards;
        c.streams.push_back(s);
        auto r = run::run_request_level(c);
        INFO("shards " << shards);
        CHECK(r.partitions == 10);
        if (shards == 0) {
            CHECK(total_throttles(r) ==
                  Approx(500.0 * 120).epsilon(0.1));  // 500 of 1,500 per second
        } else {
            CHECK(total_throttles(r) == 0);
        }
    }
}

TEST_CASE("on-demand absorbs a doubling of the previous peak, four times it throttles",
          "[run][validation]") {
    // Scaled down for test speed: a new table serves 100 WCU, the peak ramp window is 1
    // minute (30 in the service). 80 WCU/s for 4 minutes sets a previous peak of ~100 (the
    // busiest second), so ~200 WCU/s are instantly available: 160/s is absorbed, 320/s is not.
    for (double next_rate : {160.0, 320.0}) {
        run::SimulationConfig c;
        c.table = simple_table();
        c.capacity.on_demand = true;
        c.capacity.on_demand_initial_wcu = 100;
        c.capacity.on_demand_initial_rcu = 300;
        c.capacity.on_demand_ramp = kMinute;
        c.duration = 6 * kMinute;
        c.retry = model::RetryPolicy::preset("no-retry").value();
        auto s = writes("load", 80, "k", 10000);
        s.traffic = workload::TrafficShape::step(80, next_rate, 4 * kMinute);
        c.streams.push_back(s);
        auto r = run::run_request_level(c);
        INFO("rate " << next_rate);
        if (next_rate == 160.0)
            CHECK(total_throttles(r) == 0);
        else
            CHECK(test::write_throttles_between(r, 4 * kMinute, 5 * kMinute) > 1000);
    }
}

TEST_CASE("the same seed gives identical metrics, another seed different ones",
          "[run][validation]") {
    run::SimulationConfig c;
    c.table = simple_table();
    c.capacity.rcu = 50;
    c.capacity.wcu = 50;
    c.duration = 2 * kMinute;
    auto w = writes("w", 60, "k", 500);
    c.streams.push_back(w);
    OperationStream reads;
    reads.name = "r";
    reads.traffic = workload::TrafficShape::constant(120);
    reads.keys = workload::KeyDistribution::zipf(500, 1.1);
    reads.key_prefix = "k";
    c.streams.push_back(reads);
    auto a = run::run_request_level(c);
    auto b = run::run_request_level(c);
    CHECK(a.metrics.seconds() == b.metrics.seconds());
    CHECK(a.metrics.minutes() == b.metrics.minutes());
    CHECK(a.attempts == b.attempts);
    c.seed = 2;
    auto other = run::run_request_level(c);
    CHECK_FALSE(other.metrics.seconds() == a.metrics.seconds());
}

TEST_CASE(
    "auto scaling: a step from 20% to 150% scales out after the alarm periods, throttling "
    "meanwhile",
    "[run][validation][autoscaling]") {
    // 100 WCU, target 70 %. 20 WCU/s for a minute (banking 80 × 60 = 4,800 units of burst),
    // then 150/s: the bank lasts 4,800 / 50 ≈ 96 s, then writes throttle until scale-out
    // decisions (2 minutes above target) take effect 2 minutes later. Auto scaling sees
    // *consumed* capacity, so the first step goes to ~consumed / 0.7 and a second follows.
    run::SimulationConfig c;
    c.table = simple_table();
    c.capacity.rcu = 1;
    c.capacity.wcu = 100;
    c.capacity.start_with_full_burst = false;
    model::AutoScalingPolicy policy{100, 1000, 70};
    c.write_scaling = policy;
    c.duration = 40 * kMinute;
    c.retry = model::RetryPolicy::preset("no-retry").value();
    auto s = writes("load", 20, "k", 1000);
    s.traffic = workload::TrafficShape::step(20, 150, kMinute);
    s.traffic.spikes.push_back({25 * kMinute, 15 * kMinute, -130});  // back to 20/s from minute 25
    c.streams.push_back(s);
    auto r = run::run_request_level(c);
    const auto& rows = r.metrics.seconds();
    CHECK(test::write_throttles_between(r, 0, 2 * kMinute) == 0);
    CHECK(test::write_throttles_between(r, 3 * kMinute, 5 * kMinute) >
          0);  // before any scale-out is in force
    CHECK(test::write_throttles_between(r, 12 * kMinute, 25 * kMinute) == 0);  // scaled out
    CHECK(rows[20 * 60].provisioned_wcu >= 215);  // ceil(150 / 0.7) = 215 (or more)
    // Scale-in waits 15 low minutes after the drop at minute 25, then 2 minutes of update.
    CHECK(rows[38 * 60].provisioned_wcu == rows[20 * 60].provisioned_wcu);
}

TEST_CASE("a GSI without write capacity back-pressures its table's writes",
          "[run][validation][gsi]") {
    // Table 1,000 WCU; GSI by_group at 10 WCU, KEYS_ONLY. 100 writes/s: each writes a small
    // index entry (1 WCU), 10× what the GSI can take, so base writes throttle with
    // IndexWriteProvisionedThroughputExceeded although the table has capacity to spare.
    // Items without the index key (a sparse index) never touch it and never throttle.
    for (bool sparse : {false, true}) {
        run::SimulationConfig c;
        c.table = test::table_with_group_index();
        c.capacity.rcu = 10;
        c.capacity.wcu = 1000;
        c.capacity.start_with_full_burst = false;
        c.duration = 2 * kMinute;
        c.retry = model::RetryPolicy::preset("no-retry").value();
        auto s = writes("w", 100, "k", 5000);
        if (!sparse) s.attributes.push_back({"grp", 10, false});
        c.streams.push_back(s);
        auto r = run::run_request_level(c);
        INFO("sparse " << sparse);
        if (sparse) {
            CHECK(total_throttles(r) == 0);
        } else {
            // ~90 of 100 writes per second throttle once the GSI's bucket is spent.
            CHECK(total_throttles(r) == Approx(90.0 * 120).epsilon(0.1));
            const model::ThrottleReason index_reason{
                model::ThrottleScope::kIndex, true,
                model::ThrottleKind::kProvisionedThroughputExceeded};
            CHECK(r.metrics.throttles_by_reason()[static_cast<std::size_t>(index_reason.index())] ==
                  total_throttles(r));
            std::int64_t gsi_units = 0;
            for (const auto& m : r.metrics.minutes()) {
                auto it = m.index_write_halves.find("by_group");
                if (it != m.index_write_halves.end()) gsi_units += it->second / 2;
            }
            CHECK(gsi_units == Approx(10.0 * 120).epsilon(0.1));  // the GSI ran at its 10 WCU
        }
    }
}

TEST_CASE("DAX in front of reads: hits cost nothing, consumed RCU falls with the hit ratio",
          "[run][validation][dax]") {
    // 500 eventually consistent GetItem/s over 1,000 Zipf-popular keys of 1 KB (0.5 RCU
    // each). With a 5-minute item cache, after the first read of each key nearly every read
    // hits, so consumed RCU falls by the hit ratio; strongly consistent reads bypass DAX.
    auto base = [] {
        run::SimulationConfig c;
        c.table = simple_table();
        c.capacity.rcu = 1000;
        c.capacity.wcu = 10;
        c.duration = 5 * kMinute;
        OperationStream reads;
        reads.name = "reads";
        reads.traffic = workload::TrafficShape::constant(500);
        reads.keys = workload::KeyDistribution::zipf(1000, 1.0);
        reads.item_bytes = 1000;
        c.streams.push_back(reads);
        return c;
    };
    auto consumed_rcu = [](const run::RunResult& r) {
        std::int64_t halves = 0;
        for (const auto& row : r.metrics.seconds())
            halves += row.consumed_read_halves;
        return static_cast<double>(halves) / 2;
    };
    auto without = run::run_request_level(base());
    auto with_dax_config = base();
    with_dax_config.dax = model::DaxConfig{};
    auto with_dax = run::run_request_level(with_dax_config);
    const double hit_ratio = static_cast<double>(with_dax.dax_hits) /
                             static_cast<double>(with_dax.dax_hits + with_dax.dax_misses);
    CHECK(hit_ratio > 0.9);  // ≤ 1,000 distinct keys (misses) out of ~150,000 reads
    CHECK(consumed_rcu(with_dax) == Approx(consumed_rcu(without) * (1 - hit_ratio)).epsilon(0.05));
    CHECK(with_dax.metrics.latency().percentile(0.5) < without.metrics.latency().percentile(0.5));
    auto strong = base();
    strong.dax = model::DaxConfig{};
    strong.streams[0].consistency = storage::ReadConsistency::kStrong;
    CHECK(run::run_request_level(strong).dax_hits == 0);
}

TEST_CASE("an SQS buffer absorbs a write burst and drains it at the consumer's rate",
          "[run][validation][sqs]") {
    // 300 writes/s for 60 s against 100 WCU: written directly, about 200/s throttle; through
    // a queue drained at 90/s no client write throttles, the queue peaks near (300 − 90) × 60
    // = 12,600 messages and every message is written once the burst is over.
    run::SimulationConfig c;
    c.table = simple_table();
    c.capacity.rcu = 1;
    c.capacity.wcu = 100;
    c.capacity.start_with_full_burst = false;
    c.duration = 5 * kMinute;
    auto s = writes("burst", 0, "k", 10000);
    s.traffic = workload::TrafficShape::constant(0);
    s.traffic.spikes.push_back({10 * kSecond, 60 * kSecond, 300});
    c.streams.push_back(s);
    c.retry = model::RetryPolicy::preset("no-retry").value();
    auto direct = run::run_request_level(c);
    CHECK(direct.throttled_attempts > 100 * 60);
    c.sqs_buffer = run::SimulationConfig::SqsBuffer{90, 30 * kSecond};
    auto buffered = run::run_request_level(c);
    CHECK(buffered.throttled_attempts == 0);
    CHECK(buffered.queue_max_depth == Approx(12600).epsilon(0.05));
    CHECK(buffered.requests == Approx(300 * 60).epsilon(0.03));  // all written by the end
    CHECK(buffered.metrics.seconds().back().queue_depth == 0);
    CHECK(buffered.queue_max_age > 100 * kSecond);  // the last messages waited ~140 s
}

namespace {

// 3,000 WCU on 3 partitions for 5 minutes, split for consumption after 1 minute hot, no
// retries: the table of the split-for-consumption tests (their streams added by each).
run::SimulationConfig hot_partition_table() {
    run::SimulationConfig c;
    c.table = simple_table();
    c.capacity.rcu = 0;
    c.capacity.wcu = 3000;
    c.duration = 5 * kMinute;
    c.heat_split.sustained = kMinute;
    c.retry = model::RetryPolicy::preset("no-retry").value();
    return c;
}

}  // namespace

TEST_CASE("split for consumption separates two hot keys but never splits one",
          "[run][validation][heat]") {
    // 3,000 WCU → 3 partitions. Two keys on the same partition at 600 WCU/s each exceed its
    // 1,000 WCU hard limit; after `sustained` (1 minute here) the partition is split between
    // them, 30 s later each key has a partition of its own and nothing throttles. One key at
    // 1,200 WCU/s cannot be split and keeps throttling.
    for (bool two_keys : {true, false}) {
        auto c = hot_partition_table();
        if (two_keys) {
            c.streams.push_back(writes("a", 600, prefix_on_partition(1, 3, "a")));
            c.streams.push_back(writes("b", 600, prefix_on_partition(1, 3, "b")));
        } else {
            c.streams.push_back(writes("a", 1200, prefix_on_partition(1, 3, "a")));
        }
        auto r = run::run_request_level(c);
        INFO("two keys " << two_keys);
        CHECK(test::write_throttles_between(r, 0, kMinute) > 0);
        if (two_keys) {
            CHECK(r.partitions == 4);
            CHECK(test::write_throttles_between(r, 2 * kMinute, 5 * kMinute) == 0);
        } else {
            CHECK(r.partitions == 3);
            CHECK(test::write_throttles_between(r, 2 * kMinute, 5 * kMinute) > 0);
        }
    }
}

TEST_CASE("a longer split delay keeps two hot keys throttling for longer",
          "[run][validation][heat]") {
    // The two keys above, split after 1 minute hot: with a 30 s delay the split lands at
    // about 1.5 min, with a 3 min delay at about 4 min — so minutes 2 to 4 throttle only
    // with the longer delay, and both are quiet in the last minute.
    for (const sim::TimeUs delay : {30 * kSecond, 3 * kMinute}) {
        auto c = hot_partition_table();
        c.heat_split.split_duration = delay;
        c.streams.push_back(writes("a", 600, prefix_on_partition(1, 3, "a")));
        c.streams.push_back(writes("b", 600, prefix_on_partition(1, 3, "b")));
        const auto r = run::run_request_level(c);
        INFO("delay " << delay / kSecond << " s");
        CHECK(r.partitions == 4);
        if (delay == 30 * kSecond)
            CHECK(test::write_throttles_between(r, 2 * kMinute, 4 * kMinute) == 0);
        else
            CHECK(test::write_throttles_between(r, 2 * kMinute, 4 * kMinute) > 0);
        CHECK(test::write_throttles_between(r, 4 * kMinute + 10 * kSecond, 5 * kMinute) == 0);
    }
}

TEST_CASE("the voting application: sharded writes with an aggregation job",
          "[run][validation][course]") {
    // course #19: 1,500 votes/s for one candidate over 10 random shards, a job every 10 s
    // reads the 10 shards and writes the total. Reads: 10 per run × 0.5 RCU (eventual,
    // small items) = 5 RCU per run; writes: 1 WCU per total.
    run::SimulationConfig c;
    c.table = simple_table();
    c.capacity.rcu = 100;
    c.capacity.wcu = 10000;
    c.duration = kMinute;
    c.retry = model::RetryPolicy::preset("no-retry").value();
    auto s = writes("votes", 1500, "candidate#");
    s.write_shards = 10;
    s.aggregation_interval = 10 * kSecond;
    c.streams.push_back(s);
    auto r = run::run_request_level(c);
    std::int64_t read_halves = 0;
    for (const auto& row : r.metrics.seconds())
        read_halves += row.consumed_read_halves;
    CHECK(total_throttles(r) == 0);
    CHECK(read_halves == 5 * 10);  // runs at 10, 20, 30, 40, 50 s: 5 runs × 10 reads × 0.5 RCU
}

TEST_CASE("calculated suffixes let a read go to one shard", "[run][validation]") {
    // 100 reads/s of a logical key sharded 10 ways: random suffixes fan out (10 reads
    // each), calculated suffixes read one shard.
    for (auto suffix : {OperationStream::Suffix::kRandom, OperationStream::Suffix::kCalculated}) {
        run::SimulationConfig c;
        c.table = simple_table();
        c.capacity.rcu = 10000;
        c.capacity.wcu = 10;
        c.duration = kMinute;
        OperationStream reads;
        reads.name = "reads";
        reads.traffic = workload::TrafficShape::constant(100);
        reads.keys = workload::KeyDistribution::uniform(1);
        reads.write_shards = 10;
        reads.suffix = suffix;
        c.streams.push_back(reads);
        auto r = run::run_request_level(c);
        const double per_logical = static_cast<double>(r.requests) / (100.0 * 60);
        CHECK(per_logical ==
              Approx(suffix == OperationStream::Suffix::kRandom ? 10.0 : 1.0).epsilon(0.05));
    }
}

TEST_CASE("a partition splits when its data passes 10 GB", "[run][validation]") {
    // One partition starting at 10 GB − 1 MB; 2,000 writes of new 1 KB items (2 MB) push it
    // past 10 GB, so it splits in two (docs/dynamodb-model.md: a partition stores up to 10 GB).
    run::SimulationConfig c;
    c.table = simple_table();
    c.capacity.rcu = 1;
    c.capacity.wcu = 100;
    c.initial_data_bytes = model::kPartitionMaxBytes - 1'000'000;
    c.duration = kMinute;
    c.streams.push_back(writes("grow", 50, "k", 1'000'000));
    auto r = run::run_request_level(c);
    CHECK(r.partitions == 2);
    CHECK(r.metrics.seconds().front().partitions == 1);
}

TEST_CASE("a month of per-minute series for 1,000 partitions stays well under 1 GB",
          "[run][validation][metrics]") {
    metrics::Recorder rec(30 * sim::kDay);
    for (sim::TimeUs m = 0; m < 30 * sim::kDay; m += kMinute) {
        rec.consumed(m, 999, true, 2);  // sizes both per-partition vectors of every minute
        rec.consumed(m, 999, false, 1);
    }
    INFO(rec.memory_bytes() / 1'000'000 << " MB");
    // 43,200 minutes × 1,000 partitions × 2 × 4 B = 346 MB, plus 2.6 M second rows.
    CHECK(rec.memory_bytes() < 600'000'000ULL);
}

TEST_CASE("a GSI scales separately from its table", "[run][validation][gsi][autoscaling]") {
    // The back-pressure case again, with target tracking on the GSI's writes (10..500 WCU,
    // 70 %): the GSI throttles its table until its own scale-outs take effect, then not at all.
    run::SimulationConfig c;
    c.table = test::table_with_group_index();
    c.capacity.rcu = 10;
    c.capacity.wcu = 1000;
    c.capacity.start_with_full_burst = false;
    c.index_write_scaling["by_group"] = model::AutoScalingPolicy{10, 500, 70};
    c.duration = 30 * kMinute;
    c.retry = model::RetryPolicy::preset("no-retry").value();
    auto s = writes("w", 100, "k", 5000);
    s.attributes.push_back({"grp", 10, false});
    c.streams.push_back(s);
    auto r = run::run_request_level(c);
    CHECK(test::write_throttles_between(r, 0, 5 * kMinute) > 0);
    CHECK(test::write_throttles_between(r, 25 * kMinute, 30 * kMinute) == 0);
    CHECK(r.metrics.seconds().back().provisioned_wcu == 1000);  // the table itself never changed
}
