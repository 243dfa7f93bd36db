// AttributeMap: named attribute values in name order — an item's attributes, a Key parameter,
// the members of an M value.
//
// A sorted vector of (name, value) pairs with the part of std::map's interface the code uses.
// An item is read far more often than it is reshaped, and a GetItem copies the whole of it:
// one contiguous array is one allocation to copy and one cache line to start reading, where a
// tree costs a node allocation and a pointer hop per attribute (profiled: the tree's hops and
// node allocations were a third of GetItem's and PutItem's time; docs/benchmarks.md).
//
// Order: by name, bytewise (std::string's operator<), the order std::map<std::string, …> kept,
// so every output is byte-identical to it. Names are unique; emplace keeps the first value as
// std::map::emplace does.
//
// Differences from std::map a caller must respect: an insertion or erasure invalidates
// iterators, pointers and references into the map (keep names, not pointers, across a
// change); a name must not be changed through an iterator. Inserting names in ascending order
// (the order a parsed JSON object yields them) appends in constant time; any other name costs
// a shift of the entries after it, so building an n-attribute map out of order is O(n²) —
// fine for items (DynamoDB's 400 KB limit), and every bulk source here is already sorted.
// Thread safety: that of std::vector.
#pragma once

#include <algorithm>
#include <initializer_list>
#include <stdexcept>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

namespace ddbsim::storage {

// `Value` is a template parameter only so that AttributeValue, which holds this map for its M
// type, can name it while still incomplete; the one instantiation is AttributeMap below.
template <class Value>
class SortedAttributes {
  public:
    using key_type = std::string;
    using mapped_type = Value;
    using value_type = std::pair<std::string, Value>;
    using iterator = typename std::vector<value_type>::iterator;
    using const_iterator = typename std::vector<value_type>::const_iterator;
    using size_type = std::size_t;

    SortedAttributes() = default;
    SortedAttributes(std::initializer_list<value_type> entries) {
        entries_.reserve(entries.size());
        for (const auto& e : entries)
            emplace(e.first, e.second);
    }

    iterator begin() { return entries_.begin(); }
    iterator end() { return entries_.end(); }
    const_iterator begin() const { return entries_.begin(); }
    const_iterator end() const { return entries_.end(); }
    const_iterator cbegin() const { return entries_.cbegin(); }
    const_iterator cend() const { return entries_.cend(); }

    size_type size() const { return entries_.size(); }
    bool empty() const { return entries_.empty(); }
    void clear() { entries_.clear(); }
    void reserve(size_type n) { entries_.reserve(n); }

    // A small map (a key, an item of a few attributes) is scanned for an equal name, which
    // compares lengths first; a larger one is searched by order.
    iterator find(std::string_view name) {
        if (entries_.size() <= kScanned) {
            // A plain loop: std::find_if's four-way unrolling (with a jump on the remainder)
            // costs more than it saves on one to eight entries.
            for (auto it = begin(), last = end(); it != last; ++it) {
                if (std::string_view(it->first) == name) return it;
            }
            return end();
        }
        auto it = lower(name);
        return it != end() && it->first == name ? it : end();
    }
    const_iterator find(std::string_view name) const {
        return const_cast<SortedAttributes&>(*this).find(name);
    }
    bool contains(std::string_view name) const { return find(name) != end(); }
    size_type count(std::string_view name) const { return contains(name) ? 1 : 0; }

    // Throws std::out_of_range when absent, as std::map::at does.
    Value& at(std::string_view name) {
        auto it = find(name);
        if (it == end()) throw std::out_of_range("AttributeMap::at: no such attribute");
        return it->second;
    }
    const Value& at(std::string_view name) const {
        return const_cast<SortedAttributes&>(*this).at(name);
    }
    Value& operator[](std::string_view name) { return try_emplace(name).first->second; }

    // Adds (name, Value(args...)) unless `name` is present; returns its position and whether
    // it was added.
    template <class... Args>
    std::pair<iterator, bool> try_emplace(std::string_view name, Args&&... args) {
        auto it = lower(name);
        if (it != end() && it->first == name) return {it, false};
        it = entries_.emplace(it, std::piecewise_construct, std::forward_as_tuple(name),
                              std::forward_as_tuple(std::forward<Args>(args)...));
        return {it, true};
    }
    template <class... Args>
    std::pair<iterator, bool> emplace(std::string_view name, Args&&... args) {
        return try_emplace(name, std::forward<Args>(args)...);
    }
    // Sets `name` to `value`, adding it if absent.
    template <class V>
    std::pair<iterator, bool> insert_or_assign(std::string_view name, V&& value) {
        auto [it, added] = try_emplace(name, std::forward<V>(value));
        if (!added) it->second = std::forward<V>(value);
        return {it, added};
    }

    size_type erase(std::string_view name) {
        auto it = find(name);
        if (it == end()) return 0;
        entries_.erase(it);
        return 1;
    }
    iterator erase(const_iterator position) { return entries_.erase(position); }

    friend bool operator==(const SortedAttributes& a, const SortedAttributes& b) {
        return a.entries_ == b.entries_;
    }

  private:
    static constexpr size_type kScanned = 8;

    // The first entry whose name is not less than `name`; checks the last entry first, so
    // that names added in ascending order append without a search.
    iterator lower(std::string_view name) {
        if (entries_.empty() || std::string_view(entries_.back().first) < name) return end();
        return std::lower_bound(begin(), end(), name, [](const value_type& e, std::string_view n) {
            return std::string_view(e.first) < n;
        });
    }

    std::vector<value_type> entries_;
};

}  // namespace ddbsim::storage
