// The aggregate fidelity must agree with the request level where both can run: total
// consumed RCU/WCU within 1 %, throttled attempts within 5 % or an absolute floor of 30 per
// seed (a floor that a scenario throttling a few hundred times can still fail), client
// latency p50 and p99 within 10 %, and service faults (SystemErrors) within 5 % or 30.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "model/partition_map.hpp"
#include "run/aggregate_simulator.hpp"
#include "run/request_simulator.hpp"
#include "run/run_simulation.hpp"
#include "storage/primary_key.hpp"
#include "support/sim_helpers.hpp"

using namespace ddbsim;
using run::OperationStream;
using sim::kMinute;
using sim::kSecond;

namespace {

storage::TableSchema table() {
    return test::hash_key_table();
}

OperationStream stream(const std::string& name, OperationStream::Op op,
                       workload::TrafficShape traffic, workload::KeyDistribution keys,
                       std::size_t bytes = 1000) {
    OperationStream s;
    s.name = name;
    s.op = op;
    s.traffic = std::move(traffic);
    s.keys = std::move(keys);
    s.item_bytes = bytes;
    return s;
}

struct Totals {
    double rcu = 0, wcu = 0;
};

Totals consumed(const run::RunResult& r) {
    Totals t;
    for (const auto& row : r.metrics.seconds()) {
        t.rcu += row.consumed_read_halves / 2.0;
        t.wcu += row.consumed_write_halves / 2.0;
    }
    return t;
}

// Both fidelities on `seeds` seeds (1, 2, …), their totals summed: where one seed's noise
// is a large part of the effect (the busiest second that sets an on-demand peak), the sum
// over a few seeds compares the models rather than two draws.
void check_agreement(run::SimulationConfig c, int seeds = 1) {
    Totals a, b;
    double throttled_a = 0, throttled_b = 0, errors_a = 0, errors_b = 0;
    metrics::LatencyHistogram latency_a, latency_b;
    for (int seed = 1; seed <= seeds; ++seed) {
        if (seeds > 1) c.seed = static_cast<std::uint64_t>(seed);
        const auto request = run::run_request_level(c);
        const auto aggregate = run::run_aggregate(c);
        CHECK(aggregate.fidelity == "aggregate");
        const Totals ra = consumed(request), rb = consumed(aggregate);
        a.rcu += ra.rcu;
        a.wcu += ra.wcu;
        b.rcu += rb.rcu;
        b.wcu += rb.wcu;
        throttled_a += static_cast<double>(request.throttled_attempts);
        throttled_b += static_cast<double>(aggregate.throttled_attempts);
        for (const auto& row : request.metrics.seconds())
            errors_a += row.system_errors;
        for (const auto& row : aggregate.metrics.seconds())
            errors_b += row.system_errors;
        latency_a.merge(request.metrics.latency());
        latency_b.merge(aggregate.metrics.latency());
    }
    INFO("request: " << a.rcu << " RCU, " << a.wcu << " WCU, " << throttled_a << " throttled");
    INFO("aggregate: " << b.rcu << " RCU, " << b.wcu << " WCU, " << throttled_b << " throttled");
    CHECK(b.rcu == Approx(a.rcu).epsilon(0.01).margin(seeds));
    CHECK(b.wcu == Approx(a.wcu).epsilon(0.01).margin(seeds));
    CHECK(throttled_b == Approx(throttled_a).epsilon(0.05).margin(30.0 * seeds));
    INFO("system errors: " << errors_a << " request, " << errors_b << " aggregate");
    CHECK(errors_b == Approx(errors_a).epsilon(0.05).margin(30.0 * seeds));
    for (const double q : {0.50, 0.99}) {
        INFO("latency quantile " << q << ": request " << latency_a.percentile(q)
                                 << " µs, aggregate " << latency_b.percentile(q) << " µs");
        CHECK(static_cast<double>(latency_b.percentile(q)) ==
              Approx(static_cast<double>(latency_a.percentile(q))).epsilon(0.10));
    }
}

}  // namespace

