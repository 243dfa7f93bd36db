// `ddbsim sweep SCENARIO.json`: every point of the scenario's `sweep` grid with every seed, on
// every core (--jobs) or as one shard of a batch array (--shard I/N, Slurm, Kubernetes);
// `ddbsim merge DIR…`: the shards' reports. docs/sweeps.md.
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <map>
#include <mutex>

#include "args.hpp"
#include "commands.hpp"
#include "input_file.hpp"
#include "progress_bar.hpp"
#include "reports/atomic_file.hpp"
#include "reports/sweep_report.hpp"
#include "run/run_plan.hpp"
#include "run/task_pool.hpp"
#include "scenario_runner.hpp"
#include "sweep_executor.hpp"
#include "sweep_journal.hpp"
#include "sweep_shards.hpp"

namespace ddbsim::cli {
namespace {

constexpr const char* kSweepUsage =
    R"(usage: ddbsim sweep SCENARIO.json [--jobs N] [--out DIR] [--format csv,json,md,html]
                    [--shard I/N] [--journal FILE [--resume]]
                    [--fidelity request|aggregate|auto] [--quiet]
    mpirun -np K ddbsim sweep SCENARIO.json …   (a build with -DDDBSIM_MPI=ON)

Runs every point of the scenario's "sweep" grid (the cartesian product of its JSON-pointer
overrides) with each of its seeds, and writes sweep.csv (one row per run), sweep.json,
sweep.md and sweep.html (per point: each metric's mean with a 95 % confidence interval;
which parameter moves each metric most). The results are the same bytes whatever --jobs,
the MPI rank count or the shard count. Under mpirun, rank 0 hands runs out to the other
ranks as they free up and writes the reports.

options:
  --jobs N          threads (default: every core)
  --out DIR         where the reports go (default: ddbsim-sweep)
  --format LIST     which reports (default: all of csv, json, md, html)
  --shard I/N       run only the runs of shard I of N (runs t with t mod N = I) and write
                    DIR/shard-I-of-N.json for `ddbsim merge`; without it, Slurm's
                    SLURM_ARRAY_TASK_ID / SLURM_ARRAY_TASK_COUNT or Kubernetes'
                    JOB_COMPLETION_INDEX with DDBSIM_SHARD_COUNT choose the shard

The scenario's `expect` assertions are checked at every point — on the mean of the point's
runs, or with "over": "upper95" / "lower95" on the end of its 95 % confidence interval —
and a failed one makes the exit code 1 (after the reports are written).
  --journal FILE    append each finished run to FILE (JSON lines); with --resume, run
                    only the runs FILE lacks (after a kill, or a lost MPI rank)
  --fidelity F      request, aggregate or auto for every run (default: the scenario's)
  --quiet           no progress line
)";

constexpr const char* kMergeUsage =
    R"(usage: ddbsim merge SHARD-DIR-OR-FILE... [--out DIR] [--format csv,json,md,html]

Combines the shard files of `ddbsim sweep --shard` into the reports one `ddbsim sweep` run
writes (the same bytes). Refuses shards of another scenario or grid, a shard missing, or
a shard given twice.
)";

std::atomic<bool> g_sweep_interrupted{false};
extern "C" void on_sweep_interrupt(int) {
    g_sweep_interrupted.store(true);
}

std::optional<std::vector<std::string>> formats_of(const Args& args, std::string& error) {
    const auto known = reports::sweep_format_names();
    auto text = args.value("format");
    if (!text) return known;
    std::vector<std::string> formats;
    std::size_t start = 0;
    while (start <= text->size()) {
        const auto comma = text->find(',', start);
        const std::string f =
            text->substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        if (std::find(known.begin(), known.end(), f) == known.end()) {
            error = "--format: unknown format \"" + f + "\", expected csv, json, md or html";
            return std::nullopt;
        }
        formats.push_back(f);
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
    return formats;
}

int write_reports(const reports::SweepReport& report, const std::string& out_dir,
                  const std::vector<std::string>& formats, bool quiet) {
    std::vector<std::pair<std::string, std::string>> files;
    for (const auto& f : formats)
        files.emplace_back((std::filesystem::path(out_dir) / reports::sweep_file_name(f)).string(),
                           reports::render_sweep(report, f));
    if (auto st = reports::write_files_atomically(files); !st.ok()) {
        std::cerr << "ddbsim: " << st.error().message << "\n";
        return kExitFailure;
    }
    for (const auto& c : report.checks)
        if (!c.passed)
            std::cerr << "ddbsim: expectation failed: " << c.expectation.pointer << ": "
                      << c.message << "\n";
    if (!quiet) {
        std::cout << report.rows.size() << " runs over " << report.summary.points.size()
                  << " points; reports in " << out_dir << ":";
        for (const auto& [path, text] : files)
            std::cout << " " << std::filesystem::path(path).filename().string();
        std::cout << "\n";
    }
    return report.passed() ? kExitOk : kExitFailure;
}

}  // namespace

