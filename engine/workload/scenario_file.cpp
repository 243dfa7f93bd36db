#include "workload/scenario_file.hpp"

#include <algorithm>
#include <set>

#include "storage/dynamodb_json.hpp"

namespace ddbsim::workload {
namespace {

using nlohmann::json;

std::string list(const std::vector<std::string>& names) {
    std::string out;
    for (const auto& n : names)
        out += (out.empty() ? "" : ", ") + n;
    return out;
}

const std::vector<std::string> kCostModes = {
    "as-run",      "provisioned-fixed", "provisioned-autoscaling", "on-demand", "reserved-1y",
    "reserved-3y", "cheapest"};

// Applies a variant's `set` and `remove` to a copy of the baseline document.
std::optional<json> apply_overrides(const json& base, const json& variant, const std::string& p,
                                    std::vector<Problem>& problems) {
    json doc = base;
    doc.erase("whatIf");
    doc.erase("expect");
    doc.erase("sweep");
    bool ok = true;
    if (auto it = variant.find("set"); it != variant.end()) {
        if (!it->is_object()) {
            problems.push_back({p + "/set", "expected an object of {\"/json/pointer\": value}"});
            return std::nullopt;
        }
        for (const auto& [pointer, value] : it->items()) {
            const std::string where = p + "/set/" + storage::json_pointer_escape(pointer);
            try {
                json::json_pointer ptr(pointer);
                if (pointer.empty() || pointer.rfind("/whatIf", 0) == 0 ||
                    pointer.rfind("/expect", 0) == 0) {
                    problems.push_back({where,
                                        "expected a pointer into the scenario (not \"\", "
                                        "/whatIf or /expect)"});
                    ok = false;
                    continue;
                }
                if (!doc.contains(ptr.parent_pointer())) {
                    problems.push_back({where, "the parent of \"" + pointer +
                                                   "\" is not in the scenario, expected a "
                                                   "pointer to an existing object or array"});
                    ok = false;
                    continue;
                }
                json& parent = doc[ptr.parent_pointer()];
                if (!parent.is_object() && !parent.is_array()) {
                    problems.push_back(
                        {where, "the parent of \"" + pointer + "\" is not an object or array"});
                    ok = false;
                    continue;
                }
                doc[ptr] = value;
            } catch (const json::exception& e) {
                problems.push_back({where, "\"" + pointer +
                                               "\" is not a usable JSON pointer, expected e.g. "
                                               "\"/table/BillingMode\""});
                ok = false;
            }
        }
    }
    if (auto it = variant.find("remove"); it != variant.end()) {
        if (!it->is_array()) {
            problems.push_back({p + "/remove", "expected an array of JSON pointers"});
            return std::nullopt;
        }
        for (std::size_t i = 0; i < it->size(); ++i) {
            const std::string where = p + "/remove/" + std::to_string(i);
            const json& entry = (*it)[i];
            if (!entry.is_string()) {
                problems.push_back({where, "expected a JSON pointer string"});
                ok = false;
                continue;
            }
            try {
                json::json_pointer ptr(entry.get<std::string>());
                if (entry.get<std::string>().empty() || !doc.contains(ptr)) {
                    problems.push_back({where, "\"" + entry.get<std::string>() +
                                                   "\" is not in the scenario, expected a "
                                                   "pointer to a field to remove"});
                    ok = false;
                    continue;
                }
                json& parent = doc[ptr.parent_pointer()];
                if (parent.is_object())
                    parent.erase(ptr.back());
                else
                    parent.erase(static_cast<std::size_t>(std::stoul(ptr.back())));
            } catch (const std::exception&) {
                problems.push_back({where, "not a usable JSON pointer"});
                ok = false;
            }
        }
    }
    if (!ok) return std::nullopt;
    return doc;
}

std::optional<double> bound(const json& e, const char* name, const std::string& p,
                            std::vector<Problem>& problems) {
    auto it = e.find(name);
    if (it == e.end()) return std::nullopt;
    if (!it->is_number()) {
        problems.push_back({p + "/" + name, "found " + it->dump() + ", expected a number"});
        return std::nullopt;
    }
    return it->get<double>();
}

std::optional<Expectation> expectation(const json& e, const std::string& p,
                                       const std::set<std::string>& variants,
                                       const std::vector<std::string>& streams,
                                       const std::vector<std::string>& regions,
                                       std::vector<Problem>& problems) {
    if (!e.is_object()) {
        problems.push_back({p, "expected {\"metric\": ..., \"max\"|\"min\"|\"equals\": number}"});
        return std::nullopt;
    }
    const std::size_t before = problems.size();
    static const std::set<std::string> fields = {"metric",      "statistic", "mode",   "variant",
                                                 "min",         "max",       "equals", "tolerance",
                                                 "description", "stream",    "over",   "region"};
    for (const auto& [key, value] : e.items()) {
        if (!fields.count(key))
            problems.push_back({p + "/" + storage::json_pointer_escape(key),
                                "unknown field \"" + key +
                                    "\", expected one of: description, equals, max, metric, "
                                    "min, mode, over, region, statistic, stream, tolerance, "
                                    "variant"});
    }
    Expectation x;
    x.pointer = p;
    const auto& metrics = expectation_metrics();
    std::vector<std::string> names;
    for (const auto& [n, stats] : metrics)
        names.push_back(n);
    auto m = e.find("metric");
    const std::vector<std::string>* stats = nullptr;
    if (m == e.end() || !m->is_string()) {
        problems.push_back(
            {p + "/metric", (m == e.end() ? std::string("missing") : "found " + m->dump()) +
                                ", expected one of: " + list(names)});
    } else {
        x.metric = m->get<std::string>();
        for (const auto& [n, s] : metrics)
            if (n == x.metric) stats = &s;
        if (!stats)
            problems.push_back(
                {p + "/metric", "found \"" + x.metric + "\", expected one of: " + list(names)});
    }
    if (auto s = e.find("statistic"); s != e.end()) {
        if (!s->is_string()) {
            problems.push_back({p + "/statistic", "found " + s->dump() + ", expected a string"});
        } else {
            x.statistic = s->get<std::string>();
            if (stats && std::find(stats->begin(), stats->end(), x.statistic) == stats->end())
                problems.push_back(
                    {p + "/statistic", "found \"" + x.statistic + "\", expected " +
                                           (stats->empty() ? std::string("none for ") + x.metric
                                                           : "one of: " + list(*stats))});
        }
    } else if (stats && !stats->empty()) {
        x.statistic = stats->front();
    }
    const bool is_cost = x.metric == "cost" || x.metric == "monthlyCost";
    if (auto mo = e.find("mode"); mo != e.end()) {
        if (!is_cost) {
            problems.push_back({p + "/mode", "a mode applies to cost and monthlyCost only"});
        } else if (!mo->is_string() || std::find(kCostModes.begin(), kCostModes.end(),
                                                 mo->get<std::string>()) == kCostModes.end()) {
            problems.push_back(
                {p + "/mode", "found " + mo->dump() + ", expected one of: " + list(kCostModes)});
        } else {
            x.mode = mo->get<std::string>();
        }
    } else if (is_cost) {
        x.mode = "as-run";
    }
    if (auto v = e.find("variant"); v != e.end()) {
        if (!v->is_string() ||
            (v->get<std::string>() != "*" && v->get<std::string>() != "baseline" &&
             !variants.count(v->get<std::string>()))) {
            std::vector<std::string> vs = {"baseline", "*"};
            vs.insert(vs.end(), variants.begin(), variants.end());
            problems.push_back(
                {p + "/variant", "found " + v->dump() + ", expected one of: " + list(vs)});
        } else {
            x.variant = v->get<std::string>() == "baseline" ? "" : v->get<std::string>();
        }
    }
    const bool per_stream = x.metric == "unitsPerRequest" || x.metric == "capacityNeeded";
    if (auto s = e.find("stream"); s != e.end()) {
        if (!per_stream) {
            problems.push_back(
                {p + "/stream", "a stream applies to unitsPerRequest and capacityNeeded only"});
        } else if (!s->is_string() || std::find(streams.begin(), streams.end(),
                                                s->get<std::string>()) == streams.end()) {
            problems.push_back(
                {p + "/stream", "found " + s->dump() +
                                    ", expected one of the workload's streams: " + list(streams)});
        } else {
            x.stream = s->get<std::string>();
        }
    } else if (per_stream) {
        problems.push_back(
            {p + "/stream", "missing, expected one of the workload's streams: " + list(streams)});
    }
    if (auto rg = e.find("region"); rg != e.end()) {
        const bool known = rg->is_string() && (rg->get<std::string>() == "*" ||
                                               std::find(regions.begin(), regions.end(),
                                                         rg->get<std::string>()) != regions.end());
        if (!known) {
            std::vector<std::string> rs = regions;
            rs.push_back("*");
            problems.push_back(
                {p + "/region",
                 "found " + rg->dump() + ", expected one of the table's regions: " + list(rs)});
        } else if (per_stream) {
            problems.push_back({p + "/region",
                                "a region applies to table metrics, not to a "
                                "stream's (its requests in every region count)"});
        } else {
            x.region = rg->get<std::string>();
        }
    }
    x.min = bound(e, "min", p, problems);
    x.max = bound(e, "max", p, problems);
    x.equals = bound(e, "equals", p, problems);
    if (auto t = bound(e, "tolerance", p, problems)) {
        if (*t < 0)
            problems.push_back({p + "/tolerance", "expected a non-negative number"});
        else
            x.tolerance = *t;
    }
    if (!x.min && !x.max && !x.equals)
        problems.push_back({p, "expected a bound: \"max\", \"min\" or \"equals\""});
    if (x.min && x.max && *x.min > *x.max)
        problems.push_back({p, "\"min\" is above \"max\", expected min ≤ max"});
    if (auto d = e.find("description"); d != e.end() && d->is_string())
        x.description = d->get<std::string>();
    if (auto o = e.find("over"); o != e.end()) {
        if (!o->is_string() ||
            (o->get<std::string>() != "mean" && o->get<std::string>() != "upper95" &&
             o->get<std::string>() != "lower95"))
            problems.push_back({p + "/over", "found " + o->dump().substr(0, 40) +
                                                 ", expected mean, upper95 or lower95 (sweeps: "
                                                 "what of a point's runs is bounded)"});
        else
            x.over = o->get<std::string>();
    }
    if (problems.size() != before) return std::nullopt;
    return x;
}

}  // namespace

const std::vector<std::pair<std::string, std::vector<std::string>>>& expectation_metrics() {
    static const std::vector<std::pair<std::string, std::vector<std::string>>> metrics = {
        {"requests", {"sum"}},
        {"successfulRequests", {"sum"}},
        {"throttledRequests", {"sum", "max"}},
        {"gaveUpRequests", {"sum"}},
        {"userErrors", {"sum"}},
        {"conditionalCheckFailedRequests", {"sum"}},
        {"systemErrors", {"sum", "max"}},
        {"staleReads", {"sum"}},
        {"readThrottleEvents", {"sum", "max"}},
        {"writeThrottleEvents", {"sum", "max"}},
        {"consumedRCU", {"sum", "average", "max"}},
        {"consumedWCU", {"sum", "average", "max"}},
        {"consumedIndexRCU", {"sum"}},
        {"consumedIndexWCU", {"sum"}},
        {"provisionedRCU", {"max", "min", "average", "end"}},
        {"provisionedWCU", {"max", "min", "average", "end"}},
        {"partitions", {"max", "start", "end"}},
        {"latencyMs", {"p99", "p50", "p90"}},
        {"queueMaxDepth", {"max"}},
        {"queueMaxAgeSeconds", {"max"}},
        {"cacheHitRatio", {"average"}},
        {"replicatedWCU", {"sum"}},
        {"replicationLatencyMs", {"p99", "p50", "max"}},
        {"replicationBacklog", {"max"}},
        {"replicationConflicts", {"sum"}},
        {"replicationThrottles", {"sum"}},
        {"unitsPerRequest", {}},
        {"capacityNeeded", {}},
        {"cost", {}},
        {"monthlyCost", {}},
    };
    return metrics;
}

ScenarioFileLoad load_scenario_file(const json& doc, const std::string& base_dir) {
    ScenarioFileLoad out;
    auto base = load_scenario(
        [&] {
            if (!doc.is_object()) return doc;
            json d = doc;
            d.erase("whatIf");
            d.erase("expect");
            d.erase("sweep");
            return d;
        }(),
        base_dir);
    out.problems = base.problems;
    if (!doc.is_object()) return out;

    ScenarioFile file;
    file.document = doc;
    std::set<std::string> names;
    if (auto it = doc.find("whatIf"); it != doc.end()) {
        if (!it->is_array()) {
            out.problems.push_back({"/whatIf", "found " + it->dump().substr(0, 40) +
                                                   ", expected an array of variants"});
        } else {
            for (std::size_t i = 0; i < it->size(); ++i) {
                const std::string p = "/whatIf/" + std::to_string(i);
                const json& v = (*it)[i];
                if (!v.is_object() || !v.contains("name") || !v["name"].is_string() ||
                    v["name"].get<std::string>().empty()) {
                    out.problems.push_back(
                        {p,
                         "expected {\"name\": \"...\", \"set\": {\"/json/pointer\": value}, "
                         "\"remove\": [\"/json/pointer\"]}"});
                    continue;
                }
                Variant variant;
                variant.name = v["name"].get<std::string>();
                if (variant.name == "baseline" || variant.name == "*" ||
                    !names.insert(variant.name).second) {
                    out.problems.push_back({p + "/name", "found \"" + variant.name +
                                                             "\", expected a unique name other "
                                                             "than \"baseline\" and \"*\""});
                    continue;
                }
                for (const auto& [key, value] : v.items()) {
                    if (key != "name" && key != "description" && key != "set" && key != "remove")
                        out.problems.push_back({p + "/" + storage::json_pointer_escape(key),
                                                "unknown field \"" + key +
                                                    "\", expected one of: description, name, "
                                                    "remove, set"});
                }
                if (v.contains("description") && v["description"].is_string())
                    variant.description = v["description"].get<std::string>();
                variant.overrides = json::object();
                if (v.contains("set")) variant.overrides["set"] = v["set"];
                if (v.contains("remove")) variant.overrides["remove"] = v["remove"];
                auto vdoc = apply_overrides(doc, v, p, out.problems);
                if (!vdoc) continue;
                auto load = load_scenario(*vdoc, base_dir);
                for (const auto& problem : load.problems) {
                    // The baseline's own problems are reported once, not again per variant.
                    const bool inherited = std::any_of(
                        base.problems.begin(), base.problems.end(), [&](const Problem& b) {
                            return b.pointer == problem.pointer && b.message == problem.message;
                        });
                    if (inherited) continue;
                    out.problems.push_back(
                        {problem.pointer,
                         "in what-if \"" + variant.name + "\" (" + p + "): " + problem.message});
                }
                if (load.ok()) {
                    variant.scenario = std::move(*load.scenario);
                    file.what_if.push_back(std::move(variant));
                }
            }
        }
    }
    if (auto it = doc.find("expect"); it != doc.end()) {
        if (!it->is_array()) {
            out.problems.push_back({"/expect", "found " + it->dump().substr(0, 40) +
                                                   ", expected an array of assertions"});
        } else {
            std::vector<std::string> streams, regions;
            if (base.scenario) {
                for (const auto& s : base.scenario->config.streams)
                    streams.push_back(s.name);
                regions = base.scenario->config.global.regions();
            }
            for (std::size_t i = 0; i < it->size(); ++i) {
                if (auto x = expectation((*it)[i], "/expect/" + std::to_string(i), names, streams,
                                         regions, out.problems))
                    file.expect.push_back(std::move(*x));
            }
        }
    }
    // A sweep's points are loaded now, so a value that does not fit is found before any run.
    if (auto sweep = read_sweep(doc, out.problems)) {
        for (std::size_t point = 0; point < sweep->points() && base.scenario; ++point) {
            std::vector<Problem> problems;
            auto pdoc = sweep_point_document(doc, *sweep, point, problems);
            std::string values;
            const auto c = sweep->coordinates(point);
            for (std::size_t i = 0; i < c.size(); ++i)
                values += (i ? ", " : "") + sweep->parameters[i].pointer + " = " +
                          sweep->parameters[i].values[c[i]].dump().substr(0, 60);
            if (pdoc) {
                auto load = load_scenario(*pdoc, base_dir);
                problems.insert(problems.end(), load.problems.begin(), load.problems.end());
            }
            for (auto& problem : problems)
                out.problems.push_back({problem.pointer, "in sweep point " + std::to_string(point) +
                                                             " (" + values +
                                                             "): " + problem.message});
            if (out.problems.size() > 100) break;  // one bad value fails every point alike
        }
        file.sweep = std::move(sweep);
    }
    if (out.problems.empty() && base.scenario) {
        file.baseline = std::move(*base.scenario);
        out.file = std::move(file);
    }
    return out;
}

}  // namespace ddbsim::workload
