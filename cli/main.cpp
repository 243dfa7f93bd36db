// ddbsim: the command-line front end. Thin: parses arguments, calls the engine, prints.
#include <exception>
#include <iostream>
#include <string>
#include <vector>

#include "commands.hpp"

namespace {

constexpr const char* kUsage =
    R"(ddbsim — a capacity-planning and performance simulator for Amazon DynamoDB

usage: ddbsim COMMAND [options]

commands:
  size ITEM.json                 an item's exact size and the RCU/WCU of one read or write
  capacity --item-size SIZE ...  the RCU/WCU to provision for a steady read/write rate
  exec REQUESTS.jsonl --table T  run DynamoDB API requests on an in-memory table, printing
                                 DynamoDB's response (with ConsumedCapacity) for each
  validate SCENARIO.json         check a scenario file, reporting every problem
  run SCENARIO.json              simulate a scenario and its what-ifs, write reports, check
                                 its expectations (exit 1 when one fails)
  recommend SCENARIO.json        the cheapest capacity setting that meets the scenario's
                                 requirements, by simulating candidates
  sweep SCENARIO.json            every point of the scenario's sweep grid × its seeds, on
                                 every core or as a shard (--shard I/N); mean and 95 % CI
  merge SHARD-DIR...             the reports of a sweep run as shards
  exercise list|run NAME|check   the course's worked examples, explained and checked
  import --describe-table F ...  a scenario from a production table's AWS CLI exports
                                 (describe-table, CloudWatch metrics, auto scaling, ...)
  serve [--scenario FILE]        a local DynamoDB endpoint (any SDK, the AWS CLI) that
                                 throttles as the service would, with /metrics

Run `ddbsim COMMAND --help` for a command's options.
Exit codes: 0 success, 1 a failed expectation (run) or internal failure, 2 bad input.
)";

}  // namespace

namespace ddbsim::cli {

int bad_input(const std::string& message) {
    std::cerr << "ddbsim: " << message << "\n";
    return kExitBadInput;
}

}  // namespace ddbsim::cli

int main(int argc, char** argv) {
    using namespace ddbsim::cli;
    std::ios::sync_with_stdio(false);
    std::vector<std::string> args(argv + 1, argv + argc);
    if (args.empty()) {
        std::cerr << kUsage;
        return kExitBadInput;
    }
    const std::string command = args.front();
    args.erase(args.begin());
    try {
        if (command == "--help" || command == "-h" || command == "help") {
            std::cout << kUsage;
            return kExitOk;
        }
        if (command == "--version") {
            std::cout << "ddbsim 0.1.0\n";
            return kExitOk;
        }
        if (command == "size") return run_size(args);
        if (command == "capacity") return run_capacity(args);
        if (command == "exec") return run_exec(args);
        if (command == "serve") return run_serve(args);
        if (command == "validate") return run_validate(args);
        if (command == "run") return run_run(args);
        if (command == "recommend") return run_recommend(args);
        if (command == "exercise") return run_exercise(args);
        if (command == "sweep") return run_sweep(args);
        if (command == "merge") return run_merge(args);
        if (command == "import") return run_import(args);
        return bad_input("unknown command '" + command + "' (see ddbsim --help)");
    } catch (const std::exception& e) {
        std::cerr << "ddbsim: internal error: " << e.what() << "\n";
        return kExitFailure;
    }
}
