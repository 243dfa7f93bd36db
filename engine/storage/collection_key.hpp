// Where an item collection sits in a table's or index's key space: the 64-bit hash of its
// partition key value (the order collections are stored and scanned in, as on DynamoDB's
// hash ring) and the value itself, which breaks ties between equal hashes.
#pragma once

#include <cstdint>

#include "storage/attribute_value.hpp"

namespace ddbsim::storage {

struct Slot {
    std::uint64_t hash;
    AttributeValue key;
};

struct SlotRef {  // a lookup that does not copy the key
    std::uint64_t hash;
    const AttributeValue* key;
};

struct SlotLess {
    using is_transparent = void;
    static bool less(std::uint64_t ha, const AttributeValue& a, std::uint64_t hb,
                     const AttributeValue& b) {
        if (ha != hb) return ha < hb;
        return KeyValueLess{}(a, b);
    }
    bool operator()(const Slot& a, const Slot& b) const {
        return less(a.hash, a.key, b.hash, b.key);
    }
    bool operator()(const Slot& a, const SlotRef& b) const {
        return less(a.hash, a.key, b.hash, *b.key);
    }
    bool operator()(const SlotRef& a, const Slot& b) const {
        return less(a.hash, *a.key, b.hash, b.key);
    }
};

}  // namespace ddbsim::storage
