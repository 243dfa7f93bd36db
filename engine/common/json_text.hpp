// Reading untrusted JSON text (scenario files, item files, request lines, request bodies).
//
// nlohmann::json builds its document without recursion, but copying, comparing, printing
// and our own readers of a document walk it recursively, so a few kilobytes of "[[[[…"
// would overflow the stack. The text's nesting depth is therefore checked by an iterative
// pre-scan before any document is built, and every failure of the parser (syntax, a number
// beyond a double's range) becomes a located error instead of an exception.
//
// Thread-safe: pure functions.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "common/result.hpp"

namespace ddbsim {

// Deepest nesting of arrays and objects accepted in any JSON text ddbsim reads. Generous:
// a DynamoDB item at its own 32-level limit (docs/dynamodb-model.md "Limits") takes about
// 70 levels of JSON inside a TransactWriteItems request.
inline constexpr std::size_t kMaxJsonDepth = 128;

// Where a problem is in a text: byte offset and 1-based line and column.
struct TextPosition {
    std::size_t offset = 0, line = 1, column = 1;
};
TextPosition text_position(std::string_view text, std::size_t offset);

// The first byte offset at which `text` opens its (max_depth + 1)-th nested array or object,
// or npos. Strings (with escapes) are skipped, so brackets inside them do not count.
std::size_t json_depth_exceeded_at(std::string_view text, std::size_t max_depth);

// Parses `text`. On failure the error (kInvalidInput) has a message such as
// "invalid JSON: nesting deeper than 128 levels of arrays and objects" and the location
// "LINE:COLUMN" (1-based) of the offending byte.
Result<nlohmann::json> parse_json_text(std::string_view text,
                                       std::size_t max_depth = kMaxJsonDepth);

// The value of a JSON integer that fits in int64_t; nullopt for anything else (floats, and
// unsigned integers above 2^63 − 1, which nlohmann keeps as uint64_t and get<int64_t>()
// would silently wrap to a negative number).
std::optional<std::int64_t> json_int64(const nlohmann::json& value);

// `text` with every byte sequence that is not well-formed UTF-8 replaced by U+FFFD, so any
// message built from request bytes (a token of an expression, an operation name) can be
// put into a JSON response; well-formed text comes back unchanged.
std::string to_valid_utf8(std::string_view text);

}  // namespace ddbsim
