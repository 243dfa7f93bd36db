#include "run/item_factory.hpp"

#include <algorithm>
#include <charconv>
#include <initializer_list>
#include <iterator>
#include <string_view>
#include <utility>

#include "storage/item_size.hpp"

namespace ddbsim::run {
namespace {

storage::AttributeValue key_value(storage::AttrType type, std::string text) {
    if (type == storage::AttrType::kN) {
        // Numeric keys: the key's digits (prefix and shard folded into one number).
        std::string digits;
        for (char c : text) {
            if (c >= '0' && c <= '9') digits.push_back(c);
        }
        if (digits.size() > 38) digits.resize(38);
        return storage::AttributeValue::number(
            storage::Decimal::parse(digits.empty() ? "0" : digits).value());
    }
    if (type == storage::AttrType::kB) return storage::AttributeValue::binary(std::move(text));
    return storage::AttributeValue::string(std::move(text));
}

// Sets `value` to the key value of type `type` whose text `write(text)` appends: S and B in
// place, over the bytes the value holds (no allocation once its buffer is large enough).
template <class Write>
void assign_key_value(storage::AttributeValue& value, storage::AttrType type, Write&& write) {
    if (type == storage::AttrType::kN) {
        std::string text;
        write(text);
        value = key_value(type, std::move(text));
        return;
    }
    write(type == storage::AttrType::kB ? value.reset_binary() : value.reset_string());
}

// Writes "<prefix><key>[#<shard>|#total]" (key_text) to `out` piece by piece.
template <class Out>
void write_key_text(const OperationStream& s, std::uint64_t key, int shard, Out&& out) {
    char digits[24];  // a 64-bit number has at most 20
    if (!s.key_prefix.empty()) out(std::string_view(s.key_prefix));
    out(std::string_view(digits, std::to_chars(digits, std::end(digits), key).ptr));
    if (!s.key_suffix.empty()) out(std::string_view(s.key_suffix));
    if (shard >= 0) {
        out(std::string_view("#"));
        out(std::string_view(digits, std::to_chars(digits, std::end(digits), shard).ptr));
    }
    if (shard == kTotalShard) out(std::string_view("#total"));
}

// Items are identified by their key text, so the size salt is the stream's key pattern
// (FNV-1a): streams that share a key pattern and a size distribution write the same items.
std::uint64_t size_salt(const OperationStream& s) {
    std::uint64_t h = 0xcbf29ce484222325ULL;
    for (const std::string_view part : {std::string_view(s.key_prefix), std::string_view("{seq}"),
                                        std::string_view(s.key_suffix)}) {
        for (char c : part) {
            h ^= static_cast<unsigned char>(c);
            h *= 0x100000001b3ULL;
        }
    }
    return h;
}

// Appends sort_key_text to `out`.
void append_sort_key_text(const OperationStream& s, std::int64_t sort, std::string& out) {
    if (sort < 0) {
        out += '0';
        return;
    }
    if (s.sort_keys) out += s.sort_keys->prefix;
    char digits[24];
    const char* end = std::to_chars(digits, std::end(digits), sort).ptr;
    const auto n = static_cast<std::size_t>(end - digits);
    if (n < 10) out.append(10 - n, '0');
    out.append(digits, n);
}

// Writes the item's primary key values over the ones `partition` and `sort_key` hold.
void assign_key_values(storage::AttributeValue& partition, storage::AttributeValue* sort_key,
                       const storage::TableSchema& table, const OperationStream& s,
                       std::uint64_t key, int shard, std::int64_t sort) {
    assign_key_value(partition, table.key.partition.type, [&](std::string& text) {
        write_key_text(s, key, shard, [&text](std::string_view piece) { text += piece; });
    });
    if (sort_key) {
        assign_key_value(*sort_key, table.key.sort->type,
                         [&](std::string& text) { append_sort_key_text(s, sort, text); });
    }
}

// The size of the padding attribute "data" that brings an item whose other attributes
// take `base` bytes to the stream's item size for `key` (full_item).
std::size_t padding_bytes(const OperationStream& s, std::uint64_t key, std::size_t base) {
    base += 4;  // the name "data"
    const std::size_t bytes = s.item_size.bytes_for(key, size_salt(s));
    return bytes > base ? bytes - base : 0;
}

// Adds the item's primary key attributes to `item` (key_item).
void add_key(storage::Item& item, const storage::TableSchema& table, const OperationStream& s,
             std::uint64_t key, int shard, std::int64_t sort) {
    item.emplace(table.key.partition.name, partition_key_value(table, s, key, shard));
    if (table.key.sort)
        item.emplace(table.key.sort->name, key_value(table.key.sort->type, sort_key_text(s, sort)));
}

}  // namespace

std::string key_text(const OperationStream& s, std::uint64_t key, int shard) {
    std::string k;
    write_key_text(s, key, shard, [&k](std::string_view piece) { k += piece; });
    return k;
}

std::uint64_t partition_key_hash(const storage::TableSchema& table, const OperationStream& s,
                                 std::uint64_t key, int shard) {
    const storage::AttrType type = table.key.partition.type;
    if (type == storage::AttrType::kN)  // hashed by the number's canonical text
        return storage::partition_key_hash(partition_key_value(table, s, key, shard));
    storage::PartitionKeyHasher hasher(type);
    write_key_text(s, key, shard, [&hasher](std::string_view piece) { hasher.add(piece); });
    return hasher.hash();
}

std::string sort_key_text(const OperationStream& s, std::int64_t sort) {
    std::string text;
    append_sort_key_text(s, sort, text);
    return text;
}

storage::AttributeValue partition_key_value(const storage::TableSchema& table,
                                            const OperationStream& s, std::uint64_t key,
                                            int shard) {
    return key_value(table.key.partition.type, key_text(s, key, shard));
}

storage::Item key_item(const storage::TableSchema& table, const OperationStream& s,
                       std::uint64_t key, int shard, std::int64_t sort) {
    storage::Item item;
    item.reserve(table.key.sort ? 2 : 1);
    add_key(item, table, s, key, shard, sort);
    return item;
}

void assign_key_item(storage::Item& item, const storage::TableSchema& table,
                     const OperationStream& s, std::uint64_t key, int shard, std::int64_t sort) {
    const auto partition = item.find(table.key.partition.name);
    const auto sort_key = table.key.sort ? item.find(table.key.sort->name) : item.end();
    if (partition == item.end() || item.size() != (table.key.sort ? 2U : 1U) ||
        (table.key.sort && sort_key == item.end())) [[unlikely]] {  // a request's first key
        item = key_item(table, s, key, shard, sort);
        return;
    }
    assign_key_values(partition->second, table.key.sort ? &sort_key->second : nullptr, table, s,
                      key, shard, sort);
}

bool addresses_one_item(OperationStream::Op op) {
    using Op = OperationStream::Op;
    return op == Op::kGetItem || op == Op::kPutItem || op == Op::kUpdateItem ||
           op == Op::kDeleteItem;
}

std::int64_t draw_sort(const OperationStream& s, sim::TimeUs now, std::uint64_t& next,
                       sim::Rng& rng) {
    if (!s.sort_keys || !addresses_one_item(s.op)) return kNoSort;
    const auto& sk = *s.sort_keys;
    switch (sk.order) {
        case OperationStream::SortKeys::Order::kRandom:
            return static_cast<std::int64_t>(sk.distribution.draw(rng));
        case OperationStream::SortKeys::Order::kSequential:
            return static_cast<std::int64_t>(next++ % sk.count);
        case OperationStream::SortKeys::Order::kTime:
            return now / sk.every;
    }
    return kNoSort;
}

std::uint64_t key_position(const OperationStream& s, std::uint64_t pk_hash, std::int64_t sort,
                           bool sort_splits) {
    using Op = OperationStream::Op;
    if (!sort_splits || !s.sort_keys) return pk_hash;
    const std::uint64_t base = pk_hash & ~kSortPositionMask;
    const auto& sk = *s.sort_keys;
    if (sort == kNoSort) {
        if (s.op != Op::kQuery) return pk_hash;
        const bool at_end =
            sk.order == OperationStream::SortKeys::Order::kTime || !s.scan_index_forward;
        return base | (at_end ? kSortPositionMask : 0);
    }
    if (sk.order == OperationStream::SortKeys::Order::kTime) return base | kSortPositionMask;
    const auto i = static_cast<std::uint64_t>(sort) % sk.count;
    // i < count ≤ 10^9, so i × 2^16 fits in 64 bits.
    return base | ((i << kSortPositionBits) / sk.count);
}

std::uint64_t first_sort_at(std::uint64_t low_bits, std::uint64_t count) {
    // position(i) = ⌊i × 2^16 / count⌋ ≥ low_bits  ⇔  i ≥ ⌈low_bits × count / 2^16⌉.
    return (low_bits * count + kSortPositionMask) >> kSortPositionBits;
}

storage::AttributeValue attribute_value(const OperationStream::Attribute& a, std::uint64_t key) {
    const std::uint64_t v = key % std::max<std::uint64_t>(a.cardinality, 1);
    if (a.number)
        return storage::AttributeValue::number(
            storage::Decimal::from_int(static_cast<std::int64_t>(v)));
    return storage::AttributeValue::string(a.name + "#" + std::to_string(v));
}

storage::Item full_item(const storage::TableSchema& table, const OperationStream& s,
                        std::uint64_t key, int shard, std::int64_t sort) {
    storage::Item item;
    item.reserve((table.key.sort ? 2 : 1) + s.attributes.size() + 1);
    add_key(item, table, s, key, shard, sort);
    for (const auto& a : s.attributes)
        item.emplace(a.name, attribute_value(a, key));
    const std::size_t padding = padding_bytes(s, key, storage::item_size(item));
    item.emplace("data", storage::AttributeValue::string(std::string(padding, 'x')));
    return item;
}

void assign_full_item(storage::Item& item, const storage::TableSchema& table,
                      const OperationStream& s, std::uint64_t key, int shard, std::int64_t sort) {
    // The fast path needs the names full_item gives: the key's, the stream attributes' and
    // "data", all distinct (then their count is the item's size); anything else is rebuilt.
    const std::size_t names = (table.key.sort ? 2 : 1) + s.attributes.size() + 1;
    const auto partition = item.find(table.key.partition.name);
    const auto sort_key = table.key.sort ? item.find(table.key.sort->name) : item.end();
    const auto data = item.find("data");
    if (item.size() != names || partition == item.end() || data == item.end() ||
        (table.key.sort && sort_key == item.end())) [[unlikely]] {  // a stream's first item
        item = full_item(table, s, key, shard, sort);
        return;
    }
    assign_key_values(partition->second, table.key.sort ? &sort_key->second : nullptr, table, s,
                      key, shard, sort);
    std::size_t base = 0;
    for (auto it = item.begin(); it != item.end(); ++it) {
        if (it == data) continue;
        if (it != partition && it != sort_key) {  // a stream attribute
            const auto a = std::find_if(s.attributes.begin(), s.attributes.end(),
                                        [&](const auto& a) { return a.name == it->first; });
            if (a == s.attributes.end()) [[unlikely]] {  // not an item of this stream
                item = full_item(table, s, key, shard, sort);
                return;
            }
            it->second = attribute_value(*a, key);
        }
        base += storage::attribute_size(it->first, it->second);
    }
    data->second.reset_string().assign(padding_bytes(s, key, base), 'x');
}

storage::AttributeValue index_partition_value(const storage::TableSchema& table,
                                              const OperationStream& s, std::uint64_t key) {
    const storage::IndexSchema* index = table.find_index(s.index_name);
    for (const auto& a : s.attributes) {
        if (a.name == index->key.partition.name) return attribute_value(a, key);
    }
    return storage::AttributeValue::string("");
}

}  // namespace ddbsim::run
