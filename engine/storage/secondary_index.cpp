#include "storage/secondary_index.hpp"

#include <set>

#include "storage/item_size.hpp"
#include "storage/primary_key.hpp"

namespace ddbsim::storage {

bool IndexEntryLess::operator()(const IndexEntryKey& a, const IndexEntryKey& b) const {
    KeyValueLess less;
    if (less(a.sort, b.sort)) return true;
    if (less(b.sort, a.sort)) return false;
    if (less(a.table_partition, b.table_partition)) return true;
    if (less(b.table_partition, a.table_partition)) return false;
    return less(a.table_sort, b.table_sort);
}

SecondaryIndex::SecondaryIndex(IndexSchema schema, KeySchema table_key)
    : schema_(std::move(schema)), table_key_(std::move(table_key)) {
    std::set<std::string> names = {table_key_.partition.name, schema_.key.partition.name};
    if (table_key_.sort) names.insert(table_key_.sort->name);
    if (schema_.key.sort) names.insert(schema_.key.sort->name);
    for (const auto& n : schema_.projection.non_key_attributes)
        names.insert(n);
    projected_names_.assign(names.begin(), names.end());
}

std::optional<Item> SecondaryIndex::image(const Item& item) const {
    if (!in_index(item)) return std::nullopt;
    if (schema_.projection.type == ProjectionType::kAll) return item;
    Item out;
    for (const auto& name : projected_names_) {
        if (auto it = item.find(name); it != item.end()) out.emplace(it->first, it->second);
    }
    return out;
}

IndexEntryKey SecondaryIndex::entry_key(const Item& item) const {
    IndexEntryKey k;
    if (schema_.key.sort) k.sort = item.at(schema_.key.sort->name);
    k.table_partition = item.at(table_key_.partition.name);
    if (table_key_.sort) k.table_sort = item.at(table_key_.sort->name);
    return k;
}

bool SecondaryIndex::in_index(const Item& item) const {
    const auto& key = schema_.key;
    return item.count(key.partition.name) && (!key.sort || item.count(key.sort->name));
}

std::size_t SecondaryIndex::image_size(const Item& item) const {
    if (schema_.projection.type == ProjectionType::kAll) return item_size(item);
    std::size_t size = 0;
    for (const auto& name : projected_names_) {
        if (auto it = item.find(name); it != item.end()) size += attribute_size(name, it->second);
    }
    return size;
}

bool SecondaryIndex::same_image(const Item& a, const Item& b) const {
    if (schema_.projection.type == ProjectionType::kAll) return a == b;
    for (const auto& name : projected_names_) {
        auto x = a.find(name);
        auto y = b.find(name);
        if ((x == a.end()) != (y == b.end())) return false;
        if (x != a.end() && !(x->second == y->second)) return false;
    }
    return true;
}

bool SecondaryIndex::same_entry(const Item& a, const Item& b) const {
    // Table keys are equal for the two images of one item; the index keys decide.
    const auto& key = schema_.key;
    if (!(a.at(key.partition.name) == b.at(key.partition.name))) return false;
    return !key.sort || a.at(key.sort->name) == b.at(key.sort->name);
}

CapacityUnits SecondaryIndex::write_cost(const Item* before, const Item* after,
                                         WriteMode mode) const {
    const bool old_in = before && in_index(*before);
    const bool new_in = after && in_index(*after);
    if (old_in && new_in && same_entry(*before, *after)) {
        if (same_image(*before, *after)) return {};  // the write did not touch the index
        return write_units(write_billing_bytes(image_size(*before), image_size(*after)), mode);
    }
    CapacityUnits units;
    if (old_in) units += write_units(image_size(*before), mode);  // delete the old entry
    if (new_in) units += write_units(image_size(*after), mode);   // put the new one
    return units;
}

void SecondaryIndex::apply(const Item* before, const Item* after) {
    const bool old_in = before && in_index(*before);
    const bool new_in = after && in_index(*after);
    if (old_in && new_in && same_entry(*before, *after)) {
        if (same_image(*before, *after)) return;
        // Same position, new projected attributes: replace the image in place.
        const AttributeValue& pk = after->at(schema_.key.partition.name);
        auto c = collections_.find(SlotRef{partition_key_hash(pk), &pk});
        auto e = c->second.entries.find(entry_key(*after));
        const std::size_t old_bytes = item_size(e->second);
        e->second = *image(*after);
        const std::size_t new_bytes = item_size(e->second);
        c->second.bytes = c->second.bytes - old_bytes + new_bytes;
        total_bytes_ = total_bytes_ - old_bytes + new_bytes;
        return;
    }
    if (old_in) erase(*before);
    if (new_in) insert(*image(*after));
}

void SecondaryIndex::erase(const Item& img) {
    const AttributeValue& pk = img.at(schema_.key.partition.name);
    auto c = collections_.find(SlotRef{partition_key_hash(pk), &pk});
    if (c == collections_.end()) return;
    auto e = c->second.entries.find(entry_key(img));
    if (e == c->second.entries.end()) return;
    const std::size_t bytes = item_size(e->second);
    c->second.bytes -= bytes;
    total_bytes_ -= bytes;
    --item_count_;
    c->second.entries.erase(e);
    if (c->second.entries.empty()) collections_.erase(c);
}

void SecondaryIndex::insert(Item img) {
    const AttributeValue& pk = img.at(schema_.key.partition.name);
    const std::uint64_t hash = partition_key_hash(pk);
    auto c = collections_.find(SlotRef{hash, &pk});
    if (c == collections_.end()) c = collections_.emplace(Slot{hash, pk}, Collection{}).first;
    const std::size_t bytes = item_size(img);
    c->second.bytes += bytes;
    total_bytes_ += bytes;
    ++item_count_;
    IndexEntryKey key = entry_key(img);
    c->second.entries.insert_or_assign(std::move(key), std::move(img));
}

const SecondaryIndex::Collection* SecondaryIndex::find_collection(
    const AttributeValue& partition) const {
    auto c = collections_.find(SlotRef{partition_key_hash(partition), &partition});
    return c == collections_.end() ? nullptr : &c->second;
}

std::uint64_t SecondaryIndex::collection_bytes(const AttributeValue& partition) const {
    const Collection* c = find_collection(partition);
    return c ? c->bytes : 0;
}

}  // namespace ddbsim::storage
