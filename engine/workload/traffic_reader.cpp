#include <fstream>
#include <sstream>

#include "common/json_text.hpp"
#include "workload/replay.hpp"
#include "workload/scenario_reader.hpp"

namespace ddbsim::workload::reading {
namespace {

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

// `weekly`, `start` and `spikes`: what modulates a traffic shape.
bool modifiers(Reader& r, const json& j, const std::string& p, TrafficShape& t) {
    bool ok = true;
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
    return ok;
}

}  // namespace

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
    if (!modifiers(r, j, p, t)) ok = false;
    if (!ok) return std::nullopt;
    return t;
}

}  // namespace ddbsim::workload::reading
