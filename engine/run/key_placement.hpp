// Where one logical key's traffic lands among a table's partitions at the aggregate fidelity,
// once the key's item collection may have split between its sort keys (run/item_factory.hpp
// key_position; docs/dynamodb-model.md "Splits along the sort key").
//
// A stream whose requests address single items of a random or sequential collection spreads
// each key's traffic over the collection's positions by the sort-key distribution; every
// other stream puts a key's traffic at one position. Pure functions of their arguments.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <utility>
#include <vector>

#include <Eigen/Core>

#include "model/partition_map.hpp"
#include "run/run_result.hpp"

namespace ddbsim::run {

// Whether a key's traffic on stream `s` spreads over its collection's sort positions.
bool spreads_over_sort_keys(const OperationStream& s, bool sort_splits);

// Calls `add(partition, share)` for each partition holding part of the traffic `share` on
// the key whose partition-key hash is `pk_hash` (once, with all of it, when one partition
// holds the whole collection).
void place_key(const model::PartitionMap& map, const OperationStream& s, std::uint64_t pk_hash,
               bool sort_splits, double share, const std::function<void(int, double)>& add);

// Adds the key's traffic `share` to `by_position` (position → traffic) at the positions
// partition `partition` owns: a collection that spreads contributes up to kSortSamples
// points (each the first position of an equal run of its sort keys), so split for
// consumption can choose a sort-key boundary as the request level does from its sample.
inline constexpr std::uint64_t kSortSamples = 256;
void add_key_positions(const model::PartitionMap& map, const OperationStream& s,
                       std::uint64_t pk_hash, bool sort_splits, double share, int partition,
                       std::map<std::uint64_t, double>& by_position);

// Time-bucketed keys (as the request level: key = ⌊now / bucket⌋ mod count): the keys of
// the buckets the step [start, end) overlaps, each with its share of the step's time.
std::vector<std::pair<std::uint64_t, double>> time_bucket_keys(const OperationStream& s,
                                                               sim::TimeUs start, sim::TimeUs end);

// The partition-key hash of stream `s`'s logical key `key` in shard `shard` (kNoShard: none).
std::uint64_t stream_key_hash(const storage::TableSchema& table, const OperationStream& s,
                              std::uint64_t key, int shard);

// One stream's requests per arrival on each partition of `map`: its first `exact_key_limit`
// keys placed exactly (with their collections and shards; every shard for reads that fan
// out), the long tail spread by hash-range width (hashes are uniform); a time-bucketed
// stream's keys are those of the buckets the step [step_start, step_end) covers, by time share.
Eigen::ArrayXd stream_masses(const storage::TableSchema& table, const model::PartitionMap& map,
                             const OperationStream& s, std::uint64_t exact_key_limit,
                             bool sort_splits, sim::TimeUs step_start, sim::TimeUs step_end);

}  // namespace ddbsim::run
