// Standard base64 (RFC 4648, with padding), the encoding of B values in DynamoDB JSON.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace ddbsim::storage {

std::string base64_encode(std::string_view bytes);
// The decoded bytes, or nullopt if `text` is not canonical padded base64.
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace ddbsim::storage
