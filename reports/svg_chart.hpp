// Inline SVG charts for the HTML report: readable without JavaScript or network — a line
// chart over time (with event markers), horizontal bars, and a heat map.
#pragma once

#include <string>
#include <vector>

namespace ddbsim::reports {

struct LineSeries {
    std::string name;
    std::string color;
    std::vector<double> y;  // one value per x
    bool dashed = false;
};

struct LineChart {
    std::string title;
    std::string y_label;
    std::vector<double> x_seconds;  // shared x positions (simulated seconds)
    double x_max = 0;               // the axis' end (the run's length); 0 = the last x
    std::vector<LineSeries> series;
    std::vector<double> markers;  // x positions of events (e.g. throttling), drawn as ticks
    std::string marker_label;
};

std::string svg_line_chart(const LineChart& chart, int width = 860, int height = 260);

struct Bar {
    std::string label;
    double value = 0;
    std::string value_text;
    std::string color;
};
std::string svg_bar_chart(const std::string& title, const std::vector<Bar>& bars, int width = 860);

// cells[row][col], rows drawn bottom-up (row 0 = first partition); values ≥ 0, coloured
// relative to `max` (e.g. the per-partition hard limit).
std::string svg_heat_map(const std::string& title, const std::vector<std::vector<double>>& cells,
                         double max, double seconds, const std::string& row_label, int width = 860,
                         int height = 240);

// "1.2k", "3.4M": short axis labels. "1h30" style time labels from seconds.
std::string short_number(double v);
std::string time_label(double seconds, double span);
// A round tick interval for a time axis of `span` seconds (at most about 8 ticks).
double time_tick(double span);

}  // namespace ddbsim::reports
