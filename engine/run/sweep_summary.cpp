#include "run/sweep_summary.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>

#include <boost/math/distributions/students_t.hpp>

#include "run/outcome.hpp"

namespace ddbsim::run {

nlohmann::json sweep_row_json(const SweepRow& r) {
    return {{"task", r.task}, {"point", r.point},       {"seedIndex", r.seed_index},
            {"seed", r.seed}, {"fidelity", r.fidelity}, {"metrics", r.metrics}};
}

std::optional<SweepRow> sweep_row_from_json(const nlohmann::json& j) {
    try {
        SweepRow row;
        row.task = j.at("task").get<std::size_t>();
        row.point = j.at("point").get<std::size_t>();
        row.seed_index = j.at("seedIndex").get<std::int64_t>();
        row.seed = j.at("seed").get<std::uint64_t>();
        row.fidelity = j.at("fidelity").get<std::string>();
        row.metrics = j.at("metrics").get<std::map<std::string, double>>();
        return row;
    } catch (const nlohmann::json::exception&) {
        return std::nullopt;
    }
}

SweepStatistic statistic_of(const std::vector<double>& values) {
    SweepStatistic s;
    s.n = values.size();
    if (values.empty()) return s;
    // Two passes (mean, then squared deviations): exact enough and order-fixed.
    double sum = 0;
    s.min = s.max = values.front();
    for (const double v : values) {
        sum += v;
        s.min = std::min(s.min, v);
        s.max = std::max(s.max, v);
    }
    s.mean = sum / static_cast<double>(s.n);
    if (s.n < 2) return s;
    double squares = 0;
    for (const double v : values)
        squares += (v - s.mean) * (v - s.mean);
    s.sd = std::sqrt(squares / static_cast<double>(s.n - 1));
    const boost::math::students_t t(static_cast<double>(s.n - 1));
    s.ci95 = boost::math::quantile(t, 0.975) * s.sd / std::sqrt(static_cast<double>(s.n));
    return s;
}

SweepSummary summarize_sweep(const workload::Sweep& sweep, const std::vector<SweepRow>& rows) {
    SweepSummary out;
    std::set<std::string> names;
    for (const auto& r : rows)
        for (const auto& [name, value] : r.metrics)
            names.insert(name);
    const std::size_t points = sweep.points();
    std::vector<std::vector<const SweepRow*>> by_point(points);
    for (const auto& r : rows)
        if (r.point < points) by_point[r.point].push_back(&r);
    for (std::size_t p = 0; p < points; ++p) {
        SweepPoint point;
        point.point = p;
        point.coordinates = sweep.coordinates(p);
        for (const auto& name : names) {
            std::vector<double> values;
            for (const SweepRow* r : by_point[p])
                if (auto it = r->metrics.find(name); it != r->metrics.end())
                    values.push_back(it->second);
            if (!values.empty()) point.metrics[name] = statistic_of(values);
        }
        out.points.push_back(std::move(point));
    }
    for (const auto& name : names) {
        SweepEffect effect;
        effect.metric = name;
        for (std::size_t i = 0; i < sweep.parameters.size(); ++i) {
            std::vector<double> sum(sweep.parameters[i].values.size(), 0.0);
            std::vector<double> count(sum.size(), 0.0);
            for (const auto& point : out.points) {
                auto it = point.metrics.find(name);
                if (it == point.metrics.end()) continue;
                sum[point.coordinates[i]] += it->second.mean;
                count[point.coordinates[i]] += 1;
            }
            double lo = 0, hi = 0;
            bool any = false;
            for (std::size_t v = 0; v < sum.size(); ++v) {
                if (count[v] == 0) continue;
                const double m = sum[v] / count[v];
                lo = any ? std::min(lo, m) : m;
                hi = any ? std::max(hi, m) : m;
                any = true;
            }
            effect.spread.push_back(hi - lo);
            if (effect.spread.back() > effect.spread[effect.strongest]) effect.strongest = i;
        }
        out.effects.push_back(std::move(effect));
    }
    return out;
}

std::vector<SweepCheck> check_sweep(const std::vector<workload::Expectation>& expect,
                                    const SweepSummary& summary) {
    std::vector<SweepCheck> checks;
    for (const auto& e : expect) {
        if (!e.variant.empty() && e.variant != "*") continue;  // a what-if's: not a sweep's
        const std::string key = metric_key(e);
        for (const auto& p : summary.points) {
            SweepCheck c;
            c.expectation = e;
            c.point = p.point;
            const std::string label = key + (e.over == "mean" ? "" : " (" + e.over + ")");
            auto it = p.metrics.find(key);
            if (it == p.metrics.end()) {
                c.message = key + " is not available at point " + std::to_string(p.point) +
                            ", expected " + expectation_bounds(e);
            } else {
                const auto& s = it->second;
                const double v = e.over == "upper95"   ? s.mean + s.ci95
                                 : e.over == "lower95" ? s.mean - s.ci95
                                                       : s.mean;
                c.actual = v;
                c.passed = expectation_holds(e, v);
                char value[64];
                std::snprintf(value, sizeof value, "%.6g", v);
                c.message = label + " = " + value + " at point " + std::to_string(p.point) +
                            ", expected " + expectation_bounds(e);
            }
            checks.push_back(std::move(c));
        }
    }
    return checks;
}

}  // namespace ddbsim::run
