#include "storage/attribute_value.hpp"

#include <algorithm>
#include <array>

namespace ddbsim::storage {
namespace {

constexpr std::array<std::string_view, 10> kDescriptors = {"S", "N", "B",  "BOOL", "NULL",
                                                           "L", "M", "SS", "NS",   "BS"};

// DynamoDB's message for a set with repeated members.
template <class T, class Print>
Error duplicate_error(const std::vector<T>& members, Print print) {
    std::string list;
    for (const auto& m : members) {
        if (!list.empty()) list += ", ";
        list += print(m);
    }
    return Error::validation("One or more parameter values were invalid: Input collection [" +
                             list + "] contains duplicates.");
}

}  // namespace

std::string_view type_descriptor(AttrType type) {
    return kDescriptors[static_cast<std::size_t>(type)];
}

bool parse_type_descriptor(std::string_view name, AttrType& out) {
    for (std::size_t i = 0; i < kDescriptors.size(); ++i) {
        if (kDescriptors[i] == name) {
            out = static_cast<AttrType>(i);
            return true;
        }
    }
    return false;
}

Result<AttributeValue> AttributeValue::string_set(std::vector<std::string> members) {
    if (members.empty()) {
        return Error::validation(
            "One or more parameter values were invalid: An string set  may not be empty");
    }
    auto original = members;
    std::sort(members.begin(), members.end());
    if (std::adjacent_find(members.begin(), members.end()) != members.end()) {
        return duplicate_error(original, [](const std::string& s) { return s; });
    }
    return AttributeValue(std::in_place_index<7>, ByteStrings{std::move(members)});
}

Result<AttributeValue> AttributeValue::number_set(std::vector<Decimal> members) {
    if (members.empty()) {
        return Error::validation(
            "One or more parameter values were invalid: An number set  may not be empty");
    }
    auto original = members;
    std::sort(members.begin(), members.end());
    if (std::adjacent_find(members.begin(), members.end()) != members.end()) {
        return duplicate_error(original, [](const Decimal& d) { return d.to_string(); });
    }
    return AttributeValue(std::in_place_index<8>, std::move(members));
}

Result<AttributeValue> AttributeValue::binary_set(std::vector<std::string> members) {
    if (members.empty()) {
        return Error::validation(
            "One or more parameter values were invalid: Binary sets should not be empty");
    }
    std::sort(members.begin(), members.end());
    if (std::adjacent_find(members.begin(), members.end()) != members.end()) {
        return Error::validation(
            "One or more parameter values were invalid: Input collection contains duplicates.");
    }
    return AttributeValue(std::in_place_index<9>, ByteStrings{std::move(members)});
}

std::size_t AttributeValue::set_size() const {
    switch (type()) {
        case AttrType::kSS:
            return as_string_set().size();
        case AttrType::kNS:
            return as_number_set().size();
        case AttrType::kBS:
            return as_binary_set().size();
        default:
            return 0;
    }
}

int compare_key_values(const AttributeValue& a, const AttributeValue& b) {
    switch (a.type()) {
        case AttrType::kN: {
            const auto c = a.as_number() <=> b.as_number();
            return c < 0 ? -1 : (c > 0 ? 1 : 0);
        }
        case AttrType::kS:
            return a.as_string().compare(b.as_string());
        case AttrType::kB:
            return a.as_binary().compare(b.as_binary());
        default:
            return 0;
    }
}

bool KeyValueLess::operator()(const AttributeValue& a, const AttributeValue& b) const {
    if (a.type() != b.type()) return a.type() < b.type();
    return compare_key_values(a, b) < 0;
}

int nesting_levels(const AttributeValue& value) {
    int deepest = 0;
    if (value.is(AttrType::kL)) {
        for (const auto& e : value.as_list())
            deepest = std::max(deepest, nesting_levels(e));
    } else if (value.is(AttrType::kM)) {
        for (const auto& [name, e] : value.as_map())
            deepest = std::max(deepest, nesting_levels(e));
    }
    return 1 + deepest;
}

}  // namespace ddbsim::storage
