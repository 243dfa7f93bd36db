// What the live service shows and keeps: /metrics in Prometheus' text exposition format, and
// the snapshot `--data-dir` writes and restores (docs/server.md "Metrics", "Data directory").
#include <cstdio>
#include <sstream>

#include "service/service_internal.hpp"
#include "storage/dynamodb_json.hpp"
#include "storage/table_schema.hpp"

namespace ddbsim::service {

using namespace detail;

namespace {

std::string units_text(std::int64_t halves) {
    return storage::CapacityUnits::from_halves(halves).to_string();
}

// One metric family: HELP, TYPE, then its samples.
class Family {
  public:
    Family(std::ostringstream& out, const char* name, const char* type, const char* help)
        : out_(out), name_(name) {
        out_ << "# HELP " << name << ' ' << help << "\n# TYPE " << name << ' ' << type << '\n';
    }
    void sample(const std::string& labels, const std::string& value, const char* suffix = "") {
        out_ << name_ << suffix << '{' << labels << "} " << value << '\n';
    }

  private:
    std::ostringstream& out_;
    const char* name_;
};

std::string labels(const std::string& table, const std::string& index = "-") {
    std::string l = "table=\"" + table + "\"";
    if (index != "-") l += ",index=\"" + index + "\"";
    return l;
}

}  // namespace

std::string Service::metrics_text() {
    std::lock_guard lock(mutex_);
    const sim::TimeUs now = clock_();
    advance(now);
    std::ostringstream out;
    {
        Family f(out, "ddbsim_model_time_seconds", "gauge",
                 "Model time since the server started (wall time times --time-scale)");
        out << "ddbsim_model_time_seconds " << static_cast<double>(now) / 1e6 << '\n';
    }
    auto per_unit = [&](const char* name, const char* type, const char* help, auto value) {
        Family f(out, name, type, help);
        for (const auto& [table, t] : tables_)
            for (const auto& u : t->units)
                f.sample(labels(table, u.index), value(*t, u));
    };
    per_unit("ddbsim_consumed_read_capacity_units_total", "counter",
             "CloudWatch ConsumedReadCapacityUnits (Sum): read units consumed",
             [](const ServedTable&, const ServedUnit& u) {
                 return units_text(u.counters.consumed_read_halves);
             });
    per_unit("ddbsim_consumed_write_capacity_units_total", "counter",
             "CloudWatch ConsumedWriteCapacityUnits (Sum): write units consumed",
             [](const ServedTable&, const ServedUnit& u) {
                 return units_text(u.counters.consumed_write_halves);
             });
    per_unit("ddbsim_provisioned_read_capacity_units", "gauge",
             "CloudWatch ProvisionedReadCapacityUnits; on demand, the throughput the table can "
             "serve now",
             [](const ServedTable&, const ServedUnit& u) {
                 return std::to_string(u.unit.capacity().table_rcu());
             });
    per_unit("ddbsim_provisioned_write_capacity_units", "gauge",
             "CloudWatch ProvisionedWriteCapacityUnits; on demand, the throughput the table can "
             "serve now",
             [](const ServedTable&, const ServedUnit& u) {
                 return std::to_string(u.unit.capacity().table_wcu());
             });
    per_unit("ddbsim_read_throttle_events_total", "counter",
             "CloudWatch ReadThrottleEvents: throttled reads of the table or index",
             [](const ServedTable&, const ServedUnit& u) {
                 return std::to_string(u.counters.read_throttle_events);
             });
    per_unit("ddbsim_write_throttle_events_total", "counter",
             "CloudWatch WriteThrottleEvents: throttled writes of the table or index",
             [](const ServedTable&, const ServedUnit& u) {
                 return std::to_string(u.counters.write_throttle_events);
             });
    per_unit("ddbsim_partitions", "gauge", "Partitions of the table or index",
             [](const ServedTable&, const ServedUnit& u) {
                 return std::to_string(u.unit.partitions().size());
             });
    {
        Family f(out, "ddbsim_throttle_events_by_reason_total", "counter",
                 "Throttle events by DynamoDB ThrottlingReason");
        for (const auto& [table, t] : tables_)
            for (int i = 0; i < model::kThrottleReasonCount; ++i)
                f.sample(labels(table) + ",reason=\"" +
                             model::ThrottleReason::from_index(i).code() + "\"",
                         std::to_string(t->counters.by_reason[static_cast<std::size_t>(i)]));
    }
    auto per_operation = [&](const char* name, const char* help, auto counts) {
        Family f(out, name, "counter", help);
        for (const auto& [table, t] : tables_)
            for (const auto& [op, n] : counts(*t))
                f.sample(labels(table) + ",operation=\"" + op + "\"", std::to_string(n));
    };
    per_operation("ddbsim_requests_total", "Requests answered, by operation",
                  [](const ServedTable& t) { return t.counters.requests; });
    per_operation("ddbsim_throttled_requests_total",
                  "CloudWatch ThrottledRequests: requests with at least one throttle event",
                  [](const ServedTable& t) { return t.counters.throttled; });
    auto per_table = [&](const char* name, const char* type, const char* help, auto value) {
        Family f(out, name, type, help);
        for (const auto& [table, t] : tables_)
            f.sample(labels(table), value(*t));
    };
    per_table("ddbsim_user_errors_total", "counter",
              "CloudWatch UserErrors (HTTP 400 other "
              "than throttling)",
              [](const ServedTable& t) { return std::to_string(t.counters.user_errors); });
    per_table("ddbsim_system_errors_total", "counter", "CloudWatch SystemErrors (HTTP 500)",
              [](const ServedTable& t) { return std::to_string(t.counters.system_errors); });
    per_table("ddbsim_conditional_check_failed_requests_total", "counter",
              "CloudWatch ConditionalCheckFailedRequests", [](const ServedTable& t) {
                  return std::to_string(t.counters.conditional_check_failed);
              });
    per_table(
        "ddbsim_transaction_conflicts_total", "counter", "CloudWatch TransactionConflict",
        [](const ServedTable& t) { return std::to_string(t.counters.transaction_conflicts); });
    per_table("ddbsim_item_count", "gauge", "Items in the table",
              [](const ServedTable& t) { return std::to_string(t.table->item_count()); });
    per_table("ddbsim_table_size_bytes", "gauge", "Bytes of the table's items",
              [](const ServedTable& t) { return std::to_string(t.table->total_item_bytes()); });
    {
        Family f(out, "ddbsim_successful_request_latency_seconds", "summary",
                 "CloudWatch SuccessfulRequestLatency: time inside the service, by operation");
        for (const auto& [table, t] : tables_) {
            for (const auto& [op, h] : t->counters.latency) {
                const std::string l = labels(table) + ",operation=\"" + op + "\"";
                for (const auto& [q, text] :
                     {std::pair{0.5, "0.5"}, std::pair{0.9, "0.9"}, std::pair{0.99, "0.99"}}) {
                    f.sample(l + ",quantile=\"" + text + "\"",
                             std::to_string(static_cast<double>(h.percentile(q)) / 1e6));
                }
                f.sample(l, std::to_string(h.count()), "_count");
            }
        }
    }
    return out.str();
}

json Service::snapshot() {
    std::lock_guard lock(mutex_);
    json tables = json::array();
    for (const auto& [name, t] : tables_) {
        json items = json::array();
        t->table->for_each_item(
            [&items](const storage::Item& item) { items.push_back(storage::to_json(item)); });
        json index_throughput = json::object();
        for (const auto& [index, s] : t->index_throughput)
            index_throughput[index] = {{"ReadCapacityUnits", s.rcu}, {"WriteCapacityUnits", s.wcu}};
        json tags = json::object();
        for (const auto& [k, v] : t->tags)
            tags[k] = v;
        tables.push_back({{"Definition", t->definition},
                          {"OnDemand", t->on_demand},
                          {"ProvisionedThroughput",
                           {{"ReadCapacityUnits", t->throughput.rcu},
                            {"WriteCapacityUnits", t->throughput.wcu}}},
                          {"IndexThroughput", index_throughput},
                          {"TimeToLiveAttribute", t->table->ttl_attribute()},
                          {"Tags", tags},
                          {"DeletionProtectionEnabled", t->deletion_protection},
                          {"Items", std::move(items)}});
    }
    return {{"Format", "ddbsim-serve-snapshot"}, {"Version", 1}, {"Tables", std::move(tables)}};
}

Status Service::restore(const json& snapshot) {
    if (!snapshot.is_object() || snapshot.value("Format", "") != "ddbsim-serve-snapshot" ||
        snapshot.value("Version", 0) != 1 || !snapshot.value("Tables", json()).is_array()) {
        return Error(ErrorCode::kInvalidInput,
                     "not a ddbsim serve snapshot (expected Format \"ddbsim-serve-snapshot\", "
                     "Version 1, Tables)",
                     "/");
    }
    const json& tables = snapshot["Tables"];
    for (std::size_t i = 0; i < tables.size(); ++i) {
        const std::string at = "/Tables/" + std::to_string(i);
        const json& entry = tables[i];
        if (!entry.is_object() || !entry.value("Definition", json()).is_object())
            return Error(ErrorCode::kInvalidInput, "expected a table with a Definition", at);
        // The table is made again as its CreateTable request made it, then brought to the
        // capacity settings it had.
        json create = entry["Definition"];
        const bool on_demand = entry.value("OnDemand", false);
        create["BillingMode"] = on_demand ? "PAY_PER_REQUEST" : "PROVISIONED";
        create.erase("ProvisionedThroughput");
        if (!on_demand)
            create["ProvisionedThroughput"] = entry.value("ProvisionedThroughput", json());
        if (create.contains("GlobalSecondaryIndexes") &&
            create["GlobalSecondaryIndexes"].is_array()) {
            for (auto& index : create["GlobalSecondaryIndexes"]) {
                index.erase("ProvisionedThroughput");
                const std::string name = index.value("IndexName", "");
                if (!on_demand) {
                    const json pt =
                        entry.value("IndexThroughput", json::object()).value(name, json());
                    index["ProvisionedThroughput"] =
                        pt.is_object() ? pt
                                       : json{{"ReadCapacityUnits", 1}, {"WriteCapacityUnits", 1}};
                }
            }
        }
        auto response = handle("DynamoDB_20120810", "CreateTable", create.dump());
        if (response.status != 200) {
            return Error(ErrorCode::kInvalidInput,
                         "table cannot be restored: " + response.body.value("message", ""),
                         at + "/Definition");
        }
        std::lock_guard lock(mutex_);
        ServedTable* t = find_table(create.value("TableName", ""));
        if (!t) return Error(ErrorCode::kInvalidInput, "table was not created", at);
        t->table->set_ttl_attribute(entry.value("TimeToLiveAttribute", ""));
        t->deletion_protection = entry.value("DeletionProtectionEnabled", false);
        if (auto tags = entry.find("Tags"); tags != entry.end() && tags->is_object())
            for (const auto& [k, v] : tags->items())
                if (v.is_string()) t->tags[k] = v.get<std::string>();
        const json items = entry.value("Items", json::array());
        for (std::size_t k = 0; k < items.size(); ++k) {
            const std::string item_at = at + "/Items/" + std::to_string(k);
            auto item = storage::item_from_json(items[k], item_at);
            if (!item) return Error(ErrorCode::kInvalidInput, item.error().message, item_at);
            storage::PutItemRequest put;
            put.item = std::move(*item);
            auto outcome = t->table->put_item(put);
            if (!outcome.result)
                return Error(ErrorCode::kInvalidInput, outcome.result.error().message, item_at);
        }
    }
    return {};
}

}  // namespace ddbsim::service
