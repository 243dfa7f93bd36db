// Storage-core throughput: GetItem and PutItem of 1 KB items and item-size computation,
// each beside a plain std::map<std::string, std::string> baseline doing the same work
// (same key count, same 1 KB values), so results read as ratios on any machine.
// Floors (issue 2): 1 M GetItem/s and 500 k PutItem/s on one core; (issue 19) GetItem at
// 0.8x and PutItem at 0.5x their baselines at 10,000 keys. Each runs over 16 keys (all in
// cache: the code's own cost), 10,000 keys (10 MB) and 100,000 keys (100 MB, memory-bound).
#include <benchmark/benchmark.h>

#include <map>
#include <random>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "storage/item_size.hpp"
#include "storage/table.hpp"

using namespace ddbsim::storage;

namespace {

TableSchema bench_schema() {
    return TableSchema::from_create_table_json(nlohmann::json::parse(R"({"TableName": "bench",
        "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
        "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}], "BillingMode": "PAY_PER_REQUEST"})"))
        .value();
}

std::string key_name(int i) {
    return "user#" + std::to_string(i);
}

// A 1 KB item: pk, a number and a 1000-byte payload.
Item one_kb_item(int i) {
    Item item;
    item.emplace("pk", AttributeValue::string(key_name(i)));
    item.emplace("n", AttributeValue::number(Decimal::from_int(i)));
    item.emplace("payload", AttributeValue::string(std::string(1000, 'x')));
    return item;
}

std::vector<int> random_keys(std::size_t n, int key_count) {
    std::mt19937 rng(42);
    std::uniform_int_distribution<int> d(0, key_count - 1);
    std::vector<int> keys(n);
    for (auto& k : keys)
        k = d(rng);
    return keys;
}

// The baselines' store: kKeys names → 1,000-byte values, like the 1 KB items.
std::map<std::string, std::string> baseline_map(int key_count) {
    std::map<std::string, std::string> map;
    for (int i = 0; i < key_count; ++i)
        map.emplace(key_name(i), std::string(1000, 'x'));
    return map;
}

std::vector<std::string> random_key_names(int key_count) {
    std::vector<std::string> names;
    for (int k : random_keys(1 << 16, key_count))
        names.push_back(key_name(k));
    return names;
}

void BM_GetItem(benchmark::State& state) {
    const int kKeys = static_cast<int>(state.range(0));
    Table table(bench_schema());
    for (int i = 0; i < kKeys; ++i)
        (void)table.put_item({one_kb_item(i), {}, {}});
    const auto keys = random_keys(1 << 16, kKeys);
    std::vector<GetItemRequest> requests;
    for (int k : keys)
        requests.push_back({Item{{"pk", AttributeValue::string(key_name(k))}}, {}, {}});
    std::size_t i = 0;
    for (auto _ : state) {
        auto r = table.get_item(requests[i++ & 0xFFFF]);
        benchmark::DoNotOptimize(r);
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_GetItem)->Arg(16)->Arg(10'000)->Arg(100'000);

void BM_Baseline_MapGet(benchmark::State& state) {
    const int kKeys = static_cast<int>(state.range(0));
    auto map = baseline_map(kKeys);
    const auto names = random_key_names(kKeys);
    std::size_t i = 0;
    for (auto _ : state) {
        auto it = map.find(names[i++ & 0xFFFF]);
        std::string copy = it->second;  // GetItem returns a copy of the item
        benchmark::DoNotOptimize(copy);
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Baseline_MapGet)->Arg(16)->Arg(10'000)->Arg(100'000);

// PutItem of an existing key, as the baseline's insert_or_assign: one request, re-keyed each
// iteration, so that — like the baseline's value — the item copied in is in cache, as it is
// when a front end parses a request and executes it at once.
void BM_PutItem(benchmark::State& state) {
    const int kKeys = static_cast<int>(state.range(0));
    Table table(bench_schema());
    for (int i = 0; i < kKeys; ++i)
        (void)table.put_item({one_kb_item(i), {}, {}});
    const auto names = random_key_names(kKeys);
    PutItemRequest request{one_kb_item(0), {}, {}};
    std::size_t i = 0;
    for (auto _ : state) {
        request.item.find("pk")->second = AttributeValue::string(names[i++ & 0xFFFF]);
        auto r = table.put_item(request);
        benchmark::DoNotOptimize(r);
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_PutItem)->Arg(16)->Arg(10'000)->Arg(100'000);

// The same from 65,536 requests built beforehand, each a separate 1 KB item: every iteration
// also streams a cold request from memory (the form this benchmark had until issue 19).
void BM_PutItemPrebuiltRequests(benchmark::State& state) {
    const int kKeys = static_cast<int>(state.range(0));
    Table table(bench_schema());
    for (int i = 0; i < kKeys; ++i)
        (void)table.put_item({one_kb_item(i), {}, {}});
    const auto keys = random_keys(1 << 16, kKeys);
    std::vector<PutItemRequest> requests;
    for (int k : keys)
        requests.push_back({one_kb_item(k), {}, {}});
    std::size_t i = 0;
    for (auto _ : state) {
        auto r = table.put_item(requests[i++ & 0xFFFF]);
        benchmark::DoNotOptimize(r);
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_PutItemPrebuiltRequests)->Arg(10'000)->Arg(100'000);

void BM_Baseline_MapPut(benchmark::State& state) {
    const int kKeys = static_cast<int>(state.range(0));
    auto map = baseline_map(kKeys);
    const auto names = random_key_names(kKeys);
    const std::string value(1000, 'y');
    std::size_t i = 0;
    for (auto _ : state) {
        map.insert_or_assign(names[i++ & 0xFFFF], value);  // copies the value in, as PutItem does
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Baseline_MapPut)->Arg(16)->Arg(10'000)->Arg(100'000);

void BM_ItemSize(benchmark::State& state) {
    Item item = one_kb_item(12345);
    item.emplace("tags", AttributeValue::string_set({"a", "b", "c"}).value());
    item.emplace("nested", AttributeValue::map(
                               {{"x", AttributeValue::number(Decimal::from_int(7))},
                                {"y", AttributeValue::list({AttributeValue::boolean(true)})}}));
    for (auto _ : state)
        benchmark::DoNotOptimize(item_size(item));
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ItemSize);

void BM_Baseline_StringLengths(benchmark::State& state) {
    // The floor for item_size: summing the byte lengths of the same names and strings.
    std::map<std::string, std::string> flat = {{"pk", key_name(12345)},
                                               {"n", "12345"},
                                               {"payload", std::string(1000, 'x')},
                                               {"tags", "abc"},
                                               {"nested", "xy"}};
    for (auto _ : state) {
        std::size_t total = 0;
        for (const auto& [k, v] : flat)
            total += k.size() + v.size();
        benchmark::DoNotOptimize(total);
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Baseline_StringLengths);

}  // namespace

BENCHMARK_MAIN();
