// Writing output files atomically: each file is written to a temporary name beside it and
// renamed into place, so a failure or Ctrl-C never leaves a partial report.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "common/result.hpp"

namespace ddbsim::reports {

// Writes every (path, content) pair, each atomically; all files are rendered before any is
// written, so a bad input never produces some of them.
Status write_files_atomically(const std::vector<std::pair<std::string, std::string>>& files);

}  // namespace ddbsim::reports
