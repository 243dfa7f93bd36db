#include <catch2/catch.hpp>

#include <queue>
#include <vector>

#include "sim/arrivals.hpp"
#include "sim/event_queue.hpp"
#include "sim/random.hpp"

using namespace ddbsim::sim;

TEST_CASE("events come out in time order, simultaneous ones in scheduling order", "[sim]") {
    EventQueue q;
    q.push(30, 1);
    q.push(10, 2);
    q.push(30, 3);
    q.push(10, 4);
    q.push(20, 5);
    std::vector<std::uint32_t> kinds;
    while (!q.empty())
        kinds.push_back(q.pop().kind);
    CHECK(kinds == std::vector<std::uint32_t>{2, 4, 5, 1, 3});
}

TEST_CASE("the radix queue pops what a reference heap on (time, sequence) pops",
          "[sim][property]") {
    // A simulation's pattern — pop the earliest, schedule a few events at or after it —
    // with delays from 0 (ties with the popped time) to 2^40 µs, checked against
    // std::priority_queue ordered by (time, sequence) on every pop.
    struct Ref {
        TimeUs at;
        std::uint64_t sequence;
        bool operator>(const Ref& o) const {
            return at != o.at ? at > o.at : sequence > o.sequence;
        }
    };
    for (std::uint64_t seed = 1; seed <= 20; ++seed) {
        Rng rng = make_stream(seed, "radix");
        EventQueue q;
        std::priority_queue<Ref, std::vector<Ref>, std::greater<>> ref;
        std::uint64_t sequence = 0;
        auto schedule = [&](TimeUs at) {
            q.push(at, 0, sequence);
            ref.push({at, sequence++});
        };
        for (int i = 0; i < 50; ++i)
            schedule(static_cast<TimeUs>(rng() % 1000));
        TimeUs now = 0;
        for (int step = 0; step < 20000 && !ref.empty(); ++step) {
            const Event e = q.pop();
            const Ref r = ref.top();
            ref.pop();
            REQUIRE(e.at == r.at);
            REQUIRE(e.a == r.sequence);
            REQUIRE(e.sequence == r.sequence);
            REQUIRE(e.at >= now);
            now = e.at;
            const int children = step < 15000 ? static_cast<int>(rng() % 3) : 0;
            for (int c = 0; c < children; ++c) {
                const int width = static_cast<int>(rng() % 41);  // 0 … 40 bits of delay
                const auto delay = width == 0 ? 0 : static_cast<TimeUs>(rng() >> (64 - width));
                schedule(now + (rng() % 4 == 0 ? 0 : delay));
            }
        }
        CHECK(q.size() == ref.size());
    }
}

TEST_CASE("named streams are reproducible and independent of each other", "[sim]") {
    Rng a1 = make_stream(42, "arrivals"), a2 = make_stream(42, "arrivals");
    Rng b = make_stream(42, "keys"), c = make_stream(43, "arrivals");
    CHECK(a1() == a2());
    CHECK(make_stream(42, "arrivals")() != b());
    CHECK(make_stream(42, "arrivals")() != c());
    // Drawing from one stream does not move another.
    Rng x = make_stream(7, "x");
    const auto first = make_stream(7, "y")();
    for (int i = 0; i < 100; ++i)
        x();
    CHECK(make_stream(7, "y")() == first);
}

TEST_CASE("uniform01 draws lie between 0 and 1 with the right mean", "[sim]") {
    Rng r = make_stream(1, "u");
    double sum = 0;
    for (int i = 0; i < 100000; ++i) {
        const double u = uniform01(r);
        REQUIRE(u >= 0);
        REQUIRE(u < 1);
        sum += u;
    }
    CHECK(sum / 100000 == Approx(0.5).margin(0.005));
}

