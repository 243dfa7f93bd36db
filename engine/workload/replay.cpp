#include "workload/replay.hpp"

#include "common/json_text.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <sstream>

#include <nlohmann/json.hpp>

namespace ddbsim::workload {
namespace {

// Days from 1970-01-01 to y-m-d (proleptic Gregorian; H. Hinnant's days_from_civil).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
    y -= m <= 2;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

Result<ReplayPoints> to_points(std::vector<std::pair<double, double>> raw, const ReplayOptions& o) {
    if (raw.empty()) return Error::invalid_input("the series has no data points");
    std::sort(raw.begin(), raw.end());
    for (std::size_t i = 1; i < raw.size(); ++i) {
        if (raw[i].first == raw[i - 1].first)
            return Error::invalid_input("two data points share a timestamp");
    }
    double period = 60;  // CloudWatch's usual period when a series has one point
    if (raw.size() >= 2) {
        period = raw[1].first - raw[0].first;
        for (std::size_t i = 2; i < raw.size(); ++i)
            period = std::min(period, raw[i].first - raw[i - 1].first);
    }
    ReplayPoints points;
    const double t0 = raw.front().first;
    for (const auto& [t, v] : raw) {
        if (!std::isfinite(v) || v < 0)
            return Error::invalid_input("a value is negative or not a number");
        const double rate = (o.per_second ? v : v / period) * o.scale;
        points.emplace_back(static_cast<sim::TimeUs>(std::llround((t - t0) * 1e6)), rate);
    }
    return points;
}

}  // namespace

std::optional<double> parse_iso8601(const std::string& text) {
    int y = 0, mo = 0, d = 0, h = 0, mi = 0;
    double s = 0;
    char sep = 0;
    int consumed = 0;
    if (std::sscanf(text.c_str(), "%4d-%2d-%2d%c%2d:%2d:%lf%n", &y, &mo, &d, &sep, &h, &mi, &s,
                    &consumed) != 7)
        return std::nullopt;
    if ((sep != 'T' && sep != ' ') || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 ||
        s < 0 || s >= 61)
        return std::nullopt;
    std::string zone = text.substr(static_cast<std::size_t>(consumed));
    double offset = 0;
    if (zone == "Z" || zone.empty()) {
        offset = 0;
    } else if ((zone[0] == '+' || zone[0] == '-') && zone.size() == 6 && zone[3] == ':') {
        const int zh = std::atoi(zone.substr(1, 2).c_str()),
                  zm = std::atoi(zone.substr(4, 2).c_str());
        offset = (zone[0] == '+' ? 1 : -1) * (zh * 3600.0 + zm * 60.0);
    } else {
        return std::nullopt;
    }
    return static_cast<double>(
               days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d))) *
               86400.0 +
           h * 3600.0 + mi * 60.0 + s - offset;
}

Result<ReplayPoints> parse_replay(const std::string& text, const ReplayOptions& o) {
    std::vector<std::pair<double, double>> raw;
    if (o.format == ReplayOptions::Format::kCloudWatch) {
        auto parsed = parse_json_text(text);
        if (!parsed)
            return Error::invalid_input(parsed.error().message + " at " + parsed.error().location);
        const nlohmann::json& doc = *parsed;
        const auto it = doc.find("MetricDataResults");
        if (it == doc.end() || !it->is_array() || it->empty())
            return Error::invalid_input(
                "no MetricDataResults (expected `aws cloudwatch get-metric-data` output)");
        const nlohmann::json* result = nullptr;
        for (const auto& r : *it) {
            if (o.id.empty() || (r.contains("Id") && r["Id"] == o.id) ||
                (r.contains("Label") && r["Label"] == o.id)) {
                result = &r;
                break;
            }
        }
        if (!result)
            return Error::invalid_input("no MetricDataResults entry with Id or Label \"" + o.id +
                                        "\"");
        const auto ts = result->find("Timestamps");
        const auto vs = result->find("Values");
        if (ts == result->end() || vs == result->end() || !ts->is_array() || !vs->is_array() ||
            ts->size() != vs->size())
            return Error::invalid_input(
                "the result needs Timestamps and Values of the same length");
        for (std::size_t i = 0; i < ts->size(); ++i) {
            if (!(*ts)[i].is_string() || !(*vs)[i].is_number())
                return Error::invalid_input("data point " + std::to_string(i) +
                                            ": expected an ISO 8601 timestamp and a number");
            auto t = parse_iso8601((*ts)[i].get<std::string>());
            if (!t)
                return Error::invalid_input("data point " + std::to_string(i) + ": \"" +
                                            (*ts)[i].get<std::string>() +
                                            "\" is not an ISO 8601 timestamp");
            raw.emplace_back(*t, (*vs)[i].get<double>());
        }
        return to_points(std::move(raw), o);
    }
    std::istringstream in(text);
    std::string line;
    int line_no = 0;
    while (std::getline(in, line)) {
        ++line_no;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty() || line[0] == '#') continue;
        const auto comma = line.find(',');
        if (comma == std::string::npos)
            return Error::invalid_input("line " + std::to_string(line_no) +
                                        ": expected timestamp,value");
        const std::string ts = line.substr(0, comma), vs = line.substr(comma + 1);
        char* end = nullptr;
        const double v = std::strtod(vs.c_str(), &end);
        const bool value_ok = end != vs.c_str() && *end == '\0';
        std::optional<double> t = parse_iso8601(ts);
        if (!t) {
            char* tend = nullptr;
            const double secs = std::strtod(ts.c_str(), &tend);
            if (tend != ts.c_str() && *tend == '\0') t = secs;
        }
        if (!t || !value_ok) {
            if (line_no == 1 && raw.empty()) continue;  // a header row
            return Error::invalid_input(
                "line " + std::to_string(line_no) +
                ": expected an ISO 8601 timestamp or seconds, and a number");
        }
        raw.emplace_back(*t, v);
    }
    return to_points(std::move(raw), o);
}

}  // namespace ddbsim::workload
