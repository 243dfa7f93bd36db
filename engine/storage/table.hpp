// Table: the storage core's in-memory table, executing DynamoDB operations on real items.
//
// Items are grouped into item collections by partition key and ordered within a collection
// by sort key (byte order for S and B, numeric for N); collections are ordered by the hash
// of their partition key, as the service lays them out on its hash ring. Each operation
// returns the ConsumedCapacity DynamoDB would bill for it (capacity.hpp; docs/dynamodb-model.md
// "Capacity units").
// Thread safety: none. A Table is used by one thread at a time; a server serialises every
// request on a table (its table lock) — which is also what makes a conditional write, an
// UpdateItem and a transaction atomic with respect to every other request — and takes the
// locks of all the tables a batch or transaction names in one fixed order (by name).
// Const member functions may run concurrently with each other, never with a writer.
#pragma once

#include <cstdint>
#include <map>
#include <optional>

#include "storage/collection_key.hpp"
#include "storage/hash_index.hpp"
#include "storage/primary_key.hpp"
#include "storage/requests.hpp"
#include "storage/secondary_index.hpp"
#include "storage/stream.hpp"
#include "storage/table_schema.hpp"

namespace ddbsim::storage {

class Table {
  public:
    // DynamoDB's limit on an item collection of a table with LSIs (docs/dynamodb-model.md: 10 GB).
    static constexpr std::uint64_t kItemCollectionLimitBytes = 10ULL * 1024 * 1024 * 1024;

    // `item_collection_limit_bytes` exists so tests can reach the limit with small data, and
    // `point_index_hash_bits` (1–64) so they can make every key's hash collide with others'.
    explicit Table(TableSchema schema,
                   std::uint64_t item_collection_limit_bytes = kItemCollectionLimitBytes,
                   int point_index_hash_bits = 64);
    Table(const Table&) = delete;
    Table& operator=(const Table&) = delete;

    const TableSchema& schema() const { return schema_; }
    // The table's secondary indexes (LSIs first, then GSIs, in schema order).
    const std::vector<SecondaryIndex>& indexes() const { return indexes_; }
    const SecondaryIndex* find_index(std::string_view name) const;
    // The stored item with this key, or nullptr — without billing. For planning (the
    // simulator's admission decisions), never for answering requests.
    const Item* peek(const Item& key) const;
    std::size_t item_count() const { return item_count_; }
    // Sum of item sizes (without the per-item storage overhead).
    std::uint64_t total_item_bytes() const { return total_item_bytes_; }
    // Bytes billed for storage: items plus 100 bytes of overhead each.
    std::uint64_t storage_bytes() const;

    Outcome<WriteResponse> put_item(const PutItemRequest& request);
    // The same, storing the request's item itself rather than a copy of it.
    Outcome<WriteResponse> put_item(PutItemRequest&& request);
    Outcome<GetItemResponse> get_item(const GetItemRequest& request) const;
    Outcome<WriteResponse> update_item(const UpdateItemRequest& request);
    Outcome<WriteResponse> delete_item(const DeleteItemRequest& request);
    Outcome<QueryResponse> query(const QueryRequest& request) const;
    Outcome<QueryResponse> scan(const ScanRequest& request) const;
    Outcome<BatchGetResponse> batch_get_item(const BatchGetRequest& request) const;
    Outcome<BatchWriteResponse> batch_write_item(const BatchWriteRequest& request);
    Outcome<TransactGetResponse> transact_get_items(const TransactGetRequest& request) const;
    Outcome<TransactWriteResponse> transact_write_items(const TransactWriteRequest& request);

    // The table's clock (microseconds since the Unix epoch), set by the caller: it dates
    // stream records and bounds the transaction idempotency window. The core never reads
    // a wall clock.
    void set_time_us(std::int64_t now_us) { now_us_ = now_us; }
    std::int64_t time_us() const { return now_us_; }

    // --- Time to live (docs/dynamodb-model.md "TTL"; DG TTL.html) ---------------------------
    // The attribute holding each item's expiry (epoch seconds, a Number); empty: TTL off.
    void set_ttl_attribute(std::string attribute) { ttl_attribute_ = std::move(attribute); }
    const std::string& ttl_attribute() const { return ttl_attribute_; }
    // The background sweep: deletes every item whose expiry is at or before
    // `now - delay_seconds` (DynamoDB deletes "within a few days"; the delay is the caller's
    // parameter). TTL deletes consume no capacity, update the indexes and appear in the
    // stream as service deletions. Expiry values more than five years in the past are
    // ignored, as the service ignores them. Returns the number of items deleted.
    std::size_t sweep_expired(std::int64_t delay_seconds = 0);

    // --- Streams ------------------------------------------------------------------------
    // The table's stream, or nullptr when streams are off.
    const Stream* stream() const { return stream_ ? &*stream_ : nullptr; }
    void set_stream(const StreamSpecification& spec);

    // --- Index changes (UpdateTable) ------------------------------------------------------
    // Adds a global secondary index, built at once from the items present (the simulator
    // models the backfill's duration and cost). ValidationException for a duplicate name.
    Status add_global_index(IndexSchema index);
    Status remove_global_index(const std::string& name);

    // Visits every item in storage order (by partition-key hash, then sort key).
    template <class F>
    void for_each_item(F&& visit) const {
        for (const auto& [slot, collection] : collections_) {
            for (const auto& [sort, stored] : collection.items)
                visit(stored.item);
        }
    }

    // The bytes the item collection of `partition` holds now: its items and their LSI
    // entries (the size the 10 GB item collection limit applies to).
    std::uint64_t collection_bytes(const AttributeValue& partition) const;

