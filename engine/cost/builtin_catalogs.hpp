// The shipped price catalogs' JSON texts, embedded at build time from engine/cost/catalogs/
// (generated: builtin_catalogs.cpp in the build tree).
#pragma once

#include <string_view>
#include <utility>
#include <vector>

namespace ddbsim::cost {

const std::vector<std::pair<std::string_view, std::string_view>>& builtin_catalog_texts();

}  // namespace ddbsim::cost