int run_sweep(const std::vector<std::string>& argv) {
    Args args(argv, {"jobs", "out", "format", "shard", "fidelity", "journal"},
              {"quiet", "help", "resume"});
    if (args.has("help")) {
        std::cout << kSweepUsage;
        return kExitOk;
    }
    if (!args.error().empty()) return bad_input("sweep: " + args.error());
    if (args.positionals().size() != 1)
        return bad_input("sweep: expected one scenario file (see ddbsim sweep --help)");
    std::string error;
    const auto formats = formats_of(args, error);
    if (!formats) return bad_input("sweep: " + error);
    const auto jobs_opt = jobs_option(args, error);
    if (!jobs_opt) return bad_input("sweep: " + error);
    const int jobs = *jobs_opt;
    RunOptions options;
    if (auto f = args.value("fidelity")) {
        options.fidelity = parse_fidelity(*f);
        if (!options.fidelity)
            return bad_input("sweep: --fidelity expects request, aggregate or auto, got \"" + *f +
                             "\"");
    }
    std::optional<ShardSpec> shard;
    if (auto s = args.value("shard")) {
        shard = parse_shard(*s, error);
        if (!shard) return bad_input("sweep: " + error);
    } else {
        shard = shard_from_environment(error);
        if (!error.empty()) return bad_input("sweep: " + error);
    }

    const std::string path = args.positionals()[0];
    auto file = load_scenario_file(path);
    if (!file) return kExitBadInput;
    if (!file->sweep)
        return bad_input("sweep: " + path +
                         ": /sweep: missing, expected {\"parameters\": [{\"pointer\": …, "
                         "\"values\": […]}], \"seeds\": N} (docs/sweeps.md)");
    const workload::Sweep& sweep = *file->sweep;

    // Every point, loaded and planned before the first run.
    const std::string base_dir = std::filesystem::path(path).parent_path().string();
    std::vector<workload::Scenario> points;
    for (std::size_t p = 0; p < sweep.points(); ++p) {
        std::vector<workload::Problem> problems;
        auto doc = workload::sweep_point_document(file->document, sweep, p, problems);
        auto load = doc ? workload::load_scenario(*doc, base_dir) : workload::ScenarioLoad{};
        if (!doc || !load.ok()) {
            const auto& pr = problems.empty() ? load.problems.front() : problems.front();
            return bad_input(path + ": " + pr.pointer + ": sweep point " + std::to_string(p) +
                             ": " + pr.message);
        }
        const auto& sc = *load.scenario;
        const auto fidelity = options.fidelity
                                  ? *options.fidelity
                                  : parse_fidelity(sc.fidelity).value_or(run::Fidelity::kAuto);
        const auto plan = run::plan_run(sc.config, fidelity);
        if (!plan.ok())
            return bad_input(path + ": " + plan.problem->pointer + ": sweep point " +
                             std::to_string(p) + ": " + plan.problem->message);
        points.push_back(sc);
    }
    const std::string out_dir = args.value("out").value_or("ddbsim-sweep");
    if (!make_directory(out_dir))
        return bad_input("sweep: cannot create the output directory " + out_dir);

    // The runs this process owns, by task id; those a journal already holds are done.
    std::vector<std::size_t> tasks;
    for (std::size_t t = 0; t < sweep.tasks(); ++t)
        if (!shard || shard->owns(t)) tasks.push_back(t);
    int ranks = 1;
    const MpiRole role = start_mpi(ranks);
    const bool quiet = args.has("quiet") || role == MpiRole::kWorker;
    std::map<std::size_t, run::SweepRow> done;
    SweepJournal journal;
    if (auto journal_path = args.value("journal"); journal_path && role != MpiRole::kWorker) {
        if (!journal.open(*journal_path, scenario_fingerprint(file->document), shard,
                          args.has("resume"), done, error))
            return bad_input("sweep: " + error);
        for (auto it = done.begin(); it != done.end();)  // rows of this sweep and shard only
            it = it->first >= sweep.tasks() || (shard && !shard->owns(it->first)) ? done.erase(it)
                                                                                  : std::next(it);
        if (!quiet && !done.empty())
            std::cerr << "ddbsim: sweep: resuming: " << done.size() << " of " << tasks.size()
                      << " runs are in the journal\n";
    } else if (args.has("resume") && role != MpiRole::kWorker) {
        return bad_input("sweep: --resume needs --journal FILE");
    }
    std::vector<std::size_t> pending;
    for (const std::size_t t : tasks)
        if (!done.count(t)) pending.push_back(t);

    ProgressBar bar(!quiet && ProgressBar::stderr_is_terminal());
    bar.start("sweep (" + std::to_string(tasks.size()) + " runs" +
              (ranks > 1 ? ", " + std::to_string(ranks - 1) + " MPI workers" : "") + ")");
    auto previous = std::signal(SIGINT, on_sweep_interrupt);
    const auto run_task = [&](std::size_t t) {
        run::SweepRow row;
        row.task = t;
        row.point = t / static_cast<std::size_t>(sweep.seeds);
        row.seed_index = static_cast<std::int64_t>(t % static_cast<std::size_t>(sweep.seeds));
        workload::Scenario sc = points[row.point];
        row.seed = workload::sweep_seed(sc.config.seed, row.seed_index);
        sc.config.seed = row.seed;
        auto outcome = run_one(sc, "run " + std::to_string(t), options);
        row.fidelity = outcome.result.fidelity;
        row.metrics = std::move(outcome.metrics);
        return row;
    };
    const auto started = std::chrono::steady_clock::now();
    std::size_t ran_here = 0;
    const bool complete = execute_sweep(
        role, pending, jobs, run_task,
        [&](run::SweepRow&& row) {
            journal.append(row);
            done[row.task] = std::move(row);
            ++ran_here;
            const double seconds =
                std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
            char detail[64];
            std::snprintf(detail, sizeof detail, "%zu/%zu runs, %.1f runs/s", done.size(),
                          tasks.size(), seconds > 0 ? static_cast<double>(ran_here) / seconds : 0);
            bar.update(static_cast<double>(done.size()) / static_cast<double>(tasks.size()),
                       detail);
        },
        &g_sweep_interrupted);
    std::signal(SIGINT, previous);
    bar.finish();
    if (role == MpiRole::kWorker) return kExitOk;  // rank 0 writes everything
    if (!complete || done.size() < tasks.size()) {
        std::cerr << "ddbsim: sweep: interrupted after " << done.size() << " of " << tasks.size()
                  << " runs; no reports written"
                  << (args.value("journal") ? " (--resume continues from the journal)" : "")
                  << "\n";
        return 130;
    }
    std::vector<run::SweepRow> rows;
    rows.reserve(done.size());
    for (auto& [t, row] : done)
        rows.push_back(std::move(row));
    if (shard) {
        const auto shard_path = (std::filesystem::path(out_dir) / shard_file_name(*shard)).string();
        const auto text =
            shard_json(file->document, path, file->baseline.name, *shard, rows).dump(1) + "\n";
        if (auto st = reports::write_files_atomically({{shard_path, text}}); !st.ok()) {
            std::cerr << "ddbsim: " << st.error().message << "\n";
            return kExitFailure;
        }
        if (!quiet)
            std::cout << rows.size() << " runs of " << sweep.tasks() << " (shard " << shard->index
                      << " of " << shard->count << ") written to " << shard_path << "\n";
        return kExitOk;
    }
    reports::SweepReport report;
    report.source = path;
    report.scenario_name = file->baseline.name;
    report.sweep = &sweep;
    report.rows = std::move(rows);
    report.summary = run::summarize_sweep(sweep, report.rows);
    report.checks = run::check_sweep(file->expect, report.summary);
    return write_reports(report, out_dir, *formats, quiet);
}

int run_merge(const std::vector<std::string>& argv) {
    Args args(argv, {"out", "format"}, {"quiet", "help"});
    if (args.has("help")) {
        std::cout << kMergeUsage;
        return kExitOk;
    }
    if (!args.error().empty()) return bad_input("merge: " + args.error());
    std::string error;
    const auto formats = formats_of(args, error);
    if (!formats) return bad_input("merge: " + error);
    auto merged = merge_shards(args.positionals(), error);
    if (!merged) return bad_input(error);
    const std::string out_dir = args.value("out").value_or("ddbsim-sweep");
    if (!make_directory(out_dir))
        return bad_input("merge: cannot create the output directory " + out_dir);
    reports::SweepReport report;
    report.source = merged->source;
    report.scenario_name = merged->scenario_name;
    report.sweep = &merged->sweep;
    report.rows = std::move(merged->rows);
    report.summary = run::summarize_sweep(merged->sweep, report.rows);
    report.checks = run::check_sweep(merged->expect, report.summary);
    return write_reports(report, out_dir, *formats, args.has("quiet"));
}

}  // namespace ddbsim::cli
