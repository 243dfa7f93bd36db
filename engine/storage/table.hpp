// Table: the storage core's in-memory table, executing DynamoDB operations on real items.
//
// Items are grouped into item collections by partition key and ordered within a collection
// by sort key (byte order for S and B, numeric for N); collections are ordered by the hash
// of their partition key, as the service lays them out on its hash ring. Each operation
// returns the ConsumedCapacity DynamoDB would bill for it (capacity.hpp; dynamodb-facts.md
// "Capacity units").
// Thread safety: none; a Table is used by one thread at a time.
#pragma once

#include <cstdint>
#include <map>
#include <unordered_map>

#include "storage/primary_key.hpp"
#include "storage/requests.hpp"
#include "storage/table_schema.hpp"

namespace ddbsim::storage {

class Table {
  public:
    explicit Table(TableSchema schema);
    Table(const Table&) = delete;
    Table& operator=(const Table&) = delete;

    const TableSchema& schema() const { return schema_; }
    std::size_t item_count() const { return item_count_; }
    // Sum of item sizes (without the per-item storage overhead).
    std::uint64_t total_item_bytes() const { return total_item_bytes_; }
    // Bytes billed for storage: items plus 100 bytes of overhead each.
    std::uint64_t storage_bytes() const;

    Outcome<WriteResponse> put_item(const PutItemRequest& request);
    Outcome<GetItemResponse> get_item(const GetItemRequest& request) const;
    Outcome<WriteResponse> update_item(const UpdateItemRequest& request);
    Outcome<WriteResponse> delete_item(const DeleteItemRequest& request);
    Outcome<QueryResponse> query(const QueryRequest& request) const;

    // Visits every item in storage order (by partition-key hash, then sort key).
    template <class F>
    void for_each_item(F&& visit) const {
        for (const auto& [slot, collection] : collections_) {
            for (const auto& [sort, item] : collection)
                visit(item);
        }
    }

  private:
    // Collections are ordered by partition-key hash, then by the key itself.
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
    using Collection = std::map<AttributeValue, Item, KeyValueLess>;

    const Item* find(const PrimaryKey& key) const;
    // Stores `item` (of `item_bytes`) under `key`, replacing `existing` (of `existing_bytes`).
    void store(const PrimaryKey& key, Item item, std::size_t item_bytes, const Item* existing,
               std::size_t existing_bytes);
    void erase(const PrimaryKey& key, std::size_t existing_bytes);
    // Checks index key attributes and the 400 KB limit; returns the item's size.
    Result<std::size_t> validate_item(const Item& item, const char* too_large_message) const;
    Status check_updatable(const UpdateExpression& update) const;

    using Collections = std::map<Slot, Collection, SlotLess>;
    Collections::const_iterator find_collection(std::uint64_t hash,
                                                const AttributeValue& key) const;
    void index_collection(Collections::iterator it);
    void unindex_collection(Collections::iterator it);

    TableSchema schema_;
    Collections collections_;
    // Point lookups go through a hash index on the 64-bit partition-key hash (one probe
    // instead of a walk down the ordered tree); the ordered map stays the source of truth
    // for scans. A hash shared by two keys indexes one of them; the other is found in the map.
    std::unordered_map<std::uint64_t, Collections::iterator> by_hash_;
    std::size_t item_count_ = 0;
    std::uint64_t total_item_bytes_ = 0;
};

}  // namespace ddbsim::storage
