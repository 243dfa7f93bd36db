// The control plane of the live service: CreateTable, DescribeTable, ListTables, DeleteTable,
// UpdateTable, DescribeLimits, tags, DescribeEndpoints, ListStreams, and the TTL operations
// (DynamoDB API Reference; docs/server.md "Operations").
#include <algorithm>
#include <cmath>

#include "run/gsi_capacity.hpp"
#include "service/service_internal.hpp"
#include "storage/table_schema.hpp"

namespace ddbsim::service {

using namespace detail;

namespace {

// DG Limits.html (ServiceQuotas): 2,500 tables per account and region (default).
constexpr std::size_t kMaxTables = 2500;
// DG Limits.html: up to 4 decreases at any time in a UTC day, then one more for each hour
// without a decrease, 27 at most (docs/server.md "UpdateTable").
constexpr int kFreeDecreasesPerDay = 4;
constexpr int kMaxDecreasesPerDay = 27;

ServiceResponse ok(json body) {
    ServiceResponse r;
    r.body = std::move(body);
    return r;
}

ServiceResponse validation(const std::string& message) {
    return error_response("ValidationException", message, 400, "com.amazon.coral.validate");
}

json throughput_json(const ThroughputState& s) {
    json j = {{"NumberOfDecreasesToday", s.decreases_today},
              {"ReadCapacityUnits", s.rcu},
              {"WriteCapacityUnits", s.wcu}};
    if (s.last_increase_s) j["LastIncreaseDateTime"] = *s.last_increase_s;
    if (s.last_decrease_s) j["LastDecreaseDateTime"] = *s.last_decrease_s;
    return j;
}

std::optional<std::int64_t> units_field(const json& object, const char* name) {
    auto it = object.find(name);
    if (it == object.end() || !it->is_number_integer()) return std::nullopt;
    return it->get<std::int64_t>();
}

// ProvisionedThroughput {ReadCapacityUnits, WriteCapacityUnits}, each 1…quota.
Result<std::pair<std::int64_t, std::int64_t>> throughput_param(const json& pt,
                                                               const std::string& pointer) {
    const auto r = pt.is_object() ? units_field(pt, "ReadCapacityUnits") : std::nullopt;
    const auto w = pt.is_object() ? units_field(pt, "WriteCapacityUnits") : std::nullopt;
    if (!r || !w || *r < 1 || *w < 1) {
        return Error::validation(
            "One or more parameter values were invalid: ReadCapacityUnits and "
            "WriteCapacityUnits must both be integers of at least 1",
            pointer);
    }
    if (*r > 40000 || *w > 40000) {
        return Error(ErrorCode::kValidation,
                     "Subscriber limit exceeded: Provisioned throughput for the table or index "
                     "exceeds the per-table quota of 40,000 read and 40,000 write capacity units",
                     pointer);
    }
    return std::make_pair(*r, *w);
}

// Applies a throughput change to `state` (the history DescribeTable shows) and `unit`, with
// DynamoDB's limit on decreases per UTC day.
Status change_throughput(ThroughputState& state, model::CapacityUnit& unit, std::int64_t rcu,
                         std::int64_t wcu, double epoch_s, sim::TimeUs now,
                         const std::string& what) {
    if (rcu == state.rcu && wcu == state.wcu) {
        return Error::validation(
            "The provisioned throughput for the " + what +
            " will not change. The requested value equals the current value. Current "
            "ReadCapacityUnits provisioned for the " +
            what + ": " + std::to_string(rcu) + ". Requested ReadCapacityUnits: " +
            std::to_string(rcu) + ". Current WriteCapacityUnits provisioned for the " + what +
            ": " + std::to_string(wcu) + ". Requested WriteCapacityUnits: " + std::to_string(wcu) +
            ". Refer to the Amazon DynamoDB Developer Guide for current limits and how to "
            "request higher limits.");
    }
    const bool decrease = rcu < state.rcu || wcu < state.wcu;
    const auto day = static_cast<std::int64_t>(std::floor(epoch_s / 86400.0));
    if (state.decrease_day != day) {
        state.decrease_day = day;
        state.decreases_today = 0;
    }
    if (decrease) {
        const bool hour_free = !state.last_decrease_s || epoch_s - *state.last_decrease_s >= 3600;
        if (state.decreases_today >= kMaxDecreasesPerDay ||
            (state.decreases_today >= kFreeDecreasesPerDay && !hour_free)) {
            return Error(ErrorCode::kLimitExceeded,
                         "Subscriber limit exceeded: Provisioned throughput decreases are "
                         "limited within a given UTC day. After the first 4 decreases, each "
                         "subsequent decrease in the same UTC day can be performed at most once "
                         "every 3600 seconds. Number of decreases today: " +
                             std::to_string(state.decreases_today) + ".");
        }
        ++state.decreases_today;
        state.last_decrease_s = epoch_s;
    }
    if (rcu > state.rcu || wcu > state.wcu) state.last_increase_s = epoch_s;
    state.rcu = rcu;
    state.wcu = wcu;
    unit.set_throughput(rcu, wcu, now);
    return {};
}

model::CapacityConfig capacity_of_request(const json& request, const storage::TableSchema& schema) {
    model::CapacityConfig c;
    c.on_demand = schema.billing_mode == storage::BillingMode::kPayPerRequest;
    if (schema.provisioned) {
        c.rcu = schema.provisioned->read_capacity_units;
        c.wcu = schema.provisioned->write_capacity_units;
    }
    if (auto od = request.find("OnDemandThroughput"); od != request.end() && od->is_object()) {
        const auto r = units_field(*od, "MaxReadRequestUnits");
        const auto w = units_field(*od, "MaxWriteRequestUnits");
        if (r && *r > 0) c.max_on_demand_rcu = *r;
        if (w && *w > 0) c.max_on_demand_wcu = *w;
    }
    if (auto warm = request.find("WarmThroughput"); warm != request.end() && warm->is_object()) {
        c.warm_rcu = units_field(*warm, "ReadUnitsPerSecond").value_or(0);
        c.warm_wcu = units_field(*warm, "WriteUnitsPerSecond").value_or(0);
    }
    return c;
}

model::CapacityUnitConfig index_unit_config(const model::CapacityConfig& table,
                                            const storage::IndexSchema& index) {
    model::CapacityUnitConfig u;
    u.capacity = table;
    u.capacity.warm_rcu = u.capacity.warm_wcu = 0;
    u.capacity.max_on_demand_rcu.reset();
    u.capacity.max_on_demand_wcu.reset();
    if (index.provisioned) {
        u.capacity.rcu = index.provisioned->read_capacity_units;
        u.capacity.wcu = index.provisioned->write_capacity_units;
    }
    u.partitions = model::initial_partitions(u.capacity, 0);
    u.is_index = true;
    return u;
}

json find_definition(const json& list, const std::string& name) {
    if (list.is_array())
        for (const auto& d : list)
            if (d.is_object() && d.value("IndexName", "") == name) return d;
    return json::object();
}

}  // namespace

std::unique_ptr<ServedTable> Service::make_table(storage::TableSchema schema, json definition,
                                                 const model::CapacityUnitConfig& table_unit,
                                                 std::vector<model::CapacityUnitConfig> gsi_units,
                                                 const Request& r) {
    auto t = std::make_unique<ServedTable>();
    const std::string name = schema.name;
    t->arn = table_arn(name);
    char id[40];
    std::snprintf(id, sizeof id, "00000000-0000-4000-8000-%012llx",
                  static_cast<unsigned long long>(next_table_id_++));
    t->id = id;
    t->created_s = r.epoch_s();
    t->created_model = r.now;
    t->on_demand = table_unit.capacity.on_demand;
    if (!t->on_demand) {
        t->throughput.rcu = table_unit.capacity.rcu;
        t->throughput.wcu = table_unit.capacity.wcu;
    }
    t->units.push_back({"", model::CapacityUnit(table_unit, r.now), {}});
    for (std::size_t i = 0; i < schema.global_indexes.size() && i < gsi_units.size(); ++i) {
        const auto& index = schema.global_indexes[i];
        t->units.push_back({index.name, model::CapacityUnit(gsi_units[i], r.now), {}});
        if (!t->on_demand) {
            t->index_throughput[index.name].rcu = gsi_units[i].capacity.rcu;
            t->index_throughput[index.name].wcu = gsi_units[i].capacity.wcu;
        }
    }
    if (options_.series_limit > 0) {
        t->series = std::make_unique<TableSeries>();
        t->series->limit = options_.series_limit;
    }
    t->definition = std::move(definition);
    t->table = std::make_unique<storage::Table>(std::move(schema));
    t->table->set_time_us(r.epoch_us);
    return t;
}

ServiceResponse Service::create_table(Request& r) {
    auto schema = storage::TableSchema::from_create_table_json(r.body);
    if (!schema) return from_error(schema.error());
    const std::string name = schema->name;
    if (find_table(name)) {
        return error_response("ResourceInUseException", "Table already exists: " + name);
    }
    if (tables_.size() >= kMaxTables) {
        return error_response("LimitExceededException",
                              "Subscriber limit exceeded: You have reached the maximum of " +
                                  std::to_string(kMaxTables) + " tables in this region");
    }
    if (schema->provisioned) {
        auto pt = throughput_param(r.body["ProvisionedThroughput"], "/ProvisionedThroughput");
        if (!pt) return from_error(pt.error());
    }
    model::CapacityUnitConfig unit;
    unit.capacity = capacity_of_request(r.body, *schema);
    unit.partitions = model::initial_partitions(unit.capacity, 0);
    std::vector<model::CapacityUnitConfig> gsis;
    for (const auto& index : schema->global_indexes)
        gsis.push_back(index_unit_config(unit.capacity, index));
    auto t = make_table(std::move(*schema), r.body, unit, std::move(gsis), r);
    t->deletion_protection = r.body.value("DeletionProtectionEnabled", false) == true;
    if (auto tags = r.body.find("Tags"); tags != r.body.end() && tags->is_array()) {
        for (const auto& tag : *tags)
            if (tag.is_object() && tag.value("Key", json()).is_string())
                t->tags[tag["Key"].get<std::string>()] = tag.value("Value", "");
    }
    r.table = name;
    json description = table_description(*t, "CREATING");
    tables_[name] = std::move(t);
    return ok({{"TableDescription", std::move(description)}});
}

Status Service::add_scenario_table(const workload::SimulationConfig& config) {
    std::lock_guard lock(mutex_);
    if (find_table(config.table.name))
        return Error::validation("Table already exists: " + config.table.name);
    Request r;
    r.now = clock_();
    r.epoch_us = options_.epoch_start_us + r.now;
    std::vector<model::CapacityUnitConfig> gsis;
    for (const auto& index : config.table.global_indexes) {
        auto g = run::GsiCapacity::make(config, index);
        gsis.push_back(g.unit.config());
    }
    // DescribeTable echoes a definition: the scenario's schema written as CreateTable's.
    json definition = {{"TableName", config.table.name}};
    json attrs = json::array();
    auto attr = [&attrs](const storage::KeyAttribute& a) {
        const char* type = a.type == storage::AttrType::kN   ? "N"
                           : a.type == storage::AttrType::kB ? "B"
                                                             : "S";
        for (const auto& existing : attrs)
            if (existing["AttributeName"] == a.name) return;
        attrs.push_back({{"AttributeName", a.name}, {"AttributeType", type}});
    };
    auto key_schema = [&attr](const storage::KeySchema& k) {
        attr(k.partition);
        json ks = json::array({{{"AttributeName", k.partition.name}, {"KeyType", "HASH"}}});
        if (k.sort) {
            attr(*k.sort);
            ks.push_back({{"AttributeName", k.sort->name}, {"KeyType", "RANGE"}});
        }
        return ks;
    };
    definition["KeySchema"] = key_schema(config.table.key);
    for (const auto* list : {&config.table.local_indexes, &config.table.global_indexes}) {
        for (const auto& index : *list) {
            const char* type = index.projection.type == storage::ProjectionType::kAll ? "ALL"
                               : index.projection.type == storage::ProjectionType::kKeysOnly
                                   ? "KEYS_ONLY"
                                   : "INCLUDE";
            json projection = {{"ProjectionType", type}};
            if (!index.projection.non_key_attributes.empty())
                projection["NonKeyAttributes"] = index.projection.non_key_attributes;
            definition[index.global ? "GlobalSecondaryIndexes" : "LocalSecondaryIndexes"].push_back(
                {{"IndexName", index.name},
                 {"KeySchema", key_schema(index.key)},
                 {"Projection", projection}});
        }
    }
    definition["AttributeDefinitions"] = attrs;
    auto t = make_table(config.table, std::move(definition), run::table_capacity_config(config),
                        std::move(gsis), r);
    tables_[config.table.name] = std::move(t);
    return {};
}

ServiceResponse Service::update_table(Request& r, ServedTable& t) {
    const json& b = r.body;
    // The storage core's part: GSIs created or deleted, streams, table class.
    json storage_part = {{"TableName", t.table->schema().name}};
    json gsi_updates = json::array();
    std::vector<std::pair<std::string, json>> throughput_updates;  // GSI Update entries
    if (auto u = b.find("GlobalSecondaryIndexUpdates"); u != b.end()) {
        if (!u->is_array()) return validation("GlobalSecondaryIndexUpdates must be a list");
        for (const auto& entry : *u) {
            if (entry.is_object() && entry.contains("Update")) {
                const json& up = entry["Update"];
                if (!up.is_object() || !up.value("IndexName", json()).is_string())
                    return validation("Update needs an IndexName and ProvisionedThroughput");
                throughput_updates.emplace_back(up["IndexName"].get<std::string>(),
                                                up.value("ProvisionedThroughput", json()));
            } else {
                gsi_updates.push_back(entry);
            }
        }
    }
    if (!gsi_updates.empty()) storage_part["GlobalSecondaryIndexUpdates"] = gsi_updates;
    for (const char* field : {"AttributeDefinitions", "StreamSpecification", "TableClass"})
        if (b.contains(field)) storage_part[field] = b[field];

    // The capacity part, validated before anything changes.
    bool to_on_demand = t.on_demand;
    if (auto mode = b.find("BillingMode"); mode != b.end()) {
        if (*mode != "PROVISIONED" && *mode != "PAY_PER_REQUEST")
            return validation("BillingMode must be PROVISIONED or PAY_PER_REQUEST");
        to_on_demand = *mode == "PAY_PER_REQUEST";
    }
    std::optional<std::pair<std::int64_t, std::int64_t>> table_pt;
    if (auto pt = b.find("ProvisionedThroughput"); pt != b.end()) {
        if (to_on_demand) {
            return validation(
                "One or more parameter values were invalid: Neither ReadCapacityUnits nor "
                "WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST");
        }
        auto parsed = throughput_param(*pt, "/ProvisionedThroughput");
        if (!parsed) return from_error(parsed.error());
        table_pt = *parsed;
    } else if (!to_on_demand && t.on_demand) {
        return validation(
            "One or more parameter values were invalid: ProvisionedThroughput must be specified "
            "when BillingMode is PROVISIONED");
    }
    for (const auto& [index, pt] : throughput_updates) {
        if (!t.unit_of(index) || index.empty())
            return from_error(
                Error(ErrorCode::kResourceNotFound,
                      "Requested resource not found: Index: " + index + " not found"));
        auto parsed = throughput_param(pt, "/GlobalSecondaryIndexUpdates");
        if (!parsed) return from_error(parsed.error());
    }

    if (storage_part.size() > 1) {
        t.table->set_time_us(r.epoch_us);
        auto response = storage::JsonApi(*t.table).handle("UpdateTable", storage_part);
        if (!response.ok) return from_error(response.error);
        // Units follow the indexes the storage core now has.
        std::vector<ServedUnit> units;
        units.push_back(std::move(t.units.front()));
        json defs = t.definition.value("GlobalSecondaryIndexes", json::array());
        json new_defs = json::array();
        for (const auto& index : t.table->schema().global_indexes) {
            ServedUnit* existing = nullptr;
            for (auto& u : t.units)
                if (u.index == index.name) existing = &u;
            if (existing) {
                units.push_back(std::move(*existing));
                new_defs.push_back(find_definition(defs, index.name));
            } else {
                auto config = index_unit_config(units.front().unit.config().capacity, index);
                units.push_back({index.name, model::CapacityUnit(config, r.now), {}});
                if (!t.on_demand) {
                    t.index_throughput[index.name].rcu = config.capacity.rcu;
                    t.index_throughput[index.name].wcu = config.capacity.wcu;
                }
                for (const auto& entry : gsi_updates)
                    if (entry.contains("Create") &&
                        entry["Create"].value("IndexName", "") == index.name)
                        new_defs.push_back(entry["Create"]);
            }
        }
        t.units = std::move(units);
        if (new_defs.empty()) {
            t.definition.erase("GlobalSecondaryIndexes");
        } else {
            t.definition["GlobalSecondaryIndexes"] = std::move(new_defs);
        }
        if (b.contains("AttributeDefinitions") && b["AttributeDefinitions"].is_array()) {
            json& attrs = t.definition["AttributeDefinitions"];
            for (const auto& a : b["AttributeDefinitions"]) {
                bool present = false;
                for (const auto& e : attrs)
                    present =
                        present || e.value("AttributeName", "") == a.value("AttributeName", "");
                if (!present) attrs.push_back(a);
            }
        }
    }
    if (to_on_demand != t.on_demand) {
        // A mode switch: the unit is made again in the new mode, keeping its partitions
        // (partitions never merge; docs/dynamodb-model.md "Partitions").
        model::CapacityUnitConfig config = t.table_unit().unit.config();
        config.capacity.on_demand = to_on_demand;
        if (table_pt) {
            config.capacity.rcu = table_pt->first;
            config.capacity.wcu = table_pt->second;
        }
        config.partitions = std::max(t.table_unit().unit.partitions().size(),
                                     model::initial_partitions(config.capacity, 0));
        config.read_scaling.reset();
        config.write_scaling.reset();
        t.table_unit().unit = model::CapacityUnit(config, r.now);
        t.on_demand = to_on_demand;
        t.last_mode_change_s = r.epoch_s();
        t.throughput.rcu = to_on_demand ? 0 : config.capacity.rcu;
        t.throughput.wcu = to_on_demand ? 0 : config.capacity.wcu;
    } else if (table_pt) {
        if (auto s = change_throughput(t.throughput, t.table_unit().unit, table_pt->first,
                                       table_pt->second, r.epoch_s(), r.now, "table");
            !s) {
            return from_error(s.error());
        }
    }
    for (const auto& [index, pt] : throughput_updates) {
        auto parsed = throughput_param(pt, "/GlobalSecondaryIndexUpdates");
        if (auto s = change_throughput(t.index_throughput[index], t.unit_of(index)->unit,
                                       parsed->first, parsed->second, r.epoch_s(), r.now, "index");
            !s) {
            return from_error(s.error());
        }
    }
    if (auto p = b.find("DeletionProtectionEnabled"); p != b.end() && p->is_boolean())
        t.deletion_protection = p->get<bool>();
    return ok({{"TableDescription", table_description(t, "UPDATING")}});
}

ServiceResponse Service::control_plane(Request& r) {
    const std::string& op = r.operation;
    if (op == "CreateTable") return create_table(r);
    if (op == "ListTables") {
        std::int64_t limit = 100;
        if (auto l = r.body.find("Limit"); l != r.body.end()) {
            if (!l->is_number_integer() || l->get<std::int64_t>() < 1 ||
                l->get<std::int64_t>() > 100)
                return validation(
                    "1 validation error detected: Value at 'limit' failed to "
                    "satisfy constraint: Member must have value between 1 and 100");
            limit = l->get<std::int64_t>();
        }
        std::string start;
        if (auto s = r.body.find("ExclusiveStartTableName"); s != r.body.end() && s->is_string())
            start = s->get<std::string>();
        json names = json::array();
        auto it = start.empty() ? tables_.begin() : tables_.upper_bound(start);
        for (; it != tables_.end() && static_cast<std::int64_t>(names.size()) < limit; ++it)
            names.push_back(it->first);
        json body = {{"TableNames", names}};
        if (it != tables_.end() && !names.empty()) body["LastEvaluatedTableName"] = names.back();
        return ok(std::move(body));
    }
    if (op == "DescribeLimits") {
        return ok({{"AccountMaxReadCapacityUnits", 80000},
                   {"AccountMaxWriteCapacityUnits", 80000},
                   {"TableMaxReadCapacityUnits", 40000},
                   {"TableMaxWriteCapacityUnits", 40000}});
    }
    if (op == "DescribeEndpoints") {
        return ok({{"Endpoints", json::array({{{"Address", "dynamodb.us-east-1.amazonaws.com"},
                                               {"CachePeriodInMinutes", 1440}}})}});
    }
    if (op == "ListStreams") {
        json streams = json::array();
        std::string only = r.body.value("TableName", "");
        for (const auto& [name, t] : tables_) {
            if (!t->table->stream() || (!only.empty() && only != name)) continue;
            streams.push_back({{"StreamArn", t->arn + "/stream/1970-01-01T00:00:00.000"},
                               {"TableName", name},
                               {"StreamLabel", "1970-01-01T00:00:00.000"}});
        }
        return ok({{"Streams", streams}});
    }
    if (op == "TagResource" || op == "UntagResource" || op == "ListTagsOfResource") {
        auto arn = r.body.find("ResourceArn");
        if (arn == r.body.end() || !arn->is_string())
            return validation(
                "1 validation error detected: Value null at 'resourceArn' failed "
                "to satisfy constraint: Member must not be null");
        const std::string text = arn->get<std::string>();
        const std::string prefix = table_arn("");
        ServedTable* t =
            text.rfind(prefix, 0) == 0 ? find_table(text.substr(prefix.size())) : nullptr;
        if (!t) {
            return error_response(
                "ResourceNotFoundException",
                "Requested resource not found: ResourceArn: " + text + " not found");
        }
        r.table = t->table->schema().name;
        if (op == "ListTagsOfResource") {
            json tags = json::array();
            for (const auto& [k, v] : t->tags)
                tags.push_back({{"Key", k}, {"Value", v}});
            return ok({{"Tags", tags}});
        }
        const char* field = op == "TagResource" ? "Tags" : "TagKeys";
        auto list = r.body.find(field);
        if (list == r.body.end() || !list->is_array())
            return validation(std::string("1 validation error detected: Value null at '") +
                              (op == "TagResource" ? "tags" : "tagKeys") +
                              "' failed to satisfy constraint: Member must not be null");
        for (const auto& entry : *list) {
            if (op == "TagResource") {
                if (!entry.is_object() || !entry.value("Key", json()).is_string() ||
                    !entry.value("Value", json()).is_string())
                    return validation("Each tag needs a Key and a Value");
                t->tags[entry["Key"].get<std::string>()] = entry["Value"].get<std::string>();
            } else if (entry.is_string()) {
                t->tags.erase(entry.get<std::string>());
            }
        }
        return ok(json::object());
    }
    auto t = table_named(r.body);
    if (!t) return from_error(t.error());
    ServedTable& table = **t;
    r.table = table.table->schema().name;
    if (op == "DescribeTable") return ok({{"Table", table_description(table, "ACTIVE")}});
    if (op == "DeleteTable") {
        if (table.deletion_protection)
            return validation(
                "Resource cannot be deleted as it is currently protected against "
                "deletion. Disable deletion protection first.");
        json description = table_description(table, "DELETING");
        tables_.erase(r.table);
        r.table.clear();
        return ok({{"TableDescription", std::move(description)}});
    }
    if (op == "UpdateTable") return update_table(r, table);
    if (op == "DescribeContinuousBackups") {
        return ok(
            {{"ContinuousBackupsDescription",
              {{"ContinuousBackupsStatus", "DISABLED"},
               {"PointInTimeRecoveryDescription", {{"PointInTimeRecoveryStatus", "DISABLED"}}}}}});
    }
    // UpdateTimeToLive, DescribeTimeToLive: the storage core's.
    table.table->set_time_us(r.epoch_us);
    return from_api(storage::JsonApi(*table.table).handle(op, r.body));
}

namespace detail {

json table_description(const ServedTable& t, const char* status) {
    const auto& table = *t.table;
    const auto& def = t.definition;
    json d = {{"TableName", table.schema().name},
              {"TableStatus", status},
              {"AttributeDefinitions", def.value("AttributeDefinitions", json::array())},
              {"KeySchema", def.value("KeySchema", json::array())},
              {"CreationDateTime", t.created_s},
              {"TableSizeBytes", table.total_item_bytes()},
              {"ItemCount", table.item_count()},
              {"TableArn", t.arn},
              {"TableId", t.id},
              {"DeletionProtectionEnabled", t.deletion_protection}};
    d["ProvisionedThroughput"] = throughput_json(t.throughput);
    d["BillingModeSummary"] = {{"BillingMode", t.on_demand ? "PAY_PER_REQUEST" : "PROVISIONED"}};
    if (t.on_demand)
        d["BillingModeSummary"]["LastUpdateToPayPerRequestDateTime"] =
            t.last_mode_change_s > 0 ? t.last_mode_change_s : t.created_s;
    const auto& cap = t.units.front().unit.config().capacity;
    if (t.on_demand) {
        d["OnDemandThroughput"] = {{"MaxReadRequestUnits", cap.max_on_demand_rcu.value_or(-1)},
                                   {"MaxWriteRequestUnits", cap.max_on_demand_wcu.value_or(-1)}};
    }
    d["WarmThroughput"] = {
        {"ReadUnitsPerSecond",
         std::max<std::int64_t>(cap.warm_rcu, t.on_demand ? cap.on_demand_initial_rcu : cap.rcu)},
        {"WriteUnitsPerSecond",
         std::max<std::int64_t>(cap.warm_wcu, t.on_demand ? cap.on_demand_initial_wcu : cap.wcu)},
        {"Status", "ACTIVE"}};
    d["TableClassSummary"] = {
        {"TableClass", table.schema().table_class == storage::TableClass::kStandard
                           ? "STANDARD"
                           : "STANDARD_INFREQUENT_ACCESS"}};
    json lsis = json::array(), gsis = json::array();
    for (const auto& index : table.indexes()) {
        const auto& schema = index.schema();
        const char* list = schema.global ? "GlobalSecondaryIndexes" : "LocalSecondaryIndexes";
        json e = find_definition(def.value(list, json::array()), schema.name);
        e["IndexName"] = schema.name;
        e["IndexSizeBytes"] = index.total_bytes();
        e["ItemCount"] = index.item_count();
        e["IndexArn"] = t.resource_arn(schema.name);
        if (schema.global) {
            e["IndexStatus"] = "ACTIVE";
            e.erase("OnDemandThroughput");
            auto it = t.index_throughput.find(schema.name);
            e["ProvisionedThroughput"] =
                throughput_json(it == t.index_throughput.end() ? ThroughputState{} : it->second);
            gsis.push_back(std::move(e));
        } else {
            lsis.push_back(std::move(e));
        }
    }
    if (!lsis.empty()) d["LocalSecondaryIndexes"] = std::move(lsis);
    if (!gsis.empty()) d["GlobalSecondaryIndexes"] = std::move(gsis);
    if (const auto* stream = table.stream()) {
        (void)stream;
        const auto& spec = table.schema().stream;
        static const char* kViews[] = {"KEYS_ONLY", "NEW_IMAGE", "OLD_IMAGE", "NEW_AND_OLD_IMAGES"};
        d["StreamSpecification"] = {{"StreamEnabled", true},
                                    {"StreamViewType", kViews[static_cast<int>(spec.view_type)]}};
        d["LatestStreamLabel"] = "1970-01-01T00:00:00.000";
        d["LatestStreamArn"] = t.arn + "/stream/1970-01-01T00:00:00.000";
    }
    return d;
}

}  // namespace detail

ServedUnit* ServedTable::unit_of(std::string_view index) {
    for (auto& u : units)
        if (u.index == index) return &u;
    return nullptr;
}

const ServedUnit* ServedTable::unit_of(std::string_view index) const {
    for (const auto& u : units)
        if (u.index == index) return &u;
    return nullptr;
}

std::string ServedTable::resource_arn(std::string_view index) const {
    return index.empty() ? arn : arn + "/index/" + std::string(index);
}

}  // namespace ddbsim::service
