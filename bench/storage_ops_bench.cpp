// Storage-core operations beyond single-item access, each beside a baseline in the same
// program: Query of a 100-item collection (baseline: a std::map range copy), PutItem that
// maintains a GSI (baselines: the same PutItem without the index, and two std::map
// inserts), and expression parse + evaluate (baseline: the same predicate hand-written).
#include <benchmark/benchmark.h>

#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "storage/expression.hpp"
#include "storage/expression_eval.hpp"
#include "storage/table.hpp"

using namespace ddbsim::storage;

namespace {

constexpr int kCollections = 1000;
constexpr int kItemsPerCollection = 100;

TableSchema composite_schema(bool with_gsi) {
    nlohmann::json j =
        nlohmann::json::parse(R"({"TableName": "bench", "BillingMode": "PAY_PER_REQUEST",
        "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}, {"AttributeName": "sk", "AttributeType": "N"}],
        "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}]})");
    if (with_gsi) {
        j["AttributeDefinitions"].push_back({{"AttributeName", "g"}, {"AttributeType", "S"}});
        j["GlobalSecondaryIndexes"] = nlohmann::json::parse(R"([{"IndexName": "by_g",
            "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}], "Projection": {"ProjectionType": "ALL"}}])");
    }
    return TableSchema::from_create_table_json(j).value();
}

Item item(int collection, int sort, int group) {
    Item i;
    i.emplace("pk", AttributeValue::string("album#" + std::to_string(collection)));
    i.emplace("sk", AttributeValue::number(Decimal::from_int(sort)));
    i.emplace("g", AttributeValue::string("genre#" + std::to_string(group)));
    i.emplace("title", AttributeValue::string(std::string(80, 't')));
    return i;
}

void BM_Query100ItemCollection(benchmark::State& state) {
    Table table(composite_schema(false));
    for (int c = 0; c < kCollections; ++c) {
        for (int s = 0; s < kItemsPerCollection; ++s)
            (void)table.put_item({item(c, s, s % 10), {}, {}});
    }
    int c = 0;
    for (auto _ : state) {
        QueryRequest q;
        q.partition_key = AttributeValue::string("album#" + std::to_string(c++ % kCollections));
        auto r = table.query(q);
        benchmark::DoNotOptimize(r);
    }
    state.SetItemsProcessed(state.iterations() * kItemsPerCollection);
}
BENCHMARK(BM_Query100ItemCollection);

void BM_Baseline_MapRangeCopy(benchmark::State& state) {
    std::map<std::pair<std::string, int>, std::string> map;
    for (int c = 0; c < kCollections; ++c) {
        for (int s = 0; s < kItemsPerCollection; ++s)
            map.emplace(std::make_pair("album#" + std::to_string(c), s), std::string(120, 'v'));
    }
    int c = 0;
    for (auto _ : state) {
        const std::string pk = "album#" + std::to_string(c++ % kCollections);
        std::vector<std::string> out;
        for (auto it = map.lower_bound({pk, -1}); it != map.end() && it->first.first == pk; ++it)
            out.push_back(it->second);
        benchmark::DoNotOptimize(out);
    }
    state.SetItemsProcessed(state.iterations() * kItemsPerCollection);
}
BENCHMARK(BM_Baseline_MapRangeCopy);

void put_benchmark(benchmark::State& state, bool with_gsi) {
    Table table(composite_schema(with_gsi));
    for (int c = 0; c < kCollections; ++c) {
        for (int s = 0; s < 10; ++s)
            (void)table.put_item({item(c, s, s), {}, {}});
    }
    std::vector<PutItemRequest> requests;
    for (int i = 0; i < 4096; ++i)
        requests.push_back({item(i % kCollections, i % 10, i % 7), {}, {}});
    std::size_t i = 0;
    for (auto _ : state) {
        auto r = table.put_item(requests[i++ & 4095]);
        benchmark::DoNotOptimize(r);
    }
    state.SetItemsProcessed(state.iterations());
}
void BM_PutItemMaintainingGsi(benchmark::State& state) {
    put_benchmark(state, true);
}
void BM_PutItemNoIndex(benchmark::State& state) {
    put_benchmark(state, false);
}
BENCHMARK(BM_PutItemMaintainingGsi);
BENCHMARK(BM_PutItemNoIndex);

void BM_Baseline_TwoMapInserts(benchmark::State& state) {
    std::map<std::pair<std::string, int>, std::string> table, index;
    std::size_t i = 0;
    const std::string value(120, 'v');
    for (auto _ : state) {
        const int n = static_cast<int>(i++ & 4095);
        table.insert_or_assign({"album#" + std::to_string(n % kCollections), n % 10}, value);
        index.insert_or_assign({"genre#" + std::to_string(n % 7), n}, value);
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Baseline_TwoMapInserts);

const char* kCondition =
    "attribute_exists(#t) AND price BETWEEN :lo AND :hi OR contains(tags, :tag)";

Item priced_item() {
    Item i;
    i.emplace("title", AttributeValue::string("Abbey Road"));
    i.emplace("price", AttributeValue::number(Decimal::parse("24.99").value()));
    i.emplace("tags", AttributeValue::string_set({"rock", "vinyl"}).value());
    return i;
}

void BM_ExpressionParseAndEvaluate(benchmark::State& state) {
    const std::map<std::string, std::string> names = {{"#t", "title"}};
    Item values;
    values.emplace(":lo", AttributeValue::number(Decimal::from_int(10)));
    values.emplace(":hi", AttributeValue::number(Decimal::from_int(30)));
    values.emplace(":tag", AttributeValue::string("jazz"));
    const Item target = priced_item();
    for (auto _ : state) {
        ExpressionContext ctx(&names, &values);
        auto c = parse_condition(kCondition, ExpressionKind::kCondition, ctx);
        benchmark::DoNotOptimize(evaluate_condition(*c, target));
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ExpressionParseAndEvaluate);

void BM_ExpressionEvaluateOnly(benchmark::State& state) {
    const std::map<std::string, std::string> names = {{"#t", "title"}};
    Item values;
    values.emplace(":lo", AttributeValue::number(Decimal::from_int(10)));
    values.emplace(":hi", AttributeValue::number(Decimal::from_int(30)));
    values.emplace(":tag", AttributeValue::string("jazz"));
    ExpressionContext ctx(&names, &values);
    const Condition c = parse_condition(kCondition, ExpressionKind::kCondition, ctx).value();
    const Item target = priced_item();
    for (auto _ : state)
        benchmark::DoNotOptimize(evaluate_condition(c, target));
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ExpressionEvaluateOnly);

void BM_Baseline_HandWrittenPredicate(benchmark::State& state) {
    const Item target = priced_item();
    const Decimal lo = Decimal::from_int(10), hi = Decimal::from_int(30);
    for (auto _ : state) {
        bool r = false;
        auto t = target.find("title");
        auto p = target.find("price");
        if (t != target.end() && p != target.end() && p->second.is(AttrType::kN)) {
            r = p->second.as_number() >= lo && p->second.as_number() <= hi;
        }
        if (!r) {
            auto tags = target.find("tags");
            if (tags != target.end() && tags->second.is(AttrType::kSS)) {
                const auto& s = tags->second.as_string_set();
                r = std::binary_search(s.begin(), s.end(), std::string("jazz"));
            }
        }
        benchmark::DoNotOptimize(r);
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Baseline_HandWrittenPredicate);

}  // namespace

BENCHMARK_MAIN();
