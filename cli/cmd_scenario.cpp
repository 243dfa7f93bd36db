// `ddbsim validate SCENARIO.json` and `ddbsim run SCENARIO.json`: load a scenario file,
// report every problem, run the baseline and its what-ifs, print a summary, write reports,
// and decide the exit code from the scenario's `expect` assertions.
#include <csignal>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <sstream>

#include "args.hpp"
#include "commands.hpp"
#include "progress_bar.hpp"
#include "reports/atomic_file.hpp"
#include "reports/format_util.hpp"
#include "scenario_runner.hpp"

namespace ddbsim::cli {
namespace {

constexpr const char* kValidateUsage = R"(usage: ddbsim validate SCENARIO.json

Checks a scenario file without running it: the baseline, every what-if variant and every
expectation. Every problem is printed, one a line, as FILE: /json/pointer: what was found,
what was expected. Exit code 0 when the file is valid, 2 otherwise.
)";

constexpr const char* kRunUsage =
    R"(usage: ddbsim run SCENARIO.json [--seed N] [--out DIR] [--format html,csv,json,md,junit]
                  [--fidelity request|aggregate|auto] [--quiet] [--json]

Runs the scenario's baseline and each what-if variant, prints a summary table, writes the
reports and checks the scenario's `expect` assertions.

options:
  --seed N          override the scenario's seed
  --out DIR         where the reports go (default: ddbsim-report); created if missing
  --format LIST     comma-separated formats to write (default: all):
                      html  report.html    self-contained, inline SVG charts
                      csv   timeseries.csv CloudWatch-named series per run
                      json  report.json    everything, stable keys
                      md    summary.md     for CI job summaries
                      junit junit.xml      one test case per expectation
  --no-reports      write no report files
  --fidelity F      request, aggregate or auto (default: the scenario's, else auto)
  --quiet           print nothing but problems; no progress bar
  --json            print the runs' metrics as one JSON object instead of the table

Exit codes: 0 all expectations hold, 1 an expectation failed, 2 bad input, 130 interrupted.
Report files are written atomically, only after every run finished.
)";

std::atomic<bool> g_interrupted{false};

extern "C" void on_interrupt(int) {
    g_interrupted.store(true);
}

std::vector<std::string> split(const std::string& s) {
    std::vector<std::string> out;
    std::stringstream in(s);
    std::string part;
    while (std::getline(in, part, ','))
        if (!part.empty()) out.push_back(part);
    return out;
}

// A global table's regions, one row per run and region (docs/global-tables.md).
void print_regions(const reports::Report& r, std::ostream& out) {
    if (reports::regions_of(r.outcomes.front()).empty()) return;
    out << "\nregions (replication into each; unsuffixed figures above are "
        << r.outcomes.front().scenario.config.global.region << "'s):\n";
    out << "  run                region        ";
    for (const auto& c : reports::region_columns())
        out << " " << c.header << " |";
    out << " monthly\n";
    for (const auto& o : r.outcomes) {
        for (const auto& region : reports::regions_of(o)) {
            char head[96];
            std::snprintf(head, sizeof head, "  %-18.18s %-14s", o.name.c_str(),
                          region.region.c_str());
            out << head;
            for (const auto& c : reports::region_columns()) {
                const std::string v =
                    reports::metric_text(o, std::string(c.key) + region.suffix, c.decimals);
                out << " "
                    << std::string(
                           std::strlen(c.header) > v.size() ? std::strlen(c.header) - v.size() : 0,
                           ' ')
                    << v << " |";
            }
            const auto* as_run = region.costs->find("as-run");
            out << " " << (as_run ? reports::money(as_run->month.total) : "–") << "\n";
        }
    }
}

void print_summary(const reports::Report& r, std::ostream& out) {
    using reports::grouped;
    using reports::metric_text;
    const auto& base = r.outcomes.front().scenario;
    out << "scenario  " << (base.name.empty() ? r.source : base.name) << " ("
        << reports::duration_text(static_cast<double>(base.config.duration) / 1e6)
        << " simulated, seed " << base.config.seed << ", prices: " << base.catalog.name << ")\n\n";
    char line[512];
    std::snprintf(line, sizeof line, "%-18s %-9s %13s %11s %13s %13s %6s %8s %12s %12s\n", "run",
                  "fidelity", "requests", "throttled", "consumed RCU", "consumed WCU", "parts",
                  "p99 ms", "run cost", "monthly");
    out << line;
    for (const auto& o : r.outcomes) {
        const auto* as_run = o.costs.find("as-run");
        const std::string run_cost = as_run ? reports::money(as_run->run.total) : "–";
        const std::string monthly = as_run ? reports::money(as_run->month.total) : "–";
        std::snprintf(
            line, sizeof line, "%-18.18s %-9s %13s %11s %13s %13s %6s %8s %12s %12s\n",
            o.name.c_str(), o.result.fidelity.c_str(), metric_text(o, "requests.sum").c_str(),
            metric_text(o, "throttledRequests.sum").c_str(),
            metric_text(o, "consumedRCU.sum").c_str(), metric_text(o, "consumedWCU.sum").c_str(),
            metric_text(o, "partitions.max").c_str(), metric_text(o, "latencyMs.p99", 1).c_str(),
            run_cost.c_str(), monthly.c_str());
        out << line;
    }
    print_regions(r, out);
    for (const auto& o : r.outcomes) {
        const auto reasons = o.result.metrics.throttles_by_reason();
        for (int i = 0; i < model::kThrottleReasonCount; ++i) {
            if (reasons[static_cast<std::size_t>(i)] == 0) continue;
            out << "throttled " << o.name << ": " << model::ThrottleReason::from_index(i).code()
                << " " << grouped(static_cast<double>(reasons[static_cast<std::size_t>(i)]))
                << " events\n";
        }
    }
    const auto& o = r.outcomes.front();
    out << "\nmonthly cost of the baseline's traffic by capacity mode (projected to "
        << base.catalog.hours_per_month << " h):\n";
    for (const auto& a : o.costs.alternatives) {
        if (a.key == "as-run") continue;
        std::snprintf(line, sizeof line, "  %-40s %12s%s\n", a.label.c_str(),
                      a.available ? reports::money(a.month.total).c_str() : "n/a",
                      a.key == o.costs.cheapest ? "   <- cheapest" : "");
        out << line;
    }
    out << "  break-even: on-demand is cheaper below "
        << reports::percent(o.costs.breakeven_write_utilisation)
        << " average utilisation of provisioned capacity\n";
    for (const auto& n : o.costs.notes)
        out << "  note: " << n << "\n";
    if (!r.expectations.empty()) {
        out << "\nexpectations:\n";
        for (const auto& e : r.expectations) {
            out << "  " << (e.passed ? "pass" : "FAIL") << "  " << e.run << ": " << e.message;
            if (!e.expectation.description.empty()) out << " (" << e.expectation.description << ")";
            out << "\n";
        }
    }
}

}  // namespace

