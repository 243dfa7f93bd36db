// A global table: the scenario's table replicated in several AWS Regions (docs/global-tables.md;
// DG "Global tables", version 2019.11.21). Each replica is its own capacity unit; every write
// made in one region is applied in every other as a replicated write that consumes write
// capacity there.
//
// Scenario fields (docs/scenario-format.md "Global tables"): `region` (the table's own, default
// us-east-1), `replicas` as UpdateTable's ReplicaUpdates `Create` spells them, `failover`, and
// `replication.crossRegion` (the replication latency's distribution).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "sim/time.hpp"
#include "storage/table_schema.hpp"

namespace ddbsim::workload {

// One replica in another region. Write capacity (and write auto scaling) is the same in every
// replica, as the service requires (DG "Global tables: best practices": identical write
// capacity settings); reads may be overridden.
struct ReplicaSettings {
    std::string region;
    // ProvisionedThroughputOverride.ReadCapacityUnits (provisioned tables).
    std::optional<std::int64_t> read_capacity;
    // OnDemandThroughputOverride.MaxReadRequestUnits (on-demand tables).
    std::optional<std::int64_t> max_read_request_units;
    // GlobalSecondaryIndexes[].ProvisionedThroughputOverride.ReadCapacityUnits, by index.
    std::map<std::string, std::int64_t> index_read_capacity;
    std::optional<storage::TableClass> table_class;  // TableClassOverride
};

// A region's requests move to another region for a while (a regional evacuation).
struct Failover {
    std::string region;  // whose requests move
    sim::TimeUs at = 0;
    sim::TimeUs length = 0;
    std::string to;  // where they go
};

// How long a write takes to reach another region when nothing holds it back: a fixed minimum
// (the network between regions and the replication pipeline) plus a lognormal part. AWS does
// not publish the distribution, only that replication is "typically" within a second (the
// course, Section 5; DG "Global tables: how it works"); the default — minimum 100 ms, median
// 500 ms, σ 0.6 of the lognormal part — puts about 90 % of writes under a second and the p99
// near 1.7 s. A parameter, so measured figures can replace it. The minimum is also how far
// regions may run ahead of each other in a simulation (run/global_run.hpp).
struct CrossRegionLatency {
    sim::TimeUs minimum = 100 * sim::kMillisecond;
    sim::TimeUs median = 500 * sim::kMillisecond;  // of the whole latency, > minimum
    double sigma = 0.6;
};

struct GlobalTable {
    std::string region = "us-east-1";       // the table's own region
    std::vector<ReplicaSettings> replicas;  // the other regions
    std::vector<Failover> failover;
    CrossRegionLatency latency;

    bool enabled() const { return !replicas.empty(); }
    // Every region, the table's own first, then the replicas in the order given.
    std::vector<std::string> regions() const {
        std::vector<std::string> out{region};
        for (const auto& r : replicas)
            out.push_back(r.region);
        return out;
    }
    // A region's position in regions(), or -1.
    int index_of(const std::string& name) const {
        const auto all = regions();
        for (std::size_t i = 0; i < all.size(); ++i)
            if (all[i] == name) return static_cast<int>(i);
        return -1;
    }
};

// Whether `name` is spelled as an AWS Region code ("us-east-1", "eu-west-2", "us-gov-west-1"):
// lowercase words joined by hyphens, ending in a number.
bool is_region_name(const std::string& name);

}  // namespace ddbsim::workload
