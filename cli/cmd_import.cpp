// `ddbsim import`: a scenario from a production table's AWS CLI exports (docs/import.md).
#include <unistd.h>
#include <filesystem>

#include <iostream>

#include "args.hpp"
#include "commands.hpp"
#include "import/aws_exports.hpp"
#include "import/scenario_import.hpp"
#include "input_file.hpp"
#include "reports/atomic_file.hpp"
#include "workload/scenario_file.hpp"

namespace ddbsim::cli {
namespace {

namespace fs = std::filesystem;

constexpr const char* kUsage =
    R"(usage: ddbsim import --describe-table FILE --metrics FILE [options] -o SCENARIO.json
       ddbsim import --describe-table FILE --metric-queries [--period SECONDS]

Writes a scenario from the JSON the AWS CLI prints for a production table: the table as a
CreateTable request, its auto scaling, and its CloudWatch history replayed as demand
(consumed + throttled, per period), with the what-ifs on-demand, auto scaling at 50/70/90 %
and provisioned at the peak. The demand series go in SCENARIO.<stream>.csv beside it.

inputs (each the output of the AWS CLI command named):
  --describe-table FILE        aws dynamodb describe-table --table-name T          (required)
  --metrics FILE               aws cloudwatch get-metric-data --metric-data-queries
                               file://queries.json (the queries --metric-queries prints)
  --scalable-targets FILE      aws application-autoscaling describe-scalable-targets
                               --service-namespace dynamodb
  --scaling-policies FILE      aws application-autoscaling describe-scaling-policies
                               --service-namespace dynamodb
  --contributor-insights FILE  aws dynamodb describe-contributor-insights --table-name T
  --insight-report FILE        aws cloudwatch get-insight-rule-report (the table's
                               DynamoDBContributorInsights-PKC-… rule): hot keys
  --items FILE                 aws dynamodb scan --table-name T --max-items N: item sizes

options:
  -o, --out SCENARIO.json      where to write the scenario (required unless --metric-queries)
  --metric-queries             print the get-metric-data queries for the table and exit
  --period SECONDS             the queries' period (default 60)
  --strong-reads               reads are strongly consistent (default: eventually)
  --missing-as-zero            count CloudWatch periods without a data point as 0
)";

std::optional<import::InputFile> input(const Args& args, const char* flag, std::string& error) {
    auto path = args.value(flag);
    if (!path) return std::nullopt;
    auto text = read_text(*path, error);
    if (!text) return std::nullopt;
    return import::InputFile{*path, std::move(*text)};
}

}  // namespace

int run_import(std::vector<std::string> argv) {
    for (auto& a : argv)
        if (a == "-o") a = "--out";  // the short spelling of --out
    Args args(argv,
              {"describe-table", "metrics", "scalable-targets", "scaling-policies",
               "contributor-insights", "insight-report", "items", "out", "period"},
              {"metric-queries", "strong-reads", "missing-as-zero", "help"});
    if (args.has("help")) {
        std::cout << kUsage;
        return kExitOk;
    }
    if (!args.error().empty())
        return bad_input("import: " + args.error() + " (see ddbsim import --help)");
    if (!args.positionals().empty())
        return bad_input("import: unexpected argument '" + args.positionals()[0] +
                         "' (inputs are named: see ddbsim import --help)");
    if (!args.has("describe-table"))
        return bad_input("import: --describe-table FILE is required (see ddbsim import --help)");
    std::string error;
    import::ImportInputs in;
    auto table_file = input(args, "describe-table", error);
    if (!table_file) return bad_input(error);
    in.describe_table = std::move(*table_file);

    if (args.has("metric-queries")) {
        int period = 60;
        if (auto p = args.value("period")) {
            try {
                period = std::stoi(*p);
            } catch (...) {
                period = 0;
            }
            if (period < 1 || (period > 60 && period % 60 != 0))
                return bad_input("import: --period: found '" + *p +
                                 "', expected 1, 5, 10, 30, 60 or a multiple of 60 seconds");
        }
        auto table = import::read_describe_table(in.describe_table.text);
        if (!table)
            return bad_input(
                located(in.describe_table.name, table.error().message, table.error().location));
        std::cout << import::metric_data_queries(*table, period).dump(2) << "\n";
        return kExitOk;
    }
    const auto out = args.value("out");
    if (!out) return bad_input("import: -o SCENARIO.json is required (see ddbsim import --help)");
    for (auto [flag, slot] : {std::pair{"metrics", &in.metrics},
                              {"scalable-targets", &in.scalable_targets},
                              {"scaling-policies", &in.scaling_policies},
                              {"contributor-insights", &in.contributor_insights},
                              {"insight-report", &in.insight_report},
                              {"items", &in.items}}) {
        if (!args.has(flag)) continue;
        *slot = input(args, flag, error);
        if (!*slot) return bad_input(error);
    }
    import::ImportOptions options;
    options.strong_reads = args.has("strong-reads");
    options.missing_as_zero = args.has("missing-as-zero");
    const fs::path out_path(*out);
    options.sidecar_prefix = out_path.stem().string();
    auto imported = import::import_scenario(in, options);
    if (!imported) return bad_input("import: " + imported.error().message);

    // Validate it as `ddbsim run` will read it, beside its CSVs, before writing anything.
    std::error_code ec;
    const fs::path scratch =
        fs::temp_directory_path(ec) / ("ddbsim-import-" + std::to_string(::getpid()));
    fs::create_directories(scratch, ec);
    std::vector<std::pair<std::string, std::string>> scratch_files, files;
    for (const auto& [name, text] : imported->sidecars) {
        scratch_files.emplace_back((scratch / name).string(), text);
        files.emplace_back((out_path.parent_path() / name).string(), text);
    }
    const std::string scenario_text = imported->scenario.dump(2) + "\n";
    files.emplace_back(out_path.string(), scenario_text);
    workload::ScenarioFileLoad load;
    if (auto st = reports::write_files_atomically(scratch_files); st.ok())
        load = workload::load_scenario_file(nlohmann::json::parse(scenario_text), scratch.string());
    else
        load.problems.push_back({"", st.error().message});
    fs::remove_all(scratch, ec);
    if (!load.ok()) {
        std::cerr << "ddbsim: import: internal error: the imported scenario does not validate:\n";
        for (const auto& p : load.problems)
            std::cerr << "  " << p.pointer << ": " << p.message << "\n";
        return kExitFailure;
    }
    if (auto st = reports::write_files_atomically(files); !st.ok())
        return bad_input("import: " + st.error().message);
    std::cout << "wrote " << out_path.string();
    for (const auto& [name, text] : imported->sidecars)
        std::cout << ", " << (out_path.parent_path() / name).string();
    std::cout << "\nnext: ddbsim run " << out_path.string() << "   ddbsim recommend "
              << out_path.string() << "\n";
    return kExitOk;
}

}  // namespace ddbsim::cli
