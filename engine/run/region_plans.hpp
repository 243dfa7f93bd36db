// A global table's regions as simulations (docs/global-tables.md): one SimulationConfig per
// region, the table's own first, each a complete table — its own partitions, buckets, burst,
// adaptive capacity, auto scaling and on-demand state (each replica is its own capacity
// unit).
//
// Every region's config has every workload stream, at the same index, so a stream's keys and
// items are the same everywhere (a replicated write names its stream and key); a stream's
// traffic runs only where its requests are made at that time: its own region (`region`, else
// the table's) outside its region's failovers, and the failover's target during them.
// Every region preloads the keys every stream reads: the replicas hold the same data.
//
// What differs per replica: read capacity (ProvisionedThroughputOverride, per GSI too), the
// on-demand read limit, the table class, and the random streams (each region draws its own).
// Write capacity and write auto scaling are the table's everywhere.
#pragma once

#include <string>
#include <vector>

#include "workload/scenario.hpp"

namespace ddbsim::run {

struct RegionPlan {
    std::string region;
    workload::SimulationConfig config;  // no replicas: a single-region table
};

// The regions of `config`'s global table, its own first; one plan (the config itself, less
// its replicas) when it has none.
std::vector<RegionPlan> region_plans(const workload::SimulationConfig& config);

}  // namespace ddbsim::run
