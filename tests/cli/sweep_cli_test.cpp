// `ddbsim sweep` and `ddbsim merge` through the real binary: the same bytes for any --jobs
// and any shard count, shards refused when they do not make one sweep, bad sweep sections
// named by their JSON pointer.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "cli/run_process.hpp"

using ddbsim::test::read_file;
using ddbsim::test::run_ddbsim;
using ddbsim::test::run_ddbsim_under;
using ddbsim::test::source_path;
using ddbsim::test::temp_file;
using nlohmann::json;

namespace {

const std::vector<std::string> kFiles = {"sweep.csv", "sweep.json", "sweep.md", "sweep.html"};

std::string fresh_dir(const std::string& name) {
    const auto dir = std::filesystem::temp_directory_path() /
                     ("ddbsim-sweep-test-" + std::to_string(::getpid()) + "-" + name);
    std::filesystem::remove_all(dir);
    return dir.string();
}

std::string scenario() {
    return source_path("tests/scenarios/sweep-small.json");
}

void same_reports(const std::string& a, const std::string& b) {
    for (const auto& f : kFiles) {
        INFO(f);
        const auto x = read_file(a + "/" + f);
        CHECK_FALSE(x.empty());
        CHECK(x == read_file(b + "/" + f));
    }
}

}  // namespace

TEST_CASE("sweep writes the same bytes for 1, 2 and 3 threads", "[cli][sweep]") {
    const auto one = fresh_dir("j1"), two = fresh_dir("j2"), three = fresh_dir("j3");
    auto r = run_ddbsim({"sweep", scenario(), "--jobs", "1", "--out", one});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(r.out.find("18 runs over 6 points") != std::string::npos);
    REQUIRE(run_ddbsim({"sweep", scenario(), "--jobs", "2", "--out", two, "--quiet"}).exit_code ==
            0);
    REQUIRE(run_ddbsim({"sweep", scenario(), "--jobs", "3", "--out", three, "--quiet"}).exit_code ==
            0);
    same_reports(one, two);
    same_reports(one, three);

    const auto doc = json::parse(read_file(one + "/sweep.json"));
    REQUIRE(doc["runs"].size() == 18);
    CHECK(doc["points"].size() == 6);
    // Seed index 0 is the scenario's own seed; every point sees the same seeds.
    CHECK(doc["runs"][0]["seed"] == 1);
    CHECK(doc["runs"][1]["seed"] == doc["runs"][4]["seed"]);
    CHECK(doc["runs"][1]["seed"] != doc["runs"][2]["seed"]);
    // 5 WCU for 20 writes/s throttles; 40 WCU does not; the capacity moves throttles most.
    const auto& p0 = doc["points"][0]["metrics"]["throttledRequests.sum"];
    const auto& p5 = doc["points"][5]["metrics"]["throttledRequests.sum"];
    CHECK(p0["mean"].get<double>() > 0);
    CHECK(p5["mean"].get<double>() == 0);
    CHECK(p0["n"] == 3);
    for (const auto& e : doc["effects"])
        if (e["metric"] == "throttledRequests.sum")
            CHECK(e["strongest"] == "/table/ProvisionedThroughput/WriteCapacityUnits");
    // Golden: the runs, the per-point statistics and the effects, exactly (regenerate
    // deliberately: ddbsim sweep tests/scenarios/sweep-small.json, keep runs/points/effects).
    const auto golden = json::parse(read_file(source_path("tests/golden/sweep__sweep-small.json")));
    CHECK(doc["runs"] == golden["runs"]);
    CHECK(doc["points"] == golden["points"]);
    CHECK(doc["effects"] == golden["effects"]);
    // The CSV: a header and one row per run, in task order.
    const auto csv = read_file(one + "/sweep.csv");
    CHECK(csv.rfind("task,point,seed_index,seed,/table/ProvisionedThroughput/"
                    "WriteCapacityUnits,/workload/0/keys/hot/0/share,fidelity,",
                    0) == 0);
    CHECK(std::count(csv.begin(), csv.end(), '\n') == 19);
}

