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

std::string to_valid_utf8(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
    for (std::size_t i = 0; i < text.size();) {
        const unsigned char c = byte(i);
        // The length of the sequence `c` starts and the range of its second byte (RFC 3629:
        // no overlong forms, no surrogates, nothing above U+10FFFF).
        std::size_t n = 0;
        unsigned char lo = 0x80, hi = 0xBF;
        if (c < 0x80)
            n = 1;
        else if (c >= 0xC2 && c <= 0xDF)
            n = 2;
        else if (c == 0xE0)
            n = 3, lo = 0xA0;
        else if (c >= 0xE1 && c <= 0xEC)
            n = 3;
        else if (c == 0xED)
            n = 3, hi = 0x9F;
        else if (c >= 0xEE && c <= 0xEF)
            n = 3;
        else if (c == 0xF0)
            n = 4, lo = 0x90;
        else if (c >= 0xF1 && c <= 0xF3)
            n = 4;
        else if (c == 0xF4)
            n = 4, hi = 0x8F;
        bool ok = n > 0 && i + n <= text.size();
        for (std::size_t k = 1; ok && k < n; ++k) {
            const unsigned char b = byte(i + k);
            ok = k == 1 ? (b >= lo && b <= hi) : (b >= 0x80 && b <= 0xBF);
        }
        if (ok) {
            out.append(text.substr(i, n));
            i += n;
        } else {
            out += "\xEF\xBF\xBD";  // U+FFFD
            ++i;
        }
    }
    return out;
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
