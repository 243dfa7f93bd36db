// BatchGetItem and BatchWriteItem on the live service: each entry is admitted on its own, the
// throttled ones come back as UnprocessedKeys / UnprocessedItems, and the request throws only
// when nothing could be processed (API Reference: BatchWriteItem, "If DynamoDB returns any
// unprocessed items…"; docs/server.md "Batches"). A batch may name several tables: each
// table's part runs on that table.
#include "service/service_internal.hpp"

namespace ddbsim::service {

using namespace detail;

// How one batch operation reads and rebuilds its per-table entries.
struct BatchShape {
    const char* operation;
    std::size_t max_entries;
    const char* too_many;
    const char* unprocessed;  // UnprocessedItems / UnprocessedKeys
    // The table's entries, or nullptr when malformed.
    const json* (*entries_of)(const json& body);
    // The table's part of a request holding `entries` (the table's other parameters kept).
    json (*with_entries)(const json& body, json entries);
};

namespace {

constexpr std::size_t kMaxBatchWrite = 25;  // API Reference: BatchWriteItem
constexpr std::size_t kMaxBatchGet = 100;   // API Reference: BatchGetItem

// One table's part of a batch: the entries admitted and those throttled. A part whose
// entries are not an array (malformed) is `raw`: it runs as sent, and the table's own
// validation says what is wrong.
struct Part {
    ServedTable* table = nullptr;
    std::string name;
    bool raw = false;
    json admitted = json::array();
    json throttled = json::array();
    std::vector<Admitted> touches;
    std::vector<Refusal> refused;
};

const json* write_entries(const json& body) {
    return body.is_array() ? &body : nullptr;
}
json write_with(const json&, json entries) {
    return entries;
}
const json* get_keys(const json& body) {
    if (!body.is_object()) return nullptr;
    auto keys = body.find("Keys");
    return keys != body.end() && keys->is_array() ? &*keys : nullptr;
}
json get_with(const json& body, json keys) {
    json one = body;
    one["Keys"] = std::move(keys);
    return one;
}

constexpr BatchShape kBatchWrite{
    "BatchWriteItem",   kMaxBatchWrite, "Too many items requested for the BatchWriteItem call",
    "UnprocessedItems", write_entries,  write_with};
constexpr BatchShape kBatchGet{
    "BatchGetItem",    kMaxBatchGet, "Too many items requested for the BatchGetItem call",
    "UnprocessedKeys", get_keys,     get_with};

}  // namespace

ServiceResponse Service::batch_write(Request& r) {
    return batch(r, kBatchWrite);
}
ServiceResponse Service::batch_get(Request& r) {
    return batch(r, kBatchGet);
}

ServiceResponse Service::batch(Request& r, const BatchShape& shape) {
    auto items = r.body.find("RequestItems");
    if (items == r.body.end() || !items->is_object() || items->empty()) {
        return from_error(Error::validation(
            "1 validation error detected: Value null at 'requestItems' failed to satisfy "
            "constraint: Member must not be null",
            "/RequestItems"));
    }
    // Every table must exist and the entries must be within the limit before any runs.
    std::size_t total = 0;
    std::vector<Part> parts;
    for (const auto& [name, body] : items->items()) {
        ServedTable* t = find_table(name);
        if (!t) {
            return from_error(Error(ErrorCode::kResourceNotFound,
                                    "Requested resource not found: Table: " + name + " not found",
                                    "/RequestItems"));
        }
        Part part;
        part.table = t;
        part.name = name;
        const json* entries = shape.entries_of(body);
        part.raw = entries == nullptr;
        if (entries) total += entries->size();
        parts.push_back(std::move(part));
    }
    if (total > shape.max_entries)
        return from_error(Error::validation(shape.too_many, "/RequestItems"));
    r.table = parts.front().name;

    // Admission, entry by entry.
    bool any_admitted = false;
    const Part* first_throttled = nullptr;
    for (auto& part : parts) {
        const json& body = (*items)[part.name];
        if (part.raw) {
            any_admitted = true;
            continue;
        }
        for (const auto& entry : *shape.entries_of(body)) {
            if (!options_.throttling) {
                part.admitted.push_back(entry);
                continue;
            }
            const json one = {
                {"RequestItems", {{part.name, shape.with_entries(body, json::array({entry}))}}}};
            auto f = model::footprint(*part.table->table, shape.operation, one,
                                      partitions_of(*part.table));
            if (!f) {
                part.admitted.push_back(entry);  // executing it reports what is wrong
                continue;
            }
            auto a = admit(*part.table, *f, r.now);
            if (a.ok()) {
                part.admitted.push_back(entry);
                part.touches.insert(part.touches.end(), a.admitted.begin(), a.admitted.end());
            } else {
                part.throttled.push_back(entry);
                part.refused.insert(part.refused.end(), a.refused.begin(), a.refused.end());
            }
        }
        any_admitted = any_admitted || !part.admitted.empty();
        if (!part.refused.empty()) {
            count_refusals(*part.table, part.refused, r.now);
            ++part.table->counters.throttled[r.operation];
            if (!first_throttled) first_throttled = &part;
        }
    }
    if (!any_admitted && first_throttled) {
        r.table = first_throttled->name;
        return throttle_response(*first_throttled->table, first_throttled->refused);
    }

    // Each table's admitted part runs on its table; the responses merge.
    json out = json::object();
    for (auto& part : parts) {
        if (!part.raw && part.admitted.empty()) continue;
        const json& body = (*items)[part.name];
        json sub = r.body;
        sub["RequestItems"] = json::object();
        sub["RequestItems"][part.name] = part.raw ? body : shape.with_entries(body, part.admitted);
        part.table->table->set_time_us(r.epoch_us);
        auto response = storage::JsonApi(*part.table->table).handle(shape.operation, sub);
        charge(*part.table, part.touches, response.consumed, r.now);
        if (!response.ok) return from_error(response.error);
        for (auto& [key, value] : response.body.items()) {
            if (value.is_array()) {
                for (auto& v : value)
                    out[key].push_back(std::move(v));
            } else if (value.is_object()) {
                if (!out.contains(key)) out[key] = json::object();
                for (auto& [k, v] : value.items())
                    out[key][k] = std::move(v);
            }
        }
    }
    json& unprocessed = out[shape.unprocessed];
    if (!unprocessed.is_object()) unprocessed = json::object();
    for (const auto& part : parts) {
        if (!part.throttled.empty())
            unprocessed[part.name] = shape.with_entries((*items)[part.name], part.throttled);
    }
    ServiceResponse response;
    response.body = std::move(out);
    return response;
}

}  // namespace ddbsim::service