TEST_CASE("sweep shards merge into the same bytes as one run", "[cli][sweep]") {
    const auto whole = fresh_dir("whole");
    REQUIRE(run_ddbsim({"sweep", scenario(), "--out", whole, "--quiet"}).exit_code == 0);
    for (int n : {1, 2, 4}) {
        const auto shards = fresh_dir("shards" + std::to_string(n));
        for (int i = 0; i < n; ++i) {
            auto r = run_ddbsim({"sweep", scenario(), "--shard",
                                 std::to_string(i) + "/" + std::to_string(n), "--out", shards});
            INFO(r.err);
            REQUIRE(r.exit_code == 0);
            CHECK(std::filesystem::exists(shards + "/shard-" + std::to_string(i) + "-of-" +
                                          std::to_string(n) + ".json"));
        }
        CHECK_FALSE(std::filesystem::exists(shards + "/sweep.csv"));  // shards write no reports
        const auto merged = fresh_dir("merged" + std::to_string(n));
        auto m = run_ddbsim({"merge", shards, "--out", merged, "--quiet"});
        INFO(m.err);
        REQUIRE(m.exit_code == 0);
        same_reports(whole, merged);
    }
}

TEST_CASE("a batch array's index chooses the shard", "[cli][sweep]") {
    const auto by_flag = fresh_dir("flag"), by_env = fresh_dir("env");
    REQUIRE(run_ddbsim({"sweep", scenario(), "--shard", "1/3", "--out", by_flag, "--quiet"})
                .exit_code == 0);
    ::setenv("SLURM_ARRAY_TASK_ID", "2", 1);  // --array=1-3: the second task
    ::setenv("SLURM_ARRAY_TASK_MIN", "1", 1);
    ::setenv("SLURM_ARRAY_TASK_COUNT", "3", 1);
    auto r = run_ddbsim({"sweep", scenario(), "--out", by_env, "--quiet"});
    ::unsetenv("SLURM_ARRAY_TASK_ID");
    ::unsetenv("SLURM_ARRAY_TASK_MIN");
    ::unsetenv("SLURM_ARRAY_TASK_COUNT");
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(read_file(by_flag + "/shard-1-of-3.json") == read_file(by_env + "/shard-1-of-3.json"));
    ::setenv("JOB_COMPLETION_INDEX", "1", 1);
    auto k = run_ddbsim({"sweep", scenario(), "--out", by_env, "--quiet"});
    ::unsetenv("JOB_COMPLETION_INDEX");
    CHECK(k.exit_code == 2);
    CHECK(k.err.find("DDBSIM_SHARD_COUNT") != std::string::npos);
}

TEST_CASE("merge refuses shards that are not one whole sweep", "[cli][sweep]") {
    const auto shards = fresh_dir("partial");
    REQUIRE(
        run_ddbsim({"sweep", scenario(), "--shard", "0/2", "--out", shards, "--quiet"}).exit_code ==
        0);
    auto missing = run_ddbsim({"merge", shards, "--out", fresh_dir("m1")});
    CHECK(missing.exit_code == 2);
    CHECK(missing.err.find("shard 1 of 2 is missing (shard-1-of-2.json)") != std::string::npos);
    auto twice = run_ddbsim({"merge", shards + "/shard-0-of-2.json", shards + "/shard-0-of-2.json",
                             "--out", fresh_dir("m2")});
    CHECK(twice.exit_code == 2);
    CHECK(twice.err.find("/shard: shard 0 is also in") != std::string::npos);
    // Shard 1 of another scenario (a different grid): refused, naming the file.
    auto doc = json::parse(read_file(scenario()));
    doc["sweep"]["seeds"] = 2;
    const auto other = temp_file("sweep-other.json", doc.dump());
    const auto other_dir = fresh_dir("other");
    REQUIRE(
        run_ddbsim({"sweep", other, "--shard", "1/2", "--out", other_dir, "--quiet"}).exit_code ==
        0);
    auto foreign = run_ddbsim({"merge", shards + "/shard-0-of-2.json",
                               other_dir + "/shard-1-of-2.json", "--out", fresh_dir("m3")});
    CHECK(foreign.exit_code == 2);
    CHECK(foreign.err.find("shard-1-of-2.json: /fingerprint: from another scenario") !=
          std::string::npos);
    auto junk = run_ddbsim({"merge", temp_file("junk.json", "[1,2]"), "--out", fresh_dir("m4")});
    CHECK(junk.exit_code == 2);
    CHECK(junk.err.find("/ddbsimSweepShard") != std::string::npos);
}

