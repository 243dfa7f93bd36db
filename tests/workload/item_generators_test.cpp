// Item generators, key patterns and orders, request parameters, replay and weekly traffic:
// the scenario features that shape what a workload writes and when.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "workload/replay.hpp"
#include "workload/scenario_loader.hpp"
#include "workload/size_distribution.hpp"

using namespace ddbsim;
using namespace ddbsim::workload;
using nlohmann::json;

namespace {

json with_stream(const json& stream, const json& extra = json::object()) {
    json doc = json::parse(R"({"duration": "10m",
        "table": {"TableName": "tbl", "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
                  "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
                  "ProvisionedThroughput": {"ReadCapacityUnits": 100, "WriteCapacityUnits": 50}}})");
    doc["workload"] = json::array({stream});
    for (const auto& [k, v] : extra.items())
        doc[k] = v;
    return doc;
}

std::vector<std::string> problems(const json& doc) {
    std::vector<std::string> out;
    for (const auto& p :
         load_scenario(doc, std::string(DDBSIM_SOURCE_DIR) + "/tests/scenarios").problems)
        out.push_back(p.pointer + ": " + p.message);
    return out;
}

}  // namespace

TEST_CASE("size distributions give each key a stable size with the right mean", "[workload]") {
    SizeDistribution u{SizeDistribution::Kind::kUniform, 1000, 3000, {}};
    SizeDistribution n{SizeDistribution::Kind::kNormal, 2000, 300, {}};
    SizeDistribution l{SizeDistribution::Kind::kLognormal, 2000, 0.5, {}};
    SizeDistribution h{SizeDistribution::Kind::kHistogram, 0, 0, {{1000, 3}, {10000, 1}}};
    for (const auto* d : {&u, &n, &l, &h}) {
        double sum = 0;
        const int keys = 20000;
        for (int k = 0; k < keys; ++k) {
            const auto b = d->bytes_for(static_cast<std::uint64_t>(k), 7);
            CHECK(b == d->bytes_for(static_cast<std::uint64_t>(k), 7));  // stable per key
            sum += static_cast<double>(b);
        }
        CHECK(sum / keys == Approx(d->mean()).epsilon(0.02));
    }
    CHECK(l.mean() == Approx(2000 * std::exp(0.125)));  // median × e^(σ²/2)
    CHECK(h.mean() == 3250);                            // (3 × 1000 + 10000) / 4
    // Clamped to DynamoDB's item limit.
    SizeDistribution huge{SizeDistribution::Kind::kNormal, 500 * 1024, 10, {}};
    CHECK(huge.bytes_for(1, 1) == 400 * 1024);
}

TEST_CASE("itemSize accepts a distribution, and data an item count", "[workload][scenario]") {
    auto load = load_scenario(
        with_stream({{"name", "w"},
                     {"operation", "PutItem"},
                     {"traffic", {{"constant", 10}}},
                     {"keys", {{"count", 100}, {"pattern", "album#{seq}#v1"}}},
                     {"itemSize", {{"distribution", "uniform"}, {"min", "1KB"}, {"max", "3KB"}}}},
                    {{"data", {{"items", 1000000}, {"itemSize", "2KB"}}}}));
    REQUIRE(load.ok());
    const auto& s = load.scenario->config.streams[0];
    CHECK(s.item_size.kind == SizeDistribution::Kind::kUniform);
    CHECK(s.item_bytes == 2048);
    CHECK(s.key_prefix == "album#");
    CHECK(s.key_suffix == "#v1");
    CHECK(load.scenario->config.initial_data_bytes == 2048ULL * 1000000);
}

TEST_CASE("item generator and request parameter problems are named", "[workload][scenario]") {
    json get = {{"name", "g"},
                {"operation", "GetItem"},
                {"traffic", {{"constant", 1}}},
                {"keys", {{"count", 10}}}};
    json s1 = get;
    s1["itemSize"] = {{"distribution", "normal"}, {"mean", "2KB"}};
    s1["limit"] = 5;
    s1["keys"]["pattern"] = "album#";
    CHECK(problems(with_stream(s1)) ==
          std::vector<std::string>{
              "/workload/0/keys/pattern: found \"album#\", expected a key pattern with one {seq}, "
              "e.g. \"album#{seq}\"",
              "/workload/0/itemSize/stddev: missing, expected a size such as \"2KB\"",
              "/workload/0/limit: Limit applies to Query and Scan"});
    json q = get;
    q["operation"] = "Query";
    q["filter"] = "price >";
    q["values"] = {{":p", {{"N", "5"}}}};
    const auto qp = problems(with_stream(q));
    REQUIRE(qp.size() == 1);
    CHECK(qp[0].rfind("/workload/0/filter: Invalid FilterExpression", 0) == 0);
    json unused = get;
    unused["operation"] = "Query";
    unused["filter"] = "price > :p";
    unused["values"] = {{":p", {{"N", "5"}}}, {":q", {{"N", "1"}}}};
    const auto up = problems(with_stream(unused));
    REQUIRE(up.size() == 1);
    CHECK(up[0].find(":q") != std::string::npos);
    json t = get;
    t["operation"] = "BatchWriteItem";
    t["items"] = 26;
    CHECK(
        problems(with_stream(t)) ==
        std::vector<std::string>{"/workload/0/items: found 26, expected an integer from 1 to 25"});
    json order = get;
    order["keys"]["order"] = "timeBucketed";
    order["keys"]["distribution"] = "zipf";
    CHECK(problems(with_stream(order)) ==
          std::vector<std::string>{"/workload/0/keys/distribution: a popularity distribution "
                                   "applies to random key order only"});
}

