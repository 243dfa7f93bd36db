#include "reports/format_util.hpp"

#include <cmath>
#include <cstdio>

namespace ddbsim::reports {

std::string grouped(double v, int decimals) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, std::fabs(v));
    std::string s = buf;
    const auto dot = s.find('.');
    std::string whole = s.substr(0, dot);
    const std::string frac = dot == std::string::npos ? "" : s.substr(dot);
    for (int i = static_cast<int>(whole.size()) - 3; i > 0; i -= 3)
        whole.insert(static_cast<std::size_t>(i), ",");
    return (v < 0 && std::fabs(v) >= 0.5 * std::pow(10.0, -decimals) ? "-" : "") + whole + frac;
}

std::string metric_text(const run::Outcome& o, const std::string& key, int decimals) {
    auto it = o.metrics.find(key);
    return it == o.metrics.end() ? "–" : grouped(it->second, decimals);
}

std::string money(cost::Money m) {
    return cost::format_dollars(m, 2);
}

std::string html_escape(const std::string& s) {
    std::string out;
    out.reserve(s.size());
    for (char c : s) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            default:
                out += c;
        }
    }
    return out;
}

std::string xml_escape(const std::string& s) {
    std::string out = html_escape(s);
    std::string clean;
    for (char c : out) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x20 && c != '\n' && c != '\t' && c != '\r') continue;  // not allowed in XML 1.0
        clean += c;
    }
    return clean;
}

std::string percent(double fraction) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f %%", fraction * 100);
    return buf;
}

std::string duration_text(double seconds) {
    char buf[48];
    if (seconds >= 86400 && std::fmod(seconds, 86400) == 0)
        std::snprintf(buf, sizeof buf, "%.0f d", seconds / 86400);
    else if (seconds >= 3600 && std::fmod(seconds, 3600) == 0)
        std::snprintf(buf, sizeof buf, "%.0f h", seconds / 3600);
    else if (seconds >= 60 && std::fmod(seconds, 60) == 0)
        std::snprintf(buf, sizeof buf, "%.0f min", seconds / 60);
    else
        std::snprintf(buf, sizeof buf, "%g s", seconds);
    return buf;
}

std::vector<RegionView> regions_of(const run::Outcome& o) {
    std::vector<RegionView> out;
    for (std::size_t i = 0; i < o.regions.size(); ++i) {
        const run::RunResult* r = i == 0 ? &o.result : &o.result.replicas.at(i - 1);
        out.push_back({o.regions[i].region, "@" + o.regions[i].region, r, &o.regions[i].costs});
    }
    return out;
}

const std::vector<RegionColumn>& region_columns() {
    static const std::vector<RegionColumn> columns = {
        {"requests.sum", "requests", 0},
        {"throttledRequests.sum", "throttled", 0},
        {"consumedRCU.sum", "consumed RCU", 0},
        {"consumedWCU.sum", "consumed WCU", 0},
        {"replicatedWCU.sum", "repl. WCU", 0},
        {"replicationLatencyMs.p50", "repl. p50 ms", 0},
        {"replicationLatencyMs.p99", "repl. p99 ms", 0},
        {"replicationBacklog.max", "backlog", 0},
        {"replicationConflicts.sum", "conflicts", 0},
        {"staleReads.sum", "stale", 0},
    };
    return columns;
}

}  // namespace ddbsim::reports
