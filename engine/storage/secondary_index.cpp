#include "storage/secondary_index.hpp"

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
    : schema_(std::move(schema)), table_key_(std::move(table_key)) {}

std::optional<Item> SecondaryIndex::image(const Item& item) const {
    const auto& key = schema_.key;
    if (!item.count(key.partition.name) || (key.sort && !item.count(key.sort->name))) return std::nullopt;
    if (schema_.projection.type == ProjectionType::kAll) return item;
    Item out;
    auto copy = [&](const std::string& name) {
        if (auto it = item.find(name); it != item.end()) out.insert_or_assign(it->first, it->second);
    };
    copy(table_key_.partition.name);
    if (table_key_.sort) copy(table_key_.sort->name);
    copy(key.partition.name);
    if (key.sort) copy(key.sort->name);
    for (const auto& name : schema_.projection.non_key_attributes) copy(name);
    return out;
}

IndexEntryKey SecondaryIndex::entry_key(const Item& item) const {
    IndexEntryKey k;
    if (schema_.key.sort) k.sort = item.at(schema_.key.sort->name);
    k.table_partition = item.at(table_key_.partition.name);
    if (table_key_.sort) k.table_sort = item.at(table_key_.sort->name);
    return k;
}

CapacityUnits SecondaryIndex::write_cost(const Item* before, const Item* after, WriteMode mode) const {
    const auto old_image = before ? image(*before) : std::nullopt;
    const auto new_image = after ? image(*after) : std::nullopt;
    if (!old_image && !new_image) return {};
    const bool same_place = old_image && new_image &&
                            old_image->at(schema_.key.partition.name) == new_image->at(schema_.key.partition.name) &&
                            !IndexEntryLess{}(entry_key(*old_image), entry_key(*new_image)) &&
                            !IndexEntryLess{}(entry_key(*new_image), entry_key(*old_image));
    if (same_place) {
        if (*old_image == *new_image) return {};  // the write did not touch the index
        return write_units(write_billing_bytes(item_size(*old_image), item_size(*new_image)), mode);
    }
    CapacityUnits units;
    if (old_image) units += write_units(item_size(*old_image), mode);  // delete the old entry
    if (new_image) units += write_units(item_size(*new_image), mode);  // put the new one
    return units;
}

void SecondaryIndex::apply(const Item* before, const Item* after) {
    auto old_image = before ? image(*before) : std::nullopt;
    auto new_image = after ? image(*after) : std::nullopt;
    if (old_image) erase(*old_image);
    if (new_image) insert(std::move(*new_image));
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

const SecondaryIndex::Collection* SecondaryIndex::find_collection(const AttributeValue& partition) const {
    auto c = collections_.find(SlotRef{partition_key_hash(partition), &partition});
    return c == collections_.end() ? nullptr : &c->second;
}

std::uint64_t SecondaryIndex::collection_bytes(const AttributeValue& partition) const {
    const Collection* c = find_collection(partition);
    return c ? c->bytes : 0;
}

}  // namespace ddbsim::storage
