// The keys and items a workload stream reads and writes, built the same way by every
// fidelity (request-level and aggregate) and by the cost calibration.
#pragma once

#include <cstdint>
#include <string>

#include "run/run_result.hpp"
#include "storage/attribute_value.hpp"

namespace ddbsim::run {

// Pseudo shard of the aggregation job's total item (`<key>#total`); -1 means unsharded.
inline constexpr int kNoShard = -1;
inline constexpr int kTotalShard = -2;

// "<prefix><key>[#<shard>|#total]"
std::string key_text(const OperationStream& s, std::uint64_t key, int shard);
// The item's primary key (sort key, if any, is the constant "0").
storage::Item key_item(const storage::TableSchema& table, const OperationStream& s,
                       std::uint64_t key, int shard);
// A stream attribute's value for a logical key.
storage::AttributeValue attribute_value(const OperationStream::Attribute& a, std::uint64_t key);
// The whole item a stream writes: key, stream attributes, and padding to `item_bytes`.
storage::Item full_item(const storage::TableSchema& table, const OperationStream& s,
                        std::uint64_t key, int shard);

}  // namespace ddbsim::run
