// HashIndex: a flat open-addressing map from 64-bit hashes to values, for the table's point
// lookups (Table::find_collection), the request level's per-item replica lag and its hot
// partitions' per-key counts (run/heat_splits.hpp). One probe of a
// contiguous array usually lands on the entry, where a node-based std::unordered_map walks a bucket
// list through separately allocated nodes — a cache miss per hop, a third of GetItem's time when
// profiled.
//
// The keys are already well-mixed hashes (partition_key_hash ends in a splitmix64
// finaliser), so their low bits pick the slot. Linear probing; the array doubles past 50 %
// load; erase shifts later entries back (no tombstones). When the values are pointers, a null
// pointer marks an empty slot (such an index never holds null), which keeps a slot at 16
// bytes: the table's point index then fits twice the items in a cache of the same size.
// Thread safety: none (a Table's).
#pragma once

#include <algorithm>
#include <cstdint>
#include <type_traits>
#include <utility>
#include <vector>

namespace ddbsim::storage {

template <class Value>
class HashIndex {
  public:
    // The value under `hash`, or nullptr.
    const Value* find(std::uint64_t hash) const {
        if (size_ == 0) return nullptr;
        for (std::size_t i = hash & mask_;; i = (i + 1) & mask_) {
            const Entry& e = slots_[i];
            if (!e.used()) return nullptr;
            if (e.hash == hash) return &e.value;
        }
    }
    Value* find(std::uint64_t hash) { return const_cast<Value*>(std::as_const(*this).find(hash)); }
    // Adds `value` under `hash` unless the hash is present; returns whether it added. A pointer
    // value must not be null.
    bool try_emplace(std::uint64_t hash, Value value) {
        if (2 * (size_ + 1) > slots_.size()) grow();
        std::size_t i = hash & mask_;
        for (; slots_[i].used(); i = (i + 1) & mask_) {
            if (slots_[i].hash == hash) return false;
        }
        slots_[i].hash = hash;
        slots_[i].set(std::move(value));
        ++size_;
        return true;
    }
    // Removes the entry under `hash`, if any.
    void erase(std::uint64_t hash) {
        if (size_ == 0) return;
        std::size_t hole = hash & mask_;
        while (slots_[hole].used() && slots_[hole].hash != hash)
            hole = (hole + 1) & mask_;
        if (!slots_[hole].used()) return;
        // Backward shift: move up each later entry of the run whose home slot is not between
        // the hole and it (cyclically), so every entry stays reachable from its home.
        for (std::size_t j = (hole + 1) & mask_; slots_[j].used(); j = (j + 1) & mask_) {
            const std::size_t home = slots_[j].hash & mask_;
            const bool stays = hole <= j ? (hole < home && home <= j) : (hole < home || home <= j);
            if (stays) continue;
            slots_[hole] = std::move(slots_[j]);
            hole = j;
        }
        slots_[hole] = Entry{};
        --size_;
    }
    std::size_t size() const { return size_; }
    // Removes every entry; keeps the array (an empty index clears in constant time).
    void clear() {
        if (size_ == 0) return;
        std::fill(slots_.begin(), slots_.end(), Entry{});
        size_ = 0;
    }
    // Calls f(hash, value) for each entry, in the array's order (no order callers may rely on).
    template <class F>
    void for_each(F&& f) const {
        for (const Entry& e : slots_) {
            if (e.used()) f(e.hash, e.value);
        }
    }

  private:
    struct FlaggedEntry {  // any value, and a flag
        std::uint64_t hash = 0;
        Value value{};
        bool in_use = false;
        bool used() const { return in_use; }
        void set(Value v) {
            value = std::move(v);
            in_use = true;
        }
    };
    struct PointerEntry {  // a pointer value, null when the slot is empty
        std::uint64_t hash = 0;
        Value value = nullptr;
        bool used() const { return value != nullptr; }
        void set(Value v) { value = v; }
    };
    using Entry = std::conditional_t<std::is_pointer_v<Value>, PointerEntry, FlaggedEntry>;
    void grow() {
        std::vector<Entry> old = std::move(slots_);
        slots_.assign(old.empty() ? 16 : 2 * old.size(), Entry{});
        mask_ = slots_.size() - 1;
        size_ = 0;
        for (Entry& e : old) {
            if (e.used()) try_emplace(e.hash, std::move(e.value));
        }
    }

    std::vector<Entry> slots_;
    std::size_t mask_ = 0;
    std::size_t size_ = 0;
};

}  // namespace ddbsim::storage