TEST_CASE("agreement: steady uniform traffic", "[run][agreement]") {
    run::SimulationConfig c;
    c.table = table();
    c.capacity.rcu = 500;
    c.capacity.wcu = 300;
    c.duration = 10 * kMinute;
    // Reads and writes of the same 1,000 items of 5 KB (1 RCU eventual, 5 WCU each). The
    // calibration measures steady-state costs, so both streams use one item size here.
    c.streams.push_back(stream("get", OperationStream::Op::kGetItem,
                               workload::TrafficShape::constant(200),
                               workload::KeyDistribution::uniform(1000), 5000));
    c.streams.push_back(stream("put", OperationStream::Op::kPutItem,
                               workload::TrafficShape::constant(50),
                               workload::KeyDistribution::uniform(1000), 5000));
    check_agreement(c);
}

TEST_CASE("agreement: a Zipfian workload with a hot key", "[run][agreement]") {
    run::SimulationConfig c;
    c.table = table();
    c.capacity.rcu = 1;
    c.capacity.wcu = 10000;
    c.duration = 5 * kMinute;
    c.retry = model::RetryPolicy::preset("no-retry").value();
    auto keys = workload::KeyDistribution::zipf(5000, 1.0);
    keys.with_hot_key(0, 0.6);  // 1,200 WCU/s on one key: above its partition's 1,000
    c.streams.push_back(
        stream("put", OperationStream::Op::kPutItem, workload::TrafficShape::constant(2000), keys));
    check_agreement(c);
}

TEST_CASE("agreement: a spike served from burst, then throttled, with SDK retries",
          "[run][agreement]") {
    run::SimulationConfig c;
    c.table = table();
    c.capacity.rcu = 1;
    c.capacity.wcu = 100;
    c.capacity.start_with_full_burst = false;
    c.duration = 12 * kMinute;
    auto traffic = workload::TrafficShape::constant(50);
    traffic.spikes.push_back({5 * kMinute, 5 * kMinute, 150});  // 200/s for 5 minutes
    c.streams.push_back(stream("put", OperationStream::Op::kPutItem, traffic,
                               workload::KeyDistribution::uniform(2000)));
    check_agreement(c);
}

TEST_CASE("agreement: an auto-scaling ramp", "[run][agreement]") {
    run::SimulationConfig c;
    c.table = table();
    c.capacity.rcu = 1;
    c.capacity.wcu = 100;
    c.write_scaling = model::AutoScalingPolicy{100, 2000, 70};
    c.duration = 30 * kMinute;
    c.streams.push_back(stream("put", OperationStream::Op::kPutItem,
                               workload::TrafficShape::ramp(50, 600, 2 * kMinute, 22 * kMinute),
                               workload::KeyDistribution::uniform(5000)));
    check_agreement(c);
}

TEST_CASE("agreement: on-demand doubling and a jump past it", "[run][agreement]") {
    // 800 WCU/s sets a previous peak near 880 (the busiest second): 1,600/s is absorbed,
    // 3,200/s throttles about 1,400/s. High rates keep the peak's noise small relative to it.
    for (double next : {1600.0, 3200.0}) {
        run::SimulationConfig c;
        c.table = table();
        c.capacity.on_demand = true;
        c.capacity.on_demand_initial_wcu = 1000;
        c.capacity.on_demand_initial_rcu = 3000;
        c.capacity.on_demand_ramp = kMinute;
        c.duration = 6 * kMinute;
        c.retry = model::RetryPolicy::preset("no-retry").value();
        c.streams.push_back(stream("put", OperationStream::Op::kPutItem,
                                   workload::TrafficShape::step(800, next, 4 * kMinute),
                                   workload::KeyDistribution::uniform(10000)));
        INFO("then " << next << "/s");
        // The peak is the busiest of 240 Poisson seconds: about ±1 % of the served total
        // from one seed to the next at 3,200/s, so four seeds are compared.
        check_agreement(c, 4);
    }
}

TEST_CASE("fidelity auto picks by size and by what the aggregate models", "[run][agreement]") {
    run::SimulationConfig c;
    c.table = table();
    c.capacity.rcu = 100;
    c.capacity.wcu = 100;
    c.duration = kMinute;
    c.streams.push_back(stream("get", OperationStream::Op::kGetItem,
                               workload::TrafficShape::constant(100),
                               workload::KeyDistribution::uniform(100)));
    CHECK(run::expected_requests(c) == Approx(6000));
    CHECK(run::run_simulation(c, run::Fidelity::kAuto).fidelity == "request");
    CHECK(run::run_simulation(c, run::Fidelity::kAuto, 1000).fidelity == "aggregate");
    c.dax = model::DaxConfig{};
    std::string why;
    CHECK_FALSE(run::aggregate_supports(c, &why));
    CHECK(why.find("DAX") != std::string::npos);
    CHECK(run::run_simulation(c, run::Fidelity::kAuto, 1000).fidelity == "request");
    auto agg = run::run_aggregate(c);
    REQUIRE(agg.calibration.size() == 1);
    CHECK(agg.calibration[0].samples == 2000);
    CHECK(agg.calibration[0].mean_halves == Approx(1.0));  // 1 KB eventual read = 0.5 RCU = 1 half
}

