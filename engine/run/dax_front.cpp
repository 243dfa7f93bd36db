#include "run/dax_front.hpp"

#include "run/item_factory.hpp"

namespace ddbsim::run {

DaxFront::DaxFront(const model::DaxConfig& config)
    : items_(config.item_ttl, config.item_capacity),
      queries_(config.query_ttl, config.query_capacity),
      hit_latency_(config.hit_latency) {}

std::string DaxFront::read_key(const OperationStream& s, Op op, std::uint64_t key, int shard,
                               std::int64_t sort) {
    return (op == Op::kQuery ? "q/" + s.index_name + "/" : "i/") + key_text(s, key, shard) + "/" +
           sort_key_text(s, sort);
}

bool DaxFront::lookup(Op op, const std::string& entry, sim::TimeUs now) {
    return cache_for(op).lookup(entry, now);
}

void DaxFront::fill(Op op, const std::string& entry, sim::TimeUs now) {
    cache_for(op).insert(entry, now);
}

void DaxFront::wrote(const OperationStream& s, Op op, std::uint64_t key, int shard,
                     std::int64_t sort, sim::TimeUs now) {
    const std::string entry = read_key(s, Op::kGetItem, key, shard, sort);  // the item's entry
    if (op == Op::kDeleteItem)
        items_.erase(entry);
    else
        items_.insert(entry, now);
}

}  // namespace ddbsim::run
