// The live service's request path without the socket (docs/server.md "How a request is
// served"): Service::handle on a PutItem / GetItem, throttling on and off. Compare with
// bench/serve-vs-dynalite.sh, which adds HTTP and a real client.
#include <benchmark/benchmark.h>

#include <string>

#include "service/service.hpp"

namespace {

using ddbsim::service::Service;
using ddbsim::service::ServiceOptions;

std::unique_ptr<Service> make_service(bool throttling) {
    ServiceOptions o;
    o.throttling = throttling;
    auto s = std::make_unique<Service>(o, ddbsim::service::scaled_wall_clock(1));
    s->handle("DynamoDB_20120810", "CreateTable",
              R"({"TableName": "bench", "BillingMode": "PAY_PER_REQUEST",
                  "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
                  "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}]})");
    return s;
}

std::string put_body(int k) {
    return R"({"TableName":"bench","Item":{"pk":{"S":"key-)" + std::to_string(k) +
           R"("},"d":{"S":")" + std::string(200, 'x') + R"("}}})";
}

void BM_ServicePutItem(benchmark::State& state) {
    auto s = make_service(state.range(0) != 0);
    int k = 0;
    for (auto _ : state) {
        auto r = s->handle("DynamoDB_20120810", "PutItem", put_body(k++ % 10000));
        benchmark::DoNotOptimize(r);
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ServicePutItem)->Arg(0)->Arg(1)->ArgName("throttling");

void BM_ServiceGetItem(benchmark::State& state) {
    auto s = make_service(state.range(0) != 0);
    for (int k = 0; k < 10000; ++k)
        s->handle("DynamoDB_20120810", "PutItem", put_body(k));
    int k = 0;
    for (auto _ : state) {
        auto r = s->handle("DynamoDB_20120810", "GetItem",
                           R"({"TableName":"bench","Key":{"pk":{"S":"key-)" +
                               std::to_string(k++ % 10000) + R"("}}})");
        benchmark::DoNotOptimize(r);
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ServiceGetItem)->Arg(0)->Arg(1)->ArgName("throttling");

}  // namespace

BENCHMARK_MAIN();
