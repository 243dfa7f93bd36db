// Every file under tests/scenarios/malformed/ is a broken scenario with the exact error
// output expected beside it (NAME.expected, "FILE" standing for the path and "DIR" for its
// directory): `ddbsim validate`
// and `ddbsim run` must print exactly that, exit 2 and write nothing.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli/run_process.hpp"

using namespace ddbsim::test;
namespace fs = std::filesystem;

namespace {

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
    for (std::size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size()))
        s.replace(at, from.size(), to);
    return s;
}

}  // namespace

TEST_CASE("malformed scenario files fail with their exact expected errors", "[cli][scenario]") {
    const fs::path dir = source_path("tests/scenarios/malformed");
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(dir))
        if (entry.path().extension() == ".json") files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    REQUIRE(files.size() >= 120);
    for (const auto& file : files) {
        INFO(file.filename().string());
        fs::path expected_path = file;
        expected_path.replace_extension(".expected");
        REQUIRE(fs::exists(expected_path));
        // FILE stands for the file's path, DIR for its directory (where it names files).
        const std::string expected =
            replace_all(replace_all(read_file(expected_path.string()), "FILE", file.string()),
                        "DIR", file.parent_path().string());
        auto r = run_ddbsim({"validate", file.string()});
        CHECK(r.exit_code == 2);
        CHECK(r.out.empty());
        CHECK(r.err == expected);
    }
}

TEST_CASE("run refuses a malformed scenario before writing any report", "[cli][scenario]") {
    const fs::path out = fs::temp_directory_path() / "ddbsim-malformed-run";
    fs::remove_all(out);
    const std::string file = source_path("tests/scenarios/malformed/36-many-problems.json");
    auto r = run_ddbsim({"run", file, "--out", out.string()});
    CHECK(r.exit_code == 2);
    CHECK(r.out.empty());
    CHECK(r.err.find("3 problems") != std::string::npos);
    CHECK_FALSE(fs::exists(out));
}
