// AttributeMap (attribute_map.hpp): the sorted-vector map holding an item's attributes must
// behave as the std::map it replaced — same order, same lookups, emplace keeps the first
// value — whatever order names arrive in.
#include <catch2/catch.hpp>

#include <map>
#include <random>
#include <stdexcept>

#include "storage/attribute_value.hpp"
#include "support/helpers.hpp"

using namespace ddbsim::storage;
using ddbsim::test::N;
using ddbsim::test::S;

TEST_CASE("an AttributeMap keeps names in byte order and unique", "[storage][attribute_map]") {
    AttributeMap m{{"b", S("2")}, {"a", S("1")}, {"B", S("upper")}, {"a", S("duplicate")}};
    REQUIRE(m.size() == 3);
    std::vector<std::string> names;
    for (const auto& [name, value] : m)
        names.push_back(name);
    CHECK(names == std::vector<std::string>{"B", "a", "b"});
    CHECK(m.at("a") == S("1"));  // the first of two duplicates, as std::map keeps it

    CHECK_FALSE(m.emplace("a", S("again")).second);
    CHECK(m.insert_or_assign("a", S("replaced")).second == false);
    CHECK(m.at("a") == S("replaced"));
    CHECK(m.try_emplace("c", S("3")).second);
    m["d"] = N("4");
    CHECK(m.size() == 5);
    CHECK(m.contains("d"));
    CHECK(m.count("zz") == 0);
    CHECK(m.find("zz") == m.end());
    CHECK_THROWS_AS(m.at("zz"), std::out_of_range);
    CHECK(m.erase("b") == 1);
    CHECK(m.erase("b") == 0);
    CHECK(m.erase(m.find("B"))->first == "a");
    CHECK(m == AttributeMap{{"a", S("replaced")}, {"c", S("3")}, {"d", N("4")}});
    CHECK_FALSE(m == AttributeMap{{"a", S("replaced")}, {"c", S("3")}});
}

TEST_CASE("an AttributeMap matches std::map under random edits", "[storage][attribute_map]") {
    for (std::uint64_t seed = 1; seed <= 200; ++seed) {
        std::mt19937_64 rng(seed);
        AttributeMap m;
        std::map<std::string, AttributeValue, std::less<>> ref;
        for (int step = 0; step < 200; ++step) {
            const std::string name(1 + rng() % 2, static_cast<char>('a' + rng() % 8));
            const AttributeValue value = N(std::to_string(rng() % 100));
            switch (rng() % 4) {
                case 0:
                    CHECK(m.emplace(name, value).second == ref.emplace(name, value).second);
                    break;
                case 1:
                    m.insert_or_assign(name, value);
                    ref.insert_or_assign(name, value);
                    break;
                case 2:
                    CHECK(m.erase(name) == ref.erase(name));
                    break;
                case 3: {
                    const auto it = ref.find(name);
                    REQUIRE((m.find(name) == m.end()) == (it == ref.end()));
                    if (it != ref.end()) CHECK(m.find(name)->second == it->second);
                    break;
                }
            }
            REQUIRE(m.size() == ref.size());
        }
        auto r = ref.begin();
        for (const auto& [name, value] : m) {
            CHECK(name == r->first);
            CHECK(value == r->second);
            ++r;
        }
    }
}
