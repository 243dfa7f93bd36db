// Report: what every report format renders — the scenario file, the runs (baseline first,
// then each what-if) and the expectations' verdicts. Built by a front end after the runs;
// the writers only read it.
#pragma once

#include <string>
#include <vector>

#include "run/outcome.hpp"
#include "workload/scenario_file.hpp"

namespace ddbsim::reports {

struct Report {
    std::string source;  // the scenario file's path as given
    const workload::ScenarioFile* file = nullptr;
    std::vector<run::Outcome> outcomes;  // [0] is the baseline
    std::vector<run::ExpectationResult> expectations;

    std::size_t failed_expectations() const {
        std::size_t failed = 0;
        for (const auto& e : expectations)
            failed += e.passed ? 0 : 1;
        return failed;
    }
    bool expectations_passed() const { return failed_expectations() == 0; }
};

// The report formats, by their names on the command line.
std::vector<std::string> format_names();  // html, csv, json, md, junit
// The file a format is written to inside the output directory.
std::string file_name(const std::string& format);
// One format rendered to a string (throws nothing; unknown formats give "").
std::string render(const Report& report, const std::string& format);

std::string render_json(const Report& report);
std::string render_csv(const Report& report);
std::string render_markdown(const Report& report);
std::string render_junit(const Report& report);
std::string render_html(const Report& report);

}  // namespace ddbsim::reports