TEST_CASE("bad sweep input exits 2 naming the field", "[cli][sweep]") {
    auto doc = json::parse(read_file(scenario()));
    int n = 0;
    auto with = [&](const std::string& pointer, const json& value) {
        json d = doc;
        d[json::json_pointer(pointer)] = value;
        return temp_file("sweep-bad-" + std::to_string(++n) + ".json", d.dump());
    };
    struct Case {
        std::string file, expected;
    };
    const std::vector<Case> cases = {
        {with("/sweep/seeds", 0), "/sweep/seeds: found 0, expected an integer from 1 to 10000"},
        {with("/sweep/parameters/0/pointer", "/table/Nope/X"), "/sweep/parameters/0/pointer:"},
        {with("/sweep/parameters/1/values", json::array({0.2, "lots"})),
         "in sweep point 1 (/table/ProvisionedThroughput/WriteCapacityUnits = 5, "
         "/workload/0/keys/hot/0/share = \"lots\")"},
        {with("/sweep/parameters/0/values", json::array({5, -3})),
         "/table/ProvisionedThroughput/WriteCapacityUnits = -3"},
    };
    for (const auto& c : cases) {
        auto r = run_ddbsim({"sweep", c.file, "--out", fresh_dir("bad")});
        INFO(r.err);
        CHECK(r.exit_code == 2);
        CHECK(r.err.find(c.expected) != std::string::npos);
        CHECK_FALSE(std::filesystem::exists(fresh_dir("bad") + "/sweep.csv"));
    }
    json none = doc;
    none.erase("sweep");
    auto r = run_ddbsim({"sweep", temp_file("sweep-none.json", none.dump())});
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("/sweep: missing") != std::string::npos);
    CHECK(run_ddbsim({"sweep", scenario(), "--jobs", "0"}).exit_code == 2);
    CHECK(run_ddbsim({"sweep", scenario(), "--shard", "3/3"}).exit_code == 2);
    CHECK(run_ddbsim({"sweep", scenario(), "--format", "pdf"}).exit_code == 2);
    // `ddbsim run` on a file with a sweep section runs its baseline as before.
    CHECK(run_ddbsim({"validate", scenario()}).exit_code == 0);
}

