// Golden results: every shipped scenario (but the month-long benchmark, demo inputs and the
// course exercises, which the `exercise` tests check) is run
// through the real binary and its metrics, costs and verdicts compared with tests/golden/ —
// exactly. Regenerate deliberately with scripts/update-golden.sh and review the diff.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "cli/run_process.hpp"

using namespace ddbsim::test;
using nlohmann::json;
namespace fs = std::filesystem;

TEST_CASE("shipped scenarios reproduce their golden results", "[cli][golden]") {
    const fs::path root = source_path("scenarios");
    std::vector<fs::path> scenarios;
    for (const auto& e : fs::recursive_directory_iterator(root)) {
        const auto name = e.path().filename().string();
        // demo/ holds `ddbsim exec` inputs (tables and requests), not scenarios.
        // course/ is checked against the course's answers by the `exercise` tests.
        const auto dir = e.path().parent_path().filename();
        if (e.path().extension() != ".json" || name == "schema.json" ||
            name.rfind("month-", 0) == 0 || dir == "demo" || dir == "course")
            continue;
        scenarios.push_back(e.path());
    }
    std::sort(scenarios.begin(), scenarios.end());
    REQUIRE(scenarios.size() >= 2);
    for (const auto& s : scenarios) {
        std::string fixed;  // scenarios/a/b.json → tests/golden/a__b.json
        for (char c : fs::relative(s, root).string())
            fixed += c == '/' ? std::string("__") : std::string(1, c);
        const fs::path golden = source_path("tests/golden/" + fixed);
        INFO(s.string() << " vs " << golden.string());
        REQUIRE(fs::exists(golden));
        std::ifstream in(golden);
        const json expected = json::parse(in);
        auto r = run_ddbsim({"run", s.string(), "--no-reports", "--json", "--quiet"});
        CHECK((r.exit_code == 0 || r.exit_code == 1));
        const json actual = json::parse(r.out);
        CHECK(actual["passed"] == expected["passed"]);
        REQUIRE(actual["runs"].size() == expected["runs"].size());
        for (std::size_t i = 0; i < actual["runs"].size(); ++i) {
            INFO("run " << expected["runs"][i]["name"]);
            for (const auto& [key, value] : expected["runs"][i]["metrics"].items()) {
                INFO(key);
                CHECK(actual["runs"][i]["metrics"][key] == value);
            }
            CHECK(actual["runs"][i]["metrics"].size() == expected["runs"][i]["metrics"].size());
        }
        CHECK(actual["expectations"] == expected["expectations"]);
    }
}
