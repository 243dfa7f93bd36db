// Service faults and the SDK presets' retry rules, at the request level, against numbers
// derived by hand.
#include <catch2/catch.hpp>

#include "run/aggregate_simulator.hpp"
#include "run/request_simulator.hpp"
#include "support/sim_helpers.hpp"

using namespace ddbsim;
using run::OperationStream;
using sim::kMinute;
using sim::kSecond;

namespace {

// A one-stream scenario on a table keyed by a string partition key.
run::SimulationConfig one_stream(OperationStream::Op op, double rate, std::uint64_t keys,
                                 const char* preset) {
    run::SimulationConfig c;
    c.table = test::hash_key_table();
    c.capacity.rcu = 1000;
    c.capacity.wcu = 10;
    c.duration = 10 * kMinute;
    OperationStream s;
    s.name = "stream";
    s.op = op;
    s.traffic = workload::TrafficShape::constant(rate);
    s.keys = workload::KeyDistribution::uniform(keys);
    c.streams.push_back(s);
    c.retry = model::RetryPolicy::preset(preset).value();
    return c;
}

run::SimulationConfig gets(double rate, double fault_rate, const char* preset) {
    auto c = one_stream(OperationStream::Op::kGetItem, rate, 100, preset);
    c.service_errors.rate = fault_rate;
    return c;
}

std::int64_t system_errors(const run::RunResult& r) {
    std::int64_t n = 0;
    for (const auto& row : r.metrics.seconds())
        n += row.system_errors;
    return n;
}

}  // namespace

TEST_CASE("service faults fail attempts at their rate and consume nothing", "[run][faults]") {
    // 100 gets/s for 10 minutes, 2 % of attempts failing: 60,000 requests, about
    // 60,000 × 0.02 = 1,200 first attempts fail (σ ≈ 34), and 2 % of their retries again
    // (≈ 24). With no retries each fault ends its request unserved.
    auto c = gets(100, 0.02, "no-retry");
    const auto r = run::run_request_level(c);
    const auto errors = system_errors(r);
    CHECK(errors == Approx(1200).margin(150));
    CHECK(r.gave_up == errors);  // no-retry: every faulted request fails
    CHECK(r.requests == Approx(60'000).margin(800));
    // Only served attempts consume: 0.5 RCU per eventual get of a small item.
    double rcu = 0;
    for (const auto& row : r.metrics.seconds())
        rcu += row.consumed_read_halves / 2.0;
    CHECK(rcu == Approx(0.5 * static_cast<double>(r.requests - r.gave_up)));

    // js-v3 retries a 500 up to 4 attempts: a request fails only when all 4 do (0.02^4).
    c.retry = model::RetryPolicy::preset("js-v3-standard").value();
    const auto retried = run::run_request_level(c);
    CHECK(retried.gave_up == 0);
    CHECK(system_errors(retried) == Approx(1224).margin(150));  // 1,200 + 2 % of them + …
}

TEST_CASE("a fault window raises the rate for its length only", "[run][faults]") {
    // 50 gets/s; no faults but a 2-minute window at 10 %: 50 × 120 × 0.1 = 600 faults, all
    // within minutes 3 and 4.
    auto c = gets(50, 0, "no-retry");
    c.service_errors.windows.push_back({3 * kMinute, 2 * kMinute, 0.1});
    for (const bool aggregate : {false, true}) {
        const auto r = aggregate ? run::run_aggregate(c) : run::run_request_level(c);
        std::int64_t inside = 0, outside = 0;
        const auto& rows = r.metrics.seconds();
        for (std::size_t t = 0; t < rows.size(); ++t)
            (t >= 180 && t < 300 ? inside : outside) += rows[t].system_errors;
        INFO((aggregate ? "aggregate" : "request level") << ": " << inside << " inside");
        CHECK(inside == Approx(600).margin(80));
        CHECK(outside == 0);
    }
    // A window on another operation leaves the gets alone.
    c.service_errors.operations = {OperationStream::Op::kPutItem};
    CHECK(system_errors(run::run_request_level(c)) == 0);
}

TEST_CASE("boto3's legacy mode does not retry RequestLimitExceeded", "[run][retry]") {
    // An on-demand table with a table quota of 100 WRU (an account-level limit, so its
    // throttles are AccountLimitExceeded and the error RequestLimitExceeded): 200 puts/s.
    // boto3-legacy gives up at once on those; js-v3 retries them.
    auto c = one_stream(OperationStream::Op::kPutItem, 200, 100'000, "boto3-legacy");
    c.capacity.on_demand = true;
    c.capacity.table_quota_wcu = 100;
    c.capacity.table_quota_rcu = 100;
    c.duration = 2 * kMinute;
    c.streams[0].item_bytes = 500;
    c.retry = model::RetryPolicy::preset("boto3-legacy").value();
    const auto legacy = run::run_request_level(c);
    INFO("legacy: " << legacy.attempts << " attempts, " << legacy.requests << " requests");
    CHECK(legacy.throttled_attempts > 0);
    CHECK(legacy.attempts == legacy.requests);  // never a second attempt
    CHECK(legacy.gave_up == legacy.throttled_attempts);
    c.retry = model::RetryPolicy::preset("js-v3-standard").value();
    const auto js = run::run_request_level(c);
    CHECK(js.attempts > js.requests);
}
