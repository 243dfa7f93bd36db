#include "reports/svg_chart.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "reports/format_util.hpp"

namespace ddbsim::reports {
namespace {

constexpr int kLeft = 64, kRight = 16, kTop = 34, kBottom = 40;

std::string f(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", v);
    return buf;
}

// A "nice" step for about `ticks` intervals over [0, max].
double nice_step(double max, int ticks) {
    if (max <= 0) return 1;
    const double raw = max / ticks;
    const double mag = std::pow(10.0, std::floor(std::log10(raw)));
    for (double m : {1.0, 2.0, 2.5, 5.0, 10.0})
        if (m * mag >= raw) return m * mag;
    return 10 * mag;
}

std::string text(double x, double y, const std::string& s, const char* anchor = "start",
                 const char* extra = "") {
    return "<text x=\"" + f(x) + "\" y=\"" + f(y) + "\" text-anchor=\"" + anchor + "\"" + extra +
           ">" + html_escape(s) + "</text>";
}

}  // namespace

std::string short_number(double v) {
    char buf[32];
    const double a = std::fabs(v);
    if (a >= 1e9)
        std::snprintf(buf, sizeof buf, "%gG", std::round(v / 1e8) / 10);
    else if (a >= 1e6)
        std::snprintf(buf, sizeof buf, "%gM", std::round(v / 1e5) / 10);
    else if (a >= 1e3)
        std::snprintf(buf, sizeof buf, "%gk", std::round(v / 1e2) / 10);
    else
        std::snprintf(buf, sizeof buf, "%g", std::round(v * 100) / 100);
    return buf;
}

std::string time_label(double s, double span) {
    char buf[32];
    if (span > 3 * 86400)
        std::snprintf(buf, sizeof buf, "day %g", std::round(s / 86400 * 10) / 10);
    else if (span > 3 * 3600)
        std::snprintf(buf, sizeof buf, "%gh", std::round(s / 3600 * 10) / 10);
    else if (span > 180)
        std::snprintf(buf, sizeof buf, "%gmin", std::round(s / 60 * 10) / 10);
    else
        std::snprintf(buf, sizeof buf, "%gs", s);
    return buf;
}

double time_tick(double span) {
    static const double steps[] = {1,     2,     5,     10,     15,     30,     60,    120,
                                   300,   600,   900,   1800,   3600,   7200,   10800, 14400,
                                   21600, 43200, 86400, 172800, 432000, 604800, 864000};
    for (double s : steps)
        if (span / s <= 8) return s;
    return std::ceil(span / 8 / 86400) * 86400;
}

std::string svg_line_chart(const LineChart& c, int width, int height) {
    const double pw = width - kLeft - kRight, ph = height - kTop - kBottom;
    double xmax = c.x_max > 0 ? c.x_max : (c.x_seconds.empty() ? 1 : c.x_seconds.back());
    if (xmax <= 0) xmax = 1;
    double ymax = 0;
    for (const auto& s : c.series)
        for (double v : s.y)
            ymax = std::max(ymax, v);
    const double step = nice_step(ymax * 1.05, 4);
    const double ytop = std::max(step, std::ceil(ymax * 1.05 / step) * step);
    auto X = [&](double x) { return kLeft + pw * x / xmax; };
    auto Y = [&](double y) { return kTop + ph * (1 - y / ytop); };

    std::string svg = "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " +
                      std::to_string(width) + " " + std::to_string(height) + "\" role=\"img\">";
    svg += "<title>" + html_escape(c.title) + "</title>";
    svg += text(kLeft, 18, c.title, "start", " class=\"ct\"");
    for (double y = 0; y <= ytop + 1e-9; y += step) {
        svg += "<line class=\"grid\" x1=\"" + f(kLeft) + "\" x2=\"" + f(kLeft + pw) + "\" y1=\"" +
               f(Y(y)) + "\" y2=\"" + f(Y(y)) + "\"/>";
        svg += text(kLeft - 6, Y(y) + 4, short_number(y), "end");
    }
    const double tick = time_tick(xmax);
    for (double x = 0; x <= xmax + 1e-9; x += tick)
        svg += text(X(x), height - kBottom + 16, time_label(x, xmax), "middle");
    svg += text(14, kTop + ph / 2, c.y_label, "middle",
                (" transform=\"rotate(-90 14 " + f(kTop + ph / 2) + ")\"").c_str());
    if (!c.markers.empty()) {
        std::string path;
        for (double m : c.markers)
            path += "M" + f(X(m)) + " " + f(kTop + ph) + "v-8";
        svg += "<path class=\"marker\" d=\"" + path + "\"><title>" + html_escape(c.marker_label) +
               "</title></path>";
    }
    double legend_x = kLeft;
    for (const auto& s : c.series) {
        std::string path;
        for (std::size_t i = 0; i < s.y.size() && i < c.x_seconds.size(); ++i)
            path += (i == 0 ? "M" : "L") + f(X(c.x_seconds[i])) + " " + f(Y(s.y[i]));
        svg += "<path fill=\"none\" stroke=\"" + s.color + "\" stroke-width=\"1.6\"" +
               (s.dashed ? " stroke-dasharray=\"6 4\"" : "") + " d=\"" + path + "\"><title>" +
               html_escape(s.name) + "</title></path>";
        svg += "<rect x=\"" + f(legend_x) + "\" y=\"" + f(height - 14) +
               "\" width=\"12\" height=\"4\" fill=\"" + s.color + "\"/>";
        svg += text(legend_x + 16, height - 9, s.name);
        legend_x += 24 + 7.0 * static_cast<double>(s.name.size());
    }
    if (!c.markers.empty()) {
        svg += "<rect x=\"" + f(legend_x) + "\" y=\"" + f(height - 18) +
               "\" width=\"2\" height=\"10\" class=\"markerkey\"/>";
        svg += text(legend_x + 6, height - 9, c.marker_label);
    }
    svg += "</svg>";
    return svg;
}

std::string svg_bar_chart(const std::string& title, const std::vector<Bar>& bars, int width) {
    const int row = 26, label_w = 260, value_w = 110;
    const int height = 30 + row * static_cast<int>(bars.size()) + 8;
    double vmax = 0;
    for (const auto& b : bars)
        vmax = std::max(vmax, b.value);
    if (vmax <= 0) vmax = 1;
    const double pw = width - label_w - value_w - 10;
    std::string svg = "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " +
                      std::to_string(width) + " " + std::to_string(height) + "\" role=\"img\">";
    svg += "<title>" + html_escape(title) + "</title>";
    svg += text(8, 18, title, "start", " class=\"ct\"");
    for (std::size_t i = 0; i < bars.size(); ++i) {
        const double y = 30 + row * static_cast<double>(i);
        const double w = pw * bars[i].value / vmax;
        svg += text(label_w - 8, y + 16, bars[i].label, "end");
        svg += "<rect x=\"" + f(label_w) + "\" y=\"" + f(y + 4) + "\" width=\"" +
               f(std::max(w, 1.0)) + "\" height=\"" + f(row - 8) + "\" fill=\"" + bars[i].color +
               "\"><title>" + html_escape(bars[i].label + ": " + bars[i].value_text) +
               "</title></rect>";
        svg += text(label_w + w + 6, y + 16, bars[i].value_text);
    }
    svg += "</svg>";
    return svg;
}

std::string svg_heat_map(const std::string& title, const std::vector<std::vector<double>>& cells,
                         double max, double seconds, const std::string& row_label, int width,
                         int height) {
    const double pw = width - kLeft - kRight - 70, ph = height - kTop - kBottom;
    const std::size_t rows = cells.size();
    const std::size_t cols = rows ? cells[0].size() : 0;
    std::string svg = "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " +
                      std::to_string(width) + " " + std::to_string(height) + "\" role=\"img\">";
    svg += "<title>" + html_escape(title) + "</title>";
    svg += text(kLeft, 18, title, "start", " class=\"ct\"");
    if (max <= 0) max = 1;
    const double cw = cols ? pw / static_cast<double>(cols) : pw;
    const double rh = rows ? ph / static_cast<double>(rows) : ph;
    for (std::size_t r = 0; r < rows; ++r) {
        for (std::size_t c = 0; c < cols; ++c) {
            const double v = std::clamp(cells[r][c] / max, 0.0, 1.0);
            if (v <= 0) continue;
            // white → amber → red
            const int red = 255;
            const int green = static_cast<int>(245 - 200 * v);
            const int blue = static_cast<int>(235 - 225 * std::min(1.0, v * 1.5));
            char colour[32];
            std::snprintf(colour, sizeof colour, "#%02x%02x%02x", red, std::max(green, 0),
                          std::max(blue, 0));
            svg += "<rect x=\"" + f(kLeft + cw * static_cast<double>(c)) + "\" y=\"" +
                   f(kTop + ph - rh * static_cast<double>(r + 1)) + "\" width=\"" + f(cw + 0.3) +
                   "\" height=\"" + f(rh + 0.3) + "\" fill=\"" + colour + "\"/>";
        }
    }
    svg += "<rect class=\"frame\" x=\"" + f(kLeft) + "\" y=\"" + f(kTop) + "\" width=\"" + f(pw) +
           "\" height=\"" + f(ph) + "\"/>";
    const double tick = time_tick(seconds);
    for (double x = 0; x <= seconds + 1e-9; x += tick)
        svg += text(kLeft + pw * x / std::max(seconds, 1.0), height - kBottom + 16,
                    time_label(x, seconds), "middle");
    svg += text(14, kTop + ph / 2, row_label, "middle",
                (" transform=\"rotate(-90 14 " + f(kTop + ph / 2) + ")\"").c_str());
    // colour key
    const double kx = kLeft + pw + 16;
    for (int i = 0; i < 10; ++i) {
        const double v = (i + 0.5) / 10.0;
        char colour[32];
        std::snprintf(colour, sizeof colour, "#%02x%02x%02x", 255, static_cast<int>(245 - 200 * v),
                      std::max(0, static_cast<int>(235 - 225 * std::min(1.0, v * 1.5))));
        svg += "<rect x=\"" + f(kx) + "\" y=\"" + f(kTop + ph - ph * (i + 1) / 10.0) +
               "\" width=\"14\" height=\"" + f(ph / 10 + 0.3) + "\" fill=\"" + colour + "\"/>";
    }
    svg += text(kx + 18, kTop + 10, "100 %");
    svg += text(kx + 18, kTop + ph, "0");
    svg += "</svg>";
    return svg;
}

}  // namespace ddbsim::reports