TEST_CASE("replay reads CloudWatch exports and CSV series as rates", "[workload]") {
    // CloudWatch: Sum per 60 s period, newest first → 3000/60, 6000/60, 12000/60 per second.
    auto cw = parse_replay(R"({"MetricDataResults": [{"Id": "w", "Timestamps":
        ["2026-03-02T10:02:00Z", "2026-03-02T10:01:00Z", "2026-03-02T10:00:00Z"],
        "Values": [12000, 6000, 3000]}]})",
                           {});
    REQUIRE(cw);
    REQUIRE(cw->size() == 3);
    CHECK((*cw)[0] == std::pair<sim::TimeUs, double>{0, 50});
    CHECK((*cw)[1] == std::pair<sim::TimeUs, double>{60 * sim::kSecond, 100});
    CHECK((*cw)[2] == std::pair<sim::TimeUs, double>{120 * sim::kSecond, 200});
    ReplayOptions csv;
    csv.format = ReplayOptions::Format::kCsv;
    csv.per_second = true;
    csv.scale = 0.5;
    auto c = parse_replay("t,v\n0,10\n30,20\n", csv);
    REQUIRE(c);
    CHECK((*c)[1] == std::pair<sim::TimeUs, double>{30 * sim::kSecond, 10});
    CHECK_FALSE(parse_replay("t,v\n0,10\nnope,3\n", csv));
    CHECK(parse_replay("{}", {}).error().message.find("MetricDataResults") != std::string::npos);
    CHECK(parse_iso8601("1970-01-02T00:00:01Z") == 86401.0);
    CHECK(parse_iso8601("2026-03-02T11:00:00+01:00") == parse_iso8601("2026-03-02T10:00:00Z"));
    CHECK_FALSE(parse_iso8601("2026-13-02T10:00:00Z"));
}

TEST_CASE("replay and weekly traffic in a scenario", "[workload][scenario]") {
    json w = {{"name", "w"},
              {"operation", "PutItem"},
              {"keys", {{"count", 10}}},
              {"traffic", {{"replay", {{"file", "data/writes-cloudwatch.json"}}}}}};
    auto load = load_scenario(with_stream(w), std::string(DDBSIM_SOURCE_DIR) + "/tests/scenarios");
    REQUIRE(load.ok());
    const auto& t = load.scenario->config.streams[0].traffic;
    CHECK(t.rate_at(0) == 50);
    CHECK(t.rate_at(90 * sim::kSecond) == 100);
    CHECK(t.rate_at(5 * sim::kMinute) == 200);  // the last rate holds
    CHECK(t.max_rate() == 200);
    json r = w;
    r["traffic"] = {{"replay", {{"file", "data/reads.csv"}}}};
    auto csv = load_scenario(with_stream(r), std::string(DDBSIM_SOURCE_DIR) + "/tests/scenarios");
    REQUIRE(csv.ok());
    // 10:02+01:00 is 09:02Z, the earliest: 60 per minute = 1/s at t = 0.
    CHECK(csv.scenario->config.streams[0].traffic.rate_at(0) == 1);
    json weekly = w;
    weekly["traffic"] = {{"constant", 100}, {"weekly", {{"weekendFactor", 0.5}}}};
    auto wl = load_scenario(with_stream(weekly));
    REQUIRE(wl.ok());
    CHECK(wl.scenario->config.streams[0].traffic.rate_at(4 * sim::kDay) == 100);  // Friday
    CHECK(wl.scenario->config.streams[0].traffic.rate_at(5 * sim::kDay) == 50);   // Saturday
    json missing = w;
    missing["traffic"] = {{"replay", {{"file", "data/nope.json"}}}};
    const auto mp = problems(with_stream(missing));
    REQUIRE(mp.size() == 1);
    CHECK(mp[0].rfind("/workload/0/traffic/replay/file: cannot read", 0) == 0);
}

TEST_CASE("seed items are loaded from DynamoDB JSON lines", "[workload][scenario]") {
    json w = {{"name", "g"},
              {"operation", "GetItem"},
              {"keys", {{"count", 10}}},
              {"traffic", {{"constant", 1}}}};
    auto load = load_scenario(with_stream(w, {{"data", {{"seedItems", "data/seed-albums.jsonl"}}}}),
                              std::string(DDBSIM_SOURCE_DIR) + "/tests/scenarios");
    REQUIRE(load.ok());
    CHECK(load.scenario->config.seed_items.size() == 2);
    CHECK(load.scenario->config.initial_data_bytes > 0);
}
