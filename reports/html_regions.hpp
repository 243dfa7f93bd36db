// The HTML report's section on a global table's regions (docs/global-tables.md): a table of
// each region's figures and bill, and charts of each region's write consumption, replication
// latency and backlog. Internal to the HTML report.
#pragma once

#include <string>

#include "run/outcome.hpp"

namespace ddbsim::reports {

// "" for a single-region table.
std::string regions_section(const run::Outcome& o);

// A bill's lines as a collapsed table (`summary` its title), with the bill's notes.
std::string bill_details(const std::string& summary, const cost::Bill& bill);

}  // namespace ddbsim::reports
