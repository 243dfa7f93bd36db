// `ddbsim exercise list | run NAME | check`: the course's worked examples and the Pinehead
// Records scenarios, runnable, explained and checked against the course's answers.
#include <filesystem>
#include <iostream>

#include <nlohmann/json.hpp>

#include "args.hpp"
#include "builtin_exercises.hpp"
#include "commands.hpp"
#include "exercise_explain.hpp"
#include "reports/atomic_file.hpp"
#include "scenario_runner.hpp"

namespace ddbsim::cli {
namespace {

constexpr const char* kUsage = R"(usage: ddbsim exercise list
       ddbsim exercise run NAME [--out DIR]
       ddbsim exercise check

The DynamoDB deep-dive course's worked examples and the Pinehead Records data models, each a
scenario whose expectations hold the course's answer.
  list         one exercise a line: its name, then what it teaches
  run NAME     run one and explain the result step by step; --out DIR also writes its reports
  check        run every exercise; exit 1 if any answer differs (2 on bad input)
)";

struct Exercise {
    std::string name;
    workload::ScenarioFile file;
};

std::optional<Exercise> load(std::string_view name, std::string_view text) {
    auto doc = nlohmann::json::parse(text, nullptr, false);
    if (doc.is_discarded()) return std::nullopt;
    auto loaded = workload::load_scenario_file(doc);
    if (!loaded.ok()) {
        for (const auto& p : loaded.problems)
            std::cerr << "ddbsim: exercise " << name << ": " << p.pointer << ": " << p.message
                      << "\n";
        return std::nullopt;
    }
    return Exercise{std::string(name), std::move(*loaded.file)};
}

std::string title(const std::string& description) {
    const auto at = description.find(". ");
    return at == std::string::npos ? description : description.substr(0, at);
}

}  // namespace

int run_exercise(const std::vector<std::string>& argv) {
    Args args(argv, {"out"}, {"help"});
    if (args.has("help")) {
        std::cout << kUsage;
        return kExitOk;
    }
    if (!args.error().empty()) return bad_input("exercise: " + args.error());
    const auto& pos = args.positionals();
    if (pos.empty())
        return bad_input("exercise: expected list, run NAME or check (see ddbsim exercise --help)");
    const std::string& what = pos[0];
    if (what == "list" && pos.size() == 1) {
        for (const auto& [name, text] : builtin_exercises()) {
            auto doc = nlohmann::json::parse(text, nullptr, false);
            const std::string description = doc.is_object() && doc.contains("description")
                                                ? doc["description"].get<std::string>()
                                                : "";
            std::cout << name << "  " << title(description) << "\n";
        }
        return kExitOk;
    }
    if (what == "run" && pos.size() == 2) {
        for (const auto& [name, text] : builtin_exercises()) {
            if (name != pos[1]) continue;
            auto ex = load(name, text);
            if (!ex) return kExitFailure;
            auto report = run_scenario_file(ex->file, "exercise " + ex->name, {});
            if (!report) return kExitFailure;
            std::cout << explain_exercise(ex->name, *report);
            if (auto out = args.value("out")) {
                std::vector<std::pair<std::string, std::string>> files;
                for (const auto& f : reports::format_names())
                    files.emplace_back(*out + "/" + reports::file_name(f),
                                       reports::render(*report, f));
                std::error_code ec;
                std::filesystem::create_directories(*out, ec);
                if (auto st = reports::write_files_atomically(files); !st.ok())
                    return bad_input("exercise: " + st.error().message);
                std::cout << "\nreports: " << *out << "/report.html\n";
            }
            return report->expectations_passed() ? kExitOk : kExitFailure;
        }
        return bad_input("exercise: no exercise named \"" + pos[1] +
                         "\" (see ddbsim exercise list)");
    }
    if (what == "check" && pos.size() == 1) {
        int failed = 0, checks = 0;
        for (const auto& [name, text] : builtin_exercises()) {
            auto ex = load(name, text);
            if (!ex) {
                std::cout << "FAIL  " << name << ": does not load\n";
                ++failed;
                continue;
            }
            auto report = run_scenario_file(ex->file, "exercise " + ex->name, {});
            const bool ok = report && report->expectations_passed();
            checks += report ? static_cast<int>(report->expectations.size()) : 0;
            std::cout << (ok ? "pass  " : "FAIL  ") << name << " ("
                      << (report ? report->expectations.size() : 0) << " checks)\n";
            if (!ok && report) {
                for (const auto& e : report->expectations)
                    if (!e.passed) std::cout << "        " << e.run << ": " << e.message << "\n";
            }
            failed += ok ? 0 : 1;
        }
        std::cout << builtin_exercises().size() - static_cast<std::size_t>(failed) << " of "
                  << builtin_exercises().size() << " exercises match the course's answers ("
                  << checks << " checks)\n";
        return failed == 0 ? kExitOk : kExitFailure;
    }
    return bad_input("exercise: expected list, run NAME or check (see ddbsim exercise --help)");
}

}  // namespace ddbsim::cli