TEST_CASE("agreement: split for consumption separates two hot keys at both fidelities",
          "[run][agreement][heat]") {
    // As the request-level validation test: 3,000 WCU (3 partitions), two keys at 600 WCU/s
    // each on one partition; after a minute above 80 % of the hard limit the partition splits
    // between them (30 s later) and the throttling stops.
    run::SimulationConfig c;
    c.table = table();
    c.capacity.rcu = 0;
    c.capacity.wcu = 3000;
    c.duration = 5 * kMinute;
    c.heat_split.sustained = kMinute;
    c.retry = model::RetryPolicy::preset("no-retry").value();
    // Two single-key streams whose keys share partition 1 of 3.
    model::PartitionMap map(3);
    std::vector<std::string> prefixes;
    for (int i = 0; prefixes.size() < 2; ++i) {
        const std::string prefix = "hot" + std::to_string(i) + "-";
        if (map.route(storage::partition_key_hash(storage::AttributeValue::string(prefix + "0"))) ==
            1)
            prefixes.push_back(prefix);
    }
    for (const auto& prefix : prefixes) {
        auto s =
            stream(prefix, OperationStream::Op::kPutItem, workload::TrafficShape::constant(600),
                   workload::KeyDistribution::uniform(1));
        s.key_prefix = prefix;
        c.streams.push_back(s);
    }
    const auto request = run::run_request_level(c);
    const auto aggregate = run::run_aggregate(c);
    CHECK(request.partitions == 4);
    CHECK(aggregate.partitions == 4);
    CHECK(static_cast<double>(aggregate.throttled_attempts) ==
          Approx(static_cast<double>(request.throttled_attempts)).epsilon(0.1).margin(300));
    std::int64_t late = 0;
    for (std::size_t t = 120; t < aggregate.metrics.seconds().size(); ++t)
        late += aggregate.metrics.seconds()[t].write_throttle_events;
    CHECK(late == 0);
}

TEST_CASE("agreement: a partition splits at 10 GB at both fidelities", "[run][agreement]") {
    // One partition starting 1 MB short of 10 GB; 50 new 1 KB items a second over a million
    // keys push it past the limit within the first minute.
    run::SimulationConfig c;
    c.table = table();
    c.capacity.rcu = 1;
    c.capacity.wcu = 100;
    c.initial_data_bytes = model::kPartitionMaxBytes - 1'000'000;
    c.duration = kMinute;
    c.streams.push_back(stream("grow", OperationStream::Op::kPutItem,
                               workload::TrafficShape::constant(50),
                               workload::KeyDistribution::uniform(1'000'000)));
    CHECK(run::run_request_level(c).partitions == 2);
    CHECK(run::run_aggregate(c).partitions == 2);
    // The same writes over 10 keys only rewrite the same items: no growth, no split.
    c.streams[0].keys = workload::KeyDistribution::uniform(10);
    CHECK(run::run_request_level(c).partitions == 1);
    CHECK(run::run_aggregate(c).partitions == 1);
}

namespace {

// Writes of 1 KB items (1 WCU on the table, and on a KEYS_ONLY index: 1 WCU per new entry)
// over `keys` keys whose `grp` attribute — the GSI's partition key — takes 10 values.
run::SimulationConfig gsi_back_pressure(std::uint64_t keys, double rate) {
    run::SimulationConfig c;
    c.table = test::table_with_group_index();  // table 1,000 WCU, GSI 10 WCU
    c.capacity.rcu = 10;
    c.capacity.wcu = 1000;
    c.capacity.start_with_full_burst = false;
    c.duration = 5 * kMinute;
    auto s = stream("put", OperationStream::Op::kPutItem, workload::TrafficShape::constant(rate),
                    workload::KeyDistribution::uniform(keys));
    s.attributes.push_back({"grp", 10, false});
    c.streams.push_back(s);
    return c;
}

// Index consumption, WCU.
double index_wcu(const run::RunResult& r) {
    double halves = 0;
    for (const auto& m : r.metrics.minutes()) {
        if (auto it = m.index_write_halves.find("by_group"); it != m.index_write_halves.end())
            halves += static_cast<double>(it->second);
    }
    return halves / 2;
}

}  // namespace

