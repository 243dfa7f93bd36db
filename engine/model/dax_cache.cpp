#include "model/dax_cache.hpp"

namespace ddbsim::model {

bool DaxCache::lookup(const std::string& key, sim::TimeUs now) {
    auto it = map_.find(key);
    if (it == map_.end()) return false;
    if (it->second->expires <= now) {
        lru_.erase(it->second);
        map_.erase(it);
        return false;
    }
    lru_.splice(lru_.begin(), lru_, it->second);
    return true;
}

void DaxCache::insert(const std::string& key, sim::TimeUs now) {
    if (capacity_ == 0) return;
    if (auto it = map_.find(key); it != map_.end()) {
        it->second->expires = now + ttl_;
        lru_.splice(lru_.begin(), lru_, it->second);
        return;
    }
    if (map_.size() >= capacity_) {
        map_.erase(lru_.back().key);
        lru_.pop_back();
    }
    lru_.push_front(Entry{key, now + ttl_});
    map_.emplace(key, lru_.begin());
}

void DaxCache::erase(const std::string& key) {
    if (auto it = map_.find(key); it != map_.end()) {
        lru_.erase(it->second);
        map_.erase(it);
    }
}

}  // namespace ddbsim::model
