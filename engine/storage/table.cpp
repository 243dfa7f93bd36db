#include "storage/table.hpp"

#include "storage/expression_eval.hpp"
#include "storage/item_size.hpp"

namespace ddbsim::storage {
namespace {

constexpr std::size_t kQueryPageBytes = 1024 * 1024;  // dynamodb-facts.md: Query/Scan page 1 MB

Error conditional_failed() {
    return Error{ErrorCode::kConditionalCheckFailed, "The conditional request failed", {}};
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

Table::Table(TableSchema schema) : schema_(std::move(schema)) {}

std::uint64_t Table::storage_bytes() const {
    return total_item_bytes_ +
           static_cast<std::uint64_t>(item_count_) * kStorageOverheadBytesPerItem;
}

Table::Collections::const_iterator Table::find_collection(std::uint64_t hash,
                                                          const AttributeValue& key) const {
    if (auto h = by_hash_.find(hash); h != by_hash_.end()) {
        if (h->second->first.key == key) return h->second;
        return collections_.find(SlotRef{hash, &key});  // a hash collision: the tree decides
    }
    return collections_.end();
}

void Table::index_collection(Collections::iterator it) {
    by_hash_.try_emplace(it->first.hash, it);
}

void Table::unindex_collection(Collections::iterator it) {
    auto h = by_hash_.find(it->first.hash);
    if (h == by_hash_.end() || h->second != it) return;
    by_hash_.erase(h);
    // Re-index another collection with the same hash, if any.
    auto next = std::next(it);
    if (next != collections_.end() && next->first.hash == it->first.hash)
        by_hash_.emplace(it->first.hash, next);
    else if (it != collections_.begin() && std::prev(it)->first.hash == it->first.hash) {
        by_hash_.emplace(it->first.hash, std::prev(it));
    }
}

const Item* Table::find(const PrimaryKey& key) const {
    auto c = find_collection(partition_key_hash(*key.partition), *key.partition);
    if (c == collections_.end()) return nullptr;
    auto it = c->second.find(*key.sort);
    return it == c->second.end() ? nullptr : &it->second;
}

void Table::store(const PrimaryKey& key, Item item, std::size_t item_bytes, const Item* existing,
                  std::size_t existing_bytes) {
    if (existing) {
        total_item_bytes_ -= existing_bytes;
        *const_cast<Item*>(existing) = std::move(item);  // the stored item, found by find()
    } else {
        ++item_count_;
        const std::uint64_t hash = partition_key_hash(*key.partition);
        auto c = collections_.find(SlotRef{hash, key.partition});
        if (c == collections_.end()) {
            c = collections_.emplace(Slot{hash, *key.partition}, Collection{}).first;
            index_collection(c);
        }
        c->second.emplace(*key.sort, std::move(item));
    }
    total_item_bytes_ += item_bytes;
}

void Table::erase(const PrimaryKey& key, std::size_t existing_bytes) {
    total_item_bytes_ -= existing_bytes;
    --item_count_;
    auto c = collections_.find(SlotRef{partition_key_hash(*key.partition), key.partition});
    c->second.erase(*key.sort);
    if (c->second.empty()) {
        unindex_collection(c);
        collections_.erase(c);
    }
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
                if (it->second.type() != attr->type) {
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
    const std::size_t bytes = item_size(item);
    if (bytes > kMaxItemSizeBytes) return Error::validation(too_large_message);
    return bytes;
}

Outcome<WriteResponse> Table::put_item(const PutItemRequest& request) {
    auto key = item_key(request.item, schema_.key);
    if (!key) return {key.take_error(), {}};
    auto new_size = validate_item(request.item, "Item size has exceeded the maximum allowed size");
    if (!new_size) return {new_size.take_error(), {}};
    const Item* existing = find(*key);
    const std::size_t old_size = existing ? item_size(*existing) : 0;
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
    store(*key, request.item, *new_size, existing, old_size);
    return {std::move(response), consumed};
}

Outcome<GetItemResponse> Table::get_item(const GetItemRequest& request) const {
    auto key = request_key(request.key, schema_.key);
    if (!key) return {key.take_error(), {}};
    const Item* item = find(*key);
    ConsumedCapacity consumed;
    // Billed on the whole item (projections do not reduce it); a miss costs the minimum.
    consumed.table_read = read_units(item ? item_size(*item) : 0, request.consistency);
    GetItemResponse response;
    if (item) response.item = request.projection ? project(*item, *request.projection) : *item;
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
    const Item* existing = find(*key);
    const std::size_t old_size = existing ? item_size(*existing) : 0;
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
    store(*key, std::move(updated), *new_size, existing, old_size);
    return {std::move(response), consumed};
}

Outcome<WriteResponse> Table::delete_item(const DeleteItemRequest& request) {
    auto key = request_key(request.key, schema_.key);
    if (!key) return {key.take_error(), {}};
    const Item* existing = find(*key);
    const std::size_t old_size = existing ? item_size(*existing) : 0;
    ConsumedCapacity consumed;
    // Deletes are billed on the deleted item's size, at least 1 WCU (also when nothing is
    // deleted, and when the condition fails).
    consumed.table_write = write_units(write_billing_bytes(old_size, 0), WriteMode::kStandard);
    if (request.condition &&
        !evaluate_condition(*request.condition, existing ? *existing : empty_item())) {
        return {conditional_failed(), consumed};
    }
    WriteResponse response;
    if (existing) {
        if (request.return_values == ReturnValues::kAllOld) response.attributes = *existing;
        erase(*key, old_size);
    }
    return {std::move(response), consumed};
}

Outcome<QueryResponse> Table::query(const QueryRequest& request) const {
    if (auto s = validate_key_value(schema_.key.partition, request.partition_key, true); !s) {
        return {s.take_error(), {}};
    }
    if (request.limit && *request.limit < 1) {
        return {
            Error::validation(
                "1 validation error detected: Value '" + std::to_string(*request.limit) +
                "' at 'limit' failed to satisfy constraint: Member must have value greater than or "
                "equal to 1"),
            {}};
    }
    std::optional<PrimaryKey> start;
    if (request.exclusive_start_key) {
        auto k = request_key(*request.exclusive_start_key, schema_.key);
        if (!k) return {k.take_error(), {}};
        if (!(*k->partition == request.partition_key)) {
            return {
                Error::validation(
                    "The provided starting key is invalid: The provided key element does not match "
                    "the schema"),
                {}};
        }
        start = std::move(*k);
    }
    QueryResponse response;
    std::size_t page_bytes = 0;
    bool stopped = false;
    auto c = find_collection(partition_key_hash(request.partition_key), request.partition_key);
    if (c != collections_.end()) {
        const Collection& items = c->second;
        auto visit = [&](const Item& item) {
            // Reads stop at Limit items or once the page has reached 1 MB; the item that
            // crosses 1 MB is still part of the page (dynamodb-facts.md "Query/Scan").
            if ((request.limit && response.scanned_count >= *request.limit) ||
                page_bytes >= kQueryPageBytes) {
                stopped = true;
                return false;
            }
            page_bytes += item_size(item);
            ++response.scanned_count;
            response.items.push_back(request.projection ? project(item, *request.projection)
                                                        : item);
            return true;
        };
        const Item* last = nullptr;
        auto in_range = [&](const AttributeValue& sort) {
            return !request.sort_condition || request.sort_condition->matches(sort);
        };
        if (request.scan_index_forward) {
            auto it = start ? items.upper_bound(*start->sort) : items.begin();
            for (; it != items.end(); ++it) {
                if (!in_range(it->first)) continue;
                if (!visit(it->second)) break;
                last = &it->second;
            }
        } else {
            auto it = start ? std::make_reverse_iterator(items.lower_bound(*start->sort))
                            : items.rbegin();
            for (; it != items.rend(); ++it) {
                if (!in_range(it->first)) continue;
                if (!visit(it->second)) break;
                last = &it->second;
            }
        }
        // Limit or size reached exactly at the end still reports where the page stopped.
        if (!stopped && ((request.limit && response.scanned_count >= *request.limit) ||
                         page_bytes >= kQueryPageBytes)) {
            stopped = true;
        }
        if (stopped && last) response.last_evaluated_key = key_item(*last, schema_.key);
    }
    ConsumedCapacity consumed;
    consumed.table_read = read_units(page_bytes, request.consistency);
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

}  // namespace ddbsim::storage
