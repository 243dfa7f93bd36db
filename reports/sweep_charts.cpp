#include "reports/sweep_charts.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

#include "reports/format_util.hpp"
#include "reports/svg_chart.hpp"

namespace ddbsim::reports {

namespace {

std::string fmt(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", v);
    return buf;
}

}  // namespace

std::string sweep_line_chart(const SweepReport& r, const std::string& metric) {
    if (r.sweep->parameters.size() != 1) return "";
    const auto& param = r.sweep->parameters[0];
    std::vector<const run::SweepStatistic*> stats;
    double top = 0;
    for (const auto& p : r.summary.points) {
        auto it = p.metrics.find(metric);
        stats.push_back(it == p.metrics.end() ? nullptr : &it->second);
        if (it != p.metrics.end()) top = std::max(top, it->second.mean + it->second.ci95);
    }
    if (top <= 0) top = 1;
    const double width = 860, height = 260, left = 70, right = 20, top_pad = 30, bottom = 50;
    const double plot_w = width - left - right, plot_h = height - top_pad - bottom;
    const std::size_t n = stats.size();
    auto x_of = [&](std::size_t i) {
        return left + (n == 1 ? plot_w / 2 : plot_w * static_cast<double>(i) / (n - 1));
    };
    auto y_of = [&](double v) { return top_pad + plot_h * (1 - v / top); };
    std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + fmt(width) +
                      "\" height=\"" + fmt(height) + "\" font-size=\"12\"><text x=\"" + fmt(left) +
                      "\" y=\"18\" font-weight=\"600\">" +
                      html_escape(metric + ": mean ± 95 % CI over " + param.pointer) + "</text>";
    for (int t = 0; t <= 4; ++t) {
        const double v = top * t / 4;
        svg += "<line x1=\"" + fmt(left) + "\" x2=\"" + fmt(width - right) + "\" y1=\"" +
               fmt(y_of(v)) + "\" y2=\"" + fmt(y_of(v)) + "\" stroke=\"#eee\"/><text x=\"" +
               fmt(left - 6) + "\" y=\"" + fmt(y_of(v) + 4) + "\" text-anchor=\"end\">" +
               short_number(v) + "</text>";
    }
    std::string line;
    for (std::size_t i = 0; i < n; ++i) {
        svg += "<text x=\"" + fmt(x_of(i)) + "\" y=\"" + fmt(height - bottom + 18) +
               "\" text-anchor=\"middle\">" + html_escape(param.values[i].dump()) + "</text>";
        if (!stats[i]) continue;
        const auto& s = *stats[i];
        line += (line.empty() ? "" : " ") + fmt(x_of(i)) + "," + fmt(y_of(s.mean));
        svg += "<line x1=\"" + fmt(x_of(i)) + "\" x2=\"" + fmt(x_of(i)) + "\" y1=\"" +
               fmt(y_of(std::max(0.0, s.mean - s.ci95))) + "\" y2=\"" + fmt(y_of(s.mean + s.ci95)) +
               "\" stroke=\"#1f77b4\" stroke-width=\"2\"/>" + "<circle cx=\"" + fmt(x_of(i)) +
               "\" cy=\"" + fmt(y_of(s.mean)) + "\" r=\"4\" fill=\"#1f77b4\"><title>" +
               html_escape(param.values[i].dump() + ": " + grouped(s.mean, 2) + " ± " +
                           grouped(s.ci95, 2)) +
               "</title></circle>";
    }
    svg += "<polyline fill=\"none\" stroke=\"#1f77b4\" points=\"" + line + "\"/>";
    svg += "<text x=\"" + fmt(left + plot_w / 2) + "\" y=\"" + fmt(height - 8) +
           "\" text-anchor=\"middle\">" + html_escape(param.pointer) + "</text></svg>";
    return svg;
}

std::string sweep_heat_map(const SweepReport& r, const std::string& metric) {
    const auto& params = r.sweep->parameters;
    if (params.size() < 2) return "";
    const std::size_t rows = params[0].values.size(), cols = params[1].values.size();
    std::vector<double> sum(rows * cols, 0.0), count(rows * cols, 0.0);
    for (const auto& p : r.summary.points) {
        auto it = p.metrics.find(metric);
        if (it == p.metrics.end()) continue;
        const std::size_t cell = p.coordinates[0] * cols + p.coordinates[1];
        sum[cell] += it->second.mean;
        count[cell] += 1;
    }
    double top = 0, bottom = 0;
    bool any = false;
    for (std::size_t c = 0; c < sum.size(); ++c) {
        if (count[c] == 0) continue;
        const double v = sum[c] / count[c];
        top = any ? std::max(top, v) : v;
        bottom = any ? std::min(bottom, v) : v;
        any = true;
    }
    std::string h = "<table class=\"heat\"><tr><th>" + html_escape(params[0].pointer) + " ↓ / " +
                    html_escape(params[1].pointer) + " →</th>";
    for (const auto& v : params[1].values)
        h += "<th>" + html_escape(v.dump()) + "</th>";
    h += "</tr>";
    for (std::size_t i = 0; i < rows; ++i) {
        h += "<tr><th>" + html_escape(params[0].values[i].dump()) + "</th>";
        for (std::size_t j = 0; j < cols; ++j) {
            const std::size_t c = i * cols + j;
            if (count[c] == 0) {
                h += "<td class=\"n\">–</td>";
                continue;
            }
            const double v = sum[c] / count[c];
            // Coloured from the lowest cell (lightest) to the highest (darkest).
            const double alpha = top > bottom ? 0.08 + 0.8 * (v - bottom) / (top - bottom) : 0.08;
            char style[80];
            std::snprintf(style, sizeof style, "background:rgba(214,39,40,%.2f)", alpha);
            h += "<td class=\"n\" style=\"" + std::string(style) + "\">" +
                 html_escape(grouped(v, std::abs(v) < 100 ? 2 : 0)) + "</td>";
        }
        h += "</tr>";
    }
    h += "</table><p>Each cell: the mean over the seeds" +
         std::string(params.size() > 2 ? " and the other parameters" : "") +
         "; from the lightest " + html_escape(grouped(bottom, std::abs(bottom) < 100 ? 2 : 0)) +
         " to the darkest " + html_escape(grouped(top, std::abs(top) < 100 ? 2 : 0)) + ".</p>";
    return h;
}

}  // namespace ddbsim::reports
