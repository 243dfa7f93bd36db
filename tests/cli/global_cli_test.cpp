// A global table through the real binary: the summary's regions table, every report's
// regions, each region's expectations, and the commands that do not take a global table.
#include <catch2/catch.hpp>

#include <filesystem>

#include <nlohmann/json.hpp>

#include "cli/run_process.hpp"

using ddbsim::test::read_file;
using ddbsim::test::run_ddbsim;
using ddbsim::test::temp_file;
namespace fs = std::filesystem;

namespace {

// us-east-1 writes 20 items a second; eu-west-1 reads them.
const char* kTwoRegions = R"({
  "name": "two regions", "duration": "1min", "fidelity": "request", "region": "us-east-1",
  "table": {"TableName": "global", "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
            "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}], "BillingMode": "PROVISIONED",
            "ProvisionedThroughput": {"ReadCapacityUnits": 100, "WriteCapacityUnits": 50}},
  "replicas": [{"RegionName": "eu-west-1", "ProvisionedThroughputOverride": {"ReadCapacityUnits": 200}}],
  "workload": [
    {"name": "us writes", "operation": "PutItem", "traffic": {"constant": 20}, "keys": {"count": 500}, "itemSize": "1000B"},
    {"name": "eu reads", "region": "eu-west-1", "operation": "GetItem", "traffic": {"constant": 50}, "keys": {"count": 500}}],
  "expect": [
    {"metric": "replicatedWCU", "region": "eu-west-1", "min": 1000},
    {"metric": "writeThrottleEvents", "region": "*", "max": 0}]
})";

}  // namespace

TEST_CASE("a global table's run reports every region", "[cli][global]") {
    const std::string scenario = temp_file("two-regions.json", kTwoRegions);
    const fs::path out = fs::path(scenario).parent_path() / "two-regions-report";
    fs::remove_all(out);
    const auto r = run_ddbsim({"run", scenario, "--out", out.string()});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(r.out.find("regions (replication into each") != std::string::npos);
    CHECK(r.out.find("eu-west-1") != std::string::npos);
    CHECK(r.out.find("pass  baseline: writeThrottleEvents.sum@eu-west-1 = 0") != std::string::npos);
    const auto report = nlohmann::json::parse(read_file((out / "report.json").string()));
    const auto& run = report["runs"][0];
    CHECK(run["region"] == "us-east-1");
    REQUIRE(run["regions"].size() == 2);
    CHECK(run["regions"][1]["region"] == "eu-west-1");
    CHECK(run["metrics"]["replicatedWCU.sum@eu-west-1"].get<double>() > 1000);
    CHECK(run["regions"][0]["replicatedOutBytes"].get<double>() > 1e6);
    CHECK(report["expectations"].size() == 3);  // the "*" expectation once per region
    const std::string csv = read_file((out / "timeseries.csv").string());
    CHECK(csv.find(",eu-west-1,") != std::string::npos);
    CHECK(csv.find(",us-east-1,") != std::string::npos);
    CHECK(read_file((out / "summary.md").string()).find("## Regions") != std::string::npos);
    CHECK(read_file((out / "report.html").string()).find("ReplicationLatency into each region") !=
          std::string::npos);
    CHECK(read_file((out / "junit.xml").string()).find("@eu-west-1") != std::string::npos);
}

TEST_CASE("recommend refuses a global table and says what to do instead", "[cli][global]") {
    const std::string scenario = temp_file("two-regions-recommend.json", kTwoRegions);
    const auto r = run_ddbsim({"recommend", scenario});
    CHECK(r.exit_code == 2);
    CHECK(r.err.find(": /replicas: recommend sizes a single-region table") != std::string::npos);
}
