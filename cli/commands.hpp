// The `ddbsim` subcommands. Each returns the process exit code: 0 success, 1 internal
// failure (or a failed expectation), 2 bad input — after printing one clear line to stderr.
#pragma once

#include <string>
#include <vector>

namespace ddbsim::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitBadInput = 2;

int run_size(const std::vector<std::string>& args);
int run_capacity(const std::vector<std::string>& args);
int run_exec(const std::vector<std::string>& args);
int run_validate(const std::vector<std::string>& args);
int run_run(const std::vector<std::string>& args);
int run_recommend(const std::vector<std::string>& args);
int run_exercise(const std::vector<std::string>& args);
int run_serve(const std::vector<std::string>& args);
int run_sweep(const std::vector<std::string>& args);
int run_merge(const std::vector<std::string>& args);
int run_import(std::vector<std::string> args);

// Prints "ddbsim: <message>" to stderr and returns kExitBadInput.
int bad_input(const std::string& message);

}  // namespace ddbsim::cli
