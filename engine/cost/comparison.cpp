#include "cost/comparison.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace ddbsim::cost {
namespace {

std::int64_t peak_units(const std::vector<std::int64_t>& halves) {
    std::int64_t peak = 0;
    for (auto h : halves)
        peak = std::max(peak, h);
    return std::max<std::int64_t>(1, (peak + 1) / 2);
}

std::vector<std::int64_t> constant_hours(std::int64_t seconds, std::int64_t units) {
    return std::vector<std::int64_t>(static_cast<std::size_t>((seconds + 3599) / 3600), units);
}

// Target tracking estimate: each minute's average consumption / target, the hour's highest.
std::vector<std::int64_t> tracked_hours(const std::vector<std::int64_t>& halves,
                                        std::int64_t seconds, double target, std::int64_t min) {
    std::vector<std::int64_t> hours(static_cast<std::size_t>((seconds + 3599) / 3600), min);
    for (std::size_t m = 0; m * 60 < halves.size(); ++m) {
        std::int64_t sum = 0;
        const std::size_t end = std::min(halves.size(), m * 60 + 60);
        for (std::size_t s = m * 60; s < end; ++s)
            sum += halves[s];
        const double per_second =
            static_cast<double>(sum) / 2.0 / static_cast<double>(end - m * 60);
        const auto need = std::max(min, static_cast<std::int64_t>(std::ceil(per_second / target)));
        auto& h = hours[m / 60];
        h = std::max(h, need);
    }
    return hours;
}

Alternative make(std::string key, std::string label, std::string basis, const Usage& usage,
                 const PriceCatalog& catalog, bool free_tier) {
    Alternative a;
    a.key = std::move(key);
    a.label = std::move(label);
    a.basis = std::move(basis);
    a.run = price(usage, catalog, free_tier);
    a.month = project_to_month(a.run, usage.seconds, catalog);
    for (auto h : usage.hourly_rcu)
        a.rcu = std::max(a.rcu, h);
    for (auto h : usage.hourly_wcu)
        a.wcu = std::max(a.wcu, h);
    return a;
}

// The reserved plan: the fixed plan's capacity in whole blocks of 100 at the term's prices.
Alternative reserved(const Alternative& fixed, const Usage& fixed_usage,
                     const PriceCatalog& catalog, int years, bool free_tier) {
    Alternative a;
    a.key = "reserved-" + std::to_string(years) + "y";
    a.label = "Reserved capacity, " + std::to_string(years) + "-year term";
    a.rcu = fixed.rcu;
    a.wcu = fixed.wcu;
    const ReservedTerm* term = catalog.reserved_term(years);
    if (!term) {
        a.available = false;
        a.why_not = "no " + std::to_string(years) + "-year reserved prices in catalog \"" +
                    catalog.name + "\"";
        return a;
    }
    if (fixed_usage.table_class != TableClass::kStandard) {
        a.available = false;
        a.why_not = "reserved capacity applies to the Standard table class only";
        return a;
    }
    const std::int64_t wcu_blocks = fixed.wcu / 100, rcu_blocks = fixed.rcu / 100;
    a.basis = std::to_string(wcu_blocks * 100) + " WCU and " + std::to_string(rcu_blocks * 100) +
              " RCU reserved (blocks of 100), the rest of the fixed plan at standard prices; "
              "upfront amortised over the term";
    Usage rest = fixed_usage;
    for (auto& h : rest.hourly_wcu)
        h -= wcu_blocks * 100;
    for (auto& h : rest.hourly_rcu)
        h -= rcu_blocks * 100;
    a.run = price(rest, catalog, free_tier);
    const std::int64_t s = fixed_usage.seconds;
    const Int128 term_seconds = static_cast<Int128>(years) * 8760 * 3600;
    auto line = [&](const char* item, std::int64_t blocks, Money upfront, Money hourly) {
        if (blocks == 0) return;
        const Money up = scale(upfront, static_cast<Int128>(blocks) * s, term_seconds);
        const Money hr = scale(hourly, static_cast<Int128>(blocks) * s, Int128{3600});
        a.run.lines.push_back({std::string(item) + " (upfront, amortised)",
                               static_cast<double>(blocks * 100), "units", upfront,
                               "per 100 units per term", up});
        a.run.lines.push_back({std::string(item) + " (reserved hourly)",
                               static_cast<double>(blocks) * static_cast<double>(s) / 36.0,
                               "unit-hours", hourly, "per 100 unit-hours", hr});
        a.run.total += up + hr;
    };
    line("Reserved write capacity", wcu_blocks, term->wcu_upfront_per_100, term->wcu_hour_per_100);
    line("Reserved read capacity", rcu_blocks, term->rcu_upfront_per_100, term->rcu_hour_per_100);
    a.month = project_to_month(a.run, s, catalog);
    return a;
}

std::string percent(double f) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f %%", f * 100);
    return buf;
}

}  // namespace