TEST_CASE("events held beside the queue merge in the order the queue would give them",
          "[sim][property]") {
    // Three "streams" each keep one pending event outside the queue (numbered by
    // take_sequence, chosen over the queue's earliest with before()), as the request level's
    // arrivals do; a second queue that holds every event is the reference. Handling an event
    // schedules children at or after it, as a simulation does.
    for (std::uint64_t seed = 1; seed <= 20; ++seed) {
        Rng rng = make_stream(seed, "merge");
        EventQueue merged, all;
        struct Held {
            TimeUs at = -1;
            std::uint64_t sequence = 0;
        };
        std::vector<Held> held(3);
        auto schedule = [&](TimeUs at) {
            merged.push(at, 0);
            all.push(at, 0);
        };
        auto hold = [&](std::size_t stream, TimeUs at) {
            held[stream] = {at, merged.take_sequence()};
            all.push(at, 1, stream);
        };
        for (std::size_t i = 0; i < held.size(); ++i)
            hold(i, static_cast<TimeUs>(rng() % 100));
        schedule(50);
        TimeUs now = 0;
        for (int step = 0; step < 20000 && !all.empty(); ++step) {
            const Event want = all.pop();
            // The merge: the earliest held event unless the queue's comes first.
            std::size_t first = held.size();
            for (std::size_t i = 0; i < held.size(); ++i) {
                if (held[i].at < 0) continue;
                if (first == held.size() || held[i].at < held[first].at ||
                    (held[i].at == held[first].at && held[i].sequence < held[first].sequence))
                    first = i;
            }
            Event got;
            if (first < held.size() && !merged.before(held[first].at, held[first].sequence)) {
                got = Event{held[first].at, held[first].sequence, 1, first, 0};
                held[first].at = -1;
            } else {
                REQUIRE_FALSE(merged.empty());
                got = merged.pop();
            }
            REQUIRE(got.at == want.at);
            REQUIRE(got.sequence == want.sequence);
            REQUIRE(got.kind == want.kind);
            REQUIRE(got.at >= now);
            now = got.at;
            const bool grow = step < 15000;
            if (got.kind == 1 && grow)  // a held stream's next event, 0 … 2^12 µs later
                hold(got.a, now + static_cast<TimeUs>(rng() % 4 == 0 ? 0 : rng() % 4096));
            const int children = grow ? static_cast<int>(rng() % 2) : 0;
            for (int c = 0; c < children; ++c) {
                const int width = static_cast<int>(rng() % 31);
                schedule(now + (width == 0 ? 0 : static_cast<TimeUs>(rng() >> (64 - width))));
            }
        }
    }
}

TEST_CASE("constant-rate arrivals draw as their thinning did", "[sim]") {
    // An empty rate function means the maximum rate throughout: the same arrivals, draw for
    // draw, as thinning with a rate function that always returns it.
    PoissonArrivals thinned([](TimeUs) { return 80000.0; }, 80000.0, make_stream(4, "c"));
    PoissonArrivals constant({}, 80000.0, make_stream(4, "c"));
    TimeUs a = -1, b = -1;
    for (int i = 0; i < 200000; ++i) {
        a = thinned.next(a, 10 * kSecond);
        b = constant.next(b, 10 * kSecond);
        REQUIRE(a == b);
    }
}

TEST_CASE("thinned Poisson arrivals follow a time-varying rate", "[sim]") {
    // 100/s for the first 100 s, then 300/s: expected 10,000 and 30,000 arrivals
    // (sd 100 and 173; the bounds are 5 sd).
    PoissonArrivals arrivals([](TimeUs t) { return t < 100 * kSecond ? 100.0 : 300.0; }, 300.0,
                             make_stream(9, "a"));
    int before = 0, after = 0;
    TimeUs t = -1;
    while ((t = arrivals.next(t, 200 * kSecond)) >= 0)
        (t < 100 * kSecond ? before : after)++;
    CHECK(std::abs(before - 10000) < 500);
    CHECK(std::abs(after - 30000) < 870);
}

TEST_CASE("Poisson arrivals at a high rate lose none to the microsecond clock", "[sim]") {
    // 200,000/s for 20 s: 4,000,000 expected (sd 2,000; the bound is 5 sd). Candidates 5 µs
    // apart on average share a microsecond about 10 % of the time; dropping them (or
    // restarting the process from the rounded-up time) would lose about 10 % (5 %).
    PoissonArrivals arrivals([](TimeUs) { return 200000.0; }, 200000.0, make_stream(3, "hot"));
    std::int64_t count = 0;
    TimeUs t = -1, last = -1;
    bool increasing = true;
    while ((t = arrivals.next(t, 20 * kSecond)) >= 0) {
        ++count;
        increasing = increasing && t > last;
        last = t;
    }
    CHECK(increasing);
    CHECK(std::abs(count - 4'000'000) < 10'000);
}
