// PriceCatalog: the prices a bill is computed from, loaded from a data file.
//
// Two catalogs ship inside the binary (engine/cost/catalogs/): "course-2019", the course's
// us-east-1 prices, and "current", us-east-1 list prices after the November 2024 on-demand
// cut (docs/dynamodb-model.md "Prices"). A scenario names one or gives its own inline in the same
// shape. Sections a catalog lacks (the course has no Standard-IA, reserved or DAX prices)
// are absent, and whatever needs them is reported as not priced rather than guessed.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "cost/money.hpp"

namespace ddbsim::cost {

// Throughput and storage prices of one table class.
struct ClassPrices {
    Money wcu_hour;           // provisioned, per WCU-hour
    Money rcu_hour;           // provisioned, per RCU-hour
    Money write_per_million;  // on-demand, per million write request units
    Money read_per_million;   // on-demand, per million read request units
    Money storage_gb_month;   // per GB-month (GB = 2^30 bytes)
    // A global table's writes to its replicas (docs/global-tables.md "Cost"): replicated write
    // capacity (rWCU-hour) and request units (per million rWRU). Absent: the catalog does
    // not price them, and a global table's writes are priced as standard writes, with a note.
    std::optional<Money> replicated_wcu_hour;
    std::optional<Money> replicated_write_per_million;
};

// Reserved capacity: bought in blocks of 100 WCU or RCU for a term, an upfront payment plus
// a discounted hourly rate (Standard table class, provisioned mode only).
struct ReservedTerm {
    int years = 1;
    Money wcu_upfront_per_100, wcu_hour_per_100;
    Money rcu_upfront_per_100, rcu_hour_per_100;
};

// The always-free tier, per account and Region (priced here as if this table had it all).
struct FreeTier {
    std::int64_t storage_gb = 0;  // Standard table class only
    std::int64_t wcu = 0;         // provisioned capacity only
    std::int64_t rcu = 0;
    std::int64_t stream_read_requests = 0;  // per month
};

struct PriceCatalog {
    std::string name, description, source, date, region;
    // Hours in a billing month: AWS's calculator uses 730; the course's arithmetic 24 × 30.
    int hours_per_month = 730;
    ClassPrices standard;
    std::optional<ClassPrices> standard_ia;
    FreeTier free_tier;
    std::optional<Money> streams_read_per_million;
    std::vector<ReservedTerm> reserved;
    std::optional<Money> pitr_gb_month;
    std::optional<Money> backup_gb_month;
    std::map<std::string, Money> dax_node_hour;  // by node type
    // Data transfer out of a region to another AWS Region, per GB (2^30 bytes): what a global
    // table's replication moves (billed by the region the data leaves).
    std::optional<Money> cross_region_transfer_gb;

    const ReservedTerm* reserved_term(int years) const;
};

// Reports a problem at a JSON pointer (relative to the catalog object).
using ProblemSink = std::function<void(const std::string& pointer, const std::string& message)>;

// Reads a catalog object; every problem goes to `problems`; nullopt when there was any.
std::optional<PriceCatalog> parse_catalog(const nlohmann::json& j, const ProblemSink& problems);

// The catalogs that ship with ddbsim, by name ("course-2019", "current").
std::vector<std::string> builtin_catalog_names();
std::optional<PriceCatalog> builtin_catalog(const std::string& name);

}  // namespace ddbsim::cost
