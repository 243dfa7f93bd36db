// Primary keys: validating key attributes and hashing partition keys.
//
// Rules (docs/dynamodb-model.md "Key attributes"; DG ServiceQuotas): key attributes are S, N or B
// of the declared type; S and B key values are not empty; a partition key value is at most
// 2048 bytes and a sort key value at most 1024 bytes. DynamoDB places items on partitions by
// a hash of the partition key (course; ATC22); `partition_key_hash` is our stand-in for that
// hash — deterministic on every platform and well mixed, so ranges of it split evenly.
#pragma once

#include <cstdint>
#include <string_view>

#include "common/result.hpp"
#include "storage/attribute_value.hpp"
#include "storage/table_schema.hpp"

namespace ddbsim::storage {

// A table (or index) key found in an item or a Key parameter. It refers to the values in
// that item, which must outlive it (keys are looked up on every operation; copying their
// strings would be most of a GetItem's cost).
struct PrimaryKey {
    const AttributeValue* partition = nullptr;
    const AttributeValue* sort = nullptr;  // points to a NULL value when there is no sort key
};

// The SplitMix64 finaliser: mixes every bit of `z` into every bit of the result.
std::uint64_t splitmix64_finalise(std::uint64_t z);

// 64-bit hash of a partition key value (FNV-1a over type tag and bytes, then the SplitMix64
// finaliser). Numbers hash by canonical text, so 1 and 1.0 land together as they must.
std::uint64_t partition_key_hash(const AttributeValue& value);

// The same hash of a value of type `type` given as its bytes (a string's or binary's bytes,
// a number's canonical text) in pieces, without building the value: add() each piece in
// order, then hash().
class PartitionKeyHasher {
  public:
    explicit PartitionKeyHasher(AttrType type);
    void add(std::string_view bytes);
    std::uint64_t hash() const;

  private:
    std::uint64_t h_;
};

// Checks one key attribute value against its declared type and size limit. `is_partition`
// picks the limit. ValidationException with DynamoDB's messages.
Status validate_key_value(const KeyAttribute& attr, const AttributeValue& value, bool is_partition);

// Validates an item's table key attributes and returns its key.
Result<PrimaryKey> item_key(const Item& item, const KeySchema& key);

// Validates a Key parameter (exactly the key attributes, right types) and returns it.
Result<PrimaryKey> request_key(const Item& key, const KeySchema& schema);

// The key attributes of `item` as an Item (for LastEvaluatedKey and stream records).
Item key_item(const Item& item, const KeySchema& key);

}  // namespace ddbsim::storage
