// DaxFront: a DAX cluster in front of the table at the request level — the item cache and the
// query cache (model/dax_cache.hpp; docs/dynamodb-model.md "DAX"; course #23) and which
// attempts go through them. Eventually consistent GetItem and Query read through DAX (a hit
// never reaches the table); strongly consistent reads bypass it; writes go through the item
// cache (write-through: the item is cached), a delete evicts it, and the query cache is left
// to its TTL, as DAX documents. Not thread-safe: one per simulator.
#pragma once

#include <cstdint>
#include <string>

#include "model/dax_cache.hpp"
#include "run/run_result.hpp"
#include "storage/requests.hpp"

namespace ddbsim::run {

class DaxFront {
  public:
    using Op = OperationStream::Op;

    explicit DaxFront(const model::DaxConfig& config);

    // Whether an attempt of `op` reads through DAX.
    static bool reads_through(Op op, storage::ReadConsistency consistency) {
        return consistency == storage::ReadConsistency::kEventual &&
               (op == Op::kGetItem || op == Op::kQuery);
    }

    // The cache entry a read of the stream's item (GetItem) or collection (Query) uses.
    static std::string read_key(const OperationStream& s, Op op, std::uint64_t key, int shard,
                                std::int64_t sort);
    // Whether `entry` is cached and fresh at `now`.
    bool lookup(Op op, const std::string& entry, sim::TimeUs now);
    // A read that missed filled its cache.
    void fill(Op op, const std::string& entry, sim::TimeUs now);
    // A write of `op` that succeeded went through the item cache.
    void wrote(const OperationStream& s, Op op, std::uint64_t key, int shard, std::int64_t sort,
               sim::TimeUs now);

    sim::TimeUs hit_latency() const { return hit_latency_; }

  private:
    model::DaxCache& cache_for(Op op) { return op == Op::kQuery ? queries_ : items_; }

    model::DaxCache items_, queries_;
    sim::TimeUs hit_latency_;
};

}  // namespace ddbsim::run
