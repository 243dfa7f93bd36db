// `ddbsim run` with reports, what-ifs and expectations, checked through the real binary.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/run_process.hpp"

using namespace ddbsim::test;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

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

    const auto report = json::parse(read_file((out / "report.json").string()));
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

    const std::string csv = read_file((out / "timeseries.csv").string());
    CHECK(csv.rfind("run,start_s,period_s,ConsumedReadCapacityUnits,", 0) == 0);
    CHECK(count(csv, "\n") == 1 + 2 * 120);

    const std::string junit = read_file((out / "junit.xml").string());
    CHECK(junit.find("tests=\"4\" failures=\"1\"") != std::string::npos);
    CHECK(count(junit, "<testcase ") == 4);
    CHECK(count(junit, "<failure ") == 1);

    const std::string md = read_file((out / "summary.md").string());
    CHECK(md.find("**1 of 4 expectations failed.**") != std::string::npos);
    CHECK(md.find("| overload | request |") != std::string::npos);

    // The HTML report is one self-contained file: no script, no external resource.
    const std::string html = read_file((out / "report.html").string());
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
        CHECK(read_file((a / f).string()) == read_file((b / f).string()));
    auto c = run_ddbsim({"run", scenario, "--no-reports", "--json", "--seed", "7"});
    auto d = run_ddbsim({"run", scenario, "--no-reports", "--json", "--seed", "7"});
    CHECK(c.out == d.out);
}

TEST_CASE("recommend finds the cheapest capacity that never throttles by simulating it",
          "[cli][recommend]") {
    // 100 strongly consistent 4 KB reads/s = 100 RCU; 200 writes/s of 1 KB = 200 WCU; no
    // banked burst. The search must land just above those, and on-demand must cost more.
    const std::string scenario = source_path("tests/scenarios/recommend-check.json");
    auto r = run_ddbsim({"recommend", scenario, "--json"});
    REQUIRE(r.exit_code == 0);
    const auto out = json::parse(r.out);
    REQUIRE(out["winners"].size() >= 3);
    const auto& best = out["winners"][0];
    CHECK(best["mode"] == "provisioned-fixed");
    json fixed;
    for (const auto& c : out["candidates"])
        if (c["mode"] == "provisioned-fixed" && c["passed"] == true &&
            (fixed.is_null() || c["monthly"] < fixed["monthly"]))
            fixed = c;
    REQUIRE_FALSE(fixed.is_null());
    CHECK(fixed["rcu"].get<int>() >= 100);
    CHECK(fixed["rcu"].get<int>() <= 106);
    CHECK(fixed["wcu"].get<int>() >= 200);
    CHECK(fixed["wcu"].get<int>() <= 210);
    // Every passing candidate has no throttled request; cheaper fixed ones failed.
    bool some_failed = false;
    for (const auto& c : out["candidates"]) {
        if (c["passed"] == true) CHECK(c["throttled"] == 0);
        some_failed = some_failed || c["passed"] == false;
    }
    CHECK(some_failed);
    double on_demand = 0;
    for (const auto& w : out["winners"])
        if (w["mode"] == "on-demand") on_demand = w["monthly"];
    CHECK(on_demand > best["monthly"].get<double>());
    auto text = run_ddbsim({"recommend", scenario});
    CHECK(text.out.find("candidates tried:") != std::string::npos);
    CHECK(run_ddbsim({"recommend", scenario, "--max-runs", "x"}).exit_code == 2);
    CHECK(run_ddbsim({"recommend"}).exit_code == 2);
}

TEST_CASE("recommend gives the same answer on any number of threads", "[cli][recommend]") {
    // Speculative searches fill a cache, then the sequential search runs on it: the same
    // candidates in the same order, also when the budget cuts the search short.
    const std::string scenario = source_path("tests/scenarios/recommend-check.json");
    for (const char* budget : {"60", "8"}) {
        const auto one =
            run_ddbsim({"recommend", scenario, "--json", "--jobs", "1", "--max-runs", budget});
        REQUIRE(one.exit_code == 0);
        for (const char* jobs : {"2", "3"}) {
            INFO("--max-runs " << budget << " --jobs " << jobs);
            const auto many =
                run_ddbsim({"recommend", scenario, "--json", "--jobs", jobs, "--max-runs", budget});
            REQUIRE(many.exit_code == 0);
            CHECK(many.out == one.out);
        }
    }
    CHECK(run_ddbsim({"recommend", scenario, "--jobs", "0"}).exit_code == 2);
}

#ifdef DDBSIM_MPIRUN
TEST_CASE("recommend under mpirun on 1, 2, 3 or 5 ranks gives the answer of --jobs 1",
          "[cli][recommend][mpi]") {
    // The four speculative searches run as tasks on the workers (5 ranks: one each; 2 ranks:
    // all four on one); rank 0 runs the sequential search on their merged results. A budget
    // of 8 cuts the search short, so the merged cache must not change what it asks for.
    ::setenv("OMPI_ALLOW_RUN_AS_ROOT", "1", 1);  // CI containers run as root
    ::setenv("OMPI_ALLOW_RUN_AS_ROOT_CONFIRM", "1", 1);
    ::setenv("OMPI_MCA_rmaps_base_oversubscribe", "1", 1);
    const std::string scenario = source_path("tests/scenarios/recommend-check.json");
    for (const auto& [budget, ranks] :
         {std::pair<const char*, std::vector<const char*>>{"60", {"2", "5"}}, {"8", {"1", "3"}}}) {
        const auto one =
            run_ddbsim({"recommend", scenario, "--json", "--jobs", "1", "--max-runs", budget});
        REQUIRE(one.exit_code == 0);
        for (const char* np : ranks) {
            const auto mpi =
                run_ddbsim_under({DDBSIM_MPIRUN, "--oversubscribe", "-np", np},
                                 {"recommend", scenario, "--json", "--max-runs", budget});
            INFO("--max-runs " << budget << " -np " << np << ": " << mpi.err);
            REQUIRE(mpi.exit_code == 0);
            CHECK(mpi.out == one.out);  // only rank 0 prints
        }
    }
}
#endif
