// `ddbsim validate SCENARIO.json` and `ddbsim run SCENARIO.json`: load a scenario file,
// report every problem, and run the simulation with a summary of what happened.
#include <cstdio>
#include <iostream>

#include "args.hpp"
#include "commands.hpp"
#include "input_file.hpp"
#include "run/aggregate_simulator.hpp"
#include "workload/human_units.hpp"
#include "workload/scenario_loader.hpp"

namespace ddbsim::cli {
namespace {

constexpr const char* kValidateUsage = R"(usage: ddbsim validate SCENARIO.json

Checks a scenario file without running it. Every problem is printed, one a line, as
FILE: /json/pointer: what was found, what was expected. Exit code 0 when the file is valid,
2 otherwise.
)";

constexpr const char* kRunUsage =
    R"(usage: ddbsim run SCENARIO.json [--seed N] [--fidelity request|aggregate|auto] [--json]

Runs a scenario and prints a summary: requests, consumed and provisioned capacity,
throttles by DynamoDB's throttling reason, partitions, latency percentiles (request level).
Reports (HTML, CSV, JSON, Markdown, JUnit), costs and `expect` assertions are on their way.

options:
  --seed N          override the scenario's seed
  --fidelity F      request, aggregate or auto (default: the scenario's, else auto)
  --json            print the summary as one JSON object
)";

// Loads a scenario or prints its problems; returns nullopt after printing.
std::optional<workload::Scenario> load(const std::string& path) {
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
    auto loaded = workload::load_scenario(*doc);
    if (!loaded.ok()) {
        for (const auto& p : loaded.problems)
            std::cerr << "ddbsim: " << path << ": " << (p.pointer.empty() ? "/" : p.pointer) << ": "
                      << p.message << "\n";
        std::cerr << "ddbsim: " << path << ": " << loaded.problems.size() << " problem"
                  << (loaded.problems.size() == 1 ? "" : "s") << "\n";
        return std::nullopt;
    }
    return std::move(*loaded.scenario);
}

std::string units(std::int64_t halves) {
    std::string s = std::to_string(halves / 2);
    if (halves % 2) s += ".5";
    return s;
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
    auto scenario = load(args.positionals()[0]);
    if (!scenario) return kExitBadInput;
    std::cout << args.positionals()[0] << ": valid scenario \"" << scenario->name << "\" ("
              << scenario->config.streams.size() << " operation stream"
              << (scenario->config.streams.size() == 1 ? "" : "s") << ")\n";
    return kExitOk;
}

int run_run(const std::vector<std::string>& argv) {
    Args args(argv, {"seed", "fidelity"}, {"json", "help"});
    if (args.has("help")) {
        std::cout << kRunUsage;
        return kExitOk;
    }
    if (!args.error().empty())
        return bad_input("run: " + args.error() + " (see ddbsim run --help)");
    if (args.positionals().size() != 1)
        return bad_input("run: expected one SCENARIO.json (see ddbsim run --help)");
    auto scenario = load(args.positionals()[0]);
    if (!scenario) return kExitBadInput;
    auto& config = scenario->config;
    if (auto seed = args.value("seed")) {
        try {
            std::size_t used = 0;
            config.seed = std::stoull(*seed, &used);
            if (used != seed->size()) throw std::invalid_argument(*seed);
        } catch (const std::exception&) {
            return bad_input("run: --seed must be a non-negative integer, not " + *seed);
        }
    }
    std::string fidelity = args.value("fidelity").value_or(scenario->fidelity);
    run::Fidelity f;
    if (fidelity == "request")
        f = run::Fidelity::kRequest;
    else if (fidelity == "aggregate")
        f = run::Fidelity::kAggregate;
    else if (fidelity == "auto")
        f = run::Fidelity::kAuto;
    else
        return bad_input("run: --fidelity must be request, aggregate or auto, not " + fidelity);
    std::string why;
    if (f == run::Fidelity::kAggregate && !run::aggregate_supports(config, &why)) {
        return bad_input("run: the aggregate fidelity cannot run this scenario: " + why);
    }
    const auto result = run::run_simulation(config, f);

    std::int64_t read = 0, write = 0, successes = 0, gave_up = 0;
    std::int32_t max_partitions = 0;
    for (const auto& row : result.metrics.seconds()) {
        read += row.consumed_read_halves;
        write += row.consumed_write_halves;
        successes += row.successful_requests;
        gave_up += row.gave_up_requests;
        max_partitions = std::max(max_partitions, row.partitions);
    }
    const auto reasons = result.metrics.throttles_by_reason();
    const double seconds = static_cast<double>(config.duration) / 1e6;
    if (args.has("json")) {
        nlohmann::json out = {{"scenario", scenario->name},
                              {"fidelity", result.fidelity},
                              {"seed", config.seed},
                              {"duration_s", seconds},
                              {"requests", result.requests},
                              {"successful_requests", successes},
                              {"throttled_attempts", result.throttled_attempts},
                              {"gave_up", result.gave_up},
                              {"consumed_rcu", static_cast<double>(read) / 2},
                              {"consumed_wcu", static_cast<double>(write) / 2},
                              {"partitions", result.partitions}};
        nlohmann::json by_reason = nlohmann::json::object();
        for (int i = 0; i < model::kThrottleReasonCount; ++i) {
            if (reasons[static_cast<std::size_t>(i)] > 0) {
                by_reason[model::ThrottleReason::from_index(i).code()] =
                    reasons[static_cast<std::size_t>(i)];
            }
        }
        out["throttles_by_reason"] = std::move(by_reason);
        if (result.fidelity == "request") {
            out["latency_ms"] = {{"p50", result.metrics.latency().percentile(0.5) / 1000.0},
                                 {"p99", result.metrics.latency().percentile(0.99) / 1000.0}};
        }
        std::cout << out.dump() << "\n";
        return kExitOk;
    }
    char line[256];
    std::cout << "scenario   " << (scenario->name.empty() ? args.positionals()[0] : scenario->name)
              << " (" << result.fidelity << " fidelity, seed " << config.seed << ", " << seconds
              << " s simulated)\n";
    std::snprintf(
        line, sizeof line, "requests   %lld ended, %lld throttled attempts, %lld given up\n",
        static_cast<long long>(result.requests), static_cast<long long>(result.throttled_attempts),
        static_cast<long long>(result.gave_up));
    std::cout << line;
    std::cout << "consumed   " << units(read) << " RCU, " << units(write) << " WCU (average "
              << static_cast<double>(read) / 2 / seconds << " RCU/s, "
              << static_cast<double>(write) / 2 / seconds << " WCU/s)\n";
    const auto& last = result.metrics.seconds().back();
    std::cout << "capacity   "
              << (config.capacity.on_demand ? "on-demand, allowance at the end "
                                            : "provisioned at the end ")
              << last.provisioned_rcu << " RCU / " << last.provisioned_wcu << " WCU; "
              << result.partitions << " partitions\n";
    for (int i = 0; i < model::kThrottleReasonCount; ++i) {
        if (reasons[static_cast<std::size_t>(i)] > 0) {
            std::cout << "throttled  " << model::ThrottleReason::from_index(i).code() << ": "
                      << reasons[static_cast<std::size_t>(i)] << "\n";
        }
    }
    if (result.fidelity == "request") {
        std::cout << "latency    p50 " << result.metrics.latency().percentile(0.5) / 1000.0
                  << " ms, p99 " << result.metrics.latency().percentile(0.99) / 1000.0
                  << " ms (successful requests, client side)\n";
    }
    return kExitOk;
}

}  // namespace ddbsim::cli
