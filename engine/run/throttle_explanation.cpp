#include "run/throttle_explanation.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>

#include "model/throttle_reason.hpp"
#include "run/item_factory.hpp"
#include "run/operation_runner.hpp"

namespace ddbsim::run {
namespace {

std::string num(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, v >= 100 ? "%.0f" : "%.1f", v);
    return buf;
}

// The busiest per-second consumption of one side and its provisioned level then.
struct Peak {
    double consumed = 0, provisioned = 0;
};
Peak peak(const RunResult& r, bool write) {
    Peak p;
    for (const auto& s : r.metrics.seconds()) {
        const double c = (write ? s.consumed_write_halves : s.consumed_read_halves) / 2.0;
        if (c >= p.consumed) {
            p.consumed = c;
            p.provisioned = write ? s.provisioned_wcu : s.provisioned_rcu;
        }
    }
    return p;
}

ThrottleExplanation::Reason describe(const Outcome& o, const model::ThrottleReason& reason,
                                     std::int64_t events) {
    using Kind = model::ThrottleKind;
    const auto& cap = o.scenario.config.capacity;
    const bool w = reason.write;
    const char* unit = w ? "WCU" : "RCU";
    ThrottleExplanation::Reason out{reason.code(), events, {}, {}};
    if (reason.scope == model::ThrottleScope::kIndex) {
        out.why = std::string("a global secondary index had too little ") + (w ? "write" : "read") +
                  " capacity" + (w ? " (its back-pressure throttles the table's writes)" : "");
        out.fix = std::string("raise the index's ProvisionedThroughput ") + unit +
                  " or give it auto scaling (autoScaling.indexes)";
        return out;
    }
    switch (reason.kind) {
        case Kind::kProvisionedThroughputExceeded: {
            const Peak p = peak(o.result, w);
            out.why = std::string("the table's ") + (w ? "writes" : "reads") +
                      " asked for more than its provisioned " + unit +
                      " and burst could give (busiest second: " + num(p.consumed) + " " + unit +
                      " consumed with " + num(p.provisioned) + " provisioned)";
            out.fix = std::string(
                "more capacity: provision above the demand, auto scaling, or on-demand");
            break;
        }
        case Kind::kKeyRangeThroughputExceeded:
            out.why = std::string("a partition passed its hard limit of ") +
                      std::to_string(w ? cap.partition_max_wcu : cap.partition_max_rcu) + " " +
                      unit + " a second — hot keys (below) — whatever the table's capacity";
            out.fix =
                std::string(w ? "spread the hot key: write sharding (sharding.shards)"
                              : "spread the hot key: DAX in front of reads, or eventually "
                                "consistent reads, or sharding") +
                (cap.adaptive_capacity ? "" : "; turn adaptive capacity on (capacity.adaptive)");
            break;
        case Kind::kMaxOnDemandThroughputExceeded:
            out.why =
                "on-demand traffic rose faster than the table's ceiling (double its previous peak) "
                "could follow";
            out.fix =
                "pre-warm: create the table provisioned at the peak and switch to on-demand, or "
                "raise onDemand.warmRead/Write";
            break;
        case Kind::kAccountLimitExceeded:
            out.why = "the account's per-table throughput quota was reached";
            out.fix = "ask AWS for a higher quota (onDemand.maxRead/Write model it)";
            break;
    }
    return out;
}

}  // namespace

ThrottleExplanation explain_throttles(const Outcome& o) {
    ThrottleExplanation e;
    const auto& r = o.result;
    std::array<std::int64_t, model::kThrottleReasonCount> by_reason{};
    for (const auto& m : r.metrics.minutes())
        for (int i = 0; i < model::kThrottleReasonCount; ++i)
            by_reason[static_cast<std::size_t>(i)] +=
                m.throttles_by_reason[static_cast<std::size_t>(i)];
    for (int i = 0; i < model::kThrottleReasonCount; ++i) {
        const auto n = by_reason[static_cast<std::size_t>(i)];
        if (n == 0) continue;
        e.total_events += n;
        e.reasons.push_back(describe(o, model::ThrottleReason::from_index(i), n));
    }
    std::stable_sort(e.reasons.begin(), e.reasons.end(),
                     [](const auto& a, const auto& b) { return a.events > b.events; });

    // Partitions at ≥ 90 % of their hard limit in some minute.
    const auto& cap = o.scenario.config.capacity;
    std::vector<ThrottleExplanation::HotPartition> parts;
    for (const auto& m : r.metrics.minutes()) {
        const std::size_t n =
            std::max(m.partition_read_halves.size(), m.partition_write_halves.size());
        if (parts.size() < n) parts.resize(n);
        for (std::size_t p = 0; p < n; ++p) {
            const double rd = p < m.partition_read_halves.size() ? m.partition_read_halves[p] : 0;
            const double wr = p < m.partition_write_halves.size() ? m.partition_write_halves[p] : 0;
            const double use = std::max(rd / 120 / static_cast<double>(cap.partition_max_rcu),
                                        wr / 120 / static_cast<double>(cap.partition_max_wcu));
            auto& hp = parts[p];
            hp.partition = static_cast<int>(p) + 1;
            hp.peak_use = std::max(hp.peak_use, use);
            if (use >= 0.9) ++hp.minutes;
        }
    }
    for (const auto& hp : parts)
        if (hp.minutes > 0) e.partitions.push_back(hp);
    std::stable_sort(e.partitions.begin(), e.partitions.end(),
                     [](const auto& a, const auto& b) { return a.minutes > b.minutes; });
    if (e.partitions.size() > 10) e.partitions.resize(10);

    // Keys whose own traffic is more than one partition serves.
    const auto& streams = o.scenario.config.streams;
    for (std::size_t i = 0; i < streams.size(); ++i) {
        const auto& s = streams[i];
        const bool write = is_write(s.op);
        std::uint64_t top = 0;
        double share = s.keys.probability(0);
        for (const auto& h : s.keys.hot_keys()) {
            const double p = s.keys.probability(h.key);
            if (p > share) {
                share = p;
                top = h.key;
            }
        }
        const int shards = std::max(s.write_shards, 1);
        const double per_key =
            s.traffic.max_rate() * share * units_per_request(o.result, i) / (write ? shards : 1);
        double limit = static_cast<double>(write ? cap.partition_max_wcu : cap.partition_max_rcu);
        if (!write && eventual_read(s.op, s.consistency)) limit *= cap.eventual_read_ceiling;
        if (per_key <= limit) continue;
        ThrottleExplanation::HotKey k;
        k.stream = s.name;
        k.key = key_text(s, top, s.write_shards > 0 ? 0 : kNoShard);
        k.units_per_second = per_key;
        k.limit = limit;
        k.shards_needed = static_cast<int>(std::ceil(per_key * shards / limit));
        e.keys.push_back(k);
    }
    return e;
}

}  // namespace ddbsim::run
