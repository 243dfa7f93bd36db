#include "scenario_runner.hpp"

#include <filesystem>
#include <iostream>

#include "commands.hpp"
#include "input_file.hpp"
#include "progress_bar.hpp"
#include "run/run_plan.hpp"

namespace ddbsim::cli {

std::optional<workload::ScenarioFile> load_scenario_file(const std::string& path) {
    std::string error;
    auto text = read_text(path, error);
    if (!text) {
        bad_input(error);
        return std::nullopt;
    }
    auto doc = parse_json(*text, path, error);
    if (!doc) {
        bad_input(error);
        return std::nullopt;
    }
    auto loaded =
        workload::load_scenario_file(*doc, std::filesystem::path(path).parent_path().string());
    if (!loaded.ok()) {
        for (const auto& p : loaded.problems)
            std::cerr << "ddbsim: " << path << ": " << (p.pointer.empty() ? "/" : p.pointer) << ": "
                      << p.message << "\n";
        std::cerr << "ddbsim: " << path << ": " << loaded.problems.size() << " problem"
                  << (loaded.problems.size() == 1 ? "" : "s") << "\n";
        return std::nullopt;
    }
    return std::move(*loaded.file);
}

std::optional<run::Fidelity> parse_fidelity(const std::string& text) {
    if (text == "request") return run::Fidelity::kRequest;
    if (text == "aggregate") return run::Fidelity::kAggregate;
    if (text == "auto") return run::Fidelity::kAuto;
    return std::nullopt;
}

namespace {

run::Fidelity fidelity_of(const workload::Scenario& s, const RunOptions& options) {
    if (options.fidelity) return *options.fidelity;
    return parse_fidelity(s.fidelity).value_or(run::Fidelity::kAuto);
}

}  // namespace

bool plan_problems(const workload::ScenarioFile& file, const RunOptions& options,
                   const std::string& path) {
    int count = 0;
    auto check = [&](const workload::Scenario& s, const std::string& name) {
        const auto plan = run::plan_run(s.config, fidelity_of(s, options));
        if (plan.ok()) return;
        ++count;
        std::cerr << "ddbsim: " << path << ": " << plan.problem->pointer << ": "
                  << plan.problem->message << (name.empty() ? "" : " (what-if \"" + name + "\")")
                  << "\n";
    };
    check(file.baseline, "");
    for (const auto& v : file.what_if)
        check(v.scenario, v.name);
    if (count > 0)
        std::cerr << "ddbsim: " << path << ": " << count << " problem" << (count == 1 ? "" : "s")
                  << "\n";
    return count > 0;
}

run::Outcome run_one(const workload::Scenario& scenario_in, const std::string& name,
                     const RunOptions& options) {
    workload::Scenario scenario = scenario_in;
    if (options.seed) scenario.config.seed = *options.seed;
    run::RunControl control;
    control.cancel = options.cancel;
    ProgressBar bar(options.progress);
    bar.start(name);
    if (options.progress) control.progress = [&](double f) { bar.update(f); };
    auto result = run::run_simulation(scenario.config, fidelity_of(scenario, options),
                                      run::kAutoRequestLimit, control);
    bar.finish();
    return run::make_outcome(name, "", std::move(scenario), std::move(result));
}

std::optional<reports::Report> run_scenario_file(const workload::ScenarioFile& file,
                                                 const std::string& source,
                                                 const RunOptions& options) {
    reports::Report report;
    report.source = source;
    report.file = &file;
    report.outcomes.push_back(run_one(file.baseline, "baseline", options));
    if (report.outcomes.back().result.cancelled) return std::nullopt;
    for (const auto& v : file.what_if) {
        report.outcomes.push_back(run_one(v.scenario, v.name, options));
        if (report.outcomes.back().result.cancelled) return std::nullopt;
        report.outcomes.back().description = v.description;
    }
    report.expectations = run::check_expectations(file.expect, report.outcomes);
    return report;
}

}  // namespace ddbsim::cli
