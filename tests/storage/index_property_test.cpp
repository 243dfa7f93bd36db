// Property test: random write sequences keep every index equal to a recomputation from the
// base table (images, sparse membership and byte counts).
#include <catch2/catch.hpp>

#include <random>

#include "storage/item_size.hpp"
#include "storage/table.hpp"
#include "support/helpers.hpp"

using namespace ddbsim::storage;
using ddbsim::test::N;
using ddbsim::test::S;

namespace {

const char* kTable = R"({"TableName": "things",
  "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}, {"AttributeName": "sk", "AttributeType": "N"},
    {"AttributeName": "g", "AttributeType": "S"}, {"AttributeName": "h", "AttributeType": "N"}, {"AttributeName": "l", "AttributeType": "S"}],
  "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
  "GlobalSecondaryIndexes": [
    {"IndexName": "all", "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}], "Projection": {"ProjectionType": "ALL"}},
    {"IndexName": "keys", "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}, {"AttributeName": "h", "KeyType": "RANGE"}],
     "Projection": {"ProjectionType": "KEYS_ONLY"}},
    {"IndexName": "incl", "KeySchema": [{"AttributeName": "h", "KeyType": "HASH"}],
     "Projection": {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["x"]}}],
  "LocalSecondaryIndexes": [
    {"IndexName": "local", "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "l", "KeyType": "RANGE"}],
     "Projection": {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["y"]}}],
  "BillingMode": "PAY_PER_REQUEST"})";

Item random_item(std::mt19937_64& rng) {
    Item i{{"pk", S(std::string(1, static_cast<char>('a' + rng() % 3)))},
           {"sk", N(std::to_string(rng() % 4))}};
    if (rng() % 3) i.emplace("g", S(rng() % 2 ? "red" : "blue"));
    if (rng() % 3) i.emplace("h", N(std::to_string(rng() % 3)));
    if (rng() % 2) i.emplace("l", S(std::string(1 + rng() % 3, 'l')));
    if (rng() % 2) i.emplace("x", S(std::string(rng() % 50, 'x')));
    if (rng() % 2) i.emplace("y", N(std::to_string(rng() % 1000)));
    if (rng() % 2) i.emplace("z", S("unprojected"));
    return i;
}

// What `index` must hold: the image of every table item that has the index keys.
void check_index(const Table& table, const SecondaryIndex& index) {
    std::vector<Item> expected;
    table.for_each_item([&](const Item& item) {
        if (auto img = index.image(item)) expected.push_back(*img);
    });
    std::vector<Item> actual;
    std::uint64_t bytes = 0;
    for (const auto& [slot, collection] : index.collections()) {
        std::uint64_t collection_bytes = 0;
        for (const auto& [key, img] : collection.entries) {
            actual.push_back(img);
            collection_bytes += item_size(img);
        }
        REQUIRE(collection.bytes == collection_bytes);
        bytes += collection_bytes;
    }
    REQUIRE(index.total_bytes() == bytes);
    REQUIRE(index.item_count() == expected.size());
    auto by_key = [](const Item& a, const Item& b) {
        if (!(a.at("pk") == b.at("pk"))) return KeyValueLess{}(a.at("pk"), b.at("pk"));
        return KeyValueLess{}(a.at("sk"), b.at("sk"));
    };
    std::sort(expected.begin(), expected.end(), by_key);
    std::sort(actual.begin(), actual.end(), by_key);
    REQUIRE(actual == expected);
}

}  // namespace

TEST_CASE("random writes keep every index equal to a recomputation from the table",
          "[storage][index][property]") {
    const auto schema = ddbsim::test::schema(kTable);
    Item values{{":one", N("1")}, {":g", S("red")}};
    ExpressionContext ctx(nullptr, &values);
    const std::vector<UpdateExpression> updates = {
        parse_update("SET g = :g", ctx).value(), parse_update("REMOVE g, x", ctx).value(),
        parse_update("ADD h :one", ctx).value(), parse_update("SET y = :one REMOVE l", ctx).value(),
        parse_update("SET z = :g", ctx).value()};
    for (std::uint64_t seed = 1; seed <= 300; ++seed) {
        std::mt19937_64 rng(seed);
        Table table(schema);
        for (int step = 0; step < 40; ++step) {
            INFO("seed " << seed << " step " << step);
            Item item = random_item(rng);
            Item key{{"pk", item.at("pk")}, {"sk", item.at("sk")}};
            switch (rng() % 4) {
                case 0:
                    REQUIRE(table.put_item({item, {}, {}}).result.ok());
                    break;
                case 1:
                    REQUIRE(table.delete_item({key, {}, {}}).result.ok());
                    break;
                case 2:
                    REQUIRE(table.update_item({key, updates[rng() % updates.size()], {}, {}})
                                .result.ok());
                    break;
                case 3: {
                    TransactWriteRequest tx;
                    tx.actions.push_back({TransactWriteAction::Kind::kPut, item, {}, {}});
                    Item other = random_item(rng);
                    Item other_key{{"pk", other.at("pk")}, {"sk", other.at("sk")}};
                    if (!(other_key == key))
                        tx.actions.push_back(
                            {TransactWriteAction::Kind::kDelete, other_key, {}, {}});
                    REQUIRE(table.transact_write_items(tx).result.ok());
                    break;
                }
            }
            for (const auto& index : table.indexes())
                check_index(table, index);
        }
    }
}