TEST_CASE("agreement: GSI back-pressure throttles the table's writes at both fidelities",
          "[run][agreement][gsi]") {
    // 100 puts/s of new items against a 10 WCU index: the index admits about 10 a second and
    // the table throttles the rest (no retries: each attempt is one request).
    auto c = gsi_back_pressure(10'000'000, 100);
    c.retry = model::RetryPolicy::preset("no-retry").value();
    std::string why;
    CHECK(run::aggregate_supports(c, &why));
    const auto request = run::run_request_level(c);
    const auto aggregate = run::run_aggregate(c);
    INFO("index WCU: request " << index_wcu(request) << ", aggregate " << index_wcu(aggregate));
    CHECK(request.throttled_attempts > 20'000);
    CHECK(index_wcu(aggregate) == Approx(index_wcu(request)).epsilon(0.01));
    check_agreement(c);
    // With SDK retries the throttled writes come back and mostly fail again.
    c.retry = model::RetryPolicy::preset("aws-sdk-standard").value();
    check_agreement(c);
}

TEST_CASE("agreement: a GSI's own auto scaling lifts its back-pressure at both fidelities",
          "[run][agreement][gsi][autoscaling]") {
    auto c = gsi_back_pressure(10'000'000, 100);
    c.index_write_scaling["by_group"] = model::AutoScalingPolicy{10, 500, 70};
    c.duration = 30 * kMinute;
    c.retry = model::RetryPolicy::preset("no-retry").value();
    const auto aggregate = run::run_aggregate(c);
    std::int64_t early = 0, late = 0;
    const auto& rows = aggregate.metrics.seconds();
    for (std::size_t t = 0; t < rows.size(); ++t) {
        if (t < 5 * 60) early += rows[t].write_throttle_events;   // the first five minutes
        if (t >= 28 * 60) late += rows[t].write_throttle_events;  // the last two
    }
    CHECK(early > 0);
    CHECK(late == 0);  // after the index's scale-outs (to ~143 WCU, 25 minutes in): none
    check_agreement(c);
}

TEST_CASE("agreement: time-bucketed keys move the load from partition to partition",
          "[run][agreement]") {
    // 1,500 writes/s on "this bucket's" key of 8: one partition's 1,000 WCU hard limit caps
    // each bucket whatever the table has (4,000 WCU, 4 partitions), and the hot partition
    // moves with the bucket.
    auto config = [](sim::TimeUs bucket, sim::TimeUs duration) {
        run::SimulationConfig c;
        c.table = table();
        c.capacity.rcu = 10;
        c.capacity.wcu = 4000;
        c.duration = duration;
        auto s =
            stream("events", OperationStream::Op::kPutItem, workload::TrafficShape::constant(1500),
                   workload::KeyDistribution::uniform(8));
        s.key_order = OperationStream::KeyOrder::kTimeBucketed;
        s.time_bucket = bucket;
        c.streams.push_back(s);
        return c;
    };
    SECTION("20 s buckets without retries") {
        auto c = config(20 * kSecond, 3 * kMinute);
        c.retry = model::RetryPolicy::preset("no-retry").value();
        check_agreement(c);
        // Buckets this short are the request level's under "auto" (see below).
        std::string why;
        CHECK_FALSE(run::aggregate_supports(c, &why));
        CHECK(why == "time buckets shorter than 300 steps are modelled at the request level only");
    }
    SECTION("5-minute buckets with SDK retries") {
        // Modelling limit, named: a retry whose backoff is shorter than the step comes back
        // in the next step, so when the bucket moves on, the old partition serves one more
        // second of retries than at the request level — 1 s per bucket change (here 0.3 %);
        // and a bucket that straddles steps is smeared over them. The aggregate fidelity
        // takes buckets of at least 300 steps.
        const auto c = config(5 * kMinute, 15 * kMinute);
        CHECK(run::aggregate_supports(c));
        check_agreement(c);
    }
}

TEST_CASE("agreement: a scenario that throttles a few hundred times", "[run][agreement]") {
    // A 5 WCU table, 1 KB puts of fresh keys at 8/s for 10 minutes, no retries. The bucket
    // starts with 300 s of burst (1,500 WCU), which 8 − 5 = 3 WCU/s over the rate uses up in
    // 500 s; then 3 of the 8 writes of each second throttle for the last 100 s: 300
    // throttles. Arrivals are evenly spaced: with Poisson arrivals the count's own noise
    // (√4,800 ≈ 69 writes over the run) would be a quarter of the effect.
    run::SimulationConfig c;
    c.table = table();
    c.capacity.rcu = 5;
    c.capacity.wcu = 5;
    c.duration = 10 * kMinute;
    auto traffic = workload::TrafficShape::constant(8);
    traffic.even = true;
    c.streams.push_back(stream("put", OperationStream::Op::kPutItem, traffic,
                               workload::KeyDistribution::uniform(100'000), 1000));
    c.retry = model::RetryPolicy::preset("no-retry").value();
    const auto request = run::run_request_level(c);
    INFO("request-level throttles: " << request.throttled_attempts);
    CHECK(request.throttled_attempts == Approx(300).margin(10));
    check_agreement(c);
}

TEST_CASE("agreement: the SDK presets' retries at both fidelities", "[run][agreement][retry]") {
    // A hot partition: 1 KB puts at 1,400/s on 20 keys of a 100 WCU table whose one partition
    // serves at most 1,000 WCU; retries come back after each preset's backoff.
    run::SimulationConfig c;
    c.table = table();
    c.capacity.rcu = 100;
    c.capacity.wcu = 1000;
    c.duration = 5 * kMinute;
    c.streams.push_back(stream("put", OperationStream::Op::kPutItem,
                               workload::TrafficShape::constant(1400),
                               workload::KeyDistribution::uniform(20), 1000));
    for (const char* preset : {"boto3-legacy", "boto3-standard", "js-v3-standard"}) {
        INFO("preset " << preset);
        c.retry = model::RetryPolicy::preset(preset).value();
        check_agreement(c);
    }
}

TEST_CASE("agreement: service faults are retried at both fidelities", "[run][agreement][faults]") {
    // 1 % of 200 gets/s fail with InternalServerError for 5 minutes: about 600 SystemErrors
    // (plus the few retries that fail again), each retried after js-v3's 25 ms base.
    run::SimulationConfig c;
    c.table = table();
    c.capacity.rcu = 1000;
    c.capacity.wcu = 100;
    c.duration = 5 * kMinute;
    c.streams.push_back(stream("get", OperationStream::Op::kGetItem,
                               workload::TrafficShape::constant(200),
                               workload::KeyDistribution::uniform(1000), 1000));
    c.retry = model::RetryPolicy::preset("js-v3-standard").value();
    c.service_errors.rate = 0.01;
    check_agreement(c, 2);
}

TEST_CASE("agreement: item collections, queried by page and written by sort key",
          "[run][agreement][collections]") {
    // Customers with 40 orders of ~1 KB each (a composite key); 300 Query pages of 10
    // orders a second (1.5 RCU each: 450 RCU) against 400 RCU, and 100 puts of orders a
    // second: the reads throttle, the writes do not.
    run::SimulationConfig c;
    c.table = test::composite_key_table();
    c.capacity.rcu = 400;
    c.capacity.wcu = 200;
    c.capacity.start_with_full_burst = false;
    c.duration = 5 * kMinute;
    OperationStream::SortKeys orders;
    orders.count = 40;
    orders.distribution = workload::KeyDistribution::uniform(40);
    auto query = stream("pages", OperationStream::Op::kQuery, workload::TrafficShape::constant(300),
                        workload::KeyDistribution::uniform(200), 1000);
    query.sort_keys = orders;
    query.limit = 10;
    auto put =
        stream("orders", OperationStream::Op::kPutItem, workload::TrafficShape::constant(100),
               workload::KeyDistribution::uniform(200), 1000);
    put.sort_keys = orders;
    c.streams = {query, put};
    c.retry = model::RetryPolicy::preset("no-retry").value();
    const auto request = run::run_request_level(c);
    CHECK(request.throttled_attempts > 1000);
    check_agreement(c, 3);  // about 10,000 throttles a seed, ±300 of Poisson noise in demand
}
