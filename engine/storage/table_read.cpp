// Query and Scan on a table or a secondary index (DG "Query", "Scan", "Paginating results";
// docs/dynamodb-model.md "Query/Scan"): items are read in key order until Limit items have been
// read or the page has reached 1 MB (the item that crosses 1 MB is part of the page); the
// FilterExpression is applied after the read, so it reduces Count but not ScannedCount or
// the capacity, which is the page's summed item sizes rounded up to 4 KB once.
#include <limits>

#include "storage/expression_eval.hpp"
#include "storage/item_size.hpp"
#include "storage/table.hpp"

namespace ddbsim::storage {

inline constexpr std::size_t kPageBytes = 1024 * 1024;

// Accumulates one page of a Query or Scan.
class PageReader {
  public:
    PageReader(const Table& table, const SecondaryIndex* index, std::optional<std::int64_t> limit,
               const std::optional<Condition>& filter,
               const std::optional<ProjectionExpression>& projection, bool count_only,
               bool fetch_from_table, ReadConsistency consistency)
        : table_(table),
          index_(index),
          limit_(limit),
          filter_(filter),
          projection_(projection),
          count_only_(count_only),
          fetch_(fetch_from_table),
          consistency_(consistency) {}

    // Reads `item` (of `item_bytes`) into the page; false when the page was already full.
    bool take(const Item& item, std::size_t item_bytes) {
        if (full()) {
            stopped_ = true;
            return false;
        }
        bytes_ += item_bytes;
        ++response_.scanned_count;
        last_ = &item;
        if (filter_ && !evaluate_condition(*filter_, item)) return true;
        ++response_.count;
        if (count_only_) return true;
        const Item* source = &item;
        if (fetch_) {
            // An LSI query asking for attributes the index does not project fetches each
            // item from the table; modelling assumption: each fetch is billed as a table
            // read of that item, rounded up to 4 KB on its own.
            const Item& key = item;
            PrimaryKey pk{&key.at(table_.schema().key.partition.name), nullptr};
            static const AttributeValue kNull;
            pk.sort = table_.schema().key.sort ? &key.at(table_.schema().key.sort->name) : &kNull;
            if (const Table::Found full = table_.find_sized(pk); full.item) {
                source = full.item;
                fetch_units_ += read_units(full.bytes, consistency_);
            }
        }
        response_.items.push_back(projected(*source, projection_));
        return true;
    }

    // A table item, whose size the table keeps, or an index entry, sized here.
    bool take(const Table::StoredItem& stored) { return take(stored.item, stored.bytes); }
    bool take(const Item& entry) { return take(entry, item_size(entry)); }

    bool full() const {
        return (limit_ && response_.scanned_count >= *limit_) || bytes_ >= kPageBytes;
    }

    Outcome<QueryResponse> finish(bool more_may_follow) {
        if (!stopped_ && more_may_follow && full()) stopped_ = true;
        if (stopped_ && last_) {
            Item key = key_item(*last_, table_.schema().key);
            if (index_) {
                for (const auto& attr : {index_->schema().key.partition.name,
                                         index_->schema().key.sort ? index_->schema().key.sort->name
                                                                   : std::string()}) {
                    if (!attr.empty()) key.insert_or_assign(attr, last_->at(attr));
                }
            }
            response_.last_evaluated_key = std::move(key);
        }
        ConsumedCapacity consumed;
        const CapacityUnits units = read_units(bytes_, consistency_);
        if (index_) {
            auto& use = consumed.indexes[index_->schema().name];
            use.global = index_->schema().global;
            use.read = units;
            consumed.table_read = fetch_units_;
        } else {
            consumed.table_read = units;
        }
        return {std::move(response_), consumed};
    }

