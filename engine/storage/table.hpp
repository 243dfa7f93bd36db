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
            for (const auto& [sort, item] : collection) visit(item);
        }
    }

private:
    struct Slot {
        std::uint64_t hash;
        AttributeValue key;
    };
    struct SlotLess {
        bool operator()(const Slot& a, const Slot& b) const {
            if (a.hash != b.hash) return a.hash < b.hash;
            return KeyValueLess{}(a.key, b.key);
        }
    };
    using Collection = std::map<AttributeValue, Item, KeyValueLess>;

    const Item* find(const PrimaryKey& key) const;
    void store(const PrimaryKey& key, Item item, const Item* existing);
    void erase(const PrimaryKey& key, const Item& existing);
    Status validate_item(const Item& item, const char* too_large_message) const;
    Status check_updatable(const UpdateExpression& update) const;

    TableSchema schema_;
    std::map<Slot, Collection, SlotLess> collections_;
    std::size_t item_count_ = 0;
    std::uint64_t total_item_bytes_ = 0;
};

}  // namespace ddbsim::storage