int run_validate(const std::vector<std::string>& argv) {
    Args args(argv, {}, {"help"});
    if (args.has("help")) {
        std::cout << kValidateUsage;
        return kExitOk;
    }
    if (!args.error().empty()) return bad_input("validate: " + args.error());
    if (args.positionals().size() != 1)
        return bad_input("validate: expected one SCENARIO.json (see ddbsim validate --help)");
    auto file = load_scenario_file(args.positionals()[0]);
    if (!file) return kExitBadInput;
    if (plan_problems(*file, {}, args.positionals()[0])) return kExitBadInput;
    const auto& s = file->baseline;
    std::cout << args.positionals()[0] << ": valid scenario \"" << s.name << "\" ("
              << s.config.streams.size() << " operation stream"
              << (s.config.streams.size() == 1 ? "" : "s") << ", " << file->what_if.size()
              << " what-if variant" << (file->what_if.size() == 1 ? "" : "s") << ", "
              << file->expect.size() << " expectation" << (file->expect.size() == 1 ? "" : "s")
              << ")\n";
    return kExitOk;
}

int run_run(const std::vector<std::string>& argv) {
    Args args(argv, {"seed", "fidelity", "out", "format"}, {"json", "help", "quiet", "no-reports"});
    if (args.has("help")) {
        std::cout << kRunUsage;
        return kExitOk;
    }
    if (!args.error().empty())
        return bad_input("run: " + args.error() + " (see ddbsim run --help)");
    if (args.positionals().size() != 1)
        return bad_input("run: expected one SCENARIO.json (see ddbsim run --help)");
    RunOptions options;
    if (auto seed = args.value("seed")) {
        try {
            std::size_t used = 0;
            options.seed = std::stoull(*seed, &used);
            if (used != seed->size() || (*seed)[0] == '-') throw std::invalid_argument(*seed);
        } catch (const std::exception&) {
            return bad_input("run: --seed must be a non-negative integer, not " + *seed);
        }
    }
    if (auto f = args.value("fidelity")) {
        options.fidelity = parse_fidelity(*f);
        if (!options.fidelity)
            return bad_input("run: --fidelity must be request, aggregate or auto, not " + *f);
    }
    std::vector<std::string> formats = reports::format_names();
    if (auto f = args.value("format")) {
        formats = split(*f);
        const auto known = reports::format_names();
        for (const auto& name : formats) {
            if (std::find(known.begin(), known.end(), name) == known.end())
                return bad_input(
                    "run: unknown --format \"" + name +
                    "\", expected a comma-separated list of html, csv, json, md, junit");
        }
        if (formats.empty()) return bad_input("run: --format needs at least one format");
    }
    const bool write_reports = !args.has("no-reports");
    const std::string out_dir = args.value("out").value_or("ddbsim-report");
    const std::string path = args.positionals()[0];
    auto file = load_scenario_file(path);
    if (!file) return kExitBadInput;
    if (plan_problems(*file, options, path)) return kExitBadInput;
    if (write_reports) {
        std::error_code ec;
        std::filesystem::create_directories(out_dir, ec);
        if (ec || !std::filesystem::is_directory(out_dir))
            return bad_input("run: cannot create the output directory " + out_dir + ": " +
                             (ec ? ec.message() : "not a directory"));
    }

    const bool quiet = args.has("quiet");
    options.progress = !quiet && ProgressBar::stderr_is_terminal();
    options.cancel = &g_interrupted;
    auto previous = std::signal(SIGINT, on_interrupt);
    auto report = run_scenario_file(*file, path, options);
    std::signal(SIGINT, previous);
    if (!report) {
        std::cerr << "ddbsim: run: interrupted; no reports written\n";
        return 130;
    }
    if (write_reports) {
        std::vector<std::pair<std::string, std::string>> files;
        for (const auto& f : formats)
            files.emplace_back((std::filesystem::path(out_dir) / reports::file_name(f)).string(),
                               reports::render(*report, f));
        if (auto st = reports::write_files_atomically(files); !st.ok()) {
            std::cerr << "ddbsim: run: " << st.error().message << "\n";
            return kExitFailure;
        }
    }
    if (args.has("json")) {
        nlohmann::json out = {{"scenario", file->baseline.name},
                              {"passed", report->expectations_passed()}};
        nlohmann::json runs = nlohmann::json::array();
        for (const auto& o : report->outcomes)
            runs.push_back(
                {{"name", o.name}, {"fidelity", o.result.fidelity}, {"metrics", o.metrics}});
        out["runs"] = std::move(runs);
        nlohmann::json ex = nlohmann::json::array();
        for (const auto& e : report->expectations)
            ex.push_back({{"run", e.run}, {"passed", e.passed}, {"message", e.message}});
        out["expectations"] = std::move(ex);
        std::cout << out.dump() << "\n";
    } else if (!quiet) {
        print_summary(*report, std::cout);
        if (write_reports) {
            std::cout << "\nreports: ";
            for (std::size_t i = 0; i < formats.size(); ++i)
                std::cout
                    << (i ? ", " : "")
                    << (std::filesystem::path(out_dir) / reports::file_name(formats[i])).string();
            std::cout << "\n";
        }
    }
    return report->expectations_passed() ? kExitOk : kExitFailure;
}

}  // namespace ddbsim::cli
