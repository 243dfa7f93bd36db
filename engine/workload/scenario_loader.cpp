#include "workload/scenario_loader.hpp"

#include <fstream>
#include <limits>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "common/json_text.hpp"
#include "storage/dynamodb_json.hpp"
#include "storage/expression.hpp"
#include "storage/item_size.hpp"
#include "storage/primary_key.hpp"
#include "workload/human_units.hpp"
#include "workload/replay.hpp"

namespace ddbsim::workload {
namespace {

using nlohmann::json;

std::string describe(const json& j) {
    std::string s = j.dump();
    if (s.size() > 60) s = s.substr(0, 57) + "...";
    return s;
}

constexpr std::int64_t kMaxDurationSeconds = std::numeric_limits<sim::TimeUs>::max() / sim::kSecond;

// Reads one scenario document, collecting every problem.
class Reader {
  public:
    std::vector<Problem> problems;
    std::string base_dir;  // where files a scenario names (replay series) are looked up

    void problem(const std::string& pointer, const std::string& message) {
        problems.push_back({pointer, message});
    }
    void expected(const std::string& pointer, const json& found, const std::string& what) {
        problem(pointer, "found " + describe(found) + ", expected " + what);
    }

    // Reports fields of `obj` not in `allowed`.
    void only(const json& obj, const std::string& pointer,
              std::initializer_list<const char*> allowed) {
        std::set<std::string> names(allowed.begin(), allowed.end());
        for (const auto& [key, value] : obj.items()) {
            if (names.count(key)) continue;
            std::string list;
            for (const auto& n : names)
                list += (list.empty() ? "" : ", ") + n;
            problem(pointer + "/" + storage::json_pointer_escape(key),
                    "unknown field \"" + key + "\", expected one of: " + list);
        }
    }

    const json* object(const json& parent, const char* name, const std::string& pointer,
                       bool required) {
        auto it = parent.find(name);
        if (it == parent.end()) {
            if (required) problem(pointer + "/" + name, std::string("missing, expected an object"));
            return nullptr;
        }
        if (!it->is_object()) {
            expected(pointer + "/" + name, *it, "an object");
            return nullptr;
        }
        return &*it;
    }

    std::optional<sim::TimeUs> duration(const json& parent, const char* name,
                                        const std::string& pointer, bool required) {
        auto it = parent.find(name);
        const std::string p = pointer + "/" + name;
        if (it == parent.end()) {
            if (required) problem(p, "missing, expected a duration such as \"30d\" or \"90s\"");
            return std::nullopt;
        }
        // Whole seconds, up to what microseconds of simulated time can hold (~292,000 years;
        // the run plan bounds what a run may actually keep).
        if (auto seconds = json_int64(*it);
            seconds && *seconds >= 0 && *seconds <= kMaxDurationSeconds)
            return *seconds * sim::kSecond;
        if (!it->is_string()) {
            expected(p, *it, "a duration such as \"30d\", \"15min\" or \"90s\"");
            return std::nullopt;
        }
        auto d = parse_duration_us(it->get<std::string>());
        if (!d) {
            expected(p, *it, "a duration such as \"30d\", \"15min\" or \"90s\"");
            return std::nullopt;
        }
        return *d;
    }

    std::optional<double> rate(const json& value, const std::string& p) {
        if (value.is_number() && value.get<double>() >= 0) return value.get<double>();
        if (value.is_string()) {
            if (auto r = parse_rate(value.get<std::string>())) return r->per_second();
        }
        expected(p, value, "a non-negative rate such as 100, \"100/s\" or \"6000/min\"");
        return std::nullopt;
    }

    std::optional<double> number(const json& parent, const char* name, const std::string& pointer,
                                 double lo, double hi, std::optional<double> fallback) {
        auto it = parent.find(name);
        const std::string p = pointer + "/" + name;
        if (it == parent.end()) {
            if (!fallback)
                problem(p, "missing, expected a number from " + fmt(lo) + " to " + fmt(hi));
            return fallback;
        }
        if (!it->is_number() || it->get<double>() < lo || it->get<double>() > hi) {
            expected(p, *it, "a number from " + fmt(lo) + " to " + fmt(hi));
            return std::nullopt;
        }
        return it->get<double>();
    }

    std::optional<std::int64_t> integer(const json& parent, const char* name,
                                        const std::string& pointer, std::int64_t lo,
                                        std::int64_t hi, std::optional<std::int64_t> fallback) {
        auto it = parent.find(name);
        const std::string p = pointer + "/" + name;
        if (it == parent.end()) {
            if (!fallback)
                problem(p, "missing, expected an integer from " + std::to_string(lo) + " to " +
                               std::to_string(hi));
            return fallback;
        }
        if (!it->is_number_integer() || it->get<std::int64_t>() < lo ||
            it->get<std::int64_t>() > hi) {
            expected(p, *it, "an integer from " + std::to_string(lo) + " to " + std::to_string(hi));
            return std::nullopt;
        }
        return it->get<std::int64_t>();
    }

    std::optional<bool> boolean(const json& parent, const char* name, const std::string& pointer,
                                bool fallback) {
        auto it = parent.find(name);
        if (it == parent.end()) return fallback;
        if (!it->is_boolean()) {
            expected(pointer + "/" + name, *it, "true or false");
            return std::nullopt;
        }
        return it->get<bool>();
    }

    std::optional<std::string> choice(const json& parent, const char* name,
                                      const std::string& pointer,
                                      std::initializer_list<const char*> options,
                                      std::optional<std::string> fallback) {
        auto it = parent.find(name);
        const std::string p = pointer + "/" + name;
        std::string list;
        for (const char* o : options)
            list += (list.empty() ? "" : ", ") + std::string("\"") + o + "\"";
        if (it == parent.end()) {
            if (!fallback) problem(p, "missing, expected one of " + list);
            return fallback;
        }
        if (it->is_string()) {
            for (const char* o : options) {
                if (it->get<std::string>() == o) return std::string(o);
            }
        }
        expected(p, *it, "one of " + list);
        return std::nullopt;
    }

