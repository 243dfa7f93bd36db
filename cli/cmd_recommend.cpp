// `ddbsim recommend SCENARIO.json`: the cheapest capacity setting that meets the scenario's
// requirements, found by simulating candidates (run/recommend.hpp), with the table of
// every candidate tried.
#include <cstdio>
#include <iostream>

#include "args.hpp"
#include "commands.hpp"
#include "progress_bar.hpp"
#include "reports/format_util.hpp"
#include "run/recommend.hpp"
#include "scenario_runner.hpp"
#include "sweep_executor.hpp"

namespace ddbsim::cli {
namespace {

constexpr const char* kUsage =
    R"(usage: ddbsim recommend SCENARIO.json [--fidelity request|aggregate|auto] [--max-runs N]
                        [--jobs N] [--json]

Searches capacity settings — provisioned fixed RCU/WCU, auto scaling (target 50/70/90 %,
minimum and maximum), on-demand, reserved capacity — for the cheapest that meets the
scenario's requirements: no throttled requests (unless the scenario bounds throttledRequests
itself) and the upper bounds (`max`) of its `expect` assertions on the baseline. Every candidate is simulated (partitions, hot keys,
burst and adaptive capacity included), coarse to fine. Prints the winners with their
projected monthly cost and the table of candidates tried.

options:
  --fidelity F    request, aggregate or auto (default: the scenario's, else auto)
  --max-runs N    at most N simulations (default 60)
  --jobs N        threads (default: every core); the answer is the same for any N.
                  Under mpirun (a build with -DDDBSIM_MPI=ON) the searches run on the
                  ranks instead, with the same answer (docs/scale-out.md)
  --json          print the result as JSON
)";

std::string capacity_text(const run::Candidate& c) {
    using reports::grouped;
    if (c.mode == "on-demand") return "pay per request";
    if (c.mode == "provisioned-fixed")
        return grouped(static_cast<double>(c.rcu)) + " RCU / " +
               grouped(static_cast<double>(c.wcu)) + " WCU";
    return "target " + grouped(c.target) + " %, RCU " + grouped(static_cast<double>(c.min_rcu)) +
           "–" + grouped(static_cast<double>(c.rcu)) + ", WCU " +
           grouped(static_cast<double>(c.min_wcu)) + "–" + grouped(static_cast<double>(c.wcu));
}

}  // namespace

