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
