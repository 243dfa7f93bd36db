// Small helpers for reading AWS CLI output with errors that name the field (a JSON pointer).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "common/error.hpp"
#include "common/json_text.hpp"
#include "common/result.hpp"

namespace ddbsim::import::fields {

inline Error problem(const std::string& pointer, const std::string& message) {
    return Error{ErrorCode::kInvalidInput, message, pointer.empty() ? "/" : pointer};
}

inline std::string type_name(const nlohmann::json& j) {
    if (j.is_null()) return "null";
    if (j.is_boolean()) return "a boolean";
    if (j.is_number()) return "a number";
    if (j.is_string()) return "a string";
    if (j.is_array()) return "an array";
    return "an object";
}

// The member `name` of object `j` (at `pointer`), or nullptr with `error` set when it is
// missing and `required`, or of another JSON type than `type`.
inline const nlohmann::json* member(const nlohmann::json& j, const std::string& pointer,
                                    const char* name, nlohmann::json::value_t type, bool required,
                                    std::optional<Error>& error) {
    const std::string p = pointer + "/" + name;
    auto it = j.is_object() ? j.find(name) : j.end();
    if (!j.is_object() || it == j.end() || it->is_null()) {
        if (required && !error) error = problem(p, "missing");
        return nullptr;
    }
    const bool number_ok = type == nlohmann::json::value_t::number_float && it->is_number();
    if (it->type() != type && !number_ok &&
        !(type == nlohmann::json::value_t::number_integer && it->is_number_unsigned())) {
        if (!error) {
            const char* want = type == nlohmann::json::value_t::string    ? "a string"
                               : type == nlohmann::json::value_t::array   ? "an array"
                               : type == nlohmann::json::value_t::object  ? "an object"
                               : type == nlohmann::json::value_t::boolean ? "a boolean"
                                                                          : "a number";
            error = problem(p, "found " + type_name(*it) + ", expected " + want);
        }
        return nullptr;
    }
    return &*it;
}

// Lenient reads of optional members that never throw: the member when it has the type,
// else `fallback` (the caller validates what matters with member()).
inline std::int64_t integer_or(const nlohmann::json& j, const char* name, std::int64_t fallback) {
    if (!j.is_object()) return fallback;
    auto it = j.find(name);
    return it != j.end() && it->is_number_integer() ? it->get<std::int64_t>() : fallback;
}
inline std::string string_or(const nlohmann::json& j, const char* name, std::string fallback) {
    if (!j.is_object()) return fallback;
    auto it = j.find(name);
    return it != j.end() && it->is_string() ? it->get<std::string>() : fallback;
}
inline bool bool_or(const nlohmann::json& j, const char* name, bool fallback) {
    if (!j.is_object()) return fallback;
    auto it = j.find(name);
    return it != j.end() && it->is_boolean() ? it->get<bool>() : fallback;
}

// A whole file's text as a JSON object.
inline Result<nlohmann::json> parse(const std::string& text) {
    auto doc = parse_json_text(text);
    if (!doc) return problem(doc.error().location, doc.error().message + " (not JSON)");
    if (!doc->is_object()) return problem("", "found " + type_name(*doc) + ", expected an object");
    return std::move(*doc);
}

}  // namespace ddbsim::import::fields
