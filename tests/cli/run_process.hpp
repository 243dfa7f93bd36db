// Runs the real `ddbsim` binary for CLI tests and captures its exit code and output.
#pragma once

#include <string>
#include <vector>

namespace ddbsim::test {

struct ProcessResult {
    int exit_code = -1;
    std::string out;
    std::string err;
};

// Runs DDBSIM_CLI with `args`; `stdin_text` is fed to its standard input.
ProcessResult run_ddbsim(const std::vector<std::string>& args, const std::string& stdin_text = "");
// The same, started by `launcher` (e.g. {"mpirun", "-np", "2"}) in front of the binary.
ProcessResult run_ddbsim_under(const std::vector<std::string>& launcher,
                               const std::vector<std::string>& args);

// A whole file's bytes ("" if it cannot be read).
std::string read_file(const std::string& path);

// Path of a file under the source tree.
std::string source_path(const std::string& relative);

// Writes `content` to a fresh temporary file and returns its path.
std::string temp_file(const std::string& name, const std::string& content);

}  // namespace ddbsim::test
