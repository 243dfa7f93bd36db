#include "storage/table.hpp"

#include <algorithm>
#include <cassert>
#include <functional>
#include <string_view>
#include <type_traits>
#include <utility>

#include "storage/dynamodb_json.hpp"
#include "storage/expression_eval.hpp"
#include "storage/item_size.hpp"

namespace ddbsim::storage {
namespace {

Error conditional_failed() {
    return Error{ErrorCode::kConditionalCheckFailed, "The conditional request failed", {}};
}

// Whether two key values are the same value (both S, N or B of one type, or both NULL: the
// sort "key" of a table without one).
bool same_key_value(const AttributeValue& a, const AttributeValue& b) {
    if (a.type() != b.type()) return false;
    switch (a.type()) {
        case AttrType::kS:
            return a.as_string() == b.as_string();
        case AttrType::kB:
            return a.as_binary() == b.as_binary();
        default:  // N compares numerically (1 and 1.0 are one key); NULL equals NULL
            return compare_key_values(a, b) == 0;
    }
}

// A hash of a sort key value for the point index. Numbers hash their normalised digits,
// exponent and sign, which equal numbers share (decimal.hpp).
std::uint64_t sort_key_hash(const AttributeValue& value) {
    if (value.is(AttrType::kS)) return std::hash<std::string_view>{}(value.as_string());
    if (value.is(AttrType::kB)) return std::hash<std::string_view>{}(value.as_binary());
    const Decimal& n = value.as_number();
    return std::hash<std::string_view>{}(n.digits()) ^
           (static_cast<std::uint64_t>(static_cast<std::uint32_t>(n.exponent())) << 1) ^
           (n.is_negative() ? 1 : 0);
}

// Combines two hashes into one with well-mixed low bits (HashIndex takes its slot from them):
// the SplitMix64 finaliser over a Boost-style combination.
std::uint64_t mix_hashes(std::uint64_t a, std::uint64_t b) {
    return splitmix64_finalise(a ^ (b + 0x9e3779b97f4a7c15ULL + (a << 6) + (a >> 2)));
}

const Item& empty_item() {
    static const Item kEmpty;
    return kEmpty;
}

std::optional<Item> returned_attributes(ReturnValues rv, const Item* before, const Item* after,
                                        const std::vector<DocumentPath>& targets) {
    switch (rv) {
        case ReturnValues::kNone:
            return std::nullopt;
        case ReturnValues::kAllOld:
            if (before && !before->empty()) return *before;
            return std::nullopt;
        case ReturnValues::kAllNew:
            if (after && !after->empty()) return *after;
            return std::nullopt;
        case ReturnValues::kUpdatedOld:
        case ReturnValues::kUpdatedNew: {
            const Item* source = rv == ReturnValues::kUpdatedOld ? before : after;
            if (!source) return std::nullopt;
            Item projected = project(*source, targets);
            if (projected.empty()) return std::nullopt;
            return projected;
        }
    }
    return std::nullopt;
}

}  // namespace

Table::Table(TableSchema schema, std::uint64_t item_collection_limit_bytes,
             int point_index_hash_bits)
    : schema_(std::move(schema)),
      item_collection_limit_bytes_(item_collection_limit_bytes),
      item_hash_mask_(point_index_hash_bits >= 64
                          ? ~std::uint64_t{0}
                          : (std::uint64_t{1} << std::max(point_index_hash_bits, 1)) - 1) {
    for (const auto* list : {&schema_.local_indexes, &schema_.global_indexes}) {
        for (const auto& index : *list)
            indexes_.emplace_back(index, schema_.key);
    }
    set_stream(schema_.stream);
}

void Table::set_stream(const StreamSpecification& spec) {
    schema_.stream = spec;
    if (!spec.enabled)
        stream_.reset();
    else if (!stream_ || stream_->view_type() != spec.view_type)
        stream_.emplace(spec.view_type);
}

std::size_t Table::sweep_expired(std::int64_t delay_seconds) {
    if (ttl_attribute_.empty()) return 0;
    // DG: expiry values more than five years in the past are not deleted.
    constexpr std::int64_t kIgnoredAfterSeconds = 5LL * 365 * 24 * 3600;
    const std::int64_t now_s = now_us_ / 1'000'000;
    const Decimal cutoff = Decimal::from_int(now_s - delay_seconds);
    const Decimal oldest = Decimal::from_int(now_s - kIgnoredAfterSeconds);
    std::vector<Item> expired_keys;
    for_each_item([&](const Item& item) {
        auto it = item.find(ttl_attribute_);
        if (it == item.end() || !it->second.is(AttrType::kN)) return;
        const Decimal& expiry = it->second.as_number();
        if (expiry <= cutoff && expiry >= oldest)
            expired_keys.push_back(key_item(item, schema_.key));
    });
    for (const auto& k : expired_keys) {
        auto key = request_key(k, schema_.key);
        const Found existing = find_sized(*key);
        ConsumedCapacity ignored;
        (void)commit_write(*key, existing, static_cast<Item*>(nullptr), 0, WriteMode::kStandard,
                           ignored, true);
    }
    return expired_keys.size();
}

Status Table::add_global_index(IndexSchema index) {
    if (schema_.find_index(index.name)) {
        return Error::validation("One or more parameter values were invalid: Index " + index.name +
                                 " already exists");
    }
    if (schema_.global_indexes.size() >= kMaxGlobalSecondaryIndexes) {
        return Error::validation(
            "One or more parameter values were invalid: GlobalSecondaryIndexes count exceeds the "
            "per-table limit of " +
            std::to_string(kMaxGlobalSecondaryIndexes));
    }
    index.global = true;
    schema_.global_indexes.push_back(index);
    indexes_.emplace_back(std::move(index), schema_.key);
    // Items whose index key attributes have other types are not indexed (the service reports
    // them as index key violations).
    const SecondaryIndex& added = indexes_.back();
    for_each_item([&](const Item& item) {
        for (const KeyAttribute* attr :
             {&added.schema().key.partition,
              added.schema().key.sort ? &*added.schema().key.sort : nullptr}) {
            if (!attr) continue;
            auto it = item.find(attr->name);
            if (it != item.end() && it->second.type() != attr->type) return;
        }
        indexes_.back().apply(nullptr, &item);
    });
    return {};
}

Status Table::remove_global_index(const std::string& name) {
    auto& list = schema_.global_indexes;
    auto it = std::find_if(list.begin(), list.end(),
                           [&](const IndexSchema& i) { return i.name == name; });
    if (it == list.end())
        return Error(ErrorCode::kResourceNotFound, "Requested resource not found: Index: " + name);
    list.erase(it);
    indexes_.erase(std::find_if(indexes_.begin(), indexes_.end(),
                                [&](const SecondaryIndex& i) { return i.schema().name == name; }));
    return {};
}

const Item* Table::peek(const Item& key) const {
    auto k = request_key(key, schema_.key);
    return k ? find(*k) : nullptr;
}

const SecondaryIndex* Table::find_index(std::string_view name) const {
    for (const auto& index : indexes_) {
        if (index.schema().name == name) return &index;
    }
    return nullptr;
}

std::uint64_t Table::collection_bytes(const AttributeValue& partition) const {
    // Item collection = the table items and LSI entries of one partition key value.
    auto c = find_collection(partition_key_hash(partition), partition);
    std::uint64_t bytes = 0;
    if (c != collections_.end() && counts_collection_bytes()) {
        bytes = c->second.bytes;
    } else if (c != collections_.end()) {  // totals not kept: add the items up
        for (const auto& [sort, stored] : c->second.items)
            bytes += stored.bytes;
    }
    for (const auto& index : indexes_)
        if (!index.schema().global) bytes += index.collection_bytes(partition);
    return bytes;
}

std::int64_t Table::collection_delta(const Item* existing, std::size_t old_size, const Item* after,
                                     std::size_t new_size) const {
    std::int64_t delta = (after ? static_cast<std::int64_t>(new_size) : 0) -
                         (existing ? static_cast<std::int64_t>(old_size) : 0);
    for (const auto& index : indexes_) {
        if (index.schema().global) continue;
        if (auto img = existing ? index.image(*existing) : std::nullopt)
            delta -= static_cast<std::int64_t>(item_size(*img));
        if (auto img = after ? index.image(*after) : std::nullopt)
            delta += static_cast<std::int64_t>(item_size(*img));
    }
    return delta;
}

Error Table::collection_limit_error() const {
    return Error{ErrorCode::kItemCollectionSizeLimitExceeded,
                 "Item collection size limit exceeded: the items with this partition key and "
                 "their local secondary index entries exceed " +
                     std::to_string(item_collection_limit_bytes_) + " bytes",
                 {}};
}

template <class After>
Status Table::commit_write(const PrimaryKey& key, const Found& found, After* after,
                           std::size_t new_size, WriteMode mode, ConsumedCapacity& consumed,
                           bool service_delete) {
    const Item* existing = found.item;
    const std::size_t old_size = found.bytes;
    for (const auto& index : indexes_) {
        if (service_delete) break;  // TTL deletes consume no capacity, index deletes included
        const CapacityUnits units = index.write_cost(existing, after, mode);
        if (units.is_zero()) continue;
        auto& use = consumed.indexes[index.schema().name];
        use.global = index.schema().global;
        use.write += units;
    }
    if (after && !schema_.local_indexes.empty()) {
        const auto bytes = static_cast<std::int64_t>(collection_bytes(*key.partition)) +
                           collection_delta(existing, old_size, after, new_size);
        if (bytes > static_cast<std::int64_t>(item_collection_limit_bytes_)) {
            consumed.indexes.clear();
            return collection_limit_error();
        }
    }
    for (auto& index : indexes_)
        index.apply(existing, after);
    if (stream_) stream_->record(existing, after, schema_.key, now_us_, service_delete);
    if (after) {
        if constexpr (std::is_const_v<After>)
            store(key, *after, new_size, found);
        else
            store(key, std::move(*after), new_size, found);
    } else if (existing) {
        erase(key, found);
    }
    return {};
}

std::uint64_t Table::storage_bytes() const {
    return total_item_bytes_ +
           static_cast<std::uint64_t>(item_count_) * kStorageOverheadBytesPerItem;
}

Table::Collections::const_iterator Table::find_collection(std::uint64_t hash,
                                                          const AttributeValue& key) const {
    if (const auto* c = by_hash_.find(hash)) {
        if ((*c)->first.key == key) return *c;
        return collections_.find(SlotRef{hash, &key});  // a hash collision: the tree decides
    }
    return collections_.end();
}

Table::Collections::iterator Table::find_collection(std::uint64_t hash, const AttributeValue& key) {
    const auto c = std::as_const(*this).find_collection(hash, key);
    return collections_.erase(c, c);  // erases nothing: the same position, as a mutable iterator
}

void Table::index_collection(Collections::iterator it) {
    by_hash_.try_emplace(it->first.hash, it);
}

void Table::unindex_collection(Collections::iterator it) {
    const auto* h = by_hash_.find(it->first.hash);
    if (!h || *h != it) return;
    by_hash_.erase(it->first.hash);
    // Re-index another collection with the same hash, if any.
    auto next = std::next(it);
    if (next != collections_.end() && next->first.hash == it->first.hash)
        by_hash_.try_emplace(it->first.hash, next);
    else if (it != collections_.begin() && std::prev(it)->first.hash == it->first.hash) {
        by_hash_.try_emplace(it->first.hash, std::prev(it));
    }
}

std::uint64_t Table::item_hash(std::uint64_t partition_hash, const PrimaryKey& key) const {
    std::uint64_t hash = partition_hash;
    if (schema_.key.sort) hash = mix_hashes(hash, sort_key_hash(*key.sort));
    return hash & item_hash_mask_;
}

Table::StoredEntry* Table::locate(const PrimaryKey& key,
                                  std::optional<std::uint64_t> partition_hash) const {
    assert(!partition_hash || *partition_hash == partition_key_hash(*key.partition));
    const std::uint64_t hash =
        item_hash(partition_hash ? *partition_hash : partition_key_hash(*key.partition), key);
    if (StoredEntry* const* indexed = by_item_hash_.find(hash)) {
        const auto& [sort, stored] = **indexed;
        if (same_key_value(sort, *key.sort) && same_key_value(*stored.partition, *key.partition))
            return *indexed;
    } else if (unindexed_items_ == 0) {
        return nullptr;
    }
    return locate_in_tree(key);  // a hash shared with another key: the trees decide
}

Table::StoredEntry* Table::locate_in_tree(const PrimaryKey& key) const {
    const auto c = find_collection(partition_key_hash(*key.partition), *key.partition);
    if (c == collections_.end()) return nullptr;
    const auto it = c->second.items.find(*key.sort);
    if (it == c->second.items.end()) return nullptr;
    // The table owns the node; a const lookup hands it to the writers that called it.
    return const_cast<StoredEntry*>(&*it);
}

void Table::index_item(std::uint64_t hash, StoredEntry* entry) {
    if (!by_item_hash_.try_emplace(hash, entry)) ++unindexed_items_;
}

void Table::unindex_item(std::uint64_t hash, const StoredEntry* entry) {
    if (StoredEntry* const* indexed = by_item_hash_.find(hash); indexed && *indexed == entry)
        by_item_hash_.erase(hash);
    else
        --unindexed_items_;
}

Table::Found Table::find_sized(const PrimaryKey& key,
                               std::optional<std::uint64_t> partition_hash) const {
    StoredEntry* entry = locate(key, partition_hash);
    if (!entry) return {};
    return {&entry->second.item, entry->second.bytes, entry};
}

template <class NewItem>
void Table::store(const PrimaryKey& key, NewItem&& item, std::size_t item_bytes,
                  const Found& existing) {
    total_item_bytes_ += item_bytes;
    if (existing.item) {
        total_item_bytes_ -= existing.bytes;
        if (counts_collection_bytes()) {
            auto& bytes =
                find_collection(partition_key_hash(*key.partition), *key.partition)->second.bytes;
            bytes = bytes - existing.bytes + item_bytes;
        }
        StoredItem& slot = existing.entry->second;
        // A copy assigns entry by entry over the stored one, so an item of the same shape
        // reuses its array and string buffers (attribute_map.hpp).
        slot.item = std::forward<NewItem>(item);
        slot.bytes = item_bytes;
        return;
    }
    ++item_count_;
    const std::uint64_t hash = partition_key_hash(*key.partition);
    auto c = find_collection(hash, *key.partition);
    if (c == collections_.end()) {
        c = collections_.emplace(Slot{hash, *key.partition}, Collection{}).first;
        index_collection(c);
    }
    const std::uint64_t whole_key_hash = item_hash(hash, key);  // before `item` moves in
    auto& entry =
        *c->second.items
             .emplace(*key.sort, StoredItem{std::forward<NewItem>(item), item_bytes, &c->first.key})
             .first;
    if (counts_collection_bytes()) c->second.bytes += item_bytes;
    index_item(whole_key_hash, &entry);
}

void Table::erase(const PrimaryKey& key, const Found& existing) {
    const std::uint64_t hash = partition_key_hash(*key.partition);
    unindex_item(item_hash(hash, key), existing.entry);
    total_item_bytes_ -= existing.bytes;
    --item_count_;
    auto c = find_collection(hash, *key.partition);
    if (c->second.items.size() > 1) {
        if (counts_collection_bytes()) c->second.bytes -= existing.bytes;
        c->second.items.erase(*key.sort);
        return;
    }
    // The collection's last item: the collection goes with it.
    unindex_collection(c);
    collections_.erase(c);
}

Result<std::size_t> Table::validate_item(const Item& item, const char* too_large_message) const {
    // Index key attributes, when present, must have their declared type (DG: CreateTable).
    for (const auto* list : {&schema_.local_indexes, &schema_.global_indexes}) {
        for (const auto& index : *list) {
            for (const KeyAttribute* attr :
                 {&index.key.partition, index.key.sort ? &*index.key.sort : nullptr}) {
                if (!attr) continue;
                auto it = item.find(attr->name);
                if (it == item.end()) continue;
                if (it->second.type() != attr->type) [[unlikely]] {
                    return Error::validation(
                        "One or more parameter values were invalid: Type mismatch for Index Key " +
                        attr->name + " Expected: " + std::string(type_descriptor(attr->type)) +
                        " Actual: " + std::string(type_descriptor(it->second.type())) +
                        " IndexName: " + index.name);
                }
                DDBSIM_TRY(validate_key_value(*attr, it->second, attr == &index.key.partition));
            }
        }
    }
    for (const auto& [name, value] : item)
        if (nesting_levels(value) > kMaxNestingLevels) [[unlikely]]
            return nesting_too_deep("/" + name);
    const std::size_t bytes = item_size(item);
    if (bytes > kMaxItemSizeBytes) [[unlikely]]
        return Error::validation(too_large_message);
    return bytes;
}

Outcome<WriteResponse> Table::put_item(const PutItemRequest& request) {
    return put(request, request.item);
}

Outcome<WriteResponse> Table::put_item(PutItemRequest&& request) {
    return put(request, request.item);
}

template <class NewItem>
Outcome<WriteResponse> Table::put(const PutItemRequest& request, NewItem& item) {
    auto key = item_key(request.item, schema_.key);
    if (!key) [[unlikely]]
        return {key.take_error(), {}};
    auto new_size = validate_item(request.item, "Item size has exceeded the maximum allowed size");
    if (!new_size) [[unlikely]]
        return {new_size.take_error(), {}};
    const Found found = find_sized(*key);
    const Item* existing = found.item;
    const std::size_t old_size = found.bytes;
    ConsumedCapacity consumed;
    if (request.condition &&
        !evaluate_condition(*request.condition, existing ? *existing : empty_item())) {
        // A failed condition is billed on the existing item's size, at least 1 WCU (DG).
        consumed.table_write = write_units(old_size, WriteMode::kStandard);
        return {conditional_failed(), consumed};
    }
    consumed.table_write =
        write_units(write_billing_bytes(old_size, *new_size), WriteMode::kStandard);
    WriteResponse response;
    if (request.return_values == ReturnValues::kAllOld && existing) response.attributes = *existing;
    if (auto s = commit_write(*key, found, &item, *new_size, WriteMode::kStandard, consumed); !s) {
        return {s.take_error(), {}};
    }
    return {std::move(response), consumed};
}

Outcome<GetItemResponse> Table::get_item(const GetItemRequest& request) const {
    auto key = request_key(request.key, schema_.key);
    if (!key) [[unlikely]]
        return {key.take_error(), {}};
    const auto [item, bytes, entry] = find_sized(*key, request.partition_hash);
    ConsumedCapacity consumed;
    // Billed on the whole item (projections do not reduce it); a miss costs the minimum.
    consumed.table_read = read_units(bytes, request.consistency);
    GetItemResponse response;
    if (item && request.return_item) response.item = projected(*item, request.projection);
    return {std::move(response), consumed};
}

Status Table::check_updatable(const UpdateExpression& update) const {
    for (const auto& path : update.targets()) {
        if (schema_.key.has(path[0].name)) {
            if (path.size() > 1) {
                return Error::validation(
                    "Key attributes must be scalars; list random access '[]' and map lookup '.' "
                    "are not allowed: Key: " +
                    path[0].name);
            }
            return Error::validation(
                "One or more parameter values were invalid: Cannot update attribute " +
                path[0].name + ". This attribute is part of the key");
        }
    }
    return {};
}

Outcome<WriteResponse> Table::update_item(const UpdateItemRequest& request) {
    auto key = request_key(request.key, schema_.key);
    if (!key) return {key.take_error(), {}};
    if (request.update) {
        if (auto s = check_updatable(*request.update); !s) return {s.take_error(), {}};
    }
    const Found found = find_sized(*key);
    const Item* existing = found.item;
    const std::size_t old_size = found.bytes;
    ConsumedCapacity consumed;
    if (request.condition &&
        !evaluate_condition(*request.condition, existing ? *existing : empty_item())) {
        consumed.table_write = write_units(old_size, WriteMode::kStandard);
        return {conditional_failed(), consumed};
    }
    Item base = existing ? *existing : request.key;
    Item updated = base;
    if (request.update) {
        auto applied = apply_update(base, *request.update);
        if (!applied) return {applied.take_error(), {}};
        updated = std::move(*applied);
    }
    auto new_size =
        validate_item(updated, "Item size to update has exceeded the maximum allowed size");
    if (!new_size) return {new_size.take_error(), {}};
    consumed.table_write =
        write_units(write_billing_bytes(old_size, *new_size), WriteMode::kStandard);
    WriteResponse response;
    const std::vector<DocumentPath> targets =
        request.update ? request.update->targets() : std::vector<DocumentPath>{};
    response.attributes = returned_attributes(request.return_values, existing, &updated, targets);
    if (auto s = commit_write(*key, found, &updated, *new_size, WriteMode::kStandard, consumed);
        !s) {
        return {s.take_error(), {}};
    }
    return {std::move(response), consumed};
}

Outcome<WriteResponse> Table::delete_item(const DeleteItemRequest& request) {
    auto key = request_key(request.key, schema_.key);
    if (!key) return {key.take_error(), {}};
    const Found found = find_sized(*key);
    const Item* existing = found.item;
    const std::size_t old_size = found.bytes;
    ConsumedCapacity consumed;
    // Deletes are billed on the deleted item's size, at least 1 WCU (also when nothing is
    // deleted, and when the condition fails).
    consumed.table_write = write_units(write_billing_bytes(old_size, 0), WriteMode::kStandard);
    if (request.condition &&
        !evaluate_condition(*request.condition, existing ? *existing : empty_item())) {
        return {conditional_failed(), consumed};
    }
    WriteResponse response;
    if (existing && request.return_values == ReturnValues::kAllOld) response.attributes = *existing;
    (void)commit_write(*key, found, static_cast<Item*>(nullptr), 0, WriteMode::kStandard,
                       consumed);  // deletes cannot fail
    return {std::move(response), consumed};
}

}  // namespace ddbsim::storage

namespace ddbsim::storage {

bool SortKeyCondition::matches(const AttributeValue& sort) const {
    if (sort.type() != value.type()) return false;
    const int c = compare_key_values(sort, value);
    switch (op) {
        case Op::kEq:
            return c == 0;
        case Op::kLt:
            return c < 0;
        case Op::kLe:
            return c <= 0;
        case Op::kGt:
            return c > 0;
        case Op::kGe:
            return c >= 0;
        case Op::kBetween:
            return c >= 0 && compare_key_values(sort, upper) <= 0;
        case Op::kBeginsWith:
            if (sort.is(AttrType::kS)) return sort.as_string().starts_with(value.as_string());
            if (sort.is(AttrType::kB)) return sort.as_binary().starts_with(value.as_binary());
            return false;
    }
    return false;
}

// table_batch.cpp commits transactions' writes too.
template Status Table::commit_write<Item>(const PrimaryKey&, const Found&, Item*, std::size_t,
                                          WriteMode, ConsumedCapacity&, bool);
template Status Table::commit_write<const Item>(const PrimaryKey&, const Found&, const Item*,
                                                std::size_t, WriteMode, ConsumedCapacity&, bool);

}  // namespace ddbsim::storage
