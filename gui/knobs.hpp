// Knobs: the what-if settings the desktop app exposes, applied to a scenario document as
// JSON-pointer edits — the same mechanism as a scenario's `whatIf` variants, so the app adds
// no model logic of its own: the engine loads and runs the edited document.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace ddbsim::gui {

struct Knobs {
    bool on_demand = false;
    std::int64_t rcu = 5, wcu = 5;  // provisioned capacity
    bool auto_scaling = false;
    std::int64_t min_rcu = 5, max_rcu = 40000, min_wcu = 5, max_wcu = 40000;
    double target = 70;  // percent
    bool infrequent_access = false;
    double hot_key_share = 0;  // share of the first stream's requests on its key 0
    int write_shards = 0;      // 0 or 1: none
    bool dax = false;
    int dax_ttl_seconds = 300;
    double sqs_consumer_rate = 0;  // 0: no SQS buffer
    // A global table (the document has replicas): the table's own region's requests move to
    // its first replica from `failover_at_minutes` for `failover_minutes` (docs/global-tables.md).
    bool global_table = false;
    bool failover = false;
    int failover_at_minutes = 10, failover_minutes = 15;
    std::string duration = "10m";
    std::int64_t seed = 1;

    // The knobs' values as a scenario document states them.
    static Knobs from_document(const nlohmann::json& doc);
    // `doc` with the knobs applied.
    nlohmann::json apply(const nlohmann::json& doc) const;
};

}  // namespace ddbsim::gui
