// The HTML report: one self-contained file (inline CSS and SVG, no script, no network).
#include <algorithm>

#include <nlohmann/json.hpp>

#include "reports/format_util.hpp"
#include "reports/html_regions.hpp"
#include "reports/report.hpp"
#include "reports/svg_chart.hpp"
#include "reports/time_series.hpp"

namespace ddbsim::reports {
namespace {

constexpr const char* kStyle = R"(
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d2430;margin:0;background:#f5f6f8}
main{max-width:920px;margin:0 auto;padding:24px 28px 60px;background:#fff}
h1{font-size:24px;margin:0 0 4px}h2{font-size:19px;margin:34px 0 10px;border-bottom:1px solid #dde1e7;padding-bottom:4px}
h3{font-size:16px;margin:22px 0 8px}.sub{color:#5b6472;margin:0 0 14px}
table{border-collapse:collapse;width:100%;margin:8px 0 14px;font-size:13px}
th,td{padding:5px 8px;border-bottom:1px solid #e6e9ee;text-align:left;vertical-align:top}
th{background:#f0f2f5;font-weight:600}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
.verdict{padding:10px 14px;border-radius:6px;margin:14px 0;font-weight:600}
.pass{background:#e5f5e8;color:#1d6b2c}.fail{background:#fde8e8;color:#9b1c1c}
svg.chart{width:100%;height:auto;margin:6px 0 10px;font-size:11px;fill:#3b4350}
svg .ct{font-size:13px;font-weight:600;fill:#1d2430}svg .grid{stroke:#e3e6eb}
svg .marker{stroke:#d62728;stroke-width:1}svg .markerkey{fill:#d62728}svg .frame{fill:none;stroke:#c9ced6}
pre{background:#f6f8fa;padding:12px;overflow:auto;font-size:12px;border-radius:6px;max-height:480px}
.note{color:#5b6472;font-size:13px}.best{font-weight:700}
details{margin:10px 0}summary{cursor:pointer;font-weight:600}
)";

const char* kPalette[] = {"#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2"};

std::string td(const std::string& s, bool numeric = false) {
    return std::string(numeric ? "<td class=\"n\">" : "<td>") + html_escape(s) + "</td>";
}

std::string summary_table(const Report& r) {
    std::string h =
        "<table><tr><th>run</th><th>fidelity</th><th class=\"n\">requests</th><th "
        "class=\"n\">throttled</th><th class=\"n\">consumed RCU</th><th class=\"n\">consumed "
        "WCU</th><th class=\"n\">peak partitions</th><th class=\"n\">p99 ms</th><th "
        "class=\"n\">cost of the run</th><th class=\"n\">monthly, as run</th></tr>";
    for (const auto& o : r.outcomes) {
        const auto* a = o.costs.find("as-run");
        h +=
            "<tr>" + td(o.name) + td(o.result.fidelity) + td(metric_text(o, "requests.sum"), true) +
            td(metric_text(o, "throttledRequests.sum"), true) +
            td(metric_text(o, "consumedRCU.sum"), true) +
            td(metric_text(o, "consumedWCU.sum"), true) +
            td(metric_text(o, "partitions.max"), true) +
            td(metric_text(o, "latencyMs.p99", 1), true) + td(a ? money(a->run.total) : "–", true) +
            td(a ? money(a->month.total) : "–", true) + "</tr>";
    }
    return h + "</table>";
}

std::string capacity_chart(const run::Outcome& o, bool write) {
    const auto& rec = o.result.metrics;
    const auto seconds = static_cast<std::int64_t>(rec.seconds().size());
    const auto period = choose_period(seconds, 600);
    LineChart c;
    c.title = std::string(write ? "Write" : "Read") + " capacity: consumed vs provisioned (" +
              o.name + ")";
    c.y_label = write ? "WCU per second" : "RCU per second";
    LineSeries consumed{write ? "ConsumedWriteCapacityUnits / s" : "ConsumedReadCapacityUnits / s",
                        write ? "#ff7f0e" : "#1f77b4",
                        {},
                        false};
    LineSeries provisioned{
        o.scenario.config.capacity.on_demand
            ? "on-demand throughput allowance"
            : (write ? "ProvisionedWriteCapacityUnits" : "ProvisionedReadCapacityUnits"),
        "#5b6472",
        {},
        true};
    for (const auto& p : period_rows(rec, period)) {
        const double len = static_cast<double>(std::min<std::int64_t>(period, seconds - p.start_s));
        c.x_seconds.push_back(static_cast<double>(p.start_s));
        consumed.y.push_back((write ? p.consumed_wcu : p.consumed_rcu) / len);
        provisioned.y.push_back(static_cast<double>(write ? p.provisioned_wcu : p.provisioned_rcu));
        if ((write ? p.write_throttle_events : p.read_throttle_events) > 0)
            c.markers.push_back(static_cast<double>(p.start_s));
    }
    c.series = {consumed, provisioned};
    c.x_max = static_cast<double>(seconds);
    c.marker_label = write ? "write throttle events" : "read throttle events";
    return svg_line_chart(c);
}

std::string counts_chart(const run::Outcome& o) {
    const auto& rec = o.result.metrics;
    const auto seconds = static_cast<std::int64_t>(rec.seconds().size());
    const auto period = choose_period(seconds, 600);
    LineChart c;
    c.title = "Throttled and given-up requests per period of " +
              duration_text(static_cast<double>(period)) + " (" + o.name + ")";
    c.y_label = "requests";
    LineSeries throttled{"ThrottledRequests", "#d62728", {}, false};
    LineSeries gave_up{"given up by the client", "#7f7f7f", {}, false};
    LineSeries faults{"SystemErrors", "#9467bd", {}, false};
    LineSeries stale{"stale reads", "#17becf", {}, false};
    bool any_fault = false, any_stale = false;
    for (const auto& p : period_rows(rec, period)) {
        c.x_seconds.push_back(static_cast<double>(p.start_s));
        throttled.y.push_back(static_cast<double>(p.throttled_requests));
        gave_up.y.push_back(static_cast<double>(p.gave_up_requests));
        faults.y.push_back(static_cast<double>(p.system_errors));
        stale.y.push_back(static_cast<double>(p.stale_reads));
        any_fault = any_fault || p.system_errors > 0;
        any_stale = any_stale || p.stale_reads > 0;
    }
    c.series = {throttled, gave_up};
    // Service faults and stale reads only where the run had any.
    if (any_fault) c.series.push_back(faults);
    if (any_stale) c.series.push_back(stale);
    if (any_fault || any_stale)
        c.title = "Throttled and given-up requests" +
                  std::string(any_fault ? ", SystemErrors" : "") +
                  (any_stale ? ", stale reads" : "") + " per period of " +
                  duration_text(static_cast<double>(period)) + " (" + o.name + ")";
    c.x_max = static_cast<double>(seconds);
    return svg_line_chart(c, 860, 220);
}

std::string partitions_chart(const run::Outcome& o) {
    const auto& rec = o.result.metrics;
    const auto seconds = static_cast<std::int64_t>(rec.seconds().size());
    const auto period = choose_period(seconds, 600);
    LineChart c;
    c.title = "Partitions (" + o.name + ")";
    c.y_label = "partitions";
    LineSeries parts{"partitions", "#2ca02c", {}, false};
    for (const auto& p : period_rows(rec, period)) {
        c.x_seconds.push_back(static_cast<double>(p.start_s));
        parts.y.push_back(static_cast<double>(p.partitions));
    }
    c.series = {parts};
    c.x_max = static_cast<double>(seconds);
    return svg_line_chart(c, 860, 200);
}

// Per partition and minute: the busier side's share of the partition's hard limit
// (3,000 RCU / 1,000 WCU per second), grouped to at most 240 × 96 cells (max of each group).
std::string heat_map(const run::Outcome& o) {
    const auto& minutes = o.result.metrics.minutes();
    if (minutes.empty()) return "";
    std::size_t parts = 0;
    for (const auto& m : minutes)
        parts = std::max({parts, m.partition_read_halves.size(), m.partition_write_halves.size()});
    if (parts == 0) return "";
    const std::size_t col_group = (minutes.size() + 239) / 240;
    const std::size_t row_group = (parts + 95) / 96;
    const std::size_t cols = (minutes.size() + col_group - 1) / col_group;
    const std::size_t rows = (parts + row_group - 1) / row_group;
    std::vector<std::vector<double>> cells(rows, std::vector<double>(cols, 0));
    for (std::size_t m = 0; m < minutes.size(); ++m) {
        const auto& row = minutes[m];
        for (std::size_t p = 0; p < parts; ++p) {
            const double r =
                p < row.partition_read_halves.size() ? row.partition_read_halves[p] : 0;
            const double w =
                p < row.partition_write_halves.size() ? row.partition_write_halves[p] : 0;
            const double use = std::max(r / 2 / 60 / 3000, w / 2 / 60 / 1000);
            auto& cell = cells[p / row_group][m / col_group];
            cell = std::max(cell, use);
        }
    }
    const std::string label =
        row_group == 1 ? "partition" : "partitions (groups of " + std::to_string(row_group) + ")";
    return svg_heat_map(
        "Partition heat: busiest side's share of a partition's limit (" + o.name + ")", cells, 1.0,
        static_cast<double>(o.result.metrics.seconds().size()), label);
}

std::string latency_chart(const run::Outcome& o) {
    const auto& minutes = o.result.metrics.minutes();
    LineChart c;
    c.title = "Latency percentiles per minute, successful requests (" + o.name + ")";
    c.y_label = "ms";
    LineSeries p50{"p50", "#1f77b4", {}, false}, p90{"p90", "#ff7f0e", {}, false},
        p99{"p99", "#d62728", {}, false};
    for (std::size_t m = 0; m < minutes.size(); ++m) {
        c.x_seconds.push_back(static_cast<double>(m) * 60);
        p50.y.push_back(static_cast<double>(minutes[m].latency_p50) / 1000);
        p90.y.push_back(static_cast<double>(minutes[m].latency_p90) / 1000);
        p99.y.push_back(static_cast<double>(minutes[m].latency_p99) / 1000);
    }
    if (c.x_seconds.size() < 2) return "";
    c.series = {p50, p90, p99};
    c.x_max = static_cast<double>(o.result.metrics.seconds().size());
    return svg_line_chart(c, 860, 220);
}

std::string cost_section(const run::Outcome& o) {
    const auto& cat = o.scenario.catalog;
    std::string h =
        "<h3>Cost by capacity mode</h3><p class=\"note\">Prices: catalog <b>" +
        html_escape(cat.name) + "</b> (" + html_escape(cat.region) + ", " + html_escape(cat.date) +
        "; " + html_escape(cat.source) + "). Monthly figures are <b>projected</b> from the " +
        duration_text(static_cast<double>(o.result.metrics.seconds().size())) + " run to a " +
        std::to_string(cat.hours_per_month) + "-hour month" +
        (o.scenario.cost.free_tier ? "; free tier applied" : "; no free tier") + ".</p>";
    h += "<table><tr><th>mode</th><th>capacity</th><th class=\"n\">cost of the run</th><th "
         "class=\"n\">monthly (projected)</th><th>basis</th></tr>";
    std::vector<Bar> bars;
    int colour = 0;
    for (const auto& a : o.costs.alternatives) {
        const bool best = a.key == o.costs.cheapest;
        h += std::string("<tr") + (best ? " class=\"best\"" : "") + ">" + td(a.label);
        if (!a.available) {
            h += td("–") + td("n/a", true) + td("n/a", true) + td(a.why_not) + "</tr>";
            continue;
        }
        const bool od =
            a.key == "on-demand" || (a.key == "as-run" && o.scenario.config.capacity.on_demand);
        h += td(od ? "pay per request"
                   : "peak " + grouped(static_cast<double>(a.rcu)) + " RCU / " +
                         grouped(static_cast<double>(a.wcu)) + " WCU") +
             td(money(a.run.total), true) + td(money(a.month.total), true) +
             td(a.basis + (best ? " — cheapest" : "")) + "</tr>";
        bars.push_back(
            {a.label, a.month.total.as_dollars(), money(a.month.total), kPalette[colour++ % 6]});
    }
    h += "</table>";
    h += svg_bar_chart("Monthly cost by capacity mode (" + o.name + ")", bars);
    h += "<p class=\"note\">Break-even: on-demand costs less than fixed provisioned capacity "
         "while that capacity's average utilisation stays below " +
         percent(o.costs.breakeven_read_utilisation) + " for reads and " +
         percent(o.costs.breakeven_write_utilisation) +
         " for writes. The fixed plan's utilisation in this run: " +
         percent(o.costs.fixed_read_utilisation) + " reads, " +
         percent(o.costs.fixed_write_utilisation) + " writes.</p>";
    for (const auto& n : o.costs.notes)
        h += "<p class=\"note\">Note: " + html_escape(n) + ".</p>";
    if (const auto* a = o.costs.find("as-run"))
        h += bill_details("The bill as run, line by line", a->run);
    return h;
}

std::string overlay_chart(const Report& r, bool write) {
    if (r.outcomes.size() < 2) return "";
    std::int64_t seconds = 0;
    for (const auto& o : r.outcomes)
        seconds = std::max<std::int64_t>(
            seconds, static_cast<std::int64_t>(o.result.metrics.seconds().size()));
    const auto period = choose_period(seconds, 600);
    LineChart c;
    c.title =
        std::string("What-if: consumed ") + (write ? "WCU" : "RCU") + " per second, every run";
    c.y_label = write ? "WCU per second" : "RCU per second";
    for (std::size_t i = 0; i < r.outcomes.size(); ++i) {
        const auto& o = r.outcomes[i];
        LineSeries s{o.name, kPalette[i % 6], {}, i > 0};
        const auto rows = period_rows(o.result.metrics, period);
        for (const auto& p : rows) {
            if (i == 0) c.x_seconds.push_back(static_cast<double>(p.start_s));
            s.y.push_back((write ? p.consumed_wcu : p.consumed_rcu) / static_cast<double>(period));
        }
        c.series.push_back(std::move(s));
    }
    c.x_max = static_cast<double>(seconds);
    return svg_line_chart(c);
}

std::string whatif_table(const Report& r) {
    if (r.outcomes.size() < 2) return "";
    const auto& base = r.outcomes.front();
    struct Row {
        const char* label;
        std::string key;
        int decimals;
    };
    const Row rows[] = {{"throttled requests", "throttledRequests.sum", 0},
                        {"requests given up", "gaveUpRequests.sum", 0},
                        {"consumed RCU", "consumedRCU.sum", 0},
                        {"consumed WCU", "consumedWCU.sum", 0},
                        {"peak partitions", "partitions.max", 0},
                        {"p99 latency, ms", "latencyMs.p99", 1},
                        {"monthly cost as run, $", "monthlyCost.as-run", 2},
                        {"monthly cost, cheapest mode, $", "monthlyCost.cheapest", 2}};
    std::string h = "<h2>What-if comparison</h2><table><tr><th>metric</th>";
    for (const auto& o : r.outcomes)
        h += "<th class=\"n\">" + html_escape(o.name) + "</th>";
    h += "</tr>";
    for (const auto& row : rows) {
        h += "<tr>" + td(row.label);
        auto b = base.metrics.find(row.key);
        for (std::size_t i = 0; i < r.outcomes.size(); ++i) {
            const auto& o = r.outcomes[i];
            auto it = o.metrics.find(row.key);
            std::string cell = it == o.metrics.end() ? "–" : grouped(it->second, row.decimals);
            if (i > 0 && it != o.metrics.end() && b != base.metrics.end()) {
                const double d = it->second - b->second;
                if (d != 0)
                    cell += " (" + std::string(d > 0 ? "+" : "") + grouped(d, row.decimals) + ")";
            }
            h += td(cell, true);
        }
        h += "</tr>";
    }
    h += "</table>";
    if (r.file) {
        for (const auto& v : r.file->what_if) {
            h += "<p class=\"note\"><b>" + html_escape(v.name) +
                 "</b>: " + html_escape(v.description) + " <code>" +
                 html_escape(v.overrides.dump()) + "</code></p>";
        }
    }
    return h + overlay_chart(r, false) + overlay_chart(r, true);
}

std::string expectations_section(const Report& r) {
    if (r.expectations.empty()) return "";
    std::string h =
        "<h2>Expectations</h2><table><tr><th></th><th>run</th><th>check</th><th>where</th></tr>";
    for (const auto& e : r.expectations) {
        h += std::string("<tr class=\"") + (e.passed ? "pass" : "fail") + "\">" +
             td(e.passed ? "pass" : "FAIL") + td(e.run) +
             td(e.message +
                (e.expectation.description.empty() ? "" : " — " + e.expectation.description)) +
             td(e.expectation.pointer) + "</tr>";
    }
    return h + "</table>";
}

}  // namespace

std::string render_html(const Report& r) {
    const auto& base = r.outcomes.front();
    const std::string title = base.scenario.name.empty() ? r.source : base.scenario.name;
    std::string h =
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta "
        "name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>ddbsim: " +
        html_escape(title) + "</title><style>" + kStyle + "</style></head><body><main>";
    h += "<h1>" + html_escape(title) + "</h1><p class=\"sub\">" +
         html_escape(base.scenario.description) + "</p><p class=\"note\">Scenario <code>" +
         html_escape(r.source) + "</code> · " +
         duration_text(static_cast<double>(base.scenario.config.duration) / 1e6) +
         " simulated · seed " + std::to_string(base.scenario.config.seed) + " · " +
         std::to_string(r.outcomes.size()) + " run" + (r.outcomes.size() == 1 ? "" : "s") + "</p>";
    if (!r.expectations.empty()) {
        const std::size_t failed = r.failed_expectations();
        h += failed == 0
                 ? "<div class=\"verdict pass\">All " + std::to_string(r.expectations.size()) +
                       " expectations passed.</div>"
                 : "<div class=\"verdict fail\">" + std::to_string(failed) + " of " +
                       std::to_string(r.expectations.size()) + " expectations failed.</div>";
    }
    h += "<h2>Summary</h2>" + summary_table(r);
    h += whatif_table(r);
    h += expectations_section(r);
    for (const auto& o : r.outcomes) {
        h += "<h2>Run: " + html_escape(o.name) + "</h2>";
        if (!o.description.empty()) h += "<p class=\"sub\">" + html_escape(o.description) + "</p>";
        h += "<p class=\"note\">" + o.result.fidelity + " fidelity";
        for (const auto& c : o.result.calibration)
            h += " · " + html_escape(c.stream) + ": " + grouped(c.mean_halves / 2, 2) +
                 " units/request (" + std::to_string(c.samples) + " storage-core samples, ±" +
                 grouped(c.ci95_halves / 2, 3) + ")";
        h += "</p>";
        h += capacity_chart(o, false) + capacity_chart(o, true) + counts_chart(o) +
             partitions_chart(o) + heat_map(o) + latency_chart(o) + regions_section(o) +
             cost_section(o);
    }
    h += "<h2>Scenario</h2><pre>" + html_escape(r.file ? r.file->document.dump(2) : "") + "</pre>";
    h += "<p class=\"note\">Generated by ddbsim. Metric names follow "
         "CloudWatch's.</p></main></body></html>\n";
    return h;
}

}  // namespace ddbsim::reports