TEST_CASE("a sweep killed halfway resumes from its journal to the same bytes", "[cli][sweep]") {
    const auto whole = fresh_dir("plain"), journaled = fresh_dir("journaled");
    REQUIRE(run_ddbsim({"sweep", scenario(), "--out", whole, "--quiet"}).exit_code == 0);
    const auto journal = fresh_dir("journal") + ".jsonl";
    std::filesystem::remove(journal);
    REQUIRE(run_ddbsim({"sweep", scenario(), "--journal", journal, "--out", journaled, "--quiet"})
                .exit_code == 0);
    same_reports(whole, journaled);
    const auto text = read_file(journal);
    REQUIRE(std::count(text.begin(), text.end(), '\n') == 19);  // the header and 18 runs

    // As a kill leaves it: the header, five runs, and a sixth cut short.
    std::string cut;
    std::size_t at = 0;
    for (int line = 0; line < 6; ++line)
        at = text.find('\n', at) + 1;
    cut = text.substr(0, at) + text.substr(at, 25);
    { std::ofstream(journal, std::ios::binary) << cut; }
    const auto resumed = fresh_dir("resumed");
    auto r = run_ddbsim({"sweep", scenario(), "--journal", journal, "--resume", "--out", resumed});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(r.err.find("resuming: 5 of 18 runs are in the journal") != std::string::npos);
    same_reports(whole, resumed);
    // The journal now holds every run (the cut line aside), so a second resume runs nothing.
    auto again =
        run_ddbsim({"sweep", scenario(), "--journal", journal, "--resume", "--out", resumed});
    CHECK(again.err.find("resuming: 18 of 18") != std::string::npos);
    same_reports(whole, resumed);

    // Misuse: an existing journal without --resume, --resume alone, another sweep's journal,
    // a damaged line in the middle.
    auto exists = run_ddbsim({"sweep", scenario(), "--journal", journal, "--out", resumed});
    CHECK(exists.exit_code == 2);
    CHECK(exists.err.find("the journal exists; pass --resume") != std::string::npos);
    CHECK(run_ddbsim({"sweep", scenario(), "--resume"}).exit_code == 2);
    auto doc = json::parse(read_file(scenario()));
    doc["sweep"]["seeds"] = 2;
    auto foreign = run_ddbsim({"sweep", temp_file("sweep-foreign.json", doc.dump()), "--journal",
                               journal, "--resume", "--out", resumed});
    CHECK(foreign.exit_code == 2);
    CHECK(foreign.err.find(":1: the journal is of another sweep") != std::string::npos);
    const auto damaged = fresh_dir("damaged") + ".jsonl";
    {
        std::ofstream(damaged, std::ios::binary)
            << text.substr(0, text.find('\n') + 1) << "garbage\n"
            << text.substr(text.find('\n') + 1);
    }
    auto bad =
        run_ddbsim({"sweep", scenario(), "--journal", damaged, "--resume", "--out", resumed});
    CHECK(bad.exit_code == 2);
    CHECK(bad.err.find(":2: not a run of the sweep") != std::string::npos);
}

#ifdef DDBSIM_MPIRUN
TEST_CASE("mpirun -np 1, 2 and 3 write the same bytes as threads", "[cli][sweep][mpi]") {
    ::setenv("OMPI_ALLOW_RUN_AS_ROOT", "1", 1);  // CI containers run as root
    ::setenv("OMPI_ALLOW_RUN_AS_ROOT_CONFIRM", "1", 1);
    ::setenv("OMPI_MCA_rmaps_base_oversubscribe", "1", 1);
    const auto whole = fresh_dir("threads");
    REQUIRE(run_ddbsim({"sweep", scenario(), "--out", whole, "--quiet"}).exit_code == 0);
    for (int np : {1, 2, 3}) {
        const auto out = fresh_dir("mpi" + std::to_string(np));
        auto r = run_ddbsim_under({DDBSIM_MPIRUN, "--oversubscribe", "-np", std::to_string(np)},
                                  {"sweep", scenario(), "--out", out, "--quiet"});
        INFO("np " << np << ": " << r.err);
        REQUIRE(r.exit_code == 0);
        same_reports(whole, out);
    }
    // The coordinator keeps the journal: a resumed MPI sweep ends with the same bytes.
    const auto journal = fresh_dir("mpi-journal") + ".jsonl";
    std::filesystem::remove(journal);
    const auto out = fresh_dir("mpi-journaled");
    REQUIRE(run_ddbsim_under({DDBSIM_MPIRUN, "--oversubscribe", "-np", "3"},
                             {"sweep", scenario(), "--journal", journal, "--out", out, "--quiet"})
                .exit_code == 0);
    const auto text = read_file(journal);
    CHECK(std::count(text.begin(), text.end(), '\n') == 19);
    same_reports(whole, out);
}
#endif

