// Item and attribute sizes exactly as DynamoDB computes them for capacity and limits.
//
// Implements docs/dynamodb-model.md, "Item size": an attribute counts the UTF-8 bytes of its
// name plus the size of its value; S = UTF-8 bytes, B = raw bytes, N = Decimal::size_bytes,
// BOOL/NULL = 1, L/M = 3 + per element (1 + element size, plus the key name for M), sets =
// the sum of member sizes. Items are limited to 400 KB; storage is billed with 100 bytes of
// indexing overhead per item.
#pragma once

#include <cstddef>

#include "storage/attribute_value.hpp"

namespace ddbsim::storage {

inline constexpr std::size_t kMaxItemSizeBytes = 400 * 1024;      // DG: 400 KB item limit
inline constexpr std::size_t kStorageOverheadBytesPerItem = 100;  // DG: storage billing
inline constexpr std::size_t kMaxPartitionKeyBytes = 2048;        // DG: ServiceQuotas
inline constexpr std::size_t kMaxSortKeyBytes = 1024;             // DG: ServiceQuotas

// Size of a value alone (without any attribute name).
std::size_t value_size(const AttributeValue& value);

// Size of one attribute: name bytes + value size.
inline std::size_t attribute_size(std::string_view name, const AttributeValue& value) {
    return name.size() + value_size(value);
}

// Size of a whole item: the sum of its attribute sizes. An empty item is 0 bytes.
std::size_t item_size(const Item& item);

// Bytes an item is billed for in storage: its size plus the per-item overhead.
inline std::size_t item_storage_bytes(const Item& item) {
    return item_size(item) + kStorageOverheadBytesPerItem;
}

}  // namespace ddbsim::storage
