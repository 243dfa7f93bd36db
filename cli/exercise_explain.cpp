#include "exercise_explain.hpp"

#include <cmath>
#include <sstream>

#include "model/partition_map.hpp"
#include "reports/format_util.hpp"
#include "run/operation_runner.hpp"

namespace ddbsim::cli {
namespace {

using reports::grouped;
using Op = workload::OperationStream::Op;

std::string num(double v) {
    if (std::fabs(v - std::round(v)) < 1e-9) return grouped(v);
    return grouped(v, v < 10 ? 2 : 1);
}

// The rule's units per request for single-item operations of a fixed item size (nullopt
// when the cost depends on what the request finds: Query, Scan, updates of other items).
std::optional<double> rule_units(const workload::OperationStream& s, std::ostringstream& why) {
    const double size = static_cast<double>(s.item_bytes);
    const bool fixed = s.item_size.kind == workload::SizeDistribution::Kind::kFixed;
    if (!fixed) {
        why << "item sizes vary per key (mean " << grouped(size) << " B); measured below\n";
        return std::nullopt;
    }
    const int n = run::is_group(s.op) ? s.group_size : 1;
    switch (s.op) {
        case Op::kGetItem:
        case Op::kTransactGetItems: {
            const double blocks = std::ceil(size / 4096);
            const bool tx = s.op == Op::kTransactGetItems;
            const bool strong = s.consistency == storage::ReadConsistency::kStrong;
            const double per = tx ? 2 * blocks : (strong ? blocks : blocks / 2);
            why << "      " << grouped(size) << " B item → ⌈" << grouped(size)
                << " / 4,096⌉ = " << num(blocks) << " read unit" << (blocks == 1 ? "" : "s")
                << " of 4 KB; "
                << (tx       ? "transactional: × 2"
                    : strong ? "strongly consistent: × 1"
                             : "eventually consistent: × ½")
                << " = " << num(per) << " RCU";
            if (n > 1) why << " × " << n << " items = " << num(per * n) << " RCU";
            why << "\n";
            return per * n;
        }
        case Op::kPutItem:
        case Op::kDeleteItem:
        case Op::kTransactWriteItems:
        case Op::kBatchWriteItem: {
            const double blocks = std::ceil(size / 1024);
            const bool tx = s.op == Op::kTransactWriteItems;
            const double per = tx ? 2 * blocks : blocks;
            why << "      " << grouped(size) << " B item → ⌈" << grouped(size)
                << " / 1,024⌉ = " << num(blocks) << " write unit" << (blocks == 1 ? "" : "s")
                << " of 1 KB" << (tx ? "; transactional: × 2" : "") << " = " << num(per) << " WCU";
            if (n > 1) why << " × " << n << " items = " << num(per * n) << " WCU";
            why << "\n";
            return per * n;
        }
        default:
            why << "      " << workload::operation_name(s.op)
                << ": billed on the items it reads or the item it changes; measured below\n";
            return std::nullopt;
    }
}

}  // namespace

std::string explain_exercise(const std::string& name, const reports::Report& r) {
    std::ostringstream out;
    const auto& base = r.outcomes.front();
    const auto& sc = base.scenario;
    out << name << "\n" << std::string(name.size(), '=') << "\n" << sc.description << "\n\n";

    out << "Step by step (" << base.result.fidelity << " fidelity, "
        << reports::duration_text(static_cast<double>(sc.config.duration) / 1e6)
        << " simulated):\n";
    for (const auto& s : sc.config.streams) {
        const bool write = run::is_write(s.op);
        out << "  stream \"" << s.name << "\": " << workload::operation_name(s.op);
        if (!write && s.op != Op::kTransactGetItems)
            out << (s.consistency == storage::ReadConsistency::kStrong ? ", strongly consistent"
                                                                       : ", eventually consistent");
        out << ", peak " << num(s.traffic.max_rate()) << " requests/s\n";
        std::ostringstream why;
        const auto rule = rule_units(s, why);
        out << why.str();
        auto it = base.metrics.find("unitsPerRequest." + s.name);
        if (it != base.metrics.end()) {
            out << "      measured on the storage core: " << num(it->second)
                << (write ? " WCU" : " RCU") << " per request";
            if (rule && std::fabs(*rule - it->second) > 1e-9)
                out << " (differs from the rule: keys, attributes and what the request finds count "
                       "too)";
            out << "\n";
            out << "      capacity needed: " << num(s.traffic.max_rate()) << " requests/s × "
                << num(it->second) << " = " << num(it->second * s.traffic.max_rate())
                << (write ? " WCU" : " RCU") << "\n";
        }
    }

    const auto& cap = sc.config.capacity;
    const std::int64_t rcu =
        cap.on_demand ? std::max(cap.on_demand_initial_rcu, cap.warm_rcu) : cap.rcu;
    const std::int64_t wcu =
        cap.on_demand ? std::max(cap.on_demand_initial_wcu, cap.warm_wcu) : cap.wcu;
    const double parts_by_size =
        std::max(1.0, std::ceil(static_cast<double>(sc.config.initial_data_bytes) / 1e10));
    out << "  partitions: throughput ⌈" << grouped(static_cast<double>(rcu)) << " / 3,000 + "
        << grouped(static_cast<double>(wcu))
        << " / 1,000⌉ = " << model::PartitionMap::initial_count(rcu, wcu, 0) << "; size ⌈"
        << grouped(static_cast<double>(sc.config.initial_data_bytes))
        << " B / 10^10 B⌉ = " << num(parts_by_size) << " → "
        << workload::initial_partitions(sc.config) << " partition"
        << (workload::initial_partitions(sc.config) == 1 ? "" : "s") << " at the start";
    if (cap.on_demand) out << " (on-demand: sized for its initial throughput)";
    out << "\n";

    for (const auto& a : base.costs.alternatives) {
        if (a.key != "as-run") continue;
        out << "  the bill as run (" << sc.catalog.name << " prices):\n";
        for (const auto& l : a.run.lines) {
            if (l.amount.nanos == 0 && l.quantity == 0) continue;
            out << "      " << l.item << ": " << num(l.quantity) << " " << l.unit << " × "
                << cost::format_dollars(l.unit_price, 5) << " " << l.price_unit << " = "
                << cost::format_dollars(l.amount, 4) << "\n";
        }
        out << "      total " << cost::format_dollars(a.run.total) << " for the run; "
            << cost::format_dollars(a.month.total) << " projected to a "
            << sc.catalog.hours_per_month << "-hour month\n";
    }
    if (r.outcomes.size() > 1) {
        out << "\nWhat-ifs:\n";
        for (std::size_t i = 1; i < r.outcomes.size(); ++i) {
            const auto& o = r.outcomes[i];
            out << "  " << o.name << (o.description.empty() ? "" : ": " + o.description) << " — "
                << reports::metric_text(o, "throttledRequests.sum") << " throttled, "
                << reports::metric_text(o, "consumedRCU.sum") << " RCU and "
                << reports::metric_text(o, "consumedWCU.sum") << " WCU consumed\n";
        }
    }
    out << "\nChecks:\n";
    for (const auto& e : r.expectations) {
        out << "  " << (e.passed ? "pass" : "FAIL") << "  "
            << (e.run == "baseline" ? "" : e.run + ": ") << e.message;
        if (!e.expectation.description.empty()) out << " — " << e.expectation.description;
        out << "\n";
    }
    return out.str();
}

}  // namespace ddbsim::cli
