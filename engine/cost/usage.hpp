// Usage: what a run consumed and held, in the quantities DynamoDB bills — the input of a bill.
// Built from a simulation's metrics (run/billing_usage) or by hand in tests and exercises.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace ddbsim::cost {

enum class TableClass { kStandard, kStandardInfrequentAccess };

// Extras of a scenario that the simulation does not produce but the bill includes.
struct CostOptions {
    std::string catalog = "current";  // a builtin catalog's name (or "inline")
    bool free_tier = true;            // apply the catalog's always-free tier to this table
    bool point_in_time_recovery = false;
    int on_demand_backups = 0;           // full backups retained through the run
    double stream_reads_per_second = 0;  // GetRecords calls by non-Lambda consumers
    int dax_nodes = 0;                   // DAX cluster size (0 = no cluster billed)
    std::string dax_node_type = "dax.t3.small";
};

struct Usage {
    std::int64_t seconds = 0;  // the run's length
    bool on_demand = false;
    TableClass table_class = TableClass::kStandard;
    // Provisioned capacity (table + GSIs) billed for each clock hour of the run: the
    // highest in force during that hour (docs/dynamodb-model.md "Prices": billed hourly on the
    // capacity in force, the highest in the hour when changed, still to be confirmed on a bill).
    // Empty when on-demand. The last entry may cover a partial hour (see Bill).
    std::vector<std::int64_t> hourly_rcu;
    std::vector<std::int64_t> hourly_wcu;
    // Consumed capacity = request units (table + GSIs), in half units.
    std::int64_t read_halves = 0;
    std::int64_t write_halves = 0;
    std::uint64_t storage_bytes = 0;  // table + index data held through the run
    std::int64_t stream_read_requests = 0;
    bool point_in_time_recovery = false;
    int on_demand_backups = 0;
    int dax_nodes = 0;
    std::string dax_node_type;
    // A replica of a global table (docs/global-tables.md "Cost"; DG "Understanding Amazon
    // DynamoDB billing for global tables"): the table's own writes — made here or replicated
    // from another region — are billed as replicated write units (rWCU-hours provisioned,
    // rWRU on-demand); its GSIs' writes stay standard; every item carries 48 more bytes of
    // billed storage; data replicated to other regions is billed as transfer out.
    bool global_table = false;
    std::vector<std::int64_t> hourly_index_wcu;  // the GSIs' part of hourly_wcu
    std::int64_t index_write_halves = 0;         // the GSIs' part of write_halves
    std::uint64_t items = 0;                     // items held (for the per-item overhead)
    std::uint64_t replicated_out_bytes = 0;      // sent to the other regions
};

// Billed storage overhead per item of a global table, beyond the 100 bytes every table's
// items carry (DG "Global tables"; docs/dynamodb-model.md "Item sizes").
inline constexpr std::uint64_t kGlobalTableOverheadBytesPerItem = 48;

}  // namespace ddbsim::cost
