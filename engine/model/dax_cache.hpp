// DaxCache: a DAX cluster's item cache or query cache in front of a table (docs/dynamodb-model.md
// "DAX"; course #23): entries live for a TTL (default 5 minutes — not a published
// number, so a parameter) and the least recently used entry is evicted when the cache is
// full. Hits cost no read capacity; misses read from DynamoDB (eventually consistent) and
// fill the cache; writes through DAX update the item cache (write-through) but not the
// query cache, as DAX documents; strongly consistent reads bypass DAX.
#pragma once

#include <cstdint>
#include <list>
#include <string>
#include <unordered_map>

#include "sim/time.hpp"

namespace ddbsim::model {

struct DaxConfig {
    sim::TimeUs item_ttl = 5 * sim::kMinute;
    sim::TimeUs query_ttl = 5 * sim::kMinute;
    std::size_t item_capacity = 100'000;  // entries (a stand-in for node memory)
    std::size_t query_capacity = 10'000;
    sim::TimeUs hit_latency = 400;  // microseconds: "up to 10x" faster than ~4 ms
};

class DaxCache {
  public:
    DaxCache(sim::TimeUs ttl, std::size_t capacity) : ttl_(ttl), capacity_(capacity) {}

    // Whether `key` is cached and fresh at `now` (a hit refreshes its recency, not its TTL).
    bool lookup(const std::string& key, sim::TimeUs now);
    // Caches `key` from `now` for the TTL, evicting the least recently used entry if full.
    void insert(const std::string& key, sim::TimeUs now);
    void erase(const std::string& key);
    std::size_t size() const { return map_.size(); }

  private:
    struct Entry {
        std::string key;
        sim::TimeUs expires;
    };
    sim::TimeUs ttl_;
    std::size_t capacity_;
    std::list<Entry> lru_;  // front = most recently used
    std::unordered_map<std::string, std::list<Entry>::iterator> map_;
};

}  // namespace ddbsim::model