  private:
    const Table& table_;
    const SecondaryIndex* index_;
    std::optional<std::int64_t> limit_;
    const std::optional<Condition>& filter_;
    const std::optional<ProjectionExpression>& projection_;
    bool count_only_;
    bool fetch_;
    ReadConsistency consistency_;
    QueryResponse response_;
    std::size_t bytes_ = 0;
    CapacityUnits fetch_units_;
    const Item* last_ = nullptr;
    bool stopped_ = false;
};

namespace {

Error invalid(const std::string& message) {
    return Error::validation(message);
}

// Resolves IndexName and checks what can be read from it.
Result<const SecondaryIndex*> resolve_index(const Table& table, const std::string& name,
                                            ReadConsistency consistency, Select select,
                                            bool& fetch) {
    fetch = false;
    if (name.empty()) {
        if (select == Select::kAllProjectedAttributes) {
            return invalid(
                "One or more parameter values were invalid: Select type ALL_PROJECTED_ATTRIBUTES "
                "is only "
                "valid with an index");
        }
        return static_cast<const SecondaryIndex*>(nullptr);
    }
    const SecondaryIndex* index = table.find_index(name);
    if (!index) return invalid("The table does not have the specified index: " + name);
    if (index->schema().global && consistency == ReadConsistency::kStrong) {
        return invalid("Consistent reads are not supported on global secondary indexes");
    }
    if (select == Select::kAllAttributes &&
        index->schema().projection.type != ProjectionType::kAll) {
        if (index->schema().global) {
            return invalid(
                "One or more parameter values were invalid: Select type ALL_ATTRIBUTES is not "
                "supported "
                "for global secondary index " +
                name + " because its projection type is not ALL");
        }
        fetch = true;
    }
    return index;
}

Status check_limit(const std::optional<std::int64_t>& limit) {
    if (limit && *limit < 1) {
        return invalid("1 validation error detected: Value '" + std::to_string(*limit) +
                       "' at 'limit' failed to satisfy constraint: Member must have value greater "
                       "than or equal to 1");
    }
    return {};
}

// The start position of an index read: the entry key from ExclusiveStartKey.
Result<IndexEntryKey> index_start(const SecondaryIndex& index, const KeySchema& table_key,
                                  const Item& start) {
    for (const KeyAttribute* attr :
         {&table_key.partition, table_key.sort ? &*table_key.sort : nullptr,
          &index.schema().key.partition,
          index.schema().key.sort ? &*index.schema().key.sort : nullptr}) {
        if (!attr) continue;
        auto it = start.find(attr->name);
        if (it == start.end() || it->second.type() != attr->type) {
            return invalid(
                "The provided starting key is invalid: The provided key element does not match the "
                "schema");
        }
    }
    return index.entry_key(start);
}

// Boundary b(s) = floor(s × 2^64 / total) of parallel-scan segment s over the hash space.
std::uint64_t segment_boundary(std::int64_t s, std::int64_t total) {
    const auto t = static_cast<std::uint64_t>(total);
    std::uint64_t q = std::numeric_limits<std::uint64_t>::max() / t;
    std::uint64_t r = std::numeric_limits<std::uint64_t>::max() % t + 1;
    if (r == t) {
        ++q;
        r = 0;
    }
    const auto su = static_cast<std::uint64_t>(s);
    return su * q + (su * r) / t;
}

}  // namespace

Outcome<QueryResponse> Table::query(const QueryRequest& request) const {
    if (auto s = check_limit(request.limit); !s) return {s.take_error(), {}};
    bool fetch = false;
    auto index =
        resolve_index(*this, request.index_name, request.consistency, request.select, fetch);
    if (!index) return {index.take_error(), {}};
    const KeySchema& key = *index ? (*index)->schema().key : schema_.key;
    if (auto s = validate_key_value(key.partition, request.partition_key, true); !s)
        return {s.take_error(), {}};
    PageReader page(*this, *index, request.limit, request.filter, request.projection,
                    request.select == Select::kCount, fetch, request.consistency);
    auto in_range = [&](const AttributeValue& sort) {
        return !request.sort_condition || request.sort_condition->matches(sort);
    };
    // Walks one ordered map of a collection from the start position, in either direction.
    auto walk = [&](const auto& items, const auto* start, auto sort_of) {
        if (request.scan_index_forward) {
            auto it = start ? items.upper_bound(*start) : items.begin();
            for (; it != items.end(); ++it) {
                if (!in_range(sort_of(it->first))) continue;
                if (!page.take(it->second)) break;
            }
        } else {
            auto it =
                start ? std::make_reverse_iterator(items.lower_bound(*start)) : items.rbegin();
            for (; it != items.rend(); ++it) {
                if (!in_range(sort_of(it->first))) continue;
                if (!page.take(it->second)) break;
            }
        }
    };
    if (*index) {
        std::optional<IndexEntryKey> start;
        if (request.exclusive_start_key) {
            auto k = index_start(**index, schema_.key, *request.exclusive_start_key);
            if (!k) return {k.take_error(), {}};
            start = std::move(*k);
        }
        if (const auto* c = (*index)->find_collection(request.partition_key)) {
            walk(c->entries, start ? &*start : nullptr,
                 [](const IndexEntryKey& k) -> const AttributeValue& { return k.sort; });
        }
    } else {
        std::optional<PrimaryKey> start;
        if (request.exclusive_start_key) {
            auto k = request_key(*request.exclusive_start_key, schema_.key);
            if (!k) return {k.take_error(), {}};
            if (!(*k->partition == request.partition_key)) {
                return {invalid("The provided starting key is invalid: The provided key element "
                                "does not match the "
                                "schema"),
                        {}};
            }
            start = *k;
        }
        auto c = find_collection(partition_key_hash(request.partition_key), request.partition_key);
        if (c != collections_.end()) {
            walk(c->second.items, start ? start->sort : nullptr,
                 [](const AttributeValue& k) -> const AttributeValue& { return k; });
        }
    }
    return page.finish(true);
}

Outcome<QueryResponse> Table::scan(const ScanRequest& request) const {
    if (auto s = check_limit(request.limit); !s) return {s.take_error(), {}};
    if (request.total_segments < 1 || request.total_segments > 1'000'000) {
        return {invalid("1 validation error detected: Value '" +
                        std::to_string(request.total_segments) +
                        "' at 'totalSegments' failed to satisfy constraint: Member must have value "
                        "between 1 and "
                        "1000000"),
                {}};
    }
    if (request.segment < 0 || request.segment >= request.total_segments) {
        return {invalid("The Segment parameter is zero-based and must be less than parameter "
                        "TotalSegments: Segment: " +
                        std::to_string(request.segment) + " is not less than TotalSegments: " +
                        std::to_string(request.total_segments)),
                {}};
    }
    bool fetch = false;
    auto index =
        resolve_index(*this, request.index_name, request.consistency, request.select, fetch);
    if (!index) return {index.take_error(), {}};
    PageReader page(*this, *index, request.limit, request.filter, request.projection,
                    request.select == Select::kCount, fetch, request.consistency);
    const std::uint64_t lo = segment_boundary(request.segment, request.total_segments);
    const bool last_segment = request.segment + 1 == request.total_segments;
    const std::uint64_t hi =
        last_segment ? 0 : segment_boundary(request.segment + 1, request.total_segments);
    auto in_segment = [&](std::uint64_t hash) { return hash >= lo && (last_segment || hash < hi); };

    // Walks collections in hash order from `first`, resuming inside it after `resume`.
    auto walk = [&](const auto& collections, auto first, const auto* resume, auto items_of) {
        for (auto c = first; c != collections.end(); ++c) {
            if (!in_segment(c->first.hash)) {
                if (c->first.hash < lo) continue;
                break;
            }
            const auto& items = items_of(c->second);
            auto it = (resume && c == first) ? items.upper_bound(*resume) : items.begin();
            for (; it != items.end(); ++it) {
                if (!page.take(it->second)) return;
            }
        }
    };
    if (*index) {
        const auto& collections = (*index)->collections();
        std::optional<IndexEntryKey> resume;
        auto first = collections.begin();
        if (request.exclusive_start_key) {
            auto k = index_start(**index, schema_.key, *request.exclusive_start_key);
            if (!k) return {k.take_error(), {}};
            const AttributeValue& pk =
                request.exclusive_start_key->at((*index)->schema().key.partition.name);
            first = collections.lower_bound(SlotRef{partition_key_hash(pk), &pk});
            resume = std::move(*k);
            if (first == collections.end() || !(first->first.key == pk)) resume.reset();
        }
        walk(
            collections, first, resume ? &*resume : nullptr,
            [](const SecondaryIndex::Collection& c) -> const auto& { return c.entries; });
    } else {
        auto first = collections_.begin();
        const AttributeValue* resume = nullptr;
        if (request.exclusive_start_key) {
            auto k = request_key(*request.exclusive_start_key, schema_.key);
            if (!k) return {k.take_error(), {}};
            first =
                collections_.lower_bound(SlotRef{partition_key_hash(*k->partition), k->partition});
            if (first != collections_.end() && first->first.key == *k->partition) resume = k->sort;
        }
        walk(
            collections_, first, resume,
            [](const Collection& c) -> const auto& { return c.items; });
    }
    return page.finish(true);
}

}  // namespace ddbsim::storage
