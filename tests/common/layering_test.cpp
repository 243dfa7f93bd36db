// The room order (docs/architecture.md "Rooms"), checked on the source tree: every
// `#include "room/…"` in engine/, reports/, cli/ and gui/ must point at a room its own room
// may use. The core library (common, storage, model, cost, and the time type and named random
// streams of sim/) never reaches the simulator (the event kernel, metrics, workload, run), so
// a server can link the core alone; CMake builds them as two libraries (engine/CMakeLists.txt).
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <string>

namespace fs = std::filesystem;

namespace {

// The room of a file, by its path under the source tree ("" for files outside the rooms).
// sim/time.hpp and sim/random.* are the core's part of the sim room: "sim-core".
std::string room_of(const std::string& relative) {
    static const std::regex engine_room("^engine/([a-z]+)/([a-z_]+)\\.[a-z.]+$");
    std::smatch m;
    if (std::regex_match(relative, m, engine_room)) {
        if (m[1] == "sim" && (m[2] == "time" || m[2] == "random")) return "sim-core";
        return m[1];
    }
    for (const char* front : {"reports", "cli", "gui", "server"})
        if (relative.rfind(std::string(front) + "/", 0) == 0) return front;
    return "";
}

// What each room may include (itself included).
const std::map<std::string, std::set<std::string>>& allowed() {
    static const std::set<std::string> core = {"common", "sim-core", "storage", "model", "cost"};
    static const std::set<std::string> engine = {"common", "sim-core", "storage",  "model", "cost",
                                                 "sim",    "metrics",  "workload", "run"};
    static const std::map<std::string, std::set<std::string>> table = {
        {"common", {"common"}},
        {"sim-core", {"common", "sim-core"}},
        {"storage", {"common", "storage"}},
        {"model", {"common", "sim-core", "storage", "model"}},
        {"cost", {"common", "cost"}},
        {"sim", {"common", "sim-core", "sim"}},
        {"metrics", {"common", "sim-core", "sim", "model", "metrics"}},
        {"workload", {"common", "sim-core", "sim", "storage", "model", "cost", "workload"}},
        {"run", engine},
        {"import",
         [] {
             auto s = engine;
             s.insert("import");
             return s;
         }()},
        {"service",
         [] {
             auto s = engine;
             s.insert("service");
             return s;
         }()},
        {"reports",
         [] {
             auto s = engine;
             s.insert("reports");
             return s;
         }()},
        {"cli",
         [] {
             auto s = engine;
             s.insert({"reports", "cli", "service", "server", "import"});
             return s;
         }()},
        {"server",
         [] {
             auto s = engine;
             s.insert({"service", "server"});
             return s;
         }()},
        {"gui",
         [] {
             auto s = engine;
             s.insert({"reports", "gui", "import"});
             return s;
         }()},
    };
    (void)core;
    return table;
}

}  // namespace

TEST_CASE("no include crosses the room order", "[common][layering]") {
    const fs::path root = DDBSIM_SOURCE_DIR;
    static const std::regex include_line("^\\s*#\\s*include\\s+\"([^\"]+)\"");
    int files = 0, includes = 0;
    for (const char* top : {"engine", "reports", "cli", "gui", "server"}) {
        for (const auto& entry : fs::recursive_directory_iterator(root / top)) {
            const auto ext = entry.path().extension();
            if (ext != ".cpp" && ext != ".hpp" && ext != ".in") continue;
            const std::string relative = fs::relative(entry.path(), root).generic_string();
            const std::string room = room_of(relative);
            if (room.empty()) continue;
            ++files;
            std::ifstream in(entry.path());
            int number = 0;
            for (std::string line; std::getline(in, line);) {
                ++number;
                std::smatch m;
                if (!std::regex_search(line, m, include_line)) continue;
                const std::string target = m[1];
                // Same-folder includes of front ends ("progress_bar.hpp") stay in their room.
                std::string target_room =
                    target.find('/') == std::string::npos ? room : room_of("engine/" + target);
                if (target_room.empty()) target_room = room_of(target);
                if (target_room.empty()) continue;  // generated files, tests' helpers
                ++includes;
                INFO(relative << ":" << number << " includes \"" << target << "\"");
                CHECK(allowed().at(room).count(target_room) == 1);
            }
        }
    }
    CHECK(files > 100);
    CHECK(includes > 300);
}

TEST_CASE("the room check itself refuses a crossing", "[common][layering]") {
    // The rule the test above applies, on a crossing it must catch and one it must allow.
    CHECK(room_of("engine/model/capacity_model.hpp") == "model");
    CHECK(room_of("engine/sim/time.hpp") == "sim-core");
    CHECK(room_of("engine/sim/event_queue.hpp") == "sim");
    CHECK(allowed().at("model").count(room_of("engine/run/run_result.hpp")) == 0);
    CHECK(allowed().at("storage").count(room_of("engine/model/partition_map.hpp")) == 0);
    CHECK(allowed().at("model").count(room_of("engine/sim/event_queue.hpp")) == 0);
    CHECK(allowed().at("run").count(room_of("engine/model/partition_map.hpp")) == 1);
}
