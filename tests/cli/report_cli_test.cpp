// `ddbsim run` with reports, what-ifs and expectations, checked through the real binary.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "cli/run_process.hpp"

using namespace ddbsim::test;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

std::string slurp(const fs::path& p) {
    std::ifstream in(p);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

std::size_t count(const std::string& s, const std::string& what) {
    std::size_t n = 0;
    for (std::size_t at = s.find(what); at != std::string::npos; at = s.find(what, at + 1))
        ++n;
    return n;
}

fs::path fresh_dir(const std::string& name) {
    const fs::path dir = fs::temp_directory_path() / name;
    fs::remove_all(dir);
    return dir;
}

}  // namespace

TEST_CASE("run writes every report and exits 1 when an expectation fails", "[cli][reports]") {
    const fs::path out = fresh_dir("ddbsim-report-check");
    auto r = run_ddbsim(
        {"run", source_path("tests/scenarios/report-check.json"), "--out", out.string()});
    CHECK(r.exit_code == 1);
    CHECK(r.out.find("FAIL  overload: throttledRequests.sum =") != std::string::npos);
    CHECK(r.out.find("pass  baseline: throttledRequests.sum = 0, expected ≤ 0") !=
          std::string::npos);
    for (const char* f :
         {"report.html", "timeseries.csv", "report.json", "summary.md", "junit.xml"})
        CHECK(fs::exists(out / f));
    // No temporary files are left behind.
    for (const auto& e : fs::directory_iterator(out))
        CHECK(e.path().string().find(".tmp.") == std::string::npos);

    const auto report = json::parse(slurp(out / "report.json"));
    CHECK(report["ddbsimReport"] == 1);
    CHECK(report["passed"] == false);
    REQUIRE(report["runs"].size() == 2);
    CHECK(report["runs"][0]["name"] == "baseline");
    CHECK(report["runs"][1]["name"] == "overload");
    CHECK(report["runs"][1]["overrides"]["set"]["/workload/0/traffic/constant"] == 500);
    CHECK(report["runs"][0]["metrics"]["throttledRequests.sum"] == 0);
    CHECK(report["runs"][1]["metrics"]["throttledRequests.sum"].get<double>() > 1000);
    CHECK(report["runs"][0]["costs"]["alternatives"].size() == 6);
    CHECK(report["runs"][0]["series"]["periodSeconds"] == 1);
    CHECK(report["runs"][0]["series"]["rows"].size() == 120);
    // 4 expectation results: the "*" one for both runs, the others for the baseline.
    CHECK(report["expectations"].size() == 4);
    CHECK(report["scenario"]["document"]["name"] == "report-check");

    const std::string csv = slurp(out / "timeseries.csv");
    CHECK(csv.rfind("run,start_s,period_s,ConsumedReadCapacityUnits,", 0) == 0);
    CHECK(count(csv, "\n") == 1 + 2 * 120);

    const std::string junit = slurp(out / "junit.xml");
    CHECK(junit.find("tests=\"4\" failures=\"1\"") != std::string::npos);
    CHECK(count(junit, "<testcase ") == 4);
    CHECK(count(junit, "<failure ") == 1);

    const std::string md = slurp(out / "summary.md");
    CHECK(md.find("**1 of 4 expectations failed.**") != std::string::npos);
    CHECK(md.find("| overload | request |") != std::string::npos);

    // The HTML report is one self-contained file: no script, no external resource.
    const std::string html = slurp(out / "report.html");
    CHECK(html.rfind("<!DOCTYPE html>", 0) == 0);
    CHECK(html.find("<script") == std::string::npos);
    CHECK(html.find("src=") == std::string::npos);
    CHECK(html.find("href=") == std::string::npos);
    CHECK(count(html, "https://") == 0);
    CHECK(count(html, "<svg") == count(html, "</svg>"));
    CHECK(count(html, "<svg") >= 2 * 6 + 2);  // six charts per run, two what-if overlays
    for (const char* section :
         {"<h2>Summary</h2>", "<h2>What-if comparison</h2>", "<h2>Expectations</h2>",
          "<h2>Run: baseline</h2>", "<h2>Run: overload</h2>", "<h3>Cost by capacity mode</h3>",
          "Partition heat", "Latency percentiles", "<h2>Scenario</h2>"})
        CHECK(html.find(section) != std::string::npos);
    CHECK(html.find("1 of 4 expectations failed.") != std::string::npos);
}

TEST_CASE("run writes only the formats asked for and checks --format", "[cli][reports]") {
    const fs::path out = fresh_dir("ddbsim-report-formats");
    const std::string scenario = source_path("tests/scenarios/report-check.json");
    auto bad = run_ddbsim({"run", scenario, "--out", out.string(), "--format", "html,pdf"});
    CHECK(bad.exit_code == 2);
    CHECK(bad.err ==
          "ddbsim: run: unknown --format \"pdf\", expected a comma-separated list of "
          "html, csv, json, md, junit\n");
    CHECK_FALSE(fs::exists(out));
    auto r = run_ddbsim({"run", scenario, "--out", out.string(), "--format", "json,md", "--quiet"});
    CHECK(r.exit_code == 1);
    CHECK(r.out.empty());
    CHECK(fs::exists(out / "report.json"));
    CHECK(fs::exists(out / "summary.md"));
    CHECK_FALSE(fs::exists(out / "report.html"));
}

TEST_CASE("the same scenario and seed give byte-identical reports", "[cli][reports]") {
    const fs::path a = fresh_dir("ddbsim-determinism-a"), b = fresh_dir("ddbsim-determinism-b");
    const std::string scenario = source_path("tests/scenarios/report-check.json");
    run_ddbsim({"run", scenario, "--out", a.string(), "--quiet"});
    run_ddbsim({"run", scenario, "--out", b.string(), "--quiet"});
    for (const char* f :
         {"report.html", "timeseries.csv", "report.json", "summary.md", "junit.xml"})
        CHECK(slurp(a / f) == slurp(b / f));
    auto c = run_ddbsim({"run", scenario, "--no-reports", "--json", "--seed", "7"});
    auto d = run_ddbsim({"run", scenario, "--no-reports", "--json", "--seed", "7"});
    CHECK(c.out == d.out);
}
