// `ddbsim import` through the real binary: a good import validates and runs; a bad or
// mismatched file exits 2 naming the file and the field, and writes nothing.
#include <catch2/catch.hpp>

#include <filesystem>

#include <nlohmann/json.hpp>

#include "cli/run_process.hpp"

using ddbsim::test::read_file;
using ddbsim::test::run_ddbsim;
using ddbsim::test::source_path;
using ddbsim::test::temp_file;
namespace fs = std::filesystem;

namespace {

std::string sample(const std::string& name) {
    return source_path("tests/import/samples/" + name);
}

std::vector<std::string> all_inputs(const std::string& out) {
    return {"import",
            "--describe-table",
            sample("describe-table.json"),
            "--metrics",
            sample("metrics.json"),
            "--scalable-targets",
            sample("scalable-targets.json"),
            "--scaling-policies",
            sample("scaling-policies.json"),
            "--contributor-insights",
            sample("contributor-insights.json"),
            "--insight-report",
            sample("insight-report.json"),
            "--items",
            sample("scan.json"),
            "--missing-as-zero",
            "-o",
            out};
}

}  // namespace

TEST_CASE("import writes a scenario that validates, beside its demand CSVs", "[cli][import]") {
    const fs::path dir = fs::temp_directory_path() / "ddbsim-cli-import";
    fs::remove_all(dir);
    fs::create_directories(dir);
    const std::string out = (dir / "orders.json").string();
    auto r = run_ddbsim(all_inputs(out));
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(r.out.find("next: ddbsim run " + out) != std::string::npos);
    CHECK(fs::exists(dir / "orders.reads.csv"));
    CHECK(fs::exists(dir / "orders.writes.csv"));
    CHECK(fs::exists(dir / "orders.queries-on-by_status.csv"));
    const auto doc = nlohmann::json::parse(read_file(out));
    CHECK(doc["table"]["TableName"] == "orders");
    CHECK(doc["autoScaling"]["read"]["TargetTrackingScalingPolicyConfiguration"]["TargetValue"] ==
          70.0);
    CHECK(run_ddbsim({"validate", out}).exit_code == 0);
    // The queries to export the metrics with, labelled as the importer reads them.
    auto q = run_ddbsim({"import", "--describe-table", sample("describe-table.json"),
                         "--metric-queries", "--period", "300"});
    REQUIRE(q.exit_code == 0);
    const auto queries = nlohmann::json::parse(q.out);
    CHECK(queries.size() == 8);  // four metrics of the table and of its GSI
    CHECK(queries[4]["Label"] == "orders/index/by_status ConsumedReadCapacityUnits");
    CHECK(queries[0]["MetricStat"]["Period"] == 300);
    fs::remove_all(dir);
}

TEST_CASE("import refuses a mismatched file with exit 2 and writes nothing", "[cli][import]") {
    const fs::path dir = fs::temp_directory_path() / "ddbsim-cli-import-bad";
    fs::remove_all(dir);
    fs::create_directories(dir);
    const std::string out = (dir / "orders.json").string();
    // Another table's scalable target.
    auto targets = nlohmann::json::parse(read_file(sample("scalable-targets.json")));
    targets["ScalableTargets"][0]["ResourceId"] = "table/payments";
    const std::string bad = temp_file("targets.json", targets.dump());
    auto args = all_inputs(out);
    for (std::size_t i = 0; i + 1 < args.size(); ++i)
        if (args[i] == "--scalable-targets") args[i + 1] = bad;
    auto r = run_ddbsim(args);
    CHECK(r.exit_code == 2);
    CHECK(r.err == "ddbsim: import: " + bad +
                       ": /ScalableTargets/0/ResourceId: \"table/payments\" is not table "
                       "\"orders\" or one of its indexes\n");
    CHECK(fs::is_empty(dir));
    // A file that is not there; no -o; --help needs nothing else.
    CHECK(run_ddbsim({"import", "--describe-table", sample("nope.json"), "-o", out}).exit_code ==
          2);
    auto no_out = run_ddbsim({"import", "--describe-table", sample("describe-table.json")});
    CHECK(no_out.exit_code == 2);
    CHECK(no_out.err.find("-o SCENARIO.json is required") != std::string::npos);
    CHECK(run_ddbsim({"import", "--help"}).exit_code == 0);
    CHECK(fs::is_empty(dir));
    fs::remove_all(dir);
}