int run_recommend(const std::vector<std::string>& argv) {
    Args args(argv, {"fidelity", "max-runs", "jobs"}, {"json", "help"});
    if (args.has("help")) {
        std::cout << kUsage;
        return kExitOk;
    }
    if (!args.error().empty()) return bad_input("recommend: " + args.error());
    if (args.positionals().size() != 1)
        return bad_input("recommend: expected one SCENARIO.json (see ddbsim recommend --help)");
    run::RecommendOptions options;
    if (auto f = args.value("fidelity")) {
        auto parsed = parse_fidelity(*f);
        if (!parsed)
            return bad_input("recommend: --fidelity must be request, aggregate or auto, not " + *f);
        options.fidelity = *parsed;
    }
    if (auto m = args.value("max-runs")) {
        try {
            std::size_t used = 0;
            options.max_runs = std::stoi(*m, &used);
            if (used != m->size() || options.max_runs < 3 || options.max_runs > 1000)
                throw std::invalid_argument(*m);
        } catch (const std::exception&) {
            return bad_input("recommend: --max-runs must be an integer from 3 to 1000, not " + *m);
        }
    }
    std::string error;
    const auto jobs = jobs_option(args, error);
    if (!jobs) return bad_input("recommend: " + error);
    options.jobs = *jobs;  // 0: every core
    auto file = load_scenario_file(args.positionals()[0]);
    if (!file) return kExitBadInput;
    // Sizing searches one table's capacity against its own throttles; a global table's
    // replicas share its write capacity and take each other's writes (docs/global-tables.md).
    if (file->baseline.config.global.enabled())
        return bad_input(args.positionals()[0] +
                         ": /replicas: recommend sizes a single-region table; for a global "
                         "table, compare what-ifs with `ddbsim run` (every region's throttles "
                         "are in its report)");
    if (!args.value("fidelity"))
        options.fidelity = parse_fidelity(file->baseline.fidelity).value_or(run::Fidelity::kAuto);
    {
        RunOptions plan_options;
        plan_options.fidelity = options.fidelity;
        if (plan_problems(*file, plan_options, args.positionals()[0])) return kExitBadInput;
    }
    int ranks = 1;
    const MpiRole role = start_mpi(ranks);
    ProgressBar bar(ProgressBar::stderr_is_terminal() && !args.has("json") &&
                    role != MpiRole::kWorker);
    bar.start("recommend" +
              (ranks > 1 ? " (" + std::to_string(ranks - 1) + " MPI workers)" : std::string()));
    // Under mpirun the speculative searches run one per task on the workers; rank 0 merges
    // their results and runs the sequential search on them: the answer of --jobs 1.
    std::vector<run::CandidateResult> known;
    if (role != MpiRole::kNone) {
        std::vector<std::size_t> branches;
        for (int b = 0; b < run::kRecommendBranches; ++b)
            branches.push_back(static_cast<std::size_t>(b));
        std::size_t finished = 0;
        execute_on_ranks(
            role, branches,
            [&](std::size_t branch) {
                nlohmann::json results = nlohmann::json::array();
                for (const auto& r :
                     run::recommend_branch(*file, options, static_cast<int>(branch)))
                    results.push_back(run::candidate_result_json(r));
                return results.dump();
            },
            [&](std::size_t, std::string&& text) {
                for (const auto& j : nlohmann::json::parse(text))
                    if (auto r = run::candidate_result_from_json(j)) known.push_back(std::move(*r));
                bar.update(0.9 * static_cast<double>(++finished) / run::kRecommendBranches);
            },
            nullptr);
        if (role == MpiRole::kWorker) return kExitOk;  // rank 0 prints the answer
        options.jobs = 1;
    }
    if (known.empty())  // with MPI results the sequential search only reads the cache
        options.on_candidate = [&](const run::Candidate&, int runs) {
            bar.update(std::min(0.99, runs / static_cast<double>(options.max_runs)));
        };
    const auto rec = run::recommend(*file, options, known);
    bar.finish();

    if (args.has("json")) {
        nlohmann::json out = {{"scenario", file->baseline.name},
                              {"peakRCU", rec.peak_rcu},
                              {"peakWCU", rec.peak_wcu}};
        nlohmann::json winners = nlohmann::json::array(), candidates = nlohmann::json::array();
        for (const auto& w : rec.winners)
            winners.push_back({{"mode", w.mode},
                               {"label", w.label},
                               {"monthly", w.monthly},
                               {"capacity", capacity_text(*w.candidate)}});
        for (const auto& c : rec.candidates) {
            // The candidate's fields as an MPI rank sends them, without the run's peaks.
            auto j = run::candidate_result_json({c, 0, 0});
            j.erase("peakRcu");
            j.erase("peakWcu");
            candidates.push_back(std::move(j));
        }
        out["winners"] = std::move(winners);
        out["candidates"] = std::move(candidates);
        std::cout << out.dump() << "\n";
        return rec.winners.empty() ? kExitFailure : kExitOk;
    }
    std::cout << "scenario  " << file->baseline.name << ": " << rec.candidates.size()
              << " candidates simulated; unthrottled peak " << reports::grouped(rec.peak_rcu)
              << " RCU/s, " << reports::grouped(rec.peak_wcu) << " WCU/s\nrequirements:";
    for (const auto& e : rec.criteria)
        std::cout << " " << run::metric_key(e) << " ≤ " << *e.max << ";";
    std::cout << "\n\n";
    if (rec.winners.empty()) {
        std::cout << "no candidate met the requirements\n";
    } else {
        std::cout << "cheapest settings that meet them (monthly, projected):\n";
        char line[256];
        for (std::size_t i = 0; i < rec.winners.size(); ++i) {
            const auto& w = rec.winners[i];
            std::snprintf(line, sizeof line, "  %s %-48s %12s   %s\n", i == 0 ? "*" : " ",
                          w.label.c_str(), ("$" + reports::grouped(w.monthly, 2)).c_str(),
                          capacity_text(*w.candidate).c_str());
            std::cout << line;
        }
    }
    std::cout << "\ncandidates tried:\n";
    char line[320];
    std::snprintf(line, sizeof line, "  %-24s %-44s %-5s %12s %12s\n", "mode", "capacity", "meets",
                  "throttled", "monthly");
    std::cout << line;
    for (const auto& c : rec.candidates) {
        std::snprintf(line, sizeof line, "  %-24s %-44s %-5s %12s %12s\n", c.mode.c_str(),
                      capacity_text(c).c_str(), c.passed ? "yes" : "no",
                      reports::grouped(c.throttled).c_str(),
                      ("$" + reports::grouped(c.monthly, 2)).c_str());
        std::cout << line;
    }
    return rec.winners.empty() ? kExitFailure : kExitOk;
}

}  // namespace ddbsim::cli
