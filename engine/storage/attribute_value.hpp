// AttributeValue: one DynamoDB value of any of the ten types, and Item, a set of named values.
//
// Types and their rules follow the DynamoDB data model (docs/dynamodb-model.md, "Item size";
// DG "Supported data types"): S (UTF-8 string), N (exact Decimal), B (raw bytes), BOOL,
// NULL, L (list), M (map), and the sets SS, NS, BS. Sets are never empty and never hold
// duplicates (DynamoDB rejects both); they are kept sorted (byte order for SS/BS, numeric
// order for NS) so that every output is deterministic. Maps and items are ordered by name for
// the same reason (attribute_map.hpp); DynamoDB itself promises no order.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "common/result.hpp"
#include "storage/attribute_map.hpp"
#include "storage/decimal.hpp"

namespace ddbsim::storage {

// The ten DynamoDB types, in the order of AttributeValue's alternatives.
enum class AttrType : std::uint8_t { kS, kN, kB, kBool, kNull, kL, kM, kSS, kNS, kBS };

// DynamoDB's descriptor for a type: "S", "N", "B", "BOOL", "NULL", "L", "M", "SS", "NS", "BS".
std::string_view type_descriptor(AttrType type);
// The inverse; false if `name` is not a descriptor.
bool parse_type_descriptor(std::string_view name, AttrType& out);

class AttributeValue;
// An item's attributes (and an M value's members), by name.
using AttributeMap = SortedAttributes<AttributeValue>;
using Item = AttributeMap;

class AttributeValue {
  public:
    using List = std::vector<AttributeValue>;
    using Map = AttributeMap;

    AttributeValue() : v_(NullTag{}) {}  // NULL

    static AttributeValue string(std::string s) {
        return AttributeValue(std::in_place_index<0>, std::move(s));
    }
    static AttributeValue number(Decimal n) {
        return AttributeValue(std::in_place_index<1>, std::move(n));
    }
    static AttributeValue binary(std::string bytes) {
        return AttributeValue(std::in_place_index<2>, Bytes{std::move(bytes)});
    }
    static AttributeValue boolean(bool b) { return AttributeValue(std::in_place_index<3>, b); }
    static AttributeValue null() { return AttributeValue(); }
    static AttributeValue list(List l) {
        return AttributeValue(std::in_place_index<5>, std::move(l));
    }
    static AttributeValue map(Map m) {
        return AttributeValue(std::in_place_index<6>, std::move(m));
    }
    // Sets validate DynamoDB's rules: not empty, no duplicates (ValidationException).
    static Result<AttributeValue> string_set(std::vector<std::string> members);
    static Result<AttributeValue> number_set(std::vector<Decimal> members);
    static Result<AttributeValue> binary_set(std::vector<std::string> members);

    AttrType type() const { return static_cast<AttrType>(v_.index()); }
    bool is(AttrType t) const { return type() == t; }
    bool is_set() const { return type() >= AttrType::kSS; }

    // Accessors; REQUIRES: the value has that type.
    const std::string& as_string() const { return std::get<0>(v_); }
    const Decimal& as_number() const { return std::get<1>(v_); }
    const std::string& as_binary() const { return std::get<2>(v_).bytes; }
    bool as_bool() const { return std::get<3>(v_); }
    const List& as_list() const { return std::get<5>(v_); }
    List& as_list() { return std::get<5>(v_); }
    const Map& as_map() const { return std::get<6>(v_); }
    Map& as_map() { return std::get<6>(v_); }
    const std::vector<std::string>& as_string_set() const { return std::get<7>(v_).members; }
    const std::vector<Decimal>& as_number_set() const { return std::get<8>(v_); }
    const std::vector<std::string>& as_binary_set() const { return std::get<9>(v_).members; }
    // Number of members of a set; REQUIRES: is_set().
    std::size_t set_size() const;

    // Makes this value an empty S (B) and returns its bytes for the caller to fill, keeping
    // the buffer it had when it already was one: a key rewritten for every request reuses
    // its memory (run/item_factory.hpp).
    std::string& reset_string() {
        if (auto* s = std::get_if<0>(&v_)) {
            s->clear();
            return *s;
        }
        return v_.emplace<0>();
    }
    std::string& reset_binary() {
        if (auto* b = std::get_if<2>(&v_)) {
            b->bytes.clear();
            return b->bytes;
        }
        return v_.emplace<2>().bytes;
    }

    // Equal when of the same type and value (sets as sets, maps by contents).
    friend bool operator==(const AttributeValue& a, const AttributeValue& b) {
        return a.v_ == b.v_;
    }

  private:
    struct NullTag {
        friend bool operator==(NullTag, NullTag) { return true; }
    };
    struct Bytes {
        std::string bytes;
        friend bool operator==(const Bytes&, const Bytes&) = default;
    };
    struct ByteStrings {  // SS and BS members, sorted, unique
        std::vector<std::string> members;
        friend bool operator==(const ByteStrings&, const ByteStrings&) = default;
    };
    using Storage = std::variant<std::string, Decimal, Bytes, bool, NullTag, List, Map, ByteStrings,
                                 std::vector<Decimal>, ByteStrings>;
    // Builds alternative I in place (no variant moved after it is built).
    template <std::size_t I, class... Args>
    explicit AttributeValue(std::in_place_index_t<I> alternative, Args&&... args)
        : v_(alternative, std::forward<Args>(args)...) {}

    Storage v_;
};

// Orders two key values of the same scalar type as DynamoDB orders sort keys: byte order for
// S and B (UTF-8 bytes, unsigned), numeric order for N. REQUIRES: a and b are both S, N or B
// of the same type.
int compare_key_values(const AttributeValue& a, const AttributeValue& b);

// Strict weak ordering over key values for ordered containers (by type first, then value).
struct KeyValueLess {
    bool operator()(const AttributeValue& a, const AttributeValue& b) const;
};

// How deeply `value` nests: 1 for a scalar or a set, 1 + its deepest element for a list or map.
int nesting_levels(const AttributeValue& value);

}  // namespace ddbsim::storage
