// The HTML report's section on a global table's regions (docs/global-tables.md): a table of
// each region's figures and bill, and charts of each region's write consumption, replication
// latency and backlog. Internal to the HTML report.
#pragma once

#include <string>

#include "run/outcome.hpp"

namespace ddbsim::reports {

// "" for a single-region table.
std::string regions_section(const run::Outcome& o);

}  // namespace ddbsim::reports