  private:
    // A stored item with its size (item_size), kept from the write that stored it so that
    // reads and writes bill it without walking it again.
    struct StoredItem {
        Item item;
        std::size_t bytes = 0;
        // The item's partition key value: its collection's (a map node's, so it stays put),
        // which a point lookup compares without searching the item for the attribute.
        const AttributeValue* partition = nullptr;
    };
    using StoredItems = std::map<AttributeValue, StoredItem, KeyValueLess>;
    // One item collection: the items of one partition key, by sort key, and their bytes —
    // kept only when counts_collection_bytes(); otherwise collection_bytes() adds them up.
    struct Collection {
        StoredItems items;
        std::uint64_t bytes = 0;
    };
    // A stored item's entry in its collection's tree, (sort key, StoredItem): a tree node's
    // value, so it stays where it is while the item exists.
    using StoredEntry = StoredItems::value_type;
    // An item looked up by key, with its size and entry (null, 0, null when there is none).
    struct Found {
        const Item* item = nullptr;
        std::size_t bytes = 0;
        StoredEntry* entry = nullptr;
    };

    friend class PageReader;
    // The item stored under `key`: one probe of the point index, the trees only for a key
    // whose hash another stored key shares.
    // `partition_hash`: the key's partition_key_hash when the caller has it.
    StoredEntry* locate(const PrimaryKey& key,
                        std::optional<std::uint64_t> partition_hash = std::nullopt) const;
    StoredEntry* locate_in_tree(const PrimaryKey& key) const;
    // The point index's hash of a whole key, from its partition key's hash
    // (partition_key_hash) and its sort key value.
    std::uint64_t item_hash(std::uint64_t partition_hash, const PrimaryKey& key) const;
    void index_item(std::uint64_t hash, StoredEntry* entry);
    void unindex_item(std::uint64_t hash, const StoredEntry* entry);
    // Whether collections keep their byte totals up to date through every write: only the
    // writes of a table with LSIs check the item collection limit (kItemCollectionLimitBytes),
    // and a table's LSIs are fixed when it is created. Other tables' writes never touch
    // their collection's node.
    bool counts_collection_bytes() const { return !schema_.local_indexes.empty(); }
    Found find_sized(const PrimaryKey& key,
                     std::optional<std::uint64_t> partition_hash = std::nullopt) const;
    const Item* find(const PrimaryKey& key) const { return find_sized(key).item; }
    // Stores `item` (of `item_bytes`) under `key`, replacing `existing` (found under `key`).
    // `NewItem` is Item (moved in) or const Item& (copied: over an existing item the copy
    // reuses its array and string buffers, as the service's PutItem of a request
    // the caller keeps needs).
    template <class NewItem>
    void store(const PrimaryKey& key, NewItem&& item, std::size_t item_bytes,
               const Found& existing);
    void erase(const PrimaryKey& key, const Found& existing);
    // PutItem of `request`, whose item is `item`: const (copied into the table) or not
    // (moved into it).
    template <class NewItem>
    Outcome<WriteResponse> put(const PutItemRequest& request, NewItem& item);
    // Checks index key attributes and the 400 KB limit; returns the item's size.
    Result<std::size_t> validate_item(const Item& item, const char* too_large_message) const;
    Status check_updatable(const UpdateExpression& update) const;
    // Completes a validated write (`after` null for a delete): charges and applies index
    // maintenance, enforces the LSI item-collection limit, then stores or erases. `After` is
    // Item (moved into the table) or const Item (copied; see store). Instantiated for both
    // in table.cpp.
    template <class After>
    Status commit_write(const PrimaryKey& key, const Found& found, After* after,
                        std::size_t new_size, WriteMode mode, ConsumedCapacity& consumed,
                        bool service_delete = false);

    // How a write of `existing` → `after` changes an item collection's bytes.
    std::int64_t collection_delta(const Item* existing, std::size_t old_size, const Item* after,
                                  std::size_t new_size) const;
    Error collection_limit_error() const;

    using Collections = std::map<Slot, Collection, SlotLess>;
    Collections::const_iterator find_collection(std::uint64_t hash,
                                                const AttributeValue& key) const;
    Collections::iterator find_collection(std::uint64_t hash, const AttributeValue& key);
    void index_collection(Collections::iterator it);
    void unindex_collection(Collections::iterator it);

    struct TokenRecord {
        std::string fingerprint;
        std::int64_t at_us;
    };

    TableSchema schema_;
    std::uint64_t item_collection_limit_bytes_;
    std::int64_t now_us_ = 0;
    std::string ttl_attribute_;
    std::optional<Stream> stream_;
    std::map<std::string, TokenRecord> tokens_;  // ClientRequestToken → first use
    std::vector<SecondaryIndex> indexes_;
    Collections collections_;
    // A collection is found by a hash index on the 64-bit partition-key hash (one probe
    // instead of a walk down the ordered tree: Query, a new item's collection); the ordered
    // map stays the source of truth for scans. A hash shared by two keys indexes one of them;
    // the other is found in the map.
    HashIndex<Collections::iterator> by_hash_;
    // Point lookups (GetItem, PutItem, UpdateItem, DeleteItem and their batch and transaction
    // forms) go through a second hash index, on each item's whole key, straight to its entry:
    // a probe and one node instead of the collection's node and a walk down its tree (the
    // hops were most of a GetItem's time when profiled; docs/benchmarks.md). A hash shared
    // by two keys indexes one of them; `unindexed_items_` counts the others, which are found
    // in the trees — while it is zero, a probe that finds nothing proves the item absent.
    HashIndex<StoredEntry*> by_item_hash_;
    std::size_t unindexed_items_ = 0;
    std::uint64_t item_hash_mask_;
    std::size_t item_count_ = 0;
    std::uint64_t total_item_bytes_ = 0;
};

}  // namespace ddbsim::storage
