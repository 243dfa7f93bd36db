#include "storage/dynamodb_json.hpp"

#include <nlohmann/json.hpp>

#include "storage/base64.hpp"

namespace ddbsim::storage {
namespace {

using nlohmann::json;

Error at(Error e, const std::string& pointer) {
    if (e.location.empty()) e.location = pointer.empty() ? "/" : pointer;
    return e;
}

Error expected(const std::string& what, const std::string& pointer) {
    return Error::validation("Expected " + what, pointer.empty() ? "/" : pointer);
}

Result<Decimal> number_from_json(const json& j, const std::string& pointer) {
    if (!j.is_string()) return expected("a number as a JSON string, e.g. \"42\"", pointer);
    auto d = Decimal::parse(j.get_ref<const std::string&>());
    if (!d) return at(d.take_error(), pointer);
    return d;
}

Result<std::string> binary_from_json(const json& j, const std::string& pointer) {
    if (!j.is_string()) return expected("base64 text for a binary value", pointer);
    auto bytes = base64_decode(j.get_ref<const std::string&>());
    if (!bytes) return expected("valid base64 text for a binary value", pointer);
    return std::move(*bytes);
}

template <class T, class Parse>
Result<std::vector<T>> members_from_json(const json& j, const std::string& pointer, Parse parse) {
    if (!j.is_array()) return expected("a JSON array of set members", pointer);
    std::vector<T> members;
    members.reserve(j.size());
    for (std::size_t i = 0; i < j.size(); ++i) {
        auto m = parse(j[i], pointer + "/" + std::to_string(i));
        if (!m) return m.take_error();
        members.push_back(std::move(*m));
    }
    return members;
}

Result<std::string> string_member(const json& j, const std::string& pointer) {
    if (!j.is_string()) return expected("a JSON string", pointer);
    return j.get<std::string>();
}

}  // namespace

std::string json_pointer_escape(const std::string& token) {
    std::string out;
    for (char c : token) {
        if (c == '~')
            out += "~0";
        else if (c == '/')
            out += "~1";
        else
            out.push_back(c);
    }
    return out;
}

namespace {

Result<AttributeValue> value_from_json(const json& j, const std::string& pointer, int level);
Result<Item> map_from_json(const json& j, const std::string& pointer, int level);

}  // namespace

Error nesting_too_deep(const std::string& pointer) {
    return Error::validation(std::string(kNestingTooDeepMessage), pointer.empty() ? "/" : pointer);
}

Result<AttributeValue> attribute_value_from_json(const json& j, const std::string& pointer) {
    return value_from_json(j, pointer, 1);
}

Result<Item> item_from_json(const json& j, const std::string& pointer) {
    return map_from_json(j, pointer, 1);
}

namespace {

// `level` counts the attribute itself as 1; a list element or map member is one deeper.
Result<AttributeValue> value_from_json(const json& j, const std::string& pointer, int level) {
    if (level > kMaxNestingLevels) return nesting_too_deep(pointer);
    if (!j.is_object())
        return expected("an AttributeValue object such as {\"S\": \"text\"}", pointer);
    if (j.empty()) {
        return at(
            Error::validation("Supplied AttributeValue is empty, must contain exactly one of the "
                              "supported datatypes"),
            pointer);
    }
    if (j.size() > 1) {
        return at(Error::validation("Supplied AttributeValue has more than one datatypes set, must "
                                    "contain exactly one of the supported datatypes"),
                  pointer);
    }
    const auto first = j.begin();
    const std::string& name = first.key();
    const json& body = first.value();
    AttrType type;
    if (!parse_type_descriptor(name, type)) {
        return expected(
            "a type descriptor (S, N, B, BOOL, NULL, L, M, SS, NS, BS), found \"" + name + "\"",
            pointer);
    }
    const std::string inner = pointer + "/" + json_pointer_escape(name);
    switch (type) {
        case AttrType::kS: {
            auto s = string_member(body, inner);
            if (!s) return s.take_error();
            return AttributeValue::string(std::move(*s));
        }
        case AttrType::kN: {
            auto d = number_from_json(body, inner);
            if (!d) return d.take_error();
            return AttributeValue::number(std::move(*d));
        }
        case AttrType::kB: {
            auto b = binary_from_json(body, inner);
            if (!b) return b.take_error();
            return AttributeValue::binary(std::move(*b));
        }
        case AttrType::kBool:
            if (!body.is_boolean()) return expected("true or false", inner);
            return AttributeValue::boolean(body.get<bool>());
        case AttrType::kNull:
            if (!body.is_boolean() || !body.get<bool>()) {
                return at(
                    Error::validation("One or more parameter values were invalid: Null attribute "
                                      "value types must have the value of true"),
                    inner);
            }
            return AttributeValue::null();
        case AttrType::kL: {
            if (!body.is_array()) return expected("a JSON array of AttributeValues", inner);
            AttributeValue::List list;
            list.reserve(body.size());
            for (std::size_t i = 0; i < body.size(); ++i) {
                auto v = value_from_json(body[i], inner + "/" + std::to_string(i), level + 1);
                if (!v) return v.take_error();
                list.push_back(std::move(*v));
            }
            return AttributeValue::list(std::move(list));
        }
        case AttrType::kM: {
            auto m = map_from_json(body, inner, level + 1);
            if (!m) return m.take_error();
            return AttributeValue::map(std::move(*m));
        }
        case AttrType::kSS: {
            auto members = members_from_json<std::string>(body, inner, string_member);
            if (!members) return members.take_error();
            auto v = AttributeValue::string_set(std::move(*members));
            if (!v) return at(v.take_error(), inner);
            return v;
        }
        case AttrType::kNS: {
            auto members = members_from_json<Decimal>(body, inner, number_from_json);
            if (!members) return members.take_error();
            auto v = AttributeValue::number_set(std::move(*members));
            if (!v) return at(v.take_error(), inner);
            return v;
        }
        case AttrType::kBS: {
            auto members = members_from_json<std::string>(body, inner, binary_from_json);
            if (!members) return members.take_error();
            auto v = AttributeValue::binary_set(std::move(*members));
            if (!v) return at(v.take_error(), inner);
            return v;
        }
    }
    return Error{ErrorCode::kInternal, "unreachable attribute type", pointer};
}

Result<Item> map_from_json(const json& j, const std::string& pointer, int level) {
    if (!j.is_object())
        return expected("a JSON object mapping attribute names to AttributeValues", pointer);
    Item item;
    for (const auto& [name, body] : j.items()) {
        auto v = value_from_json(body, pointer + "/" + json_pointer_escape(name), level);
        if (!v) return v.take_error();
        item.emplace(name, std::move(*v));
    }
    return item;
}

}  // namespace

json to_json(const AttributeValue& v) {
    switch (v.type()) {
        case AttrType::kS:
            return {{"S", v.as_string()}};
        case AttrType::kN:
            return {{"N", v.as_number().to_string()}};
        case AttrType::kB:
            return {{"B", base64_encode(v.as_binary())}};
        case AttrType::kBool:
            return {{"BOOL", v.as_bool()}};
        case AttrType::kNull:
            return {{"NULL", true}};
        case AttrType::kL: {
            json list = json::array();
            for (const auto& e : v.as_list())
                list.push_back(to_json(e));
            return {{"L", std::move(list)}};
        }
        case AttrType::kM:
            return {{"M", to_json(v.as_map())}};
        case AttrType::kSS:
            return {{"SS", v.as_string_set()}};
        case AttrType::kNS: {
            json list = json::array();
            for (const auto& n : v.as_number_set())
                list.push_back(n.to_string());
            return {{"NS", std::move(list)}};
        }
        case AttrType::kBS: {
            json list = json::array();
            for (const auto& b : v.as_binary_set())
                list.push_back(base64_encode(b));
            return {{"BS", std::move(list)}};
        }
    }
    return json();
}

json to_json(const Item& item) {
    json out = json::object();
    for (const auto& [name, value] : item)
        out[name] = to_json(value);
    return out;
}

}  // namespace ddbsim::storage