TEST_CASE("a sweep checks its expectations at every point, on the mean or a CI bound",
          "[cli][sweep]") {
    auto doc = json::parse(read_file(scenario()));
    // 5 WCU for 20 writes/s throttles at the first two points; 15 and 40 WCU never do.
    doc["expect"] = json::parse(R"([
        {"metric": "throttledRequests", "statistic": "sum", "max": 0},
        {"metric": "consumedWCU", "statistic": "sum", "over": "upper95", "max": 1000000}])");
    const auto file = temp_file("sweep-expect.json", doc.dump());
    const auto out = fresh_dir("expect");
    auto r = run_ddbsim({"sweep", file, "--out", out, "--quiet"});
    INFO(r.err);
    CHECK(r.exit_code == 1);
    CHECK(r.err.find("expectation failed: /expect/0: throttledRequests.sum = ") !=
          std::string::npos);
    CHECK(r.err.find("at point 0, expected ≤ 0") != std::string::npos);
    CHECK(r.err.find("/expect/1") == std::string::npos);
    const auto report = json::parse(read_file(out + "/sweep.json"));
    CHECK(report["passed"] == false);
    REQUIRE(report["expectations"].size() == 12);  // 2 expectations × 6 points
    int failed = 0;
    for (const auto& e : report["expectations"])
        failed += e["passed"].get<bool>() ? 0 : 1;
    CHECK(failed == 2);
    CHECK(report["expectations"][6]["over"] == "upper95");
    CHECK(read_file(out + "/sweep.md").find("10 of 12 expectation checks") != std::string::npos);
    // Merged shards reach the same verdicts and bytes.
    const auto shards = fresh_dir("expect-shards"), merged = fresh_dir("expect-merged");
    for (const char* s : {"0/2", "1/2"})
        REQUIRE(run_ddbsim({"sweep", file, "--shard", s, "--out", shards, "--quiet"}).exit_code ==
                0);
    CHECK(run_ddbsim({"merge", shards, "--out", merged, "--quiet"}).exit_code == 1);
    same_reports(out, merged);
    // A bad `over` is bad input.
    doc["expect"][1]["over"] = "median";
    auto bad = run_ddbsim({"sweep", temp_file("sweep-expect-bad.json", doc.dump())});
    CHECK(bad.exit_code == 2);
    CHECK(bad.err.find("/expect/1/over: found \"median\", expected mean, upper95 or lower95") !=
          std::string::npos);
}

TEST_CASE("sweep.html charts a metric over the grid: a line for one parameter, a heat map for two",
          "[cli][sweep]") {
    const auto two = fresh_dir("chart2");
    REQUIRE(
        run_ddbsim({"sweep", scenario(), "--out", two, "--quiet", "--format", "html"}).exit_code ==
        0);
    const auto html2 = read_file(two + "/sweep.html");
    CHECK(html2.find("<table class=\"heat\">") != std::string::npos);
    CHECK(html2.find("/table/ProvisionedThroughput/WriteCapacityUnits ↓ / "
                     "/workload/0/keys/hot/0/share →") != std::string::npos);
    auto doc = json::parse(read_file(scenario()));
    doc["sweep"]["parameters"].erase(1);
    const auto one = fresh_dir("chart1");
    REQUIRE(run_ddbsim({"sweep", temp_file("sweep-one.json", doc.dump()), "--out", one, "--quiet",
                        "--format", "html"})
                .exit_code == 0);
    const auto html1 = read_file(one + "/sweep.html");
    CHECK(html1.find("<polyline") != std::string::npos);
    CHECK(html1.find("mean ± 95 % CI over /table/ProvisionedThroughput/WriteCapacityUnits") !=
          std::string::npos);
    CHECK(html1.find("class=\"heat\"") == std::string::npos);
}
