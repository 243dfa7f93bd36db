// Hostile input through the real binary: a corpus of malformed DynamoDB API requests with the
// exact responses they get, and every command given inputs built to crash, hang or overflow —
// each must end with a clear message and exit 2 (never a signal, never "internal error").
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "cli/run_process.hpp"

using namespace ddbsim::test;
namespace fs = std::filesystem;

namespace {

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);)
        out.push_back(line);
    return out;
}

fs::path write_temp(const std::string& name, const std::string& content) {
    const fs::path dir = fs::temp_directory_path() / "ddbsim-hostile";
    fs::create_directories(dir);
    const fs::path path = dir / name;
    std::ofstream(path, std::ios::binary) << content;
    return path;
}

std::string nested(const std::string& open, const std::string& leaf, const std::string& close,
                   int depth) {
    std::string out;
    for (int i = 0; i < depth; ++i)
        out += open;
    out += leaf;
    for (int i = 0; i < depth; ++i)
        out += close;
    return out;
}

}  // namespace

TEST_CASE("malformed API requests get DynamoDB's errors, exactly as recorded", "[cli][hostile]") {
    const std::string requests = source_path("tests/api/malformed-requests.jsonl");
    auto r = run_ddbsim({"exec", requests, "--table", source_path("tests/api/table.json")});
    REQUIRE(r.exit_code == 0);
    const auto actual = lines_of(r.out);
    const auto expected = lines_of(read_file(source_path("tests/api/malformed-requests.expected")));
    std::vector<std::string> notes;
    for (const auto& line : lines_of(read_file(requests)))
        if (line.rfind("// ", 0) == 0) notes.push_back(line.substr(3));
    notes.erase(notes.begin(), notes.begin() + 2);  // the file's own two-line header
    REQUIRE(expected.size() >= 100);
    REQUIRE(actual.size() == expected.size());
    REQUIRE(notes.size() == expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
        INFO("request " << i + 1 << ": " << notes[i]);
        CHECK(actual[i] == expected[i]);
        // Every one of them is refused: an error object, never a success.
        const auto response = nlohmann::json::parse(actual[i]);
        CHECK(response.contains("__type"));
    }
}

TEST_CASE("every command refuses inputs built to crash it, with exit 2 and a message",
          "[cli][hostile]") {
    const std::string deep_json = nested("[", "", "]", 100000);
    const std::string deep_item =
        "{\"pk\": {\"S\": \"k\"}, \"a\": " + nested("{\"L\": [", "{\"S\": \"x\"}", "]}", 50000) +
        "}";
    const fs::path deep = write_temp("deep.json", deep_json);
    const fs::path deep_item_file = write_temp("deep-item.json", deep_item);
    const fs::path overflow = write_temp("overflow.json", "{\"seed\": 1e400}");
    const fs::path empty = write_temp("empty.json", "");
    const fs::path garbage = write_temp("garbage.json", std::string("\x00\xff\xfe{\x01", 5));
    const fs::path table = source_path("tests/api/table.json");
    const fs::path deep_line =
        write_temp("deep-line.jsonl",
                   "{\"op\": \"PutItem\", \"request\": {\"TableName\": \"hostile\", "
                   "\"Item\": " +
                       nested("{\"M\": {\"a\": ", "{\"S\": \"x\"}", "}}", 50000) + "}}\n");
    const fs::path huge_numbers = write_temp(
        "huge-line.jsonl",
        "{\"op\": \"Scan\", \"request\": {\"TableName\": \"hostile\", \"Limit\": 1e400}}\n");
    const std::vector<std::vector<std::string>> commands = {
        {"validate", deep.string()},
        {"run", deep.string(), "--no-reports"},
        {"recommend", deep.string()},
        {"size", deep.string()},
        {"size", deep_item_file.string()},
        {"validate", overflow.string()},
        {"run", overflow.string(), "--no-reports"},
        {"validate", empty.string()},
        {"validate", garbage.string()},
        {"size", garbage.string()},
        {"exec", deep_line.string(), "--table", table.string()},
        {"exec", huge_numbers.string(), "--table", table.string()},
        {"exec", deep_line.string(), "--table", deep.string()},
        {"validate", "/nonexistent/scenario.json"},
        {"validate", fs::temp_directory_path().string()},
        {"run", "--seed", "99999999999999999999999", deep.string()},
        {"capacity", "--item-size", "1e400KB", "--reads", "1"},
        {"capacity", "--item-size", "1KB", "--reads", "1e400"},
        {"exercise", "run", "no-such-exercise"},
    };
    for (const auto& args : commands) {
        std::string shown;
        for (const auto& a : args)
            shown += (a.size() > 80 ? a.substr(0, 80) + "…" : a) + " ";
        INFO("ddbsim " << shown);
        auto r = run_ddbsim(args);
        CHECK(r.exit_code == 2);
        CHECK(r.err.rfind("ddbsim: ", 0) == 0);
        CHECK(r.err.find("internal error") == std::string::npos);
        CHECK(r.out.empty());
    }
}
