// Footprint: what a DynamoDB API request will draw on, before it runs — the partitions of
// the table (with its LSIs, which share its throughput) and of each GSI that it touches,
// read or write, with the capacity it is expected to consume there — so a front end can
// admit or throttle a wire request by the simulator's rule (docs/dynamodb-model.md
// "Modelling assumptions": admitted when every bucket it draws from has a positive balance,
// charged what it actually consumed once it ran).
//
// Per operation (docs/dynamodb-model.md "Capacity units", "Secondary indexes"):
//  - GetItem: the key's table partition, read; expected: the stored item's read units.
//  - PutItem / DeleteItem: the key's table partition, write; each GSI that holds the old
//    item or will hold the new one, on the partition of each image's index key (a key change
//    touches two); expected: the larger item's write units, each image's index write.
//  - UpdateItem: as a write of the stored item; its GSIs are those of the stored item (the
//    new image is known only once the update expression ran — the request level admits an
//    update the same way).
//  - Query: the partition of the key condition's partition key value, on the table or the
//    queried index, read; expected: the minimum read (the page's size is known only after).
//  - Scan: every partition of the table or index overlapping the segment's share of the hash
//    space (all of them without Segment), read; expected: the minimum per partition.
//  - BatchGetItem / BatchWriteItem: each entry for this table, as GetItem / PutItem /
//    DeleteItem; TransactGetItems / TransactWriteItems: each item for this table, as the
//    single-item operation, transactional (a ConditionCheck as a transactional write).
// Entries for other tables are not this table's footprint: a multi-table front end asks each.
//
// Thread safety: reads `table` only; the caller holds the table's lock, as for executing.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "common/result.hpp"
#include "model/partition_map.hpp"
#include "storage/capacity.hpp"
#include "storage/table.hpp"

namespace ddbsim::model {

struct Touch {
    std::string index;  // "" the table (and its LSIs), else the GSI's name
    int partition = 0;
    bool write = false;
    storage::CapacityUnits expected;  // an estimate; what is charged is what it consumed
    friend bool operator==(const Touch&, const Touch&) = default;
};

struct Footprint {
    std::vector<Touch> touches;  // in request order; one per (unit, partition, side)
    bool transactional = false;
};

// The partition map of the table ("") or of a GSI (its name); nullptr if unknown.
using PartitionsOf = std::function<const PartitionMap*(std::string_view index)>;

// A request that is not well formed has no footprint: the error is DynamoDB's validation
// error where one is detected here, and executing the request reports it fully.
Result<Footprint> footprint(const storage::Table& table, std::string_view operation,
                            const nlohmann::json& request, const PartitionsOf& partitions);

}  // namespace ddbsim::model
