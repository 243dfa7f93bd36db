// Plain-words explanations of an exercise's result: the lesson, the capacity arithmetic of
// each workload stream step by step (the rule, then what the storage core measured), the
// partition count, the bill line by line, and the course's answers checked.
#pragma once

#include <string>

#include "reports/report.hpp"

namespace ddbsim::cli {

std::string explain_exercise(const std::string& name, const reports::Report& report);

}  // namespace ddbsim::cli
