#include "reports/html_regions.hpp"

#include <algorithm>
#include <functional>

#include "reports/format_util.hpp"
#include "reports/svg_chart.hpp"
#include "reports/time_series.hpp"

namespace ddbsim::reports {
namespace {

const char* kRegionColours[] = {"#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2"};

std::string td(const std::string& s, bool numeric = false) {
    return std::string(numeric ? "<td class=\"n\">" : "<td>") + html_escape(s) + "</td>";
}

// One line per region of `value(row, period length)` over the run.
std::string per_region_chart(const run::Outcome& o, const std::string& title,
                             const std::string& y_label,
                             const std::function<double(const PeriodRow&, double)>& value) {
    const auto regions = regions_of(o);
    const auto seconds = static_cast<std::int64_t>(o.result.metrics.seconds().size());
    const auto period = choose_period(seconds, 600);
    LineChart c;
    c.title = title + " (" + o.name + ")";
    c.y_label = y_label;
    for (std::size_t i = 0; i < regions.size(); ++i) {
        LineSeries line{regions[i].region, kRegionColours[i % 6], {}, false};
        for (const auto& p : period_rows(regions[i].result->metrics, period)) {
            const double len =
                static_cast<double>(std::min<std::int64_t>(period, seconds - p.start_s));
            if (i == 0) c.x_seconds.push_back(static_cast<double>(p.start_s));
            line.y.push_back(value(p, len));
        }
        c.series.push_back(std::move(line));
    }
    c.x_max = static_cast<double>(seconds);
    return svg_line_chart(c, 860, 220);
}

}  // namespace

std::string bill_details(const std::string& summary, const cost::Bill& bill) {
    std::string h = "<details><summary>" + html_escape(summary) +
                    "</summary><table><tr><th>item</th><th class=\"n\">quantity</th><th>unit</th>"
                    "<th class=\"n\">price</th><th class=\"n\">amount</th></tr>";
    for (const auto& l : bill.lines)
        h += "<tr>" + td(l.item) + td(grouped(l.quantity, 2), true) + td(l.unit) +
             td(cost::format_dollars(l.unit_price, 6) + " " + l.price_unit, true) +
             td(cost::format_dollars(l.amount, 4), true) + "</tr>";
    h += "</table>";
    for (const auto& n : bill.notes)
        h += "<p class=\"note\">" + html_escape(n) + "</p>";
    return h + "</details>";
}

std::string regions_section(const run::Outcome& o) {
    const auto regions = regions_of(o);
    if (regions.empty()) return "";
    std::string h =
        "<h3>Regions</h3><p class=\"note\">A global table: every region serves its own requests "
        "and applies every other region's writes as replicated writes, which consume its write "
        "capacity and may be throttled (the replication backlog and latency then grow). "
        "Unsuffixed figures elsewhere in this run are " +
        html_escape(o.scenario.config.global.region) +
        "'s; the bill above is the regions' together.</p><table><tr><th>region</th>";
    for (const auto& c : region_columns())
        h += std::string("<th class=\"n\">") + html_escape(c.header) + "</th>";
    h += "<th class=\"n\">monthly, as run</th></tr>";
    for (const auto& region : regions) {
        h += "<tr><td style=\"white-space:nowrap\">" + html_escape(region.region) + "</td>";
        for (const auto& c : region_columns())
            h += td(metric_text(o, c.key + region.suffix, c.decimals), true);
        const auto* as_run = region.costs->find("as-run");
        h += td(as_run ? money(as_run->month.total) : "–", true) + "</tr>";
    }
    h += "</table>";
    h += per_region_chart(o, "Consumed write capacity per region, replicated writes included",
                          "WCU per second",
                          [](const PeriodRow& p, double len) { return p.consumed_wcu / len; });
    h += per_region_chart(o, "ReplicationLatency into each region (slowest write applied)", "ms",
                          [](const PeriodRow& p, double) {
                              return static_cast<double>(p.replication_latency_max_ms);
                          });
    h += per_region_chart(
        o, "Replication backlog: writes from other regions not yet applied", "writes",
        [](const PeriodRow& p, double) { return static_cast<double>(p.replication_backlog); });
    for (const auto& region : regions) {
        if (const auto* a = region.costs->find("as-run"))
            h += bill_details(region.region + ": the bill as run, line by line", a->run);
    }
    return h;
}

}  // namespace ddbsim::reports
