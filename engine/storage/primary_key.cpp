#include "storage/primary_key.hpp"

namespace ddbsim::storage {
namespace {

constexpr std::uint64_t kFnvOffset = 14695981039346656037ULL;
constexpr std::uint64_t kFnvPrime = 1099511628211ULL;

std::uint64_t fnv1a(std::uint64_t h, std::string_view bytes) {
    for (char c : bytes) {
        h ^= static_cast<unsigned char>(c);
        h *= kFnvPrime;
    }
    return h;
}

const std::string& key_bytes(const AttributeValue& v, std::string& scratch) {
    if (v.is(AttrType::kS)) return v.as_string();
    if (v.is(AttrType::kB)) return v.as_binary();
    scratch = v.as_number().to_string();
    return scratch;
}

const AttributeValue kNoSortKey;  // the sort "value" of items in hash-only tables

Error schema_mismatch() {
    return Error::validation("The provided key element does not match the schema");
}

}  // namespace

std::uint64_t splitmix64_finalise(std::uint64_t z) {
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

PartitionKeyHasher::PartitionKeyHasher(AttrType type) {
    const char tag = static_cast<char>(type);
    h_ = fnv1a(kFnvOffset, std::string_view(&tag, 1));
}

void PartitionKeyHasher::add(std::string_view bytes) {
    h_ = fnv1a(h_, bytes);
}

std::uint64_t PartitionKeyHasher::hash() const {
    return splitmix64_finalise(h_);
}

std::uint64_t partition_key_hash(const AttributeValue& value) {
    std::string scratch;
    PartitionKeyHasher hasher(value.type());
    hasher.add(key_bytes(value, scratch));
    return hasher.hash();
}

Status validate_key_value(const KeyAttribute& attr, const AttributeValue& value,
                          bool is_partition) {
    if (value.type() != attr.type) [[unlikely]] {
        return Error::validation(
            "One or more parameter values were invalid: Type mismatch for key " + attr.name +
            " expected: " + std::string(type_descriptor(attr.type)) +
            " actual: " + std::string(type_descriptor(value.type())));
    }
    std::size_t bytes = 0;
    if (value.is(AttrType::kS))
        bytes = value.as_string().size();
    else if (value.is(AttrType::kB))
        bytes = value.as_binary().size();
    else
        return {};  // numbers are always within the key size limits
    if (bytes == 0) [[unlikely]] {
        return Error::validation(
            "One or more parameter values are not valid. The AttributeValue for a key attribute "
            "cannot contain an empty " +
            std::string(value.is(AttrType::kS) ? "string" : "binary") +
            " value. Key: " + attr.name);
    }
    if (is_partition && bytes > 2048) [[unlikely]] {
        return Error::validation(
            "One or more parameter values were invalid: Size of hashkey has exceeded the maximum "
            "size limit of2048 bytes");
    }
    if (!is_partition && bytes > 1024) [[unlikely]] {
        return Error::validation(
            "One or more parameter values were invalid: Aggregated size of all range keys has "
            "exceeded the size limit of 1024 bytes");
    }
    return {};
}

Result<PrimaryKey> item_key(const Item& item, const KeySchema& key) {
    PrimaryKey out{nullptr, &kNoSortKey};
    auto p = item.find(key.partition.name);
    if (p == item.end()) [[unlikely]] {
        return Error::validation("One or more parameter values were invalid: Missing the key " +
                                 key.partition.name + " in the item");
    }
    DDBSIM_TRY(validate_key_value(key.partition, p->second, true));
    out.partition = &p->second;
    if (key.sort) {
        auto s = item.find(key.sort->name);
        if (s == item.end()) [[unlikely]] {
            return Error::validation("One or more parameter values were invalid: Missing the key " +
                                     key.sort->name + " in the item");
        }
        DDBSIM_TRY(validate_key_value(*key.sort, s->second, false));
        out.sort = &s->second;
    }
    return out;
}

Result<PrimaryKey> request_key(const Item& key, const KeySchema& schema) {
    const std::size_t expected = schema.sort ? 2 : 1;
    if (key.size() != expected) [[unlikely]]
        return schema_mismatch();
    PrimaryKey out{nullptr, &kNoSortKey};
    auto p = key.find(schema.partition.name);
    if (p == key.end() || p->second.type() != schema.partition.type) [[unlikely]]
        return schema_mismatch();
    DDBSIM_TRY(validate_key_value(schema.partition, p->second, true));
    out.partition = &p->second;
    if (schema.sort) {
        auto s = key.find(schema.sort->name);
        if (s == key.end() || s->second.type() != schema.sort->type) [[unlikely]]
            return schema_mismatch();
        DDBSIM_TRY(validate_key_value(*schema.sort, s->second, false));
        out.sort = &s->second;
    }
    return out;
}

Item key_item(const Item& item, const KeySchema& key) {
    Item out;
    if (auto p = item.find(key.partition.name); p != item.end()) out.emplace(p->first, p->second);
    if (key.sort) {
        if (auto s = item.find(key.sort->name); s != item.end()) out.emplace(s->first, s->second);
    }
    return out;
}

}  // namespace ddbsim::storage
