// The simulation kernel and the request-level model, each beside a baseline:
//  - event queue "hold" (pop the earliest event, push one a random delay later, at a
//    steady population of 1,000), baseline std::priority_queue doing the same;
//  - the full request-level model on a 1,000-key Zipfian GetItem/PutItem workload,
//    end to end including the storage core, reported as simulated requests per second,
//    baseline a bare loop doing a heap pop, a draw, a token bucket and a map probe a request.
// Floors (issue 4): 10 M kernel events/s; 1 M simulated requests/s on one core. Issue 19:
// the kernel at 2× the baseline (docs/benchmarks.md has the latest figures).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <queue>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "run/aggregate_simulator.hpp"
#include "run/request_simulator.hpp"
#include "sim/event_queue.hpp"
#include "sim/random.hpp"

using namespace ddbsim;

namespace {

void BM_EventQueueHold(benchmark::State& state) {
    sim::EventQueue q;
    auto rng = sim::make_stream(1, "hold");
    for (int i = 0; i < 1000; ++i)
        q.push(static_cast<sim::TimeUs>(rng() % 1'000'000), 0);
    for (auto _ : state) {
        const sim::Event e = q.pop();
        q.push(e.at + static_cast<sim::TimeUs>(rng() % 1'000'000), e.kind, e.a);
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_EventQueueHold);

void BM_Baseline_PriorityQueueHold(benchmark::State& state) {
    std::priority_queue<std::int64_t, std::vector<std::int64_t>, std::greater<>> q;
    auto rng = sim::make_stream(1, "hold");
    for (int i = 0; i < 1000; ++i)
        q.push(static_cast<std::int64_t>(rng() % 1'000'000));
    for (auto _ : state) {
        const auto t = q.top();
        q.pop();
        q.push(t + static_cast<std::int64_t>(rng() % 1'000'000));
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Baseline_PriorityQueueHold);

void BM_RequestLevelZipfGetPut(benchmark::State& state) {
    run::SimulationConfig c;
    c.table =
        storage::TableSchema::from_create_table_json(nlohmann::json::parse(R"({"TableName": "bench",
        "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
        "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}], "BillingMode": "PAY_PER_REQUEST"})"))
            .value();
    c.capacity.rcu = 20000;
    c.capacity.wcu = 5000;
    c.duration = 10 * sim::kSecond;
    run::OperationStream gets;
    gets.name = "get";
    gets.traffic = workload::TrafficShape::constant(80000);
    gets.keys = workload::KeyDistribution::zipf(1000, 0.99);
    gets.item_bytes = 1000;
    run::OperationStream puts = gets;
    puts.name = "put";
    puts.op = run::OperationStream::Op::kPutItem;
    puts.traffic = workload::TrafficShape::constant(20000);
    c.streams = {gets, puts};
    std::int64_t requests = 0;
    for (auto _ : state) {
        auto r = run::run_request_level(c);
        requests += r.requests;
        benchmark::DoNotOptimize(r);
    }
    state.counters["simulated_requests_per_s"] =
        benchmark::Counter(static_cast<double>(requests), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_RequestLevelZipfGetPut)->Unit(benchmark::kMillisecond);

// The bare loop the request level is read against (issue 19): per simulated request a
// heap pop, an exponential draw for the stream's next arrival, a token bucket refilled and
// taken from, and a probe into a hash map of 1 M keys; the same 100 k req/s for 10 s as
// BM_RequestLevelZipfGetPut, in the same run, so the two are measured in the same minutes.
void BM_Baseline_BareRequestLoop(benchmark::State& state) {
    constexpr std::uint64_t kKeys = 1'000'000;
    constexpr std::uint64_t kMix = 0x9E3779B97F4A7C15ULL;  // spreads the keys over the map
    std::unordered_map<std::uint64_t, std::uint32_t> items;
    items.reserve(kKeys);
    for (std::uint64_t k = 0; k < kKeys; ++k)
        items.emplace(k * kMix, 1000);
    const double mean_gap_us[2] = {1e6 / 80000, 1e6 / 20000};
    std::int64_t requests = 0;
    for (auto _ : state) {
        auto rng = sim::make_stream(1, "bare");
        using Arrival = std::pair<double, int>;  // (time in µs, stream)
        std::priority_queue<Arrival, std::vector<Arrival>, std::greater<>> arrivals;
        for (int s = 0; s < 2; ++s)
            arrivals.push({sim::exponential(rng, mean_gap_us[s]), s});
        // 120,000 tokens a second, above the 100 k offered, and 300 s of burst (as DynamoDB).
        constexpr double kTokensPerUs = 120000 / 1e6, kBurst = 120000 * 300.0;
        double tokens = kBurst, refilled_at = 0;
        std::uint64_t bytes = 0, throttled = 0;
        for (;;) {
            const auto [at, s] = arrivals.top();
            if (at >= 10e6) break;
            arrivals.pop();
            tokens = std::min(kBurst, tokens + (at - refilled_at) * kTokensPerUs);
            refilled_at = at;
            const auto it = items.find((rng() % kKeys) * kMix);
            if (tokens >= 1) {
                tokens -= 1;
                bytes += it == items.end() ? 0 : it->second;
            } else {
                ++throttled;
            }
            ++requests;
            arrivals.push({at + sim::exponential(rng, mean_gap_us[s]), s});
        }
        benchmark::DoNotOptimize(bytes);
        benchmark::DoNotOptimize(throttled);
    }
    state.counters["simulated_requests_per_s"] =
        benchmark::Counter(static_cast<double>(requests), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_Baseline_BareRequestLoop)->Unit(benchmark::kMillisecond);

// The 1,000-partition table of the month benchmark (issue 5): 10 TB of data, diurnal reads
// (30 k/s mean) and updates (8 k/s), a Zipf(0.8) key space of 10 M keys with a 2 % hot key,
// auto scaling on both dimensions. `hours` of simulated time per iteration.
run::SimulationConfig month_table(double hours) {
    run::SimulationConfig c;
    c.table =
        storage::TableSchema::from_create_table_json(nlohmann::json::parse(R"({"TableName": "month",
        "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
        "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}], "BillingMode": "PAY_PER_REQUEST"})"))
            .value();
    c.capacity.rcu = 40000;
    c.capacity.wcu = 20000;
    c.initial_data_bytes = 10'000'000'000'000ULL;
    c.read_scaling = model::AutoScalingPolicy{10000, 40000, 70};
    c.write_scaling = model::AutoScalingPolicy{5000, 40000, 70};
    c.duration = static_cast<sim::TimeUs>(hours * static_cast<double>(sim::kHour));
    run::OperationStream r;
    r.name = "get";
    r.item_bytes = 2000;
    r.traffic = workload::TrafficShape::diurnal(30000, 15000, 14 * sim::kHour);
    r.keys = workload::KeyDistribution::zipf(10'000'000, 0.8);
    r.keys.with_hot_key(42, 0.02);
    run::OperationStream w = r;
    w.name = "update";
    w.op = run::OperationStream::Op::kUpdateItem;  // rewrites device state: the data does not grow
    w.traffic = workload::TrafficShape::diurnal(8000, 4000, 14 * sim::kHour);
    c.streams = {r, w};
    return c;
}

// The same table with 100 k keys: what the request level can hold in memory (it stores every
// item it touches), so that both fidelities run the very same scenario side by side.
run::SimulationConfig month_table_100k_keys(double hours) {
    auto c = month_table(hours);
    c.streams[0].keys = workload::KeyDistribution::zipf(100'000, 0.8);
    c.streams[0].keys.with_hot_key(42, 0.02);
    c.streams[1].keys = c.streams[0].keys;
    return c;
}

// Simulated seconds per wall second, side by side on the same table: the aggregate over 6
// simulated hours (10 M keys, and the 100 k-key variant the request level runs), the request
// level over 20 simulated seconds (~760 k requests). The ratio of the 100 k-key rates is the
// aggregate's speed-up per simulated second on one scenario.
// Runs `simulate` on `c` per iteration and reports simulated seconds per wall second.
template <class Simulate>
void simulated_seconds(benchmark::State& state, const run::SimulationConfig& c, Simulate simulate) {
    for (auto _ : state)
        benchmark::DoNotOptimize(simulate(c));
    state.counters["simulated_s_per_s"] = benchmark::Counter(
        static_cast<double>(c.duration) / 1e6 * static_cast<double>(state.iterations()),
        benchmark::Counter::kIsRate);
}

const auto aggregate = [](const run::SimulationConfig& c) { return run::run_aggregate(c); };
const auto request_level = [](const run::SimulationConfig& c) { return run::run_request_level(c); };

void BM_Aggregate1000Partitions(benchmark::State& state) {
    simulated_seconds(state, month_table(6), aggregate);
}
BENCHMARK(BM_Aggregate1000Partitions)->Unit(benchmark::kMillisecond);

void BM_Aggregate1000Partitions100kKeys(benchmark::State& state) {
    simulated_seconds(state, month_table_100k_keys(6), aggregate);
}
BENCHMARK(BM_Aggregate1000Partitions100kKeys)->Unit(benchmark::kMillisecond);

void BM_RequestLevel1000Partitions100kKeys(benchmark::State& state) {
    simulated_seconds(state, month_table_100k_keys(20.0 / 3600), request_level);
}
BENCHMARK(BM_RequestLevel1000Partitions100kKeys)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
