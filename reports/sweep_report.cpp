#include "reports/sweep_report.hpp"

#include <cstdio>
#include <set>

#include <nlohmann/json.hpp>

#include "reports/format_util.hpp"
#include "reports/svg_chart.hpp"
#include "reports/sweep_charts.hpp"

namespace ddbsim::reports {
namespace {

using json = nlohmann::json;

// Numbers as JSON writes them: the shortest text that reads back to the same double.
std::string num(double v) {
    return json(v).dump();
}

std::string csv_cell(const std::string& s) {
    if (s.find_first_of(",\"\n") == std::string::npos) return s;
    std::string out = "\"";
    for (char c : s)
        out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

std::set<std::string> metric_names(const SweepReport& r) {
    std::set<std::string> names;
    for (const auto& row : r.rows)
        for (const auto& [name, value] : row.metrics)
            names.insert(name);
    return names;
}

// "WriteCapacityUnits = 200, share = 0.1": a point's values, by the pointers' last tokens.
std::string point_label(const workload::Sweep& sweep, const run::SweepPoint& p) {
    std::string label;
    for (std::size_t i = 0; i < sweep.parameters.size(); ++i) {
        const std::string& ptr = sweep.parameters[i].pointer;
        label += (i ? ", " : "") + ptr.substr(ptr.rfind('/') + 1) + " = " +
                 sweep.parameters[i].values[p.coordinates[i]].dump();
    }
    return label.empty() ? "(seeds only)" : label;
}

// "1500 · 0.6": a point's values alone, for chart labels (the legend names the parameters).
std::string short_label(const workload::Sweep& sweep, const run::SweepPoint& p) {
    std::string label;
    for (std::size_t i = 0; i < sweep.parameters.size(); ++i)
        label += (i ? " · " : "") + sweep.parameters[i].values[p.coordinates[i]].dump();
    return label.empty() ? "seeds only" : label;
}

std::string legend(const workload::Sweep& sweep) {
    std::string names;
    for (std::size_t i = 0; i < sweep.parameters.size(); ++i)
        names += (i ? " · " : "") + sweep.parameters[i].pointer;
    return names;
}

std::string with_ci(const run::SweepStatistic& s) {
    return grouped(s.mean, std::abs(s.mean) < 100 ? 2 : 0) +
           (s.n > 1 ? " ± " + grouped(s.ci95, std::abs(s.ci95) < 100 ? 2 : 0) : "");
}

std::string render_csv(const SweepReport& r) {
    const auto names = metric_names(r);
    std::string out = "task,point,seed_index,seed";
    for (const auto& p : r.sweep->parameters)
        out += "," + csv_cell(p.pointer);
    out += ",fidelity";
    for (const auto& n : names)
        out += "," + csv_cell(n);
    out += "\n";
    for (const auto& row : r.rows) {
        out += std::to_string(row.task) + "," + std::to_string(row.point) + "," +
               std::to_string(row.seed_index) + "," + std::to_string(row.seed);
        const auto c = r.sweep->coordinates(row.point);
        for (std::size_t i = 0; i < c.size(); ++i)
            out += "," + csv_cell(r.sweep->parameters[i].values[c[i]].dump());
        out += "," + row.fidelity;
        for (const auto& n : names) {
            auto it = row.metrics.find(n);
            out += "," + (it == row.metrics.end() ? std::string() : num(it->second));
        }
        out += "\n";
    }
    return out;
}

std::string render_json(const SweepReport& r) {
    json parameters = json::array();
    for (const auto& p : r.sweep->parameters)
        parameters.push_back({{"pointer", p.pointer}, {"values", p.values}});
    json runs = json::array();
    for (const auto& row : r.rows)
        runs.push_back(run::sweep_row_json(row));
    json points = json::array();
    for (const auto& p : r.summary.points) {
        json values = json::array();
        for (std::size_t i = 0; i < p.coordinates.size(); ++i)
            values.push_back(r.sweep->parameters[i].values[p.coordinates[i]]);
        json metrics = json::object();
        for (const auto& [name, s] : p.metrics)
            metrics[name] = {{"n", s.n},       {"mean", s.mean}, {"sd", s.sd},
                             {"ci95", s.ci95}, {"min", s.min},   {"max", s.max}};
        points.push_back({{"point", p.point}, {"values", values}, {"metrics", metrics}});
    }
    json effects = json::array();
    for (const auto& e : r.summary.effects) {
        json entry = {{"metric", e.metric}, {"spread", e.spread}};
        if (!r.sweep->parameters.empty())
            entry["strongest"] = r.sweep->parameters[e.strongest].pointer;
        effects.push_back(std::move(entry));
    }
    json expectations = json::array();
    for (const auto& c : r.checks)
        expectations.push_back({{"pointer", c.expectation.pointer},
                                {"point", c.point},
                                {"over", c.expectation.over},
                                {"passed", c.passed},
                                {"actual", c.actual ? json(*c.actual) : json(nullptr)},
                                {"message", c.message}});
    json out = {{"ddbsimSweep", 1},
                {"scenario", {{"name", r.scenario_name}, {"source", r.source}}},
                {"parameters", parameters},
                {"seeds", r.sweep->seeds},
                {"runs", runs},
                {"points", points},
                {"effects", effects},
                {"expectations", expectations},
                {"passed", r.passed()}};
    return out.dump(2) + "\n";
}

std::vector<std::string> present_headlines(const SweepReport& r) {
    const auto names = metric_names(r);
    std::vector<std::string> shown;
    for (const auto& m : sweep_headline_metrics())
        if (names.count(m)) shown.push_back(m);
    return shown;
}

std::string effect_text(const SweepReport& r, const std::string& metric) {
    for (const auto& e : r.summary.effects) {
        if (e.metric != metric || r.sweep->parameters.empty()) continue;
        if (e.spread[e.strongest] == 0) return "no parameter moves its mean";
        return r.sweep->parameters[e.strongest].pointer + " (its values move the mean by " +
               grouped(e.spread[e.strongest], e.spread[e.strongest] < 100 ? 2 : 0) + ")";
    }
    return "";
}

// The expectations' verdicts: a count, then each failed check (Markdown or HTML).
std::string checks_text(const SweepReport& r, bool html) {
    if (r.checks.empty()) return "";
    std::size_t failed = 0;
    for (const auto& c : r.checks)
        failed += c.passed ? 0 : 1;
    const std::string head = std::to_string(r.checks.size() - failed) + " of " +
                             std::to_string(r.checks.size()) +
                             " expectation checks (each expectation at each point) hold";
    std::string out = html ? "<h2>Expectations</h2><p>" + html_escape(head) + "</p><ul>"
                           : "\n## Expectations\n\n" + head + "\n\n";
    for (const auto& c : r.checks) {
        if (c.passed) continue;
        out += html
                   ? "<li>FAILED " + html_escape(c.expectation.pointer + ": " + c.message) + "</li>"
                   : "- FAILED " + c.expectation.pointer + ": " + c.message + "\n";
    }
    return out + (html ? "</ul>" : "");
}

std::string render_markdown(const SweepReport& r) {
    const auto shown = present_headlines(r);
    std::string md = "# ddbsim sweep: " + r.scenario_name + "\n\n" +
                     std::to_string(r.summary.points.size()) + " points × " +
                     std::to_string(r.sweep->seeds) + " seeds = " + std::to_string(r.rows.size()) +
                     " runs; means with 95 % confidence intervals over the seeds.\n\n| point |";
    for (const auto& m : shown)
        md += " " + m + " |";
    md += "\n|---|";
    for (std::size_t i = 0; i < shown.size(); ++i)
        md += "---:|";
    md += "\n";
    for (const auto& p : r.summary.points) {
        md += "| " + point_label(*r.sweep, p) + " |";
        for (const auto& m : shown) {
            auto it = p.metrics.find(m);
            md += " " + (it == p.metrics.end() ? std::string("–") : with_ci(it->second)) + " |";
        }
        md += "\n";
    }
    md += checks_text(r, false);
    if (!r.sweep->parameters.empty()) {
        md += "\n## What moves each metric most\n\n";
        for (const auto& m : shown)
            md += "- " + m + ": " + effect_text(r, m) + "\n";
    }
    return md;
}

std::string render_html(const SweepReport& r) {
    const auto shown = present_headlines(r);
    std::string h =
        "<!doctype html><html><head><meta charset=\"utf-8\"><title>ddbsim sweep: " +
        html_escape(r.scenario_name) +
        "</title><style>body{font:14px system-ui,sans-serif;max-width:1200px;margin:2em auto;"
        "color:#1a1a2e}table{border-collapse:collapse}td,th{padding:4px 10px;border-bottom:1px "
        "solid #ddd}td.n{text-align:right}th{background:#f2f3f7}</style></head><body><h1>"
        "ddbsim sweep: " +
        html_escape(r.scenario_name) + "</h1><p>" + html_escape(r.source) + " · " +
        std::to_string(r.summary.points.size()) + " points × " + std::to_string(r.sweep->seeds) +
        " seeds = " + std::to_string(r.rows.size()) +
        " runs; means with 95 % confidence intervals over the seeds.</p><div "
        "style=\"overflow-x:auto\"><table><tr><th>point</th>";
    for (const auto& m : shown)
        h += "<th>" + html_escape(m) + "</th>";
    h += "</tr>";
    for (const auto& p : r.summary.points) {
        h += "<tr><td>" + html_escape(point_label(*r.sweep, p)) + "</td>";
        for (const auto& m : shown) {
            auto it = p.metrics.find(m);
            h += "<td class=\"n\">" +
                 (it == p.metrics.end() ? std::string("–") : html_escape(with_ci(it->second))) +
                 "</td>";
        }
        h += "</tr>";
    }
    h += "</table></div>" + checks_text(r, true);
    for (const auto& m : shown) {
        std::vector<Bar> bars;
        bool any = false;
        for (const auto& p : r.summary.points) {
            auto it = p.metrics.find(m);
            if (it == p.metrics.end()) continue;
            any = any || it->second.mean != 0;
            bars.push_back(
                {short_label(*r.sweep, p), it->second.mean, with_ci(it->second), "#1f77b4"});
        }
        h += "<h2>" + html_escape(m) + "</h2>";
        if (!r.sweep->parameters.empty())
            h += "<p>What moves it most: " + html_escape(effect_text(r, m)) + ".</p>";
        if (!any) {
            h += "<p>0 at every point.</p>";
            continue;
        }
        if (r.sweep->parameters.size() == 1) {
            h += sweep_line_chart(r, m);
        } else if (r.sweep->parameters.size() >= 2) {
            h += sweep_heat_map(r, m);
        } else {
            h += "<p>Bars: " + html_escape(legend(*r.sweep)) + "</p>";
            h += svg_bar_chart(m + ": mean ± 95 % CI per point", bars);
        }
    }
    return h + "</body></html>\n";
}

}  // namespace

std::vector<std::string> sweep_format_names() {
    return {"csv", "json", "md", "html"};
}

std::string sweep_file_name(const std::string& format) {
    if (format == "csv") return "sweep.csv";
    if (format == "json") return "sweep.json";
    if (format == "md") return "sweep.md";
    if (format == "html") return "sweep.html";
    return "";
}

const std::vector<std::string>& sweep_headline_metrics() {
    static const std::vector<std::string> metrics = {
        "throttledRequests.sum", "consumedRCU.sum", "consumedWCU.sum",    "latencyMs.p99",
        "partitions.max",        "cost.as-run",     "monthlyCost.as-run", "monthlyCost.cheapest"};
    return metrics;
}

std::string render_sweep(const SweepReport& report, const std::string& format) {
    if (format == "csv") return render_csv(report);
    if (format == "json") return render_json(report);
    if (format == "md") return render_markdown(report);
    if (format == "html") return render_html(report);
    return "";
}

}  // namespace ddbsim::reports
