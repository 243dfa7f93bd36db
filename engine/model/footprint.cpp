#include "model/footprint.hpp"

#include <algorithm>
#include <limits>
#include <map>
#include <optional>

#include <nlohmann/json.hpp>

#include "common/json_text.hpp"
#include "storage/dynamodb_json.hpp"
#include "storage/expression.hpp"
#include "storage/item_size.hpp"
#include "storage/json_api_params.hpp"
#include "storage/primary_key.hpp"

namespace ddbsim::model {
namespace {

using nlohmann::json;
using storage::AttributeValue;
using storage::CapacityUnits;
using storage::Item;
using storage::ReadConsistency;
using storage::WriteMode;

Error not_schema() {
    return Error::validation("The provided key element does not match the schema");
}

class Builder {
  public:
    Builder(const storage::Table& table, const PartitionsOf& partitions)
        : table_(table), partitions_(partitions) {}

    Footprint out;

    Status get(const json& key_json, ReadConsistency consistency) {
        auto key = storage::item_from_json(key_json, "/Key");
        if (!key) return key.take_error();
        const Item* stored = table_.peek(*key);
        auto pk = partition_value(*key, table_.schema().key);
        if (!pk) return pk.take_error();
        return touch("", **pk, false,
                     storage::read_units(stored ? storage::item_size(*stored) : 0, consistency));
    }

    Status put(const json& item_json, WriteMode mode) {
        auto item = storage::item_from_json(item_json, "/Item");
        if (!item) return item.take_error();
        if (!storage::item_key(*item, table_.schema().key)) return not_schema();
        const Item* stored = table_.peek(storage::key_item(*item, table_.schema().key));
        return write(*item, stored, &*item, mode);
    }

    // DeleteItem, UpdateItem, a ConditionCheck: a write of the stored item.
    Status write_key(const json& key_json, WriteMode mode) {
        auto key = storage::item_from_json(key_json, "/Key");
        if (!key) return key.take_error();
        if (!storage::request_key(*key, table_.schema().key)) return not_schema();
        return write(*key, table_.peek(*key), nullptr, mode);
    }

    Status query(const json& request) {
        auto unit = read_unit(request);
        if (!unit) return unit.take_error();
        const auto it = request.find("KeyConditionExpression");
        if (it == request.end() || !it->is_string())
            return Error::validation("KeyConditionExpression is required",
                                     "/KeyConditionExpression");
        std::map<std::string, std::string> names;
        if (auto n = request.find("ExpressionAttributeNames");
            n != request.end() && n->is_object()) {
            for (const auto& [k, v] : n->items())
                if (v.is_string()) names.emplace(k, v.get<std::string>());
        }
        Item values;
        if (auto v = request.find("ExpressionAttributeValues"); v != request.end()) {
            auto parsed = storage::item_from_json(*v, "/ExpressionAttributeValues");
            if (!parsed) return parsed.take_error();
            values = std::move(*parsed);
        }
        storage::ExpressionContext ctx(&names, &values);
        auto cond = storage::parse_condition(it->get_ref<const std::string&>(),
                                             storage::ExpressionKind::kKeyCondition, ctx);
        if (!cond) return cond.take_error();
        auto kc = storage::api::key_condition(*cond, unit->key);
        if (!kc) return kc.take_error();
        return touch(unit->gsi, kc->first, false, storage::read_units(0, consistency_of(request)));
    }