    static std::string fmt(double v) {
        json j = v;
        std::string s = j.dump();
        if (s.size() > 2 && s.compare(s.size() - 2, 2, ".0") == 0) s.resize(s.size() - 2);
        return s;
    }
};

std::optional<model::AutoScalingPolicy> scaling_policy(Reader& r, const json& j,
                                                       const std::string& p) {
    if (!j.is_object()) {
        r.expected(p, j, "an Application Auto Scaling target-tracking object");
        return std::nullopt;
    }
    r.only(
        j, p,
        {"MinCapacity", "MaxCapacity", "TargetTrackingScalingPolicyConfiguration", "updateDelay"});
    model::AutoScalingPolicy policy;
    auto min = r.integer(j, "MinCapacity", p, 1, 40'000'000, std::nullopt);
    auto max = r.integer(j, "MaxCapacity", p, 1, 40'000'000, std::nullopt);
    const json* tt = r.object(j, "TargetTrackingScalingPolicyConfiguration", p, true);
    std::optional<double> target;
    if (tt) {
        r.only(*tt, p + "/TargetTrackingScalingPolicyConfiguration",
               {"TargetValue", "ScaleInCooldown", "ScaleOutCooldown", "DisableScaleIn",
                "PredefinedMetricSpecification"});
        target = r.number(*tt, "TargetValue", p + "/TargetTrackingScalingPolicyConfiguration", 20,
                          90, std::nullopt);
    }
    if (auto delay = r.duration(j, "updateDelay", p, false)) policy.update_delay = *delay;
    if (!min || !max || !target) return std::nullopt;
    if (*min > *max) {
        r.problem(p + "/MinCapacity", "found " + std::to_string(*min) +
                                          ", expected at most MaxCapacity (" +
                                          std::to_string(*max) + ")");
        return std::nullopt;
    }
    policy.min_capacity = *min;
    policy.max_capacity = *max;
    policy.target_utilization = *target;
    return policy;
}

// `data.seedItems`: a file of DynamoDB JSON items, one a line, written before the run.
void seed_items(Reader& r, const json& j, SimulationConfig& c) {
    const std::string p = "/data/seedItems";
    if (!j.is_string()) {
        r.expected(p, j, "the path of a DynamoDB JSON lines file");
        return;
    }
    const std::string file = j.get<std::string>();
    const std::string path =
        !file.empty() && file[0] != '/' && !r.base_dir.empty() ? r.base_dir + "/" + file : file;
    std::ifstream in(path);
    if (!in) {
        r.problem(p, "cannot read \"" + file + "\"" +
                         (path != file ? " (relative to the scenario's directory)" : "") +
                         ", expected a DynamoDB JSON lines file");
        return;
    }
    std::string line;
    int n = 0;
    std::uint64_t bytes = 0;
    while (std::getline(in, line)) {
        ++n;
        if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
        auto parsed = parse_json_text(line);
        if (!parsed) {
            r.problem(p, path + ":" + std::to_string(n) + ": " + parsed.error().message);
            return;
        }
        const json& doc = *parsed;
        auto item = storage::item_from_json(doc.contains("Item") ? doc["Item"] : doc, "");
        if (!item) {
            r.problem(p, path + ":" + std::to_string(n) + ": " + item.error().message);
            return;
        }
        if (!c.table.key.partition.name.empty()) {
            if (auto key = storage::item_key(*item, c.table.key); !key) {
                r.problem(p, path + ":" + std::to_string(n) + ": " + key.error().message);
                return;
            }
        }
        bytes += storage::item_size(*item);
        c.seed_items.push_back(std::move(*item));
    }
    c.initial_data_bytes += bytes;
}

// `replay`: {"file": PATH (relative to the scenario), "format": "cloudwatch" | "csv",
// "id": result Id or Label, "values": "perPeriod" | "perSecond", "scale": number}.
std::optional<ReplayPoints> replay(Reader& r, const json& j, const std::string& p) {
    if (!j.is_object() || !j.contains("file") || !j["file"].is_string()) {
        r.expected(p, j, "{\"file\": \"metrics.json\", ...}");
        return std::nullopt;
    }
    r.only(j, p, {"file", "format", "id", "values", "scale"});
    const std::string file = j["file"].get<std::string>();
    ReplayOptions o;
    const bool csv_name = file.size() > 4 && file.substr(file.size() - 4) == ".csv";
    auto format = r.choice(j, "format", p, {"cloudwatch", "csv"},
                           std::string(csv_name ? "csv" : "cloudwatch"));
    auto values = r.choice(j, "values", p, {"perPeriod", "perSecond"}, std::string("perPeriod"));
    auto scale = r.number(j, "scale", p, 0, 1e9, 1.0);
    if (auto it = j.find("id"); it != j.end()) {
        if (it->is_string())
            o.id = it->get<std::string>();
        else
            r.expected(p + "/id", *it, "a string");
    }
    if (!format || !values || !scale) return std::nullopt;
    o.format = *format == "csv" ? ReplayOptions::Format::kCsv : ReplayOptions::Format::kCloudWatch;
    o.per_second = *values == "perSecond";
    o.scale = *scale;
    const std::string path =
        !file.empty() && file[0] != '/' && !r.base_dir.empty() ? r.base_dir + "/" + file : file;
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        r.problem(p + "/file", "cannot read \"" + file + "\"" +
                                   (path != file ? " (relative to the scenario's directory)" : "") +
                                   ", expected a CloudWatch JSON export or CSV");
        return std::nullopt;
    }
    std::stringstream text;
    text << in.rdbuf();
    auto points = parse_replay(text.str(), o);
    if (!points) {
        r.problem(p + "/file", path + ": " + points.error().message);
        return std::nullopt;
    }
    return std::move(*points);
}

std::optional<TrafficShape> traffic(Reader& r, const json& j, const std::string& p) {
    if (!j.is_object()) {
        r.expected(p, j, "a traffic object such as {\"constant\": 100}");
        return std::nullopt;
    }
    r.only(
        j, p,
        {"constant", "step", "ramp", "diurnal", "replay", "start", "spikes", "weekly", "arrivals"});
    int shapes = 0;
    TrafficShape t;
    bool ok = true;
    if (auto it = j.find("constant"); it != j.end()) {
        ++shapes;
        if (auto v = r.rate(*it, p + "/constant"))
            t = TrafficShape::constant(*v);
        else
            ok = false;
    }
    if (auto it = j.find("step"); it != j.end()) {
        ++shapes;
        const std::string sp = p + "/step";
        if (!it->is_object()) {
            r.expected(sp, *it, "{\"before\": rate, \"after\": rate, \"at\": duration}");
            ok = false;
        } else {
            r.only(*it, sp, {"before", "after", "at"});
            auto b =
                it->contains("before") ? r.rate((*it)["before"], sp + "/before") : std::nullopt;
            auto a = it->contains("after") ? r.rate((*it)["after"], sp + "/after") : std::nullopt;
            auto at = r.duration(*it, "at", sp, true);
            if (!it->contains("before")) r.problem(sp + "/before", "missing, expected a rate");
            if (!it->contains("after")) r.problem(sp + "/after", "missing, expected a rate");
            if (b && a && at)
                t = TrafficShape::step(*b, *a, *at);
            else
                ok = false;
        }
    }
    if (auto it = j.find("ramp"); it != j.end()) {
        ++shapes;
        const std::string sp = p + "/ramp";
        if (!it->is_object()) {
            r.expected(sp, *it,
                       "{\"from\": rate, \"to\": rate, \"start\": duration, \"end\": duration}");
            ok = false;
        } else {
            r.only(*it, sp, {"from", "to", "start", "end"});
            auto f = it->contains("from") ? r.rate((*it)["from"], sp + "/from") : std::nullopt;
            auto to = it->contains("to") ? r.rate((*it)["to"], sp + "/to") : std::nullopt;
            auto s = r.duration(*it, "start", sp, true);
            auto e = r.duration(*it, "end", sp, true);
            if (!f || !to) r.problem(sp, "expected rates \"from\" and \"to\"");
            if (s && e && *e <= *s) r.problem(sp + "/end", "expected a time after \"start\"");
            if (f && to && s && e && *e > *s)
                t = TrafficShape::ramp(*f, *to, *s, *e);
            else
                ok = false;
        }
    }
    if (auto it = j.find("diurnal"); it != j.end()) {
        ++shapes;
        const std::string sp = p + "/diurnal";
        if (!it->is_object()) {
            r.expected(sp, *it, "{\"mean\": rate, \"amplitude\": rate, \"peakAt\": duration}");
            ok = false;
        } else {
            r.only(*it, sp, {"mean", "amplitude", "peakAt", "period"});
            // Plain values (GCC 12 misreads nested optionals here as uninitialised).
            double mean = 0, amp = 0;
            bool valid = it->contains("mean");
            if (!valid) r.problem(sp + "/mean", "missing, expected a rate");
            if (auto m = valid ? r.rate((*it)["mean"], sp + "/mean") : std::nullopt)
                mean = *m;
            else
                valid = false;
            if (it->contains("amplitude")) {
                if (auto a = r.rate((*it)["amplitude"], sp + "/amplitude"))
                    amp = *a;
                else
                    valid = false;
            }
            if (valid && amp > mean) {
                r.problem(sp + "/amplitude",
                          "expected at most the mean (rates cannot go negative)");
                valid = false;
            }
            auto peak = r.duration(*it, "peakAt", sp, false);
            auto period = r.duration(*it, "period", sp, false);
            if (valid)
                t = TrafficShape::diurnal(mean, amp, peak.value_or(14 * sim::kHour),
                                          period.value_or(sim::kDay));
            else
                ok = false;
        }
    }
    if (auto it = j.find("replay"); it != j.end()) {
        ++shapes;
        if (auto points = replay(r, *it, p + "/replay")) {
            t = TrafficShape{};
            t.kind = TrafficShape::Kind::kReplay;
            t.replay = std::move(*points);
        } else {
            ok = false;
        }
    }
    if (shapes != 1) {
        r.problem(p,
                  "expected exactly one of \"constant\", \"step\", \"ramp\", \"diurnal\" or "
                  "\"replay\"");
        return std::nullopt;
    }
    if (auto a = r.choice(j, "arrivals", p, {"poisson", "even"}, std::string("poisson")))
        t.even = *a == "even";
    else
        ok = false;
    if (auto it = j.find("weekly"); it != j.end()) {
        // {"weekendFactor": 0.6} (the run starting on a Monday) or seven daily factors.
        const std::string wp = p + "/weekly";
        if (it->is_object() && it->size() == 1 && it->contains("weekendFactor") &&
            (*it)["weekendFactor"].is_number() && (*it)["weekendFactor"].get<double>() >= 0) {
            const double f = (*it)["weekendFactor"].get<double>();
            t.weekly = {1, 1, 1, 1, 1, f, f};
        } else if (it->is_array() && it->size() == 7 &&
                   std::all_of(it->begin(), it->end(), [](const json& v) {
                       return v.is_number() && v.get<double>() >= 0;
                   })) {
            for (const auto& v : *it)
                t.weekly.push_back(v.get<double>());
        } else {
            r.expected(wp, *it, "{\"weekendFactor\": number} or seven non-negative daily factors");
            ok = false;
        }
    }
    if (auto start = r.duration(j, "start", p, false)) t.active_from = *start;
    if (auto it = j.find("spikes"); it != j.end()) {
        if (!it->is_array()) {
            r.expected(p + "/spikes", *it, "an array of {\"at\", \"length\", \"extra\"}");
            ok = false;
        } else {
            for (std::size_t i = 0; i < it->size(); ++i) {
                const std::string sp = p + "/spikes/" + std::to_string(i);
                const json& s = (*it)[i];
                if (!s.is_object()) {
                    r.expected(sp, s, "{\"at\": duration, \"length\": duration, \"extra\": rate}");
                    ok = false;
                    continue;
                }
                r.only(s, sp, {"at", "length", "extra"});
                auto at = r.duration(s, "at", sp, true);
                auto len = r.duration(s, "length", sp, true);
                auto extra = s.contains("extra") ? r.rate(s["extra"], sp + "/extra") : std::nullopt;
                if (!s.contains("extra")) r.problem(sp + "/extra", "missing, expected a rate");
                if (at && len && extra)
                    t.spikes.push_back({*at, *len, *extra});
                else
                    ok = false;
            }
        }
    }
    if (!ok) return std::nullopt;
    return t;
}

// A size in bytes: "1.5KB" or a whole number of bytes.
std::optional<double> byte_size(Reader& r, const json& j, const std::string& p) {
    if (j.is_number() && j.get<double>() > 0) return j.get<double>();
    if (j.is_string()) {
        if (auto s = parse_size(j.get<std::string>()); s && *s > 0) return static_cast<double>(*s);
    }
    r.expected(p, j, "a size such as \"1KB\" or a number of bytes");
    return std::nullopt;
}

// itemSize: "1KB" (fixed) or {"distribution": uniform|normal|lognormal|histogram, ...}.
std::optional<SizeDistribution> size_distribution(Reader& r, const json& j, const std::string& p) {
    const std::string limit = "an item size up to DynamoDB's 400KB, such as \"1KB\"";
    if (!j.is_object()) {
        std::optional<std::uint64_t> size;
        if (j.is_string()) {
            if (auto s = parse_size(j.get<std::string>())) size = *s;
        }
        if (j.is_number_integer() && j.get<std::int64_t>() > 0)
            size = static_cast<std::uint64_t>(j.get<std::int64_t>());
        if (!size || *size == 0 || *size > 400 * 1024) {
            r.expected(p, j, limit + " or {\"distribution\": ...}");
            return std::nullopt;
        }
        return SizeDistribution::fixed(static_cast<double>(*size));
    }
    auto kind = r.choice(j, "distribution", p,
                         {"fixed", "uniform", "normal", "lognormal", "histogram"}, std::nullopt);
    if (!kind) return std::nullopt;
    SizeDistribution d;
    const std::size_t before = r.problems.size();
    auto field = [&](const char* name) -> double {
        auto it = j.find(name);
        if (it == j.end()) {
            r.problem(p + "/" + name, "missing, expected a size such as \"2KB\"");
            return 0;
        }
        return byte_size(r, *it, p + "/" + name).value_or(0);
    };
    if (*kind == "fixed") {
        r.only(j, p, {"distribution", "size"});
        d = SizeDistribution::fixed(field("size"));
    } else if (*kind == "uniform") {
        r.only(j, p, {"distribution", "min", "max"});
        d.kind = SizeDistribution::Kind::kUniform;
        d.a = field("min");
        d.b = field("max");
        if (r.problems.size() == before && d.b < d.a) r.problem(p, "expected min ≤ max");
    } else if (*kind == "normal") {
        r.only(j, p, {"distribution", "mean", "stddev"});
        d.kind = SizeDistribution::Kind::kNormal;
        d.a = field("mean");
        d.b = field("stddev");
    } else if (*kind == "lognormal") {
        r.only(j, p, {"distribution", "median", "sigma"});
        d.kind = SizeDistribution::Kind::kLognormal;
        d.a = field("median");
        if (auto s = r.number(j, "sigma", p, 0, 3, std::nullopt)) d.b = *s;
    } else {
        r.only(j, p, {"distribution", "buckets"});
        d.kind = SizeDistribution::Kind::kHistogram;
        auto it = j.find("buckets");
        if (it == j.end() || !it->is_array() || it->empty()) {
            r.problem(p + "/buckets",
                      "expected [[size, weight], ...], e.g. [[\"1KB\", 0.8], [\"20KB\", 0.2]]");
        } else {
            for (std::size_t i = 0; i < it->size(); ++i) {
                const json& b = (*it)[i];
                const std::string bp = p + "/buckets/" + std::to_string(i);
                if (!b.is_array() || b.size() != 2 || !b[1].is_number() || b[1].get<double>() < 0) {
                    r.expected(bp, b, "[size, non-negative weight]");
                    continue;
                }
                if (auto size = byte_size(r, b[0], bp + "/0"))
                    d.histogram.emplace_back(*size, b[1].get<double>());
            }
        }
    }
    if (r.problems.size() != before) return std::nullopt;
    if (d.mean() > SizeDistribution::kMaxItemBytes) {
        r.problem(p, "the mean item size is above DynamoDB's 400KB item limit");
        return std::nullopt;
    }
    return d;
}

// Query/Scan Limit, FilterExpression, ProjectionExpression (+ names and values) and the
// number of items of a transaction or batch.
void request_parameters(Reader& r, const json& j, const std::string& p, OperationStream& s,
                        bool& ok) {
    using Op = OperationStream::Op;
    const std::size_t before = r.problems.size();
    if (j.contains("limit")) {
        if (s.op != Op::kQuery && s.op != Op::kScan)
            r.problem(p + "/limit", "Limit applies to Query and Scan");
        else if (auto l = r.integer(j, "limit", p, 1, 1'000'000, std::nullopt))
            s.limit = *l;
    }
    if (j.contains("items")) {
        const std::int64_t max = s.op == Op::kBatchWriteItem ? 25 : 100;
        if (s.op != Op::kTransactWriteItems && s.op != Op::kTransactGetItems &&
            s.op != Op::kBatchWriteItem)
            r.problem(p + "/items",
                      "items applies to TransactWriteItems, TransactGetItems and BatchWriteItem");
        else if (auto n = r.integer(j, "items", p, 1, max, std::nullopt))
            s.group_size = static_cast<int>(*n);
    }
    auto text = [&](const char* name, std::string& out) {
        auto it = j.find(name);
        if (it == j.end()) return;
        if (!it->is_string() || it->get<std::string>().empty())
            r.expected(p + "/" + name, *it, "an expression string");
        else
            out = it->get<std::string>();
    };
    text("filter", s.filter);
    text("projection", s.projection);
    if (!s.filter.empty() && s.op != Op::kQuery && s.op != Op::kScan)
        r.problem(p + "/filter", "a FilterExpression applies to Query and Scan");
    if (auto it = j.find("names"); it != j.end()) {
        if (!it->is_object()) {
            r.expected(p + "/names", *it, "{\"#name\": \"attribute\"}");
        } else {
            for (const auto& [k, v] : it->items()) {
                if (k.size() > storage::kMaxPlaceholderBytes)
                    r.problem(
                        p + "/names/" + storage::json_pointer_escape(k),
                        "a placeholder is at most 255 bytes (DynamoDB's limit); this one is " +
                            std::to_string(k.size()));
                else if (v.is_string())
                    s.expression_names[k] = v.get<std::string>();
                else
                    r.expected(p + "/names/" + storage::json_pointer_escape(k), v,
                               "an attribute name");
            }
        }
    }
    if (auto it = j.find("values"); it != j.end()) {
        auto values = storage::item_from_json(*it, p + "/values");
        if (!values)
            r.problem(values.error().location.empty() ? p + "/values" : values.error().location,
                      values.error().message);
        else
            s.expression_values = std::move(*values);
        for (const auto& [k, v] : s.expression_values) {
            if (k.size() > storage::kMaxPlaceholderBytes)
                r.problem(p + "/values/" + storage::json_pointer_escape(k),
                          "a placeholder is at most 255 bytes (DynamoDB's limit); this one is " +
                              std::to_string(k.size()));
        }
    }
    if (r.problems.size() == before && (!s.filter.empty() || !s.projection.empty())) {
        storage::ExpressionContext ctx(&s.expression_names, &s.expression_values);
        if (!s.filter.empty()) {
            auto f = storage::parse_condition(s.filter, storage::ExpressionKind::kFilter, ctx);
            if (!f) r.problem(p + "/filter", f.error().message);
        }
        if (!s.projection.empty()) {
            auto pr = storage::parse_projection(s.projection, ctx);
            if (!pr) r.problem(p + "/projection", pr.error().message);
        }
        if (r.problems.size() == before) {
            if (auto used = ctx.check_all_used(); !used) r.problem(p, used.error().message);
        }
    }
    if (r.problems.size() != before) ok = false;
}

std::optional<OperationStream> operation(Reader& r, const json& j, const std::string& p,
                                         const storage::TableSchema* table) {
    if (!j.is_object()) {
        r.expected(p, j, "an operation stream object");
        return std::nullopt;
    }
    r.only(j, p,
           {"name", "operation", "consistency", "traffic", "keys", "itemSize", "attributes",
            "index", "sharding", "limit", "filter", "projection", "names", "values", "items"});
    OperationStream s;
    bool ok = true;
    if (auto it = j.find("name");
        it == j.end() || !it->is_string() || it->get<std::string>().empty()) {
        r.expected(p + "/name", it == j.end() ? json() : *it, "a non-empty name");
        ok = false;
    } else {
        s.name = it->get<std::string>();
    }
    if (auto op = r.choice(j, "operation", p,
                           {"GetItem", "PutItem", "UpdateItem", "DeleteItem", "Query", "Scan",
                            "TransactWriteItems", "TransactGetItems", "BatchWriteItem"},
                           std::nullopt)) {
        for (int i = 0; i <= static_cast<int>(OperationStream::Op::kBatchWriteItem); ++i) {
            const auto candidate = static_cast<OperationStream::Op>(i);
            if (*op == operation_name(candidate)) s.op = candidate;
        }
    } else {
        ok = false;
    }
    if (auto c = r.choice(j, "consistency", p, {"eventual", "strong"}, std::string("eventual"))) {
        s.consistency = *c == "strong" ? storage::ReadConsistency::kStrong
                                       : storage::ReadConsistency::kEventual;
    } else {
        ok = false;
    }
    if (const json* t = r.object(j, "traffic", p, true)) {
        if (auto shape = traffic(r, *t, p + "/traffic"))
            s.traffic = *shape;
        else
            ok = false;
    } else {
        ok = false;
    }
    if (const json* k = r.object(j, "keys", p, true)) {
        const std::string kp = p + "/keys";
        r.only(*k, kp,
               {"count", "distribution", "s", "prefix", "pattern", "hot", "order", "bucket"});
        if (auto order = r.choice(*k, "order", kp, {"random", "sequential", "timeBucketed"},
                                  std::string("random"))) {
            s.key_order = *order == "sequential"     ? OperationStream::KeyOrder::kSequential
                          : *order == "timeBucketed" ? OperationStream::KeyOrder::kTimeBucketed
                                                     : OperationStream::KeyOrder::kRandom;
        }
        if (s.key_order != OperationStream::KeyOrder::kRandom && k->contains("distribution"))
            r.problem(kp + "/distribution",
                      "a popularity distribution applies to random key order only");
        if (auto b = r.duration(*k, "bucket", kp, false)) {
            if (*b <= 0)
                r.problem(kp + "/bucket", "expected a positive duration");
            else
                s.time_bucket = *b;
        }
        if (auto it = k->find("pattern"); it != k->end()) {
            const std::string pattern = it->is_string() ? it->get<std::string>() : "";
            const auto at = pattern.find("{seq}");
            if (!it->is_string() || at == std::string::npos ||
                pattern.find("{seq}", at + 1) != std::string::npos) {
                r.expected(kp + "/pattern", *it,
                           "a key pattern with one {seq}, e.g. \"album#{seq}\"");
                ok = false;
            } else if (k->contains("prefix")) {
                r.problem(kp + "/pattern", "give \"pattern\" or \"prefix\", not both");
                ok = false;
            } else {
                s.key_prefix = pattern.substr(0, at);
                s.key_suffix = pattern.substr(at + 5);
            }
        }
        auto count = r.integer(*k, "count", kp, 1, 1'000'000'000'000, std::nullopt);
        auto dist = r.choice(*k, "distribution", kp, {"uniform", "zipf"}, std::string("uniform"));
        std::optional<double> zs =
            dist && *dist == "zipf" ? r.number(*k, "s", kp, 0, 10, 1.0) : std::optional<double>(0);
        if (count && dist && zs) {
            if (*dist == "zipf" && *count > 50'000'000) {
                r.problem(kp + "/count",
                          "found " + std::to_string(*count) +
                              ", expected at most 50000000 keys for a Zipf distribution");
                ok = false;
            } else {
                s.keys = *dist == "zipf"
                             ? KeyDistribution::zipf(static_cast<std::uint64_t>(*count), *zs)
                             : KeyDistribution::uniform(static_cast<std::uint64_t>(*count));
            }
        } else {
            ok = false;
        }
        if (auto it = k->find("prefix"); it != k->end()) {
            if (it->is_string())
                s.key_prefix = it->get<std::string>();
            else
                r.expected(kp + "/prefix", *it, "a string");
        }
        if (auto it = k->find("hot"); it != k->end()) {
            double total = 0;
            if (!it->is_array()) {
                r.expected(kp + "/hot", *it, "an array of {\"key\": index, \"share\": fraction}");
                ok = false;
            } else {
                for (std::size_t i = 0; i < it->size(); ++i) {
                    const std::string hp = kp + "/hot/" + std::to_string(i);
                    const json& h = (*it)[i];
                    if (!h.is_object()) {
                        r.expected(hp, h, "{\"key\": index, \"share\": fraction}");
                        ok = false;
                        continue;
                    }
                    r.only(h, hp, {"key", "share"});
                    auto key = r.integer(h, "key", hp, 0, count ? *count - 1 : 0, std::nullopt);
                    auto share = r.number(h, "share", hp, 0, 1, std::nullopt);
                    if (key && share) {
                        s.keys.with_hot_key(static_cast<std::uint64_t>(*key), *share);
                        total += *share;
                    } else {
                        ok = false;
                    }
                }
                if (total > 1) r.problem(kp + "/hot", "expected shares adding up to at most 1");
            }
        }
    } else {
        ok = false;
    }
    if (auto it = j.find("itemSize"); it != j.end()) {
        if (auto d = size_distribution(r, *it, p + "/itemSize")) {
            s.item_size = *d;
            s.item_bytes = static_cast<std::size_t>(std::llround(d->mean()));
        } else {
            ok = false;
        }
    }
    request_parameters(r, j, p, s, ok);
    if (auto it = j.find("attributes"); it != j.end()) {
        if (!it->is_array()) {
            r.expected(p + "/attributes", *it, "an array of {\"name\", \"cardinality\", \"type\"}");
            ok = false;
        } else {
            for (std::size_t i = 0; i < it->size(); ++i) {
                const std::string ap = p + "/attributes/" + std::to_string(i);
                const json& a = (*it)[i];
                if (!a.is_object() || !a.contains("name") || !a["name"].is_string()) {
                    r.expected(
                        ap, a,
                        "{\"name\": string, \"cardinality\": integer, \"type\": \"S\" or \"N\"}");
                    ok = false;
                    continue;
                }
                r.only(a, ap, {"name", "cardinality", "type"});
                auto card = r.integer(a, "cardinality", ap, 1, 1'000'000'000'000, 10);
                auto type = r.choice(a, "type", ap, {"S", "N"}, std::string("S"));
                if (card && type) {
                    s.attributes.push_back({a["name"].get<std::string>(),
                                            static_cast<std::uint64_t>(*card), *type == "N"});
                } else {
                    ok = false;
                }
            }
        }
    }
    if (auto it = j.find("index"); it != j.end()) {
        if (!it->is_string() || (table && !table->find_index(it->get<std::string>()))) {
            r.expected(p + "/index", *it, "the name of one of the table's indexes");
            ok = false;
        } else {
            s.index_name = it->get<std::string>();
        }
    }
    if (const json* sh = r.object(j, "sharding", p, false)) {
        const std::string sp = p + "/sharding";
        r.only(*sh, sp, {"shards", "suffix", "aggregateEvery"});
        auto shards = r.integer(*sh, "shards", sp, 1, 10000, std::nullopt);
        auto suffix = r.choice(*sh, "suffix", sp, {"random", "calculated"}, std::string("random"));
        auto every = r.duration(*sh, "aggregateEvery", sp, false);
        if (shards && suffix) {
            s.write_shards = static_cast<int>(*shards);
            s.suffix = *suffix == "calculated" ? OperationStream::Suffix::kCalculated
                                               : OperationStream::Suffix::kRandom;
            if (every) s.aggregation_interval = *every;
        } else {
            ok = false;
        }
    }
    if (!ok) return std::nullopt;
    return s;
}

// `cost`: the price catalog (a shipped one by name, or inline) and what the bill includes
// beyond the simulated traffic.
void cost_section(Reader& r, const json& doc, Scenario& sc) {
    const json* c = r.object(doc, "cost", "", false);
    json empty = json::object();
    if (!c) c = &empty;
    r.only(
        *c, "/cost",
        {"catalog", "freeTier", "pointInTimeRecovery", "onDemandBackups", "streamReadsPerSecond"});
    auto it = c->find("catalog");
    bool have_catalog = false;
    if (it == c->end() || it->is_string()) {
        const std::string name = it == c->end() ? "current" : it->get<std::string>();
        if (auto cat = cost::builtin_catalog(name)) {
            sc.catalog = std::move(*cat);
            sc.cost.catalog = name;
            have_catalog = true;
        } else {
            std::string names;
            for (const auto& n : cost::builtin_catalog_names())
                names += (names.empty() ? "" : ", ") + n;
            r.expected("/cost/catalog", *it,
                       "a price catalog (" + names + ") or an inline catalog");
        }
    } else if (it->is_object()) {
        auto cat = cost::parse_catalog(*it, [&](const std::string& p, const std::string& m) {
            r.problem("/cost/catalog" + p, m);
        });
        if (cat) {
            sc.catalog = std::move(*cat);
            sc.cost.catalog = sc.catalog.name.empty() ? "inline" : sc.catalog.name;
            have_catalog = true;
        }
    } else {
        r.expected("/cost/catalog", *it, "a catalog name or an inline catalog object");
    }
    if (auto v = r.boolean(*c, "freeTier", "/cost", true)) sc.cost.free_tier = *v;
    if (auto v = r.boolean(*c, "pointInTimeRecovery", "/cost", false))
        sc.cost.point_in_time_recovery = *v;
    if (auto v = r.integer(*c, "onDemandBackups", "/cost", 0, 1000, 0))
        sc.cost.on_demand_backups = static_cast<int>(*v);
    if (auto s = c->find("streamReadsPerSecond"); s != c->end()) {
        if (auto v = r.rate(*s, "/cost/streamReadsPerSecond")) sc.cost.stream_reads_per_second = *v;
    }
    if (!sc.config.dax) sc.cost.dax_nodes = 0;
    if (sc.config.table.table_class == storage::TableClass::kStandardInfrequentAccess &&
        have_catalog && !sc.catalog.standard_ia) {
        r.problem("/cost/catalog", "catalog \"" + sc.catalog.name +
                                       "\" has no Standard-IA prices, expected a catalog that does "
                                       "(e.g. \"current\") for a STANDARD_INFREQUENT_ACCESS table");
    }
}

}  // namespace

