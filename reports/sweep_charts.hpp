// Charts of a metric over a sweep's grid, for sweep.html: a line over the values of a
// one-parameter sweep (mean with its 95 % CI as whiskers), and for two or more parameters a
// heat map of the first two (rows × columns, each cell the mean over the other parameters
// and the seeds). Inline SVG / HTML, no script.
#pragma once

#include <string>

#include "reports/sweep_report.hpp"

namespace ddbsim::reports {

std::string sweep_line_chart(const SweepReport& report, const std::string& metric);
std::string sweep_heat_map(const SweepReport& report, const std::string& metric);

}  // namespace ddbsim::reports