    Status scan(const json& request) {
        auto unit = read_unit(request);
        if (!unit) return unit.take_error();
        const PartitionMap* map = partitions_(unit->gsi);
        if (!map) return Error::invalid_input("no partitions for \"" + unit->gsi + "\"");
        const auto segment = request.contains("Segment") ? json_int64(request["Segment"])
                                                         : std::optional<std::int64_t>(0);
        const auto total = request.contains("TotalSegments") ? json_int64(request["TotalSegments"])
                                                             : std::optional<std::int64_t>(1);
        if (!segment || !total || *total < 1 || *segment < 0 || *segment >= *total)
            return Error::validation(
                "Segment and TotalSegments must be integers, 0 <= Segment < TotalSegments",
                "/Segment");
        // The segment's share of the 64-bit hash space: [floor(s·2^64/n), floor((s+1)·2^64/n)),
        // in 64-bit arithmetic: 2^64 = q·n + r.
        constexpr std::uint64_t kTop = std::numeric_limits<std::uint64_t>::max();
        const auto n = static_cast<std::uint64_t>(*total);
        std::uint64_t q = kTop / n, r = kTop % n + 1;
        if (r == n) {
            ++q;
            r = 0;
        }
        auto boundary = [&](std::uint64_t k) { return k * q + (k * r) / n; };  // k·r < n²
        const auto k = static_cast<std::uint64_t>(*segment);
        const std::uint64_t first = boundary(k);
        const std::uint64_t last = k + 1 == n ? kTop : boundary(k + 1) - 1;
        const CapacityUnits minimum = storage::read_units(0, consistency_of(request));
        for (int p = 0; p < map->size(); ++p) {
            const std::uint64_t start = map->start(p);
            const std::uint64_t width = map->width(p);  // 0: to the end of the hash space
            const std::uint64_t end = width == 0 ? kTop : start + (width - 1);
            if (start <= last && first <= end) add({unit->gsi, p, false, minimum});
        }
        return {};
    }

  private:
    struct ReadUnit {
        std::string gsi;  // "" the table or an LSI
        storage::KeySchema key;
    };

    static Result<const AttributeValue*> partition_value(const Item& item,
                                                         const storage::KeySchema& key) {
        auto it = item.find(key.partition.name);
        if (it == item.end()) return not_schema();
        return &it->second;
    }

  public:
    static ReadConsistency consistency_of(const json& request) {
        const auto it = request.find("ConsistentRead");
        return it != request.end() && it->is_boolean() && it->get<bool>()
                   ? ReadConsistency::kStrong
                   : ReadConsistency::kEventual;
    }

  private:
    Result<ReadUnit> read_unit(const json& request) const {
        const auto it = request.find("IndexName");
        if (it == request.end()) return ReadUnit{"", table_.schema().key};
        if (!it->is_string()) return Error::validation("Expected a string for IndexName");
        const std::string& name = it->get_ref<const std::string&>();
        const storage::IndexSchema* index = table_.schema().find_index(name);
        if (!index)
            return Error::validation("The table does not have the specified index: " + name,
                                     "/IndexName");
        // LSIs share the table's throughput and partitions.
        return ReadUnit{index->global ? name : "", index->key};
    }

    // A write of the item stored under this key (`stored`, may be absent) by `written` (the
    // new item of a put; nullptr for a delete, an update or a condition check).
    Status write(const Item& key_or_item, const Item* stored, const Item* written, WriteMode mode) {
        auto pk = partition_value(key_or_item, table_.schema().key);
        if (!pk) return pk.take_error();
        const std::size_t before = stored ? storage::item_size(*stored) : 0;
        const std::size_t after = written ? storage::item_size(*written) : before;
        if (auto s = touch("", **pk, true,
                           storage::write_units(storage::write_billing_bytes(before, after), mode));
            !s)
            return s;
        for (const auto& schema : table_.schema().global_indexes) {
            const storage::SecondaryIndex* index = table_.find_index(schema.name);
            if (!index) continue;
            for (const Item* image : {stored, written}) {
                if (!image || !index->in_index(*image)) continue;
                const AttributeValue& value = image->at(schema.key.partition.name);
                if (auto s = touch(
                        schema.name, value, true,
                        storage::write_units(index->image_size(*image), WriteMode::kStandard));
                    !s)
                    return s;
            }
        }
        return {};
    }

    Status touch(const std::string& unit, const AttributeValue& partition_key, bool write,
                 CapacityUnits expected) {
        const PartitionMap* map = partitions_(unit);
        if (!map) return Error::invalid_input("no partitions for \"" + unit + "\"");
        add({unit, map->route(storage::partition_key_hash(partition_key)), write, expected});
        return {};
    }

    // One touch per (unit, partition, side): a second on the same one adds its capacity.
    void add(Touch t) {
        for (auto& seen : out.touches) {
            if (seen.index == t.index && seen.partition == t.partition && seen.write == t.write) {
                seen.expected += t.expected;
                return;
            }
        }
        out.touches.push_back(std::move(t));
    }

