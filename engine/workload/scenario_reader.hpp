// Reading a scenario document (workload/scenario_loader.hpp) — internal to the workload room.
//
// Reader collects every problem of a document, each with the JSON pointer of the bad value and
// what was expected, so a file's problems are reported together. The section readers share
// it, one file per part of a scenario: traffic_reader.cpp (traffic shapes, replay),
// stream_reader.cpp (operation streams: keys, item sizes, request parameters) and
// table_reader.cpp (table, data, capacity, auto scaling, client, DAX, SQS, cost); the loader
// (scenario_loader.cpp) calls them in the document's order.
#pragma once

#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/json_text.hpp"
#include "storage/dynamodb_json.hpp"
#include "storage/table_schema.hpp"
#include "workload/human_units.hpp"
#include "workload/scenario_loader.hpp"
#include "workload/size_distribution.hpp"
#include "workload/traffic_shape.hpp"

namespace ddbsim::workload::reading {

using nlohmann::json;

inline std::string describe(const json& j) {
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

// Section readers (each returns nothing when its section had problems, which it reported).
std::optional<TrafficShape> traffic(Reader& r, const json& j, const std::string& p);
std::optional<SizeDistribution> size_distribution(Reader& r, const json& j, const std::string& p);
std::optional<OperationStream> operation(Reader& r, const json& j, const std::string& p,
                                         const storage::TableSchema* table);
const storage::TableSchema* table_section(Reader& r, const json& doc, SimulationConfig& c);
void data_section(Reader& r, const json& doc, SimulationConfig& c);
void capacity_section(Reader& r, const json& doc, SimulationConfig& c);
void auto_scaling_section(Reader& r, const json& doc, SimulationConfig& c,
                          const storage::TableSchema* table);
void client_section(Reader& r, const json& doc, SimulationConfig& c);
void service_errors_section(Reader& r, const json& doc, SimulationConfig& c);
void replication_section(Reader& r, const json& doc, SimulationConfig& c);
// `region`, `replicas`, `failover` (after the workload: streams name their regions).
void global_table_section(Reader& r, const json& doc, SimulationConfig& c);
void dax_section(Reader& r, const json& doc, Scenario& sc);
void sqs_section(Reader& r, const json& doc, SimulationConfig& c);
void cost_section(Reader& r, const json& doc, Scenario& sc);

}  // namespace ddbsim::workload::reading
