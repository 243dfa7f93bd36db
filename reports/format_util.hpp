// Small formatting helpers shared by the text formats (numbers for people, escaping).
#pragma once

#include <string>

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

}  // namespace ddbsim::reports
