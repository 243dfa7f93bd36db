#include <catch2/catch.hpp>

#include <numeric>
#include <set>

#include "model/capacity_model.hpp"
#include "model/partition_map.hpp"
#include "model/retry_policy.hpp"
#include "model/token_bucket.hpp"

using namespace ddbsim::model;
using ddbsim::sim::kSecond;

TEST_CASE("token buckets refill lazily and exactly, up to their ceiling", "[model]") {
    TokenBucket b(200, 300, 0, false);  // 100 units/s (200 halves), 300 s of burst
    // Not full: one second of refill to start with (nothing banked).
    CHECK(b.tokens() == 200 * kTokensPerHalfUnit);
    b.charge(200);  // half units
    CHECK_FALSE(b.has_tokens(0));
    b.refill(kSecond / 2);
    CHECK(b.tokens() == 100 * kTokensPerHalfUnit);  // 0.5 s × 200 halves/s
    b.refill(10'000 * kSecond);
    CHECK(b.tokens() == b.capacity());
    CHECK(b.capacity() == 200LL * 300 * kTokensPerHalfUnit);  // 30,000 units: the DG's 300 s
    b.charge(60'001 * 1);                                     // a debt past the balance
    CHECK_FALSE(b.has_tokens(10'000 * kSecond));
}

TEST_CASE("the course's partition formula", "[model][course]") {
    // course #11: 6,000 RCU + 2,000 WCU → 6000/3000 + 2000/1000 = 4 partitions.
    CHECK(PartitionMap::initial_count(6000, 2000, 0) == 4);
    CHECK(PartitionMap::initial_count(5, 5, 0) == 1);
    CHECK(PartitionMap::initial_count(3001, 0, 0) == 2);
    CHECK(PartitionMap::initial_count(100, 100, 25'000'000'000ULL) == 3);  // 25 GB / 10 GB → 3
}

TEST_CASE("partitions own contiguous hash ranges and split without merging", "[model]") {
    PartitionMap m(4);
    CHECK(m.route(0) == 0);
    CHECK(m.route(~0ULL) == 3);
    CHECK(m.route(1ULL << 62) == 1);  // exactly the second boundary
    CHECK(m.route((1ULL << 62) - 1) == 0);
    m.split_in_half(1);
    CHECK(m.size() == 5);
    CHECK(m.route((1ULL << 62) + (1ULL << 61)) == 2);
    PartitionMap one(1);
    one.split_in_half(0);
    CHECK(one.route(1ULL << 63) == 1);
}

TEST_CASE("route agrees with a search of the partition starts, after any splits", "[model]") {
    // Reference: the last partition whose start is ≤ the hash, by a linear scan.
    auto reference = [](const PartitionMap& m, std::uint64_t hash) {
        int owner = 0;
        for (int p = 0; p < m.size(); ++p) {
            if (m.start(p) <= hash) owner = p;
        }
        return owner;
    };
    std::uint64_t state = 0x1234567;
    auto next = [&state] {  // SplitMix64
        std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    };
    for (int count : {1, 2, 3, 4, 7, 64, 1000, 1023, 1025}) {
        PartitionMap m(count);
        for (int round = 0; round < 3; ++round) {
            for (int p = 0; p < m.size(); ++p) {
                for (const std::uint64_t h : {m.start(p), m.start(p) - 1, m.start(p) + 1})
                    REQUIRE(m.route(h) == reference(m, h));
            }
            REQUIRE(m.route(0) == 0);
            REQUIRE(m.route(~0ULL) == m.size() - 1);
            for (int i = 0; i < 2000; ++i) {
                const std::uint64_t h = next();
                REQUIRE(m.route(h) == reference(m, h));
            }
            // Uneven splits: a few partitions split in half, one at a random point inside it.
            for (int s = 0; s < 5; ++s)
                m.split_in_half(static_cast<int>(next() % static_cast<std::uint64_t>(m.size())));
            const int p = static_cast<int>(next() % static_cast<std::uint64_t>(m.size()));
            if (m.width(p) == 0 || m.width(p) > 2)
                m.split(p, m.start(p) + 1 + next() % ((m.width(p) == 0 ? ~0ULL : m.width(p)) - 1));
        }
    }
}

TEST_CASE("adaptive capacity lets a hot partition use the table's unused throughput",
          "[model][course]") {
    // course #12: 400 WCU on 4 partitions (100 each); partition 0 wants 150 WCU/s while the
    // table uses 300. One-WCU writes every 1/150 s to p0 and 1/50 s to the others, no burst.
    for (bool adaptive : {true, false}) {
        CapacityConfig c;
        c.wcu = 400;
        c.rcu = 1;
        c.adaptive_capacity = adaptive;
        c.start_with_full_burst = false;
        CapacityModel m(c, 4, false, 0);
        int throttled_p0 = 0, throttled_others = 0;
        ThrottleReason reason;
        for (int step = 1; step <= 150 * 60; ++step) {  // one minute, from t = 1/150 s
            const auto t = static_cast<ddbsim::sim::TimeUs>(step) * kSecond / 150;
            for (int p = 0; p < 4; ++p) {
                if (p > 0 && step % 3 != 0) continue;
                auto a = m.admit(t, p, true);
                if (a.admitted) {
                    m.charge(t, p, true, a, 2);
                } else {
                    (p == 0 ? throttled_p0 : throttled_others)++;
                    reason = a.reason;
                }
            }
        }
        INFO("adaptive " << adaptive);
        CHECK(throttled_others == 0);
        if (adaptive) {
            CHECK(throttled_p0 == 0);
        } else {
            // p0 gets its 100 WCU/s share: ~50 of its 150 writes per second throttle.
            CHECK(throttled_p0 == Approx(50 * 60).epsilon(0.05));
            CHECK(reason.code() == "TableWriteKeyRangeThroughputExceeded");
        }
    }
}

TEST_CASE("no partition exceeds its hard limit, whatever the table's capacity", "[model]") {
    CapacityConfig c;
    c.wcu = 40000;
    c.rcu = 1;
    CapacityModel m(c, 1, false, 0);  // everything on one partition
    int admitted = 0;
    for (int i = 0; i < 4000; ++i) {  // 4,000 one-WCU writes within one second
        const auto t = static_cast<ddbsim::sim::TimeUs>(i) * kSecond / 4000;
        auto a = m.admit(t, 0, true);
        if (a.admitted) {
            m.charge(t, 0, true, a, 2);
            ++admitted;
        } else {
            CHECK(a.reason.code() == "TableWriteKeyRangeThroughputExceeded");
        }
    }
    // The hard bucket holds one second (1,000 WCU) and refills 1,000/s: 1,000 + 1,000 × 1 s.
    CHECK(admitted == Approx(2000).margin(2));
}

TEST_CASE("throttling reasons have DynamoDB's 16 codes", "[model]") {
    std::set<std::string> codes;
    for (int i = 0; i < kThrottleReasonCount; ++i) {
        CHECK(ThrottleReason::from_index(i).index() == i);
        codes.insert(ThrottleReason::from_index(i).code());
    }
    CHECK(codes.size() == 16);
    CHECK(codes.count("IndexWriteProvisionedThroughputExceeded") == 1);
    CHECK(codes.count("TableReadMaxOnDemandThroughputExceeded") == 1);
}

TEST_CASE("retry presets are the SDKs' DynamoDB defaults", "[model]") {
    using ddbsim::model::RetryableError;
    constexpr auto ms = ddbsim::sim::kMillisecond;
    // botocore legacy (data/_retry.json, dynamodb): 10 attempts, 0.05 s × 2^(n−1), no jitter,
    // RequestLimitExceeded not among the retried codes.
    const auto legacy = RetryPolicy::preset("boto3-legacy").value();
    auto rng = ddbsim::sim::make_stream(1, "r");
    CHECK(legacy.max_attempts == 10);
    CHECK(legacy.backoff(1, RetryableError::kThrottle, rng) == 50 * ms);
    CHECK(legacy.backoff(4, RetryableError::kThrottle, rng) == 400 * ms);        // 50 × 2^3
    CHECK(legacy.backoff(9, RetryableError::kServerError, rng) == 12'800 * ms);  // 50 × 2^8
    CHECK_FALSE(legacy.retries(RetryableError::kRequestLimit));
    CHECK(legacy.retries(RetryableError::kServerError));
    // The round-1 names are aliases.
    CHECK(RetryPolicy::preset("aws-sdk-legacy-dynamodb")->name == "boto3-legacy");
    CHECK(RetryPolicy::preset("aws-sdk-standard")->name == "boto3-standard");
    // JS v3 (client-dynamodb 3.1169): 4 attempts; caps 25 ms × 2^(n−1) for a 500 and
    // 1 s × 2^(n−1) for a throttle, at most 20 s.
    const auto js = RetryPolicy::preset("js-v3-standard").value();
    CHECK(js.max_attempts == 4);
    CHECK(js.backoff_cap(1, RetryableError::kServerError) == 25 * ms);
    CHECK(js.backoff_cap(3, RetryableError::kServerError) == 100 * ms);
    CHECK(js.backoff_cap(3, RetryableError::kThrottle) == 4'000 * ms);
    CHECK(js.backoff_cap(6, RetryableError::kThrottle) == 20'000 * ms);  // 32 s, capped
    CHECK(js.retries(RetryableError::kRequestLimit));
    CHECK(RetryPolicy::preset("java-v2-standard")->max_attempts == 9);
    CHECK(RetryPolicy::preset("boto3-standard")->max_attempts == 3);
    CHECK(RetryPolicy::preset("no-retry")->max_attempts == 1);
    // Full jitter: every wait within [0, cap], and not all at the cap.
    bool below_half = false;
    for (int attempt = 1; attempt <= 12; ++attempt) {
        const auto cap = js.backoff_cap(attempt, RetryableError::kThrottle);
        for (int i = 0; i < 50; ++i) {
            const auto d = js.backoff(attempt, RetryableError::kThrottle, rng);
            REQUIRE(d >= 0);
            REQUIRE(d <= cap);
            below_half = below_half || d < cap / 2;
        }
    }
    CHECK(below_half);
    CHECK_FALSE(RetryPolicy::preset("nope").has_value());
}

TEST_CASE("bulk service shares the table bucket across partitions", "[model][aggregate]") {
    // On-demand at 100 WCU (200 halves/s) over 4 partitions, each asking for 200 halves per
    // 1-second step: the first step gets the full bucket plus its refill (400 halves), then
    // 200 per step — however many partitions ask.
    CapacityConfig c;
    c.on_demand = true;
    c.on_demand_initial_wcu = 100;
    c.on_demand_initial_rcu = 300;
    CapacityModel m(c, 4, false, 0);
    std::vector<std::int64_t> demand(4, 200), served;
    std::vector<std::uint8_t> reasons;
    std::vector<std::int64_t> totals;
    for (int s = 0; s < 3; ++s) {
        m.serve_all(s * kSecond, (s + 1) * kSecond, true, demand, served, reasons);
        totals.push_back(std::accumulate(served.begin(), served.end(), std::int64_t{0}));
    }
    CHECK(totals == std::vector<std::int64_t>{400, 200, 200});
    CHECK(ThrottleReason::from_index(reasons[3]).code() ==
          "TableWriteProvisionedThroughputExceeded");
}
