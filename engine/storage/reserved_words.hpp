// DynamoDB's reserved words for expressions (DG "Reserved words in DynamoDB").
#pragma once

#include <cstddef>
#include <string_view>

namespace ddbsim::storage {

// True if `name` (any case) is one of DynamoDB's 573 reserved words.
bool is_reserved_word(std::string_view name);
std::size_t reserved_word_count();

}  // namespace ddbsim::storage