    const storage::Table& table_;
    const PartitionsOf& partitions_;
};

// The entries of a batch's RequestItems for this table (an empty array when none).
const json& entries_for(const json& request, const std::string& table) {
    static const json kNone = json::array();
    const auto it = request.find("RequestItems");
    if (it == request.end() || !it->is_object()) return kNone;
    const auto mine = it->find(table);
    return mine == it->end() ? kNone : *mine;
}

Status batch_get(Builder& b, const json& request, const std::string& table) {
    const json& entry = entries_for(request, table);
    if (!entry.is_object() || !entry.contains("Keys") || !entry["Keys"].is_array()) return {};
    const bool strong = entry.contains("ConsistentRead") && entry["ConsistentRead"].is_boolean() &&
                        entry["ConsistentRead"].get<bool>();
    for (const auto& key : entry["Keys"]) {
        if (auto s = b.get(key, strong ? ReadConsistency::kStrong : ReadConsistency::kEventual); !s)
            return s;
    }
    return {};
}

Status batch_write(Builder& b, const json& request, const std::string& table) {
    const json& entry = entries_for(request, table);
    if (!entry.is_array()) return {};
    for (const auto& r : entry) {
        if (!r.is_object()) return Error::validation("Expected a PutRequest or DeleteRequest");
        Status s;
        if (auto put = r.find("PutRequest"); put != r.end() && put->contains("Item"))
            s = b.put((*put)["Item"], WriteMode::kStandard);
        else if (auto del = r.find("DeleteRequest"); del != r.end() && del->contains("Key"))
            s = b.write_key((*del)["Key"], WriteMode::kStandard);
        else
            return Error::validation("Expected exactly one of PutRequest or DeleteRequest");
        if (!s) return s;
    }
    return {};
}

Status transact(Builder& b, const json& request, const std::string& table, bool writes) {
    b.out.transactional = true;
    const auto it = request.find("TransactItems");
    if (it == request.end() || !it->is_array()) return {};
    for (const auto& element : *it) {
        if (!element.is_object() || element.size() != 1) continue;  // executing reports it
        // The element's one member (an iterator, not items(): a binding to *items().begin()
        // would outlive the proxy it refers to — ASan found it).
        const auto member = element.begin();
        const std::string action = member.key();
        const json& body = member.value();
        if (!body.is_object() || !body.contains("TableName") || body["TableName"] != table)
            continue;
        Status s;
        if (!writes && action == "Get" && body.contains("Key"))
            s = b.get(body["Key"], ReadConsistency::kTransactional);
        else if (writes && action == "Put" && body.contains("Item"))
            s = b.put(body["Item"], WriteMode::kTransactional);
        else if (writes &&
                 (action == "Update" || action == "Delete" || action == "ConditionCheck") &&
                 body.contains("Key"))
            s = b.write_key(body["Key"], WriteMode::kTransactional);
        if (!s) return s;
    }
    return {};
}

}  // namespace

Result<Footprint> footprint(const storage::Table& table, std::string_view operation,
                            const json& request, const PartitionsOf& partitions) {
    if (!request.is_object())
        return Error::validation("Expected the request to be a JSON object", "/");
    Builder b(table, partitions);
    const std::string& name = table.schema().name;
    Status s;
    auto field = [&](const char* f) -> const json& {
        static const json kNull;
        const auto it = request.find(f);
        return it == request.end() ? kNull : *it;
    };
    if (operation == "GetItem") {
        s = b.get(field("Key"), Builder::consistency_of(request));
    } else if (operation == "PutItem") {
        s = b.put(field("Item"), WriteMode::kStandard);
    } else if (operation == "UpdateItem" || operation == "DeleteItem") {
        s = b.write_key(field("Key"), WriteMode::kStandard);
    } else if (operation == "Query") {
        s = b.query(request);
    } else if (operation == "Scan") {
        s = b.scan(request);
    } else if (operation == "BatchGetItem") {
        s = batch_get(b, request, name);
    } else if (operation == "BatchWriteItem") {
        s = batch_write(b, request, name);
    } else if (operation == "TransactGetItems") {
        s = transact(b, request, name, false);
    } else if (operation == "TransactWriteItems") {
        s = transact(b, request, name, true);
    }  // control-plane and stream operations draw no table capacity
    if (!s) return s.take_error();
    return std::move(b.out);
}

}  // namespace ddbsim::model
