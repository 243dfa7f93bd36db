// Comparison: the traffic of one run priced under every capacity mode, with the break-even
// utilisation between provisioned and on-demand capacity (issue 6, "Cost model").
//
// Priced, not re-simulated: each alternative is a capacity plan derived from the run's
// consumption — `ddbsim recommend` is the command that simulates candidate settings.
// - provisioned-fixed: the capacity needed to not throttle, taken as the highest one-second
//   consumption of the run (rounded up), held all run;
// - provisioned-autoscaling: the run's own bill when it ran with auto scaling; otherwise a
//   target-tracking estimate: each minute's average consumption / target utilisation;
// - on-demand: the consumed request units at the on-demand price;
// - reserved-1y / reserved-3y: the fixed plan with whole blocks of 100 units reserved (upfront
//   amortised over the term) and the remainder at the standard hourly price.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "cost/bill.hpp"

namespace ddbsim::cost {

// Consumption per second of the run (table + GSIs), half units.
struct TrafficProfile {
    std::vector<std::int64_t> read_halves;
    std::vector<std::int64_t> write_halves;
};

struct Alternative {
    std::string key;  // as-run, provisioned-fixed, provisioned-autoscaling, on-demand, reserved-1y,
                      // reserved-3y
    std::string label;  // for people
    std::string basis;  // how its capacity was chosen
    bool available = true;
    std::string why_not;            // when not available
    std::int64_t rcu = 0, wcu = 0;  // provisioned plans: the (peak) capacity
    Bill run;
    Bill month;  // projected to one catalog month
};

struct Comparison {
    std::vector<Alternative> alternatives;
    std::string cheapest;  // key of the cheapest available alternative (by monthly total)
    // On-demand is cheaper than fixed provisioned capacity while the average utilisation of
    // that capacity stays below these fractions (price per unit-hour / on-demand price of
    // 3,600 units).
    double breakeven_read_utilisation = 0;
    double breakeven_write_utilisation = 0;
    // The average utilisation of the provisioned-fixed plan in this run.
    double fixed_read_utilisation = 0;
    double fixed_write_utilisation = 0;
    std::vector<std::string> notes;

    // The alternative with this key, or null.
    const Alternative* find(const std::string& key) const {
        for (const auto& a : alternatives)
            if (a.key == key) return &a;
        return nullptr;
    }
};

struct ComparisonInput {
    Usage as_run;
    TrafficProfile traffic;
    bool ran_with_autoscaling = false;
    double autoscaling_target = 0.7;  // the scenario's TargetValue / 100, else AWS's default 70 %
    std::int64_t autoscaling_min = 1;
    std::int64_t throttled_requests = 0;
};

Comparison compare_modes(const ComparisonInput& input, const PriceCatalog& catalog,
                         bool free_tier = true);

}  // namespace ddbsim::cost
