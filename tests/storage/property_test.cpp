// Property test: thousands of random operation sequences against a plain reference map.
// After every step the table must show the same items, the same item count and byte total,
// and every operation must bill what the reference predicts from the items' sizes.
#include <catch2/catch.hpp>

#include <map>
#include <random>

#include "storage/item_size.hpp"
#include "storage/table.hpp"
#include "support/helpers.hpp"

using namespace ddbsim::storage;
using ddbsim::test::N;
using ddbsim::test::S;

namespace {

using RefKey = std::pair<std::string, int>;

Item make_item(const RefKey& k, std::mt19937_64& rng) {
    Item i{{"pk", S(k.first)}, {"sk", N(std::to_string(k.second))}};
    const int extra = static_cast<int>(rng() % 4);
    for (int a = 0; a < extra; ++a) {
        const std::size_t len = rng() % 3000;
        i.emplace("a" + std::to_string(a),
                  S(std::string(len, static_cast<char>('a' + rng() % 26))));
    }
    if (rng() % 2) i.emplace("n", N(std::to_string(static_cast<int>(rng() % 100000) - 50000)));
    return i;
}

Item key_of(const RefKey& k) {
    return Item{{"pk", S(k.first)}, {"sk", N(std::to_string(k.second))}};
}

}  // namespace

TEST_CASE("random operation sequences match a reference map", "[storage][property]") {
    const auto schema = ddbsim::test::schema(ddbsim::test::kCompositeTable);
    Item values{{":v", N("7")}};
    ExpressionContext ctx(nullptr, &values);
    const UpdateExpression set_v = parse_update("SET v = :v", ctx).value();
    const UpdateExpression remove_a0 = parse_update("REMOVE a0", ctx).value();
    const Condition exists =
        parse_condition("attribute_exists(pk)", ExpressionKind::kCondition, ctx).value();

    for (std::uint64_t seed = 1; seed <= 2000; ++seed) {
        std::mt19937_64 rng(seed);
        // Two seeds in three keep only 1 or 3 bits of the point index's hash, so that most keys
        // share a hash with others and are found through the trees (table.hpp).
        const int hash_bits = seed % 3 == 0 ? 64 : (seed % 3 == 1 ? 1 : 3);
        Table table(schema, Table::kItemCollectionLimitBytes, hash_bits);
        std::map<RefKey, Item> ref;
        for (int step = 0; step < 60; ++step) {
            const RefKey k{std::string(1, static_cast<char>('a' + rng() % 3)),
                           static_cast<int>(rng() % 5)};
            auto it = ref.find(k);
            const std::size_t old_size = it == ref.end() ? 0 : item_size(it->second);
            const bool conditional = rng() % 4 == 0;
            const bool condition_holds = it != ref.end();
            INFO("seed " << seed << " step " << step << " hash bits " << hash_bits);
            switch (rng() % 5) {
                case 0: {  // PutItem
                    Item i = make_item(k, rng);
                    auto r =
                        table.put_item({i, conditional ? std::optional(exists) : std::nullopt, {}});
                    if (conditional && !condition_holds) {
                        REQUIRE_FALSE(r.result.ok());
                        CHECK(r.consumed.table_write ==
                              write_units(old_size, WriteMode::kStandard));
                    } else {
                        REQUIRE(r.result.ok());
                        CHECK(r.consumed.table_write ==
                              write_units(std::max(old_size, item_size(i)), WriteMode::kStandard));
                        ref[k] = i;
                    }
                    break;
                }
                case 1: {  // DeleteItem
                    auto r = table.delete_item(
                        {key_of(k), conditional ? std::optional(exists) : std::nullopt, {}});
                    CHECK(r.consumed.table_write == write_units(old_size, WriteMode::kStandard));
                    if (!conditional || condition_holds) {
                        REQUIRE(r.result.ok());
                        ref.erase(k);
                    }
                    break;
                }
                case 2:
                case 3: {  // UpdateItem
                    const UpdateExpression& u = rng() % 2 ? set_v : remove_a0;
                    auto r = table.update_item(
                        {key_of(k), u, conditional ? std::optional(exists) : std::nullopt, {}});
                    if (conditional && !condition_holds) {
                        REQUIRE_FALSE(r.result.ok());
                        break;
                    }
                    REQUIRE(r.result.ok());
                    Item next = it == ref.end() ? key_of(k) : it->second;
                    if (&u == &set_v)
                        next.insert_or_assign("v", N("7"));
                    else
                        next.erase("a0");
                    CHECK(r.consumed.table_write ==
                          write_units(std::max(old_size, item_size(next)), WriteMode::kStandard));
                    ref[k] = next;
                    break;
                }
                case 4: {  // GetItem
                    auto r = table.get_item({key_of(k), ReadConsistency::kStrong, {}});
                    REQUIRE(r.result.ok());
                    CHECK(r.result->item.has_value() == (it != ref.end()));
                    if (it != ref.end()) CHECK(*r.result->item == it->second);
                    CHECK(r.consumed.table_read == read_units(old_size, ReadConsistency::kStrong));
                    break;
                }
            }
            // Visible state equals the reference after every step.
            REQUIRE(table.item_count() == ref.size());
            std::uint64_t bytes = 0;
            for (const auto& [key, i] : ref)
                bytes += item_size(i);
            REQUIRE(table.total_item_bytes() == bytes);
        }
        std::size_t visited = 0;
        table.for_each_item([&](const Item& i) {
            const RefKey k{i.at("pk").as_string(), std::stoi(i.at("sk").as_number().to_string())};
            REQUIRE(ref.count(k) == 1);
            CHECK(ref.at(k) == i);
            ++visited;
        });
        CHECK(visited == ref.size());
        // Every collection reads back in sort-key order through Query.
        for (const char* pk : {"a", "b", "c"}) {
            QueryRequest q;
            q.partition_key = S(pk);
            auto r = table.query(q);
            std::vector<Item> expected;
            for (const auto& [key, i] : ref) {
                if (key.first == pk) expected.push_back(i);
            }
            CHECK(r.result->items == expected);
        }
    }
}
