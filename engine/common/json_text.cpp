#include "common/json_text.hpp"

#include <limits>
#include <string>

namespace ddbsim {

TextPosition text_position(std::string_view text, std::size_t offset) {
    TextPosition pos;
    pos.offset = offset;
    const std::size_t end = std::min(offset, text.size());
    for (std::size_t i = 0; i < end; ++i) {
        if (text[i] == '\n') {
            ++pos.line;
            pos.column = 1;
        } else {
            ++pos.column;
        }
    }
    return pos;
}

std::size_t json_depth_exceeded_at(std::string_view text, std::size_t max_depth) {
    std::size_t depth = 0;
    bool in_string = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (in_string) {
            if (c == '\\')
                ++i;  // the escaped character cannot end the string
            else if (c == '"')
                in_string = false;
            continue;
        }
        switch (c) {
            case '"':
                in_string = true;
                break;
            case '[':
            case '{':
                if (++depth > max_depth) return i;
                break;
            case ']':
            case '}':
                if (depth > 0) --depth;  // unbalanced text is the parser's to report
                break;
            default:
                break;
        }
    }
    return std::string_view::npos;
}

namespace {

Error located_error(std::string_view text, std::size_t offset, const std::string& what) {
    const TextPosition p = text_position(text, offset);
    return Error::invalid_input("invalid JSON: " + what,
                                std::to_string(p.line) + ":" + std::to_string(p.column));
}

// nlohmann's messages start with a tag, "[json.exception.parse_error.101] parse error at
// line 1, column 2: …": drop the tag.
std::string parser_reason(const std::string& what) {
    if (auto p = what.find("] "); p != std::string::npos) return what.substr(p + 2);
    return what;
}

}  // namespace

std::optional<std::int64_t> json_int64(const nlohmann::json& value) {
    if (value.is_number_unsigned()) {
        const auto u = value.get<std::uint64_t>();
        if (u > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
            return std::nullopt;
        return static_cast<std::int64_t>(u);
    }
    if (value.is_number_integer()) return value.get<std::int64_t>();
    return std::nullopt;
}

Result<nlohmann::json> parse_json_text(std::string_view text, std::size_t max_depth) {
    if (const std::size_t at = json_depth_exceeded_at(text, max_depth);
        at != std::string_view::npos) {
        return located_error(
            text, at,
            "nesting deeper than " + std::to_string(max_depth) + " levels of arrays and objects");
    }
    try {
        return nlohmann::json::parse(text.begin(), text.end());
    } catch (const nlohmann::json::parse_error& e) {
        return located_error(text, e.byte > 0 ? e.byte - 1 : 0, parser_reason(e.what()));
    } catch (const nlohmann::json::exception& e) {
        // out_of_range.406: "number overflow parsing '1e400'" — no byte offset is given, so
        // find the number's text.
        const std::string what = e.what();
        std::size_t offset = 0;
        if (auto open = what.find('\''); open != std::string::npos) {
            const auto close = what.find('\'', open + 1);
            const std::string token = what.substr(open + 1, close - open - 1);
            if (auto at = text.find(token); at != std::string_view::npos) offset = at;
        }
        return located_error(text, offset,
                             "a number beyond the range of a 64-bit floating-point value (" +
                                 parser_reason(what) + ")");
    }
}

}  // namespace ddbsim
