// The course exercises and Pinehead scenarios shipped inside the binary (generated from
// scenarios/course/*.json and scenarios/pinehead/*.json at build time), so
// `ddbsim exercise` works from any directory.
#pragma once

#include <string_view>
#include <utility>
#include <vector>

namespace ddbsim::cli {

// (name, JSON text), sorted by name.
const std::vector<std::pair<std::string_view, std::string_view>>& builtin_exercises();

}  // namespace ddbsim::cli
