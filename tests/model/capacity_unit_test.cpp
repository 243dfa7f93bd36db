// The capacity unit (model/capacity_unit.hpp): one API for a table's or a GSI's upkeep, the
// same whether a driver calls it every second or once after an idle hour.
#include <catch2/catch.hpp>

#include <vector>

#include "model/capacity_unit.hpp"

using namespace ddbsim::model;
using ddbsim::sim::kMinute;
using ddbsim::sim::kSecond;
using ddbsim::sim::TimeUs;

namespace {

CapacityUnitConfig provisioned(std::int64_t wcu, std::optional<AutoScalingPolicy> writes) {
    CapacityUnitConfig c;
    c.capacity.rcu = 5;
    c.capacity.wcu = wcu;
    c.partitions = PartitionMap::initial_count(5, wcu, 0);
    c.write_scaling = writes;
    return c;
}

// Writes `units` one-unit writes at `now` on partition 0 (each admitted or not).
void write(CapacityUnit& u, TimeUs now, int units) {
    for (int i = 0; i < units; ++i) {
        const auto a = u.admit(now, 0, true);
        if (a.admitted) u.charge(now, 0, true, a, 2);
    }
}

}  // namespace

TEST_CASE("charges count into the minute's datapoint without the caller counting them",
          "[model][unit]") {
    CapacityUnit u(provisioned(100, std::nullopt), 0);
    write(u, 500'000, 30);  // 30 one-unit writes in the first second
    (void)u.advance_to(kSecond);
    CHECK(u.minute_halves(true) == 60);
    write(u, kSecond + 1, 10);
    (void)u.advance_to(2 * kSecond);
    CHECK(u.minute_halves(true) == 80);
    (void)u.advance_to(kMinute);  // the minute closes: its datapoint is taken and reset
    CHECK(u.minute_halves(true) == 0);
}

TEST_CASE("an idle hour in one advance_to is the same as 3,600 one-second calls", "[model][unit]") {
    // 1,000 WCU with target tracking at 70 % and nothing written: scale-in after 15 minutes
    // of datapoints 20 points below target, rationed decreases, each after a 2-minute update.
    AutoScalingPolicy policy{5, 1000, 70};
    CapacityUnit stepped(provisioned(1000, policy), 0), jumped(provisioned(1000, policy), 0);
    write(stepped, 0, 100);
    write(jumped, 0, 100);
    std::vector<TimeUs> stepped_decided, jumped_decided;
    for (TimeUs t = kSecond; t <= 60 * kMinute; t += kSecond)
        for (TimeUs at : stepped.advance_to(t).decided)
            stepped_decided.push_back(at);
    for (TimeUs at : jumped.advance_to(60 * kMinute).decided)
        jumped_decided.push_back(at);
    CHECK(stepped_decided == jumped_decided);
    REQUIRE_FALSE(jumped_decided.empty());
    // The first decision: 15 minutes of datapoints, at 15:00, in effect at 17:00.
    CHECK(jumped_decided.front() == 17 * kMinute);
    CHECK(jumped.capacity().table_wcu() == stepped.capacity().table_wcu());
    CHECK(jumped.capacity().table_wcu() < 1000);
    CHECK(jumped.capacity().table_wcu() >= 5);
}

TEST_CASE("a change takes effect at its time, and the partitions its throughput needs follow",
          "[model][unit]") {
    // 900 WCU on one partition, target 50 %, max 3,000: 800 WCU/s consumed for 2 minutes
    // decides ceil(800 / 0.5) = 1,600 WCU, in effect 2 minutes later: 2 partitions.
    AutoScalingPolicy policy{100, 3000, 50};
    CapacityUnit u(provisioned(900, policy), 0);
    std::vector<int> splits;
    u.on_split([&](int p) { splits.push_back(p); });
    std::vector<TimeUs> decided;
    for (TimeUs t = 0; t < 2 * kMinute; t += kSecond) {
        write(u, t, 800);
        for (TimeUs at : u.advance_to(t + kSecond).decided)
            decided.push_back(at);
    }
    REQUIRE(decided == std::vector<TimeUs>{4 * kMinute});
    CHECK(u.capacity().table_wcu() == 900);
    CHECK(u.apply_changes(4 * kMinute - 1).applied == false);  // not yet
    const auto upkeep = u.apply_changes(4 * kMinute);
    CHECK(upkeep.applied);
    CHECK(u.capacity().table_wcu() == 1600);
    CHECK(u.partitions().size() == 2);
    CHECK(splits == std::vector<int>{0});
    CHECK(u.capacity().partitions() == 2);
}

TEST_CASE("on-demand: the seconds advance_to observes set the previous peak", "[model][unit]") {
    // A new on-demand table at 4,000 WRU: 3,000 writes in one second; 30 minutes later that
    // second is the previous peak and the table serves up to double it instantly.
    CapacityUnitConfig c;
    c.capacity.on_demand = true;
    c.capacity.on_demand_initial_wcu = 4000;
    c.partitions = 4;
    CapacityUnit u(c, 0);
    for (int p = 0; p < 4; ++p) {
        for (int i = 0; i < 750; ++i) {
            const auto a = u.admit(0, p, true);
            REQUIRE(a.admitted);
            u.charge(0, p, true, a, 2);
        }
    }
    (void)u.advance_to(kSecond);
    CHECK(u.capacity().table_wcu() == 4000);  // the initial level still rules
    // Idle for 31 minutes, in one call: the busy second has left the 30-minute window.
    (void)u.advance_to(31 * kMinute + kSecond);
    (void)u.admit(31 * kMinute + kSecond, 0, true);  // the allowance is updated on use
    CHECK(u.capacity().table_wcu() == 6000);         // 2 × 3,000
}
