// Small formatting helpers shared by the text formats (numbers for people, escaping).
#pragma once

#include <string>
#include <vector>

#include "cost/money.hpp"
#include "run/outcome.hpp"

namespace ddbsim::reports {

// 1234567.8 → "1,234,568"; small values keep up to `decimals` decimals.
std::string grouped(double v, int decimals = 0);
// A metric of an outcome as text, or "–" when the run does not have it.
std::string metric_text(const run::Outcome& o, const std::string& key, int decimals = 0);
std::string money(cost::Money m);
std::string html_escape(const std::string& s);
std::string xml_escape(const std::string& s);
std::string percent(double fraction);
std::string duration_text(double seconds);  // "30 d", "5 min", "90 s"

// One region of a global table's run, as the reports show it: its metrics are the outcome's
// keys ending in `suffix` ("@eu-west-1"), its series its result's recorder, its bill `costs`.
struct RegionView {
    std::string region;
    std::string suffix;
    const run::RunResult* result = nullptr;
    const cost::Comparison* costs = nullptr;
};
// The regions of a global table's outcome, its own first; empty for a single-region table.
std::vector<RegionView> regions_of(const run::Outcome& o);

// The columns of the reports' per-region table: a metric key (without its region suffix), a
// header, and decimals.
struct RegionColumn {
    const char* key;
    const char* header;
    int decimals;
};
const std::vector<RegionColumn>& region_columns();

}  // namespace ddbsim::reports
