// The Markdown report: a summary for CI job pages (GitHub's $GITHUB_STEP_SUMMARY and alike).
#include "reports/format_util.hpp"
#include "reports/report.hpp"

namespace ddbsim::reports {
namespace {

std::string cell(const std::string& s) {
    std::string out;
    for (char c : s) {
        if (c == '|')
            out += "\\|";
        else if (c == '\n')
            out += ' ';
        else
            out += c;
    }
    return out;
}

}  // namespace

std::string render_markdown(const Report& report) {
    const auto& base = report.outcomes.front();
    std::string md =
        "# ddbsim: " + cell(base.scenario.name.empty() ? report.source : base.scenario.name) +
        "\n\n";
    if (!base.scenario.description.empty()) md += base.scenario.description + "\n\n";
    if (!report.expectations.empty()) {
        const std::size_t failed = report.failed_expectations();
        md += failed == 0
                  ? "**All " + std::to_string(report.expectations.size()) +
                        " expectations passed.**\n\n"
                  : "**" + std::to_string(failed) + " of " +
                        std::to_string(report.expectations.size()) + " expectations failed.**\n\n";
    }
    md +=
        "| run | fidelity | requests | throttled | consumed RCU | consumed WCU | partitions | "
        "p99 ms | cost (run) | monthly, as run | cheapest mode (monthly) |\n"
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|\n";
    for (const auto& o : report.outcomes) {
        const auto* as_run = o.costs.find("as-run");
        const auto* cheapest = o.costs.find(o.costs.cheapest);
        md += "| " + cell(o.name) + " | " + o.result.fidelity + " | " +
              metric_text(o, "requests.sum") + " | " + metric_text(o, "throttledRequests.sum") +
              " | " + metric_text(o, "consumedRCU.sum") + " | " +
              metric_text(o, "consumedWCU.sum") + " | " + metric_text(o, "partitions.max") + " | " +
              metric_text(o, "latencyMs.p99", 1) + " | " +
              (as_run ? money(as_run->run.total) : "–") + " | " +
              (as_run ? money(as_run->month.total) : "–") + " | " +
              (cheapest ? cell(cheapest->label) + " (" + money(cheapest->month.total) + ")" : "–") +
              " |\n";
    }
    if (!regions_of(base).empty()) {
        md +=
            "\n## Regions\n\nA global table: each region's own requests and the writes "
            "replicated into it (docs/global-tables.md).\n\n| run | region |";
        std::string rule = "|---|---|";
        for (const auto& c : region_columns()) {
            md += std::string(" ") + c.header + " |";
            rule += "---:|";
        }
        md += " monthly, as run |\n" + rule + "---:|\n";
        for (const auto& o : report.outcomes) {
            for (const auto& region : regions_of(o)) {
                md += "| " + cell(o.name) + " | " + region.region + " |";
                for (const auto& c : region_columns())
                    md += " " + metric_text(o, c.key + region.suffix, c.decimals) + " |";
                const auto* as_run = region.costs->find("as-run");
                md += " " + (as_run ? money(as_run->month.total) : std::string("–")) + " |\n";
            }
        }
    }
    md += "\n## Cost by capacity mode (" + cell(base.scenario.catalog.name) +
          " prices, projected to a " + std::to_string(base.scenario.catalog.hours_per_month) +
          "-hour month)\n\n| mode |";
    for (const auto& o : report.outcomes)
        md += " " + cell(o.name) + " |";
    md += "\n|---|";
    for (std::size_t i = 0; i < report.outcomes.size(); ++i)
        md += "---:|";
    md += "\n";
    for (const auto& a : base.costs.alternatives) {
        md += "| " + cell(a.label) + " |";
        for (const auto& o : report.outcomes) {
            const auto* alt = o.costs.find(a.key);
            md +=
                " " + (alt && alt->available ? money(alt->month.total) : std::string("n/a")) + " |";
        }
        md += "\n";
    }
    md +=
        "\nBreak-even: on-demand costs less than fixed provisioned capacity while its average "
        "utilisation stays below " +
        percent(base.costs.breakeven_read_utilisation) + " (reads) and " +
        percent(base.costs.breakeven_write_utilisation) + " (writes).\n";
    if (!report.expectations.empty()) {
        md += "\n## Expectations\n\n| | run | check | where |\n|---|---|---|---|\n";
        for (const auto& e : report.expectations) {
            md += std::string("| ") + (e.passed ? "✅ pass" : "❌ fail") + " | " + cell(e.run) +
                  " | " + cell(e.message) + " | `" + e.expectation.pointer + "` |\n";
        }
    }
    return md;
}

}  // namespace ddbsim::reports
