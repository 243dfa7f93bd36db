// HashIndex against std::unordered_map: random inserts and erases, with hashes chosen to
// collide in their low bits (long probe runs that wrap around the array), must leave the
// same entries findable after every step, and visit (for_each) and clear the same.
#include <catch2/catch.hpp>

#include <random>
#include <type_traits>
#include <unordered_map>

#include "storage/hash_index.hpp"

using ddbsim::storage::HashIndex;

namespace {

// Values for the index under test: ints, or (the pointer form, whose empty slots are null
// pointers) the addresses of ints in one array.
const int kTargets[1000] = {};
int value_of(int v) {
    return v;
}
int value_of(const int* p) {
    return static_cast<int>(p - kTargets);
}
template <class Value>
Value make_value(int v) {
    if constexpr (std::is_pointer_v<Value>)
        return &kTargets[v];
    else
        return v;
}

template <class Value>
void check_against_reference() {
    for (std::uint64_t seed = 1; seed <= 20; ++seed) {
        std::mt19937_64 rng(seed);
        HashIndex<Value> index;
        std::unordered_map<std::uint64_t, int> reference;
        // A small key space whose low bits mostly agree, so probe runs collide; the keys with
        // all low 20 bits set have their home in the array's last slot at every size up to
        // 2^20, so their runs wrap around to the front.
        constexpr std::uint64_t kLast = (std::uint64_t{1} << 20) - 1;
        auto draw_key = [&] { return (rng() % 64) << 40 | (rng() % 2 ? rng() % 4 : kLast); };
        for (int step = 0; step < 3000; ++step) {
            const std::uint64_t key = draw_key();
            if (rng() % 3 == 0) {
                index.erase(key);
                reference.erase(key);
            } else {
                const int value = static_cast<int>(rng() % 1000);
                const bool added = index.try_emplace(key, make_value<Value>(value));
                REQUIRE(added == reference.emplace(key, value).second);
            }
            REQUIRE(index.size() == reference.size());
            if (step % 100 == 99) {  // every entry visited once, with its value
                std::unordered_map<std::uint64_t, int> visited;
                index.for_each([&](std::uint64_t k, const Value& v) {
                    REQUIRE(visited.emplace(k, value_of(v)).second);
                });
                REQUIRE(visited == reference);
            }
            if (step % 1000 == 999) {
                index.clear();
                reference.clear();
                REQUIRE(index.size() == 0);
            }
            for (std::uint64_t probe = 0; probe < 64; ++probe) {
                for (std::uint64_t low : {std::uint64_t{0}, std::uint64_t{1}, std::uint64_t{2},
                                          std::uint64_t{3}, kLast}) {
                    const std::uint64_t k = probe << 40 | low;
                    const Value* found = index.find(k);
                    const auto it = reference.find(k);
                    REQUIRE((found != nullptr) == (it != reference.end()));
                    if (found) REQUIRE(value_of(*found) == it->second);
                }
            }
        }
    }
}

}  // namespace

TEST_CASE("HashIndex matches a reference map through random inserts and erases",
          "[storage][property]") {
    check_against_reference<int>();
}

TEST_CASE("a HashIndex of pointers (null marks an empty slot) matches a reference map",
          "[storage][property]") {
    check_against_reference<const int*>();
}

TEST_CASE("an empty HashIndex finds nothing and erases nothing", "[storage]") {
    HashIndex<int> index;
    CHECK(index.find(42) == nullptr);
    index.erase(42);
    CHECK(index.size() == 0);
    CHECK(index.try_emplace(0, 7));
    CHECK(*index.find(0) == 7);
    CHECK_FALSE(index.try_emplace(0, 8));
    CHECK(*index.find(0) == 7);
}
