// The request level's remembered key hashes (run/key_hash_cache.hpp) are the hashes computed
// anew, whatever the key space, shard count and order of requests: slots taken over by other
// keys, shards and the aggregation job's total item included.
#include <catch2/catch.hpp>

#include <random>
#include <string>

#include "run/item_factory.hpp"
#include "run/key_hash_cache.hpp"
#include "support/helpers.hpp"

using namespace ddbsim;

TEST_CASE("a remembered key hash is the hash computed anew", "[run][keys]") {
    std::mt19937_64 rng(1919);
    for (const char* type : {"S", "B", "N"}) {
        const storage::TableSchema table = test::schema(std::string(R"({"TableName": "keys",
            "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": ")") +
                                                        type + R"("}],
            "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
            "BillingMode": "PAY_PER_REQUEST"})");
        // Key spaces smaller than the table, equal to it and far larger (slots shared).
        for (const std::uint64_t keys :
             {std::uint64_t{1}, std::uint64_t{1000}, std::uint64_t{run::KeyHashCache::kMaxSlots},
              std::uint64_t{50'000'000}}) {
            for (const int shards : {0, 3}) {
                run::OperationStream s;
                s.key_prefix = shards ? "user-" : "key#";
                s.keys = workload::KeyDistribution::uniform(keys);
                s.write_shards = shards;
                run::KeyHashCache cache(table, s);
                for (int i = 0; i < 4000; ++i) {
                    // Half the requests repeat a few hot keys, the rest spread over the space.
                    const std::uint64_t key =
                        i % 2 ? rng() % std::min<std::uint64_t>(keys, 7) : rng() % keys;
                    const int r = static_cast<int>(rng() % 8);
                    const int shard = r == 0   ? run::kTotalShard
                                      : shards ? r % shards
                                               : run::kNoShard;
                    INFO(type << " keys " << keys << " key " << key << " shard " << shard);
                    REQUIRE(cache.hash(key, shard) ==
                            run::partition_key_hash(table, s, key, shard));
                }
            }
        }
    }
}