Comparison compare_modes(const ComparisonInput& in, const PriceCatalog& catalog, bool free_tier) {
    Comparison c;
    const Usage& run = in.as_run;
    c.alternatives.push_back(make("as-run",
                                  run.on_demand ? "As run (on-demand)" : "As run (provisioned)",
                                  "the capacity the run had", run, catalog, free_tier));

    Usage fixed = run;
    fixed.on_demand = false;
    const std::int64_t rcu = peak_units(in.traffic.read_halves);
    const std::int64_t wcu = peak_units(in.traffic.write_halves);
    fixed.hourly_rcu = constant_hours(run.seconds, rcu);
    fixed.hourly_wcu = constant_hours(run.seconds, wcu);
    auto fixed_alt = make("provisioned-fixed", "Provisioned, fixed",
                          std::to_string(rcu) + " RCU / " + std::to_string(wcu) +
                              " WCU: the run's highest one-second consumption, held all run",
                          fixed, catalog, free_tier);
    c.alternatives.push_back(fixed_alt);

    if (in.ran_with_autoscaling && !run.on_demand) {
        auto a = make("provisioned-autoscaling", "Provisioned, auto scaling",
                      "the run's own auto-scaled capacity", run, catalog, free_tier);
        c.alternatives.push_back(a);
    } else {
        Usage tracked = run;
        tracked.on_demand = false;
        tracked.hourly_rcu = tracked_hours(in.traffic.read_halves, run.seconds,
                                           in.autoscaling_target, in.autoscaling_min);
        tracked.hourly_wcu = tracked_hours(in.traffic.write_halves, run.seconds,
                                           in.autoscaling_target, in.autoscaling_min);
        c.alternatives.push_back(
            make("provisioned-autoscaling", "Provisioned, auto scaling (estimate)",
                 "target tracking at " + percent(in.autoscaling_target) +
                     " utilisation on each minute's consumption (estimate; not simulated)",
                 tracked, catalog, free_tier));
    }

    Usage od = run;
    od.on_demand = true;
    od.hourly_rcu.clear();
    od.hourly_wcu.clear();
    c.alternatives.push_back(
        make("on-demand", "On-demand", "the run's consumed request units", od, catalog, free_tier));

    for (int years : {1, 3})
        c.alternatives.push_back(reserved(fixed_alt, fixed, catalog, years, free_tier));

    const ClassPrices& p =
        run.table_class == TableClass::kStandardInfrequentAccess && catalog.standard_ia
            ? *catalog.standard_ia
            : catalog.standard;
    // Provisioned costs price_hour per unit-hour; on-demand serves 3,600 units an hour at
    // price_per_million / 10^6 each: equal at utilisation price_hour / (3600 × that).
    auto breakeven = [](Money hour, Money per_million) {
        return per_million.nanos == 0 ? 0.0
                                      : static_cast<double>(hour.nanos) * 1e6 /
                                            (3600.0 * static_cast<double>(per_million.nanos));
    };
    c.breakeven_read_utilisation = breakeven(p.rcu_hour, p.read_per_million);
    c.breakeven_write_utilisation = breakeven(p.wcu_hour, p.write_per_million);
    if (run.seconds > 0) {
        c.fixed_read_utilisation = static_cast<double>(run.read_halves) / 2.0 /
                                   (static_cast<double>(rcu) * static_cast<double>(run.seconds));
        c.fixed_write_utilisation = static_cast<double>(run.write_halves) / 2.0 /
                                    (static_cast<double>(wcu) * static_cast<double>(run.seconds));
    }
    const Alternative* best = nullptr;
    for (const auto& a : c.alternatives) {
        if (!a.available || a.key == "as-run") continue;
        if (!best || a.month.total < best->month.total) best = &a;
    }
    if (best) c.cheapest = best->key;
    if (in.throttled_requests > 0) {
        c.notes.push_back("the run throttled " + std::to_string(in.throttled_requests) +
                          " requests: the alternatives price the traffic that was served, not "
                          "the traffic that was refused");
    }
    return c;
}

}  // namespace ddbsim::cost
