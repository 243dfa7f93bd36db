// SecondaryIndex: a local or global secondary index kept in step with its table.
//
// Implements docs/dynamodb-model.md "Secondary indexes": an item is in the index only when it
// has every index key attribute (sparse indexes); the index holds the item's image — table
// keys, index keys and the projected attributes (ALL, KEYS_ONLY, INCLUDE). Each table write
// costs index writes on the image's size: one put when an item enters, one delete when it
// leaves, a delete and a put when its index key changes, one write when only projected
// attributes change, none when the image is unchanged.
// Entries are ordered by index partition-key hash, then index sort key, then table key
// (index keys need not be unique; the table key makes the order total and deterministic).
#pragma once

#include <map>
#include <optional>
#include <vector>

#include "storage/capacity.hpp"
#include "storage/collection_key.hpp"
#include "storage/table_schema.hpp"

namespace ddbsim::storage {

struct IndexEntryKey {
    AttributeValue sort;  // NULL when the index has no sort key
    AttributeValue table_partition;
    AttributeValue table_sort;  // NULL when the table has no sort key
};

struct IndexEntryLess {
    bool operator()(const IndexEntryKey& a, const IndexEntryKey& b) const;
};

class SecondaryIndex {
  public:
    struct Collection {
        std::map<IndexEntryKey, Item, IndexEntryLess> entries;
        std::uint64_t bytes = 0;
    };
    using Collections = std::map<Slot, Collection, SlotLess>;

    SecondaryIndex(IndexSchema schema, KeySchema table_key);

    const IndexSchema& schema() const { return schema_; }
    const Collections& collections() const { return collections_; }
    std::size_t item_count() const { return item_count_; }
    std::uint64_t total_bytes() const { return total_bytes_; }

    // The index's image of `item`, or nullopt when the item lacks an index key attribute.
    std::optional<Item> image(const Item& item) const;
    // The entry key of an image (or of any item holding the index and table keys).
    IndexEntryKey entry_key(const Item& item) const;
    // The write units a table write from `before` to `after` (either may be null) costs this
    // index, without changing it.
    CapacityUnits write_cost(const Item* before, const Item* after, WriteMode mode) const;
    // Applies the table write to the index.
    void apply(const Item* before, const Item* after);
    // Bytes of the entries under one partition key value (LSI item-collection size).
    std::uint64_t collection_bytes(const AttributeValue& partition) const;
    const Collection* find_collection(const AttributeValue& partition) const;

    // Whether `item` has every index key attribute, and the size its image has, computed
    // without building the image (this runs on every write).
    bool in_index(const Item& item) const;
    std::size_t image_size(const Item& item) const;

  private:
    // Whether two items have equal images.
    bool same_image(const Item& a, const Item& b) const;
    // Whether two versions of one table item sit at the same index position.
    bool same_entry(const Item& a, const Item& b) const;
    // Removes the entry of `item` (any version carrying the index and table keys).
    void erase(const Item& item);
    void insert(Item image);

    IndexSchema schema_;
    KeySchema table_key_;
    std::vector<std::string> projected_names_;  // keys + INCLUDE attributes, sorted, unique
    Collections collections_;
    std::size_t item_count_ = 0;
    std::uint64_t total_bytes_ = 0;
};

}  // namespace ddbsim::storage