ScenarioLoad load_scenario(const json& doc, const std::string& base_dir) {
    Reader r;
    r.base_dir = base_dir;
    ScenarioLoad out;
    if (!doc.is_object()) {
        r.expected("", doc, "a scenario object");
        out.problems = std::move(r.problems);
        return out;
    }
    r.only(doc, "",
           {"$schema", "name", "description", "duration", "seed", "fidelity", "table", "data",
            "capacity", "autoScaling", "client", "workload", "dax", "sqs", "cost"});
    Scenario sc;
    auto& c = sc.config;
    if (auto it = doc.find("name"); it != doc.end()) {
        if (it->is_string())
            sc.name = it->get<std::string>();
        else
            r.expected("/name", *it, "a string");
    }
    if (auto it = doc.find("description"); it != doc.end()) {
        if (it->is_string())
            sc.description = it->get<std::string>();
        else
            r.expected("/description", *it, "a string");
    }
    if (auto d = r.duration(doc, "duration", "", true)) {
        if (*d <= 0) r.problem("/duration", "expected a positive duration");
        c.duration = *d;
    }
    if (auto seed = r.integer(doc, "seed", "", 0, std::numeric_limits<std::int64_t>::max(), 1)) {
        c.seed = static_cast<std::uint64_t>(*seed);
    }
    if (auto f =
            r.choice(doc, "fidelity", "", {"request", "aggregate", "auto"}, std::string("auto")))
        sc.fidelity = *f;

    const storage::TableSchema* table = nullptr;
    if (const json* t = r.object(doc, "table", "", true)) {
        auto schema = storage::TableSchema::from_create_table_json(*t);
        if (!schema) {
            const auto& e = schema.error();
            r.problem("/table" + (e.location == "/" ? std::string() : e.location), e.message);
        } else {
            c.table = std::move(*schema);
            table = &c.table;
            c.capacity.on_demand = c.table.billing_mode == storage::BillingMode::kPayPerRequest;
            if (c.table.provisioned) {
                c.capacity.rcu = c.table.provisioned->read_capacity_units;
                c.capacity.wcu = c.table.provisioned->write_capacity_units;
            }
        }
    }
    if (const json* d = r.object(doc, "data", "", false)) {
        r.only(*d, "/data", {"size", "items", "itemSize", "preload", "seedItems"});
        if (d->contains("items")) {
            // An item count: the data size is items × the mean item size.
            auto items = r.integer(*d, "items", "/data", 1, 1'000'000'000'000'000, std::nullopt);
            std::optional<SizeDistribution> size = SizeDistribution::fixed(1024);
            if (d->contains("itemSize"))
                size = size_distribution(r, (*d)["itemSize"], "/data/itemSize");
            if (d->contains("size"))
                r.problem("/data/items", "give \"size\" or \"items\", not both");
            else if (items && size)
                c.initial_data_bytes =
                    static_cast<std::uint64_t>(static_cast<double>(*items) * size->mean());
        } else if (d->contains("itemSize")) {
            r.problem("/data/itemSize", "applies with \"items\" (an item count)");
        }
        if (auto it = d->find("seedItems"); it != d->end()) seed_items(r, *it, c);
        if (auto it = d->find("size"); it != d->end()) {
            auto size = it->is_string() ? parse_size(it->get<std::string>())
                                        : Result<std::uint64_t>(Error::invalid_input(""));
            if (size)
                c.initial_data_bytes = *size;
            else
                r.expected("/data/size", *it, "a size such as \"25GB\" or \"10TB\"");
        }
        if (auto pre = r.boolean(*d, "preload", "/data", true)) c.preload_items = *pre;
    }
    if (const json* cap = r.object(doc, "capacity", "", false)) {
        r.only(*cap, "/capacity", {"adaptive", "burstSeconds", "startWithFullBurst", "onDemand"});
        if (auto a = r.boolean(*cap, "adaptive", "/capacity", true))
            c.capacity.adaptive_capacity = *a;
        if (auto b = r.integer(*cap, "burstSeconds", "/capacity", 0, 3600, 300))
            c.capacity.burst_seconds = *b;
        if (auto f = r.boolean(*cap, "startWithFullBurst", "/capacity", true))
            c.capacity.start_with_full_burst = *f;
        if (const json* od = r.object(*cap, "onDemand", "/capacity", false)) {
            const std::string p = "/capacity/onDemand";
            r.only(*od, p,
                   {"initialRead", "initialWrite", "warmRead", "warmWrite", "maxRead", "maxWrite",
                    "ramp"});
            if (auto v = r.integer(*od, "initialRead", p, 1, 40'000'000,
                                   c.capacity.on_demand_initial_rcu))
                c.capacity.on_demand_initial_rcu = *v;
            if (auto v = r.integer(*od, "initialWrite", p, 1, 40'000'000,
                                   c.capacity.on_demand_initial_wcu))
                c.capacity.on_demand_initial_wcu = *v;
            if (auto v = r.integer(*od, "warmRead", p, 0, 40'000'000, 0)) c.capacity.warm_rcu = *v;
            if (auto v = r.integer(*od, "warmWrite", p, 0, 40'000'000, 0)) c.capacity.warm_wcu = *v;
            if (od->contains("maxRead"))
                c.capacity.max_on_demand_rcu =
                    r.integer(*od, "maxRead", p, 1, 40'000'000, std::nullopt);
            if (od->contains("maxWrite"))
                c.capacity.max_on_demand_wcu =
                    r.integer(*od, "maxWrite", p, 1, 40'000'000, std::nullopt);
            if (auto ramp = r.duration(*od, "ramp", p, false)) c.capacity.on_demand_ramp = *ramp;
        }
    }
    if (const json* as = r.object(doc, "autoScaling", "", false)) {
        r.only(*as, "/autoScaling", {"read", "write", "indexes"});
        if (c.capacity.on_demand)
            r.problem("/autoScaling",
                      "auto scaling applies to PROVISIONED tables; this table is PAY_PER_REQUEST");
        if (auto it = as->find("read"); it != as->end())
            c.read_scaling = scaling_policy(r, *it, "/autoScaling/read");
        if (auto it = as->find("write"); it != as->end())
            c.write_scaling = scaling_policy(r, *it, "/autoScaling/write");
        if (const json* idx = r.object(*as, "indexes", "/autoScaling", false)) {
            for (const auto& [name, policies] : idx->items()) {
                const std::string p = "/autoScaling/indexes/" + storage::json_pointer_escape(name);
                if (table && (!table->find_index(name) || !table->find_index(name)->global)) {
                    r.problem(p,
                              "expected the name of one of the table's global secondary indexes");
                    continue;
                }
                if (!policies.is_object()) {
                    r.expected(p, policies, "{\"read\": policy, \"write\": policy}");
                    continue;
                }
                r.only(policies, p, {"read", "write"});
                if (policies.contains("read")) {
                    if (auto pol = scaling_policy(r, policies["read"], p + "/read"))
                        c.index_read_scaling[name] = *pol;
                }
                if (policies.contains("write")) {
                    if (auto pol = scaling_policy(r, policies["write"], p + "/write"))
                        c.index_write_scaling[name] = *pol;
                }
            }
        }
    }
    if (const json* cl = r.object(doc, "client", "", false)) {
        r.only(*cl, "/client", {"retry"});
        if (auto it = cl->find("retry"); it != cl->end()) {
            if (it->is_string()) {
                if (auto preset = model::RetryPolicy::preset(it->get<std::string>())) {
                    c.retry = *preset;
                } else {
                    std::string names;
                    for (const auto& n : model::RetryPolicy::preset_names())
                        names += (names.empty() ? "" : ", ") + n;
                    r.expected("/client/retry", *it,
                               "a preset (" + names +
                                   ") or {\"maxAttempts\", \"baseDelay\", \"maxBackoff\"}");
                }
            } else if (it->is_object()) {
                r.only(*it, "/client/retry",
                       {"maxAttempts", "baseDelay", "maxBackoff", "fullJitter"});
                model::RetryPolicy custom;
                custom.name = "custom";
                if (auto a = r.integer(*it, "maxAttempts", "/client/retry", 1, 50, 3))
                    custom.max_attempts = static_cast<int>(*a);
                if (auto d = r.duration(*it, "baseDelay", "/client/retry", false))
                    custom.base_delay = *d;
                if (auto d = r.duration(*it, "maxBackoff", "/client/retry", false))
                    custom.max_backoff = *d;
                if (auto j = r.boolean(*it, "fullJitter", "/client/retry", true))
                    custom.full_jitter = *j;
                c.retry = custom;
            } else {
                r.expected("/client/retry", *it, "a preset name or a retry object");
            }
        }
    }
    if (auto it = doc.find("workload"); it == doc.end()) {
        r.problem("/workload", "missing, expected an array of operation streams");
    } else if (!it->is_array() || it->empty()) {
        r.expected("/workload", *it, "a non-empty array of operation streams");
    } else {
        std::set<std::string> names;
        for (std::size_t i = 0; i < it->size(); ++i) {
            const std::string p = "/workload/" + std::to_string(i);
            if (auto s = operation(r, (*it)[i], p, table)) {
                if (!names.insert(s->name).second)
                    r.problem(p + "/name",
                              "found \"" + s->name + "\" twice, expected unique names");
                c.streams.push_back(std::move(*s));
            }
        }
    }
    if (const json* d = r.object(doc, "dax", "", false)) {
        r.only(*d, "/dax",
               {"itemTtl", "queryTtl", "itemCapacity", "queryCapacity", "nodes", "nodeType"});
        if (auto n = r.integer(*d, "nodes", "/dax", 1, 11, 3))
            sc.cost.dax_nodes = static_cast<int>(*n);
        if (auto it = d->find("nodeType"); it != d->end()) {
            if (it->is_string())
                sc.cost.dax_node_type = it->get<std::string>();
            else
                r.expected("/dax/nodeType", *it, "a DAX node type such as \"dax.r5.large\"");
        }
        model::DaxConfig dax;
        if (auto v = r.duration(*d, "itemTtl", "/dax", false)) dax.item_ttl = *v;
        if (auto v = r.duration(*d, "queryTtl", "/dax", false)) dax.query_ttl = *v;
        if (auto v = r.integer(*d, "itemCapacity", "/dax", 0, 1'000'000'000,
                               static_cast<std::int64_t>(dax.item_capacity)))
            dax.item_capacity = static_cast<std::size_t>(*v);
        if (auto v = r.integer(*d, "queryCapacity", "/dax", 0, 1'000'000'000,
                               static_cast<std::int64_t>(dax.query_capacity)))
            dax.query_capacity = static_cast<std::size_t>(*v);
        c.dax = dax;
    }
    if (const json* q = r.object(doc, "sqs", "", false)) {
        r.only(*q, "/sqs", {"consumerRate", "visibilityTimeout"});
        SimulationConfig::SqsBuffer sqs;
        if (auto it = q->find("consumerRate"); it != q->end()) {
            if (auto v = r.rate(*it, "/sqs/consumerRate"); v && *v > 0)
                sqs.consumer_rate = *v;
            else if (v)
                r.problem("/sqs/consumerRate", "expected a positive rate");
        } else {
            r.problem("/sqs/consumerRate", "missing, expected a rate");
        }
        if (auto v = r.duration(*q, "visibilityTimeout", "/sqs", false))
            sqs.visibility_timeout = *v;
        c.sqs_buffer = sqs;
    }
    cost_section(r, doc, sc);
    out.problems = std::move(r.problems);
    if (out.problems.empty()) out.scenario = std::move(sc);
    return out;
}

}  // namespace ddbsim::workload
