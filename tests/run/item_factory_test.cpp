// The keys the workload streams address (run/item_factory.hpp): a key's hash taken from its
// text's pieces is the storage core's hash of the key value the streams write, for every key
// type, prefix, suffix and shard form.
#include <catch2/catch.hpp>

#include <random>
#include <string>

#include "run/item_factory.hpp"
#include "storage/primary_key.hpp"
#include "support/helpers.hpp"

using namespace ddbsim;

namespace {

storage::TableSchema table_keyed_by(const char* type) {
    return test::schema(std::string(R"({"TableName": "keys",
        "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": ")") +
                        type + R"("}],
        "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
        "BillingMode": "PAY_PER_REQUEST"})");
}

}  // namespace

TEST_CASE("a key's hash from its text's pieces is the storage core's hash of its value",
          "[run][keys]") {
    std::mt19937_64 rng(19);
    for (const char* type : {"S", "B", "N"}) {
        const storage::TableSchema table = table_keyed_by(type);
        for (const auto& [prefix, suffix] : {std::pair<std::string, std::string>{"key#", ""},
                                             {"", ""},
                                             {"album#", "#v1"},
                                             {"user-", "-0042"}}) {
            run::OperationStream s;
            s.key_prefix = prefix;
            s.key_suffix = suffix;
            for (int i = 0; i < 500; ++i) {
                const std::uint64_t key = i < 3 ? std::uint64_t{0} - i : rng() >> (rng() % 64);
                for (const int shard : {run::kNoShard, run::kTotalShard, 0, 7, 1234}) {
                    INFO(type << " " << prefix << key << suffix << " shard " << shard);
                    REQUIRE(run::partition_key_hash(table, s, key, shard) ==
                            storage::partition_key_hash(
                                run::partition_key_value(table, s, key, shard)));
                }
            }
        }
    }
}

TEST_CASE("keys and items written over a reused item equal the ones built anew", "[run][keys]") {
    // assign_key_item and assign_full_item rewrite an item in place when it has the shape
    // they build (the request level's reused requests): the result must be the item
    // key_item and full_item build, whatever the item held before — another key, another
    // stream's item, another type, or nothing.
    const storage::TableSchema with_sort = test::schema(R"({"TableName": "items",
        "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"},
                                 {"AttributeName": "sk", "AttributeType": "S"}],
        "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"},
                      {"AttributeName": "sk", "KeyType": "RANGE"}],
        "BillingMode": "PAY_PER_REQUEST"})");
    std::vector<storage::TableSchema> tables{table_keyed_by("S"), table_keyed_by("B"),
                                             table_keyed_by("N"), with_sort};
    std::vector<run::OperationStream> streams(4);
    streams[1].key_prefix = "album#";
    streams[1].key_suffix = "#v1";
    streams[1].item_size =
        workload::SizeDistribution{workload::SizeDistribution::Kind::kUniform, 100, 3000, {}};
    streams[2].attributes = {{"status", 3, false}, {"rank", 100, true}};
    streams[3].attributes = {{"pk", 3, false}};  // a name the key has: full_item keeps one
    streams[3].sort_keys = run::OperationStream::SortKeys{};
    streams[3].sort_keys->prefix = "order#";
    std::mt19937_64 rng(7);
    for (const auto& table : tables) {
        storage::Item key, item;
        for (int i = 0; i < 2000; ++i) {
            const auto& s = streams[rng() % streams.size()];
            const std::uint64_t k = rng() % 100000;
            const int shard = static_cast<int>(rng() % 4) - 2;  // total, none, 0, 1
            const auto sort = static_cast<std::int64_t>(rng() % 3) - 1;
            INFO("key " << k << " shard " << shard << " sort " << sort);
            run::assign_key_item(key, table, s, k, shard, sort);
            REQUIRE(key == run::key_item(table, s, k, shard, sort));
            run::assign_full_item(item, table, s, k, shard, sort);
            REQUIRE(item == run::full_item(table, s, k, shard, sort));
            if (i % 97 == 0) item = run::key_item(table, s, k, shard, sort);  // another shape
        }
    }
}
