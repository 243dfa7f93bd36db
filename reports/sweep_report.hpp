// The reports of a sweep (`ddbsim sweep`, `ddbsim merge`; docs/sweeps.md): sweep.csv (one row
// per run), sweep.json (runs, per-point statistics, effects), sweep.md and sweep.html (the
// per-point means with 95 % confidence intervals of the metrics a planner reads first, and
// which parameter moves each most). Rendered from the rows in task order only, so a sweep
// run on one thread, many, or many shards merged renders the same bytes.
#pragma once

#include <string>
#include <vector>

#include "run/sweep_summary.hpp"
#include "workload/scenario_file.hpp"

namespace ddbsim::reports {

struct SweepReport {
    std::string source;  // the scenario file as given
    std::string scenario_name;
    const workload::Sweep* sweep = nullptr;
    std::vector<run::SweepRow> rows;  // every task, in task order
    run::SweepSummary summary;
    std::vector<run::SweepCheck> checks;  // the scenario's `expect`, at every point

    bool passed() const {
        for (const auto& c : checks)
            if (!c.passed) return false;
        return true;
    }
};

// The formats, by their names on the command line, and their files.
std::vector<std::string> sweep_format_names();  // csv, json, md, html
std::string sweep_file_name(const std::string& format);
std::string render_sweep(const SweepReport& report, const std::string& format);

// The metrics the Markdown and HTML tables show, when a run has them.
const std::vector<std::string>& sweep_headline_metrics();

}  // namespace ddbsim::reports
