// The live service's report series (`ddbsim serve --report-dir`) on a manual clock: every
// request lands in the second it was made, with the capacity its response reported.
#include <catch2/catch.hpp>

#include <string>

#include <nlohmann/json.hpp>

#include "service/service.hpp"

using json = nlohmann::json;
using ddbsim::service::Service;
using ddbsim::service::ServiceOptions;
namespace sim = ddbsim::sim;

namespace {

struct Recording {
    sim::TimeUs now = 0;
    Service service;
    json last;

    explicit Recording(sim::TimeUs limit)
        : service(ServiceOptions{true, 0, 0, limit}, [this] { return now; }) {}

    json call(const std::string& op, const json& body, int* status = nullptr) {
        auto r = service.handle("DynamoDB_20120810", op, body.dump());
        if (status) *status = r.status;
        last = r.body;
        return r.body;
    }
    void create(const std::string& name, int wcu) {
        int status = 0;
        call("CreateTable",
             {{"TableName", name},
              {"AttributeDefinitions", {{{"AttributeName", "pk"}, {"AttributeType", "S"}}}},
              {"KeySchema", {{{"AttributeName", "pk"}, {"KeyType", "HASH"}}}},
              {"ProvisionedThroughput", {{"ReadCapacityUnits", 3}, {"WriteCapacityUnits", wcu}}}},
             &status);
        INFO(last.dump());
        REQUIRE(status == 200);
    }
    int put(const std::string& table, const std::string& key, int bytes) {
        int status = 0;
        call("PutItem",
             {{"TableName", table},
              {"Item", {{"pk", {{"S", key}}}, {"d", {{"S", std::string(bytes, 'x')}}}}}},
             &status);
        return status;
    }
};

}  // namespace

TEST_CASE("the report series hold each second's requests and capacity", "[service][report]") {
    Recording r(sim::kDay);
    r.create("tbl", 5);
    // Second 0: two 1 KB writes (1 WCU each); second 2: one 2.5 KB write (3 WCU); second 3:
    // a failed condition and a 1-RCU strongly consistent read.
    r.now = 100'000;
    CHECK(r.put("tbl", "a", 900) == 200);
    CHECK(r.put("tbl", "b", 900) == 200);
    r.now = 2 * sim::kSecond + 5;
    CHECK(r.put("tbl", "c", 2500) == 200);
    r.now = 3 * sim::kSecond + 7;
    int status = 0;
    r.call("PutItem",
           {{"TableName", "tbl"},
            {"Item", {{"pk", {{"S", "a"}}}}},
            {"ConditionExpression", "attribute_not_exists(pk)"}},
           &status);
    CHECK(status == 400);
    r.call("GetItem",
           {{"TableName", "tbl"}, {"Key", {{"pk", {{"S", "a"}}}}}, {"ConsistentRead", true}});
    r.now = 5 * sim::kSecond + 500'000;

    auto outcomes = r.service.report_outcomes(nullptr);
    REQUIRE(outcomes.size() == 1);
    const auto& o = outcomes[0];
    CHECK(o.name == "tbl");
    CHECK(o.result.fidelity == "served");
    const auto& rows = o.result.metrics.seconds();
    REQUIRE(rows.size() == 6);  // seconds 0..5, the last in progress
    CHECK(rows[0].consumed_write_halves == 4);
    CHECK(rows[1].consumed_write_halves == 0);
    CHECK(rows[2].consumed_write_halves == 6);
    // The failed condition consumed 1 WCU (DG: a failed conditional write still consumes).
    CHECK(rows[3].consumed_write_halves == 2);
    CHECK(rows[3].consumed_read_halves == 2);
    CHECK(rows[3].conditional_check_failed == 1);
    CHECK(rows[0].successful_requests == 2);
    for (const auto& row : rows) {
        CHECK(row.provisioned_wcu == 5);
        CHECK(row.partitions == 1);
    }
    CHECK(o.metrics.at("consumedWCU.sum") == 6.0);
    CHECK(o.metrics.at("consumedRCU.sum") == 1.0);
    CHECK(o.metrics.at("successfulRequests.sum") == 4.0);
    CHECK(o.metrics.at("requests.sum") == 5.0);
    CHECK(o.scenario.config.duration == 6 * sim::kSecond);
    CHECK(o.scenario.config.streams.empty());
    CHECK(o.costs.alternatives.size() > 0);
}

TEST_CASE("throttled requests are counted with their reasons", "[service][report]") {
    Recording r(sim::kDay);
    r.create("tbl", 1);
    // 1 WCU with 300 s of burst: 4 KB writes (4 WCU) in one instant exhaust it.
    int ok = 0, throttled = 0;
    for (int i = 0; i < 200; ++i) {
        const int status = r.put("tbl", "k" + std::to_string(i), 4000);
        (status == 200 ? ok : throttled) += 1;
    }
    REQUIRE(throttled > 0);
    r.now = sim::kSecond;
    auto o = r.service.report_outcomes(nullptr).at(0);
    CHECK(o.metrics.at("throttledRequests.sum") == throttled);
    CHECK(o.metrics.at("successfulRequests.sum") == ok);
    CHECK(o.metrics.at("consumedWCU.sum") == 4.0 * ok);
    std::int64_t events = 0;
    for (auto n : o.result.metrics.throttles_by_reason())
        events += n;
    CHECK(events == throttled);
    CHECK(o.result.metrics.seconds()[0].write_throttle_events == throttled);
}

TEST_CASE("series stop at the recording limit and the run says so", "[service][report]") {
    Recording r(10 * sim::kSecond);
    r.create("tbl", 5);
    r.now = 3 * sim::kSecond;
    CHECK(r.put("tbl", "a", 10) == 200);
    r.now = 60 * sim::kSecond;  // past the limit: answered, not recorded
    CHECK(r.put("tbl", "b", 10) == 200);
    auto o = r.service.report_outcomes(nullptr).at(0);
    CHECK(o.result.metrics.seconds().size() == 10);
    CHECK(o.metrics.at("consumedWCU.sum") == 1.0);
    CHECK(o.description.find("series stop after the first 10 s") != std::string::npos);
}

TEST_CASE("a service that records nothing reports nothing", "[service][report]") {
    sim::TimeUs now = 0;
    Service s(ServiceOptions{}, [&] { return now; });
    CHECK(s.report_outcomes(nullptr).empty());
}
