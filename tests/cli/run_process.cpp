#include "cli/run_process.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace ddbsim::test {

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

namespace {

std::string quote(const std::string& s) {
    std::string out = "'";
    for (char c : s) {
        if (c == '\'')
            out += "'\\''";
        else
            out += c;
    }
    return out + "'";
}

std::filesystem::path scratch_dir() {
    static const std::filesystem::path dir = [] {
        char tmpl[] = "/tmp/ddbsim-cli-test-XXXXXX";
        const char* made = mkdtemp(tmpl);
        return std::filesystem::path(made ? made : "/tmp");
    }();
    return dir;
}

}  // namespace

ProcessResult run_launched(const std::vector<std::string>& launcher,
                           const std::vector<std::string>& args, const std::string& stdin_text);

std::string source_path(const std::string& relative) {
    return std::string(DDBSIM_SOURCE_DIR) + "/" + relative;
}

std::string temp_file(const std::string& name, const std::string& content) {
    const auto path = scratch_dir() / name;
    std::ofstream(path, std::ios::binary) << content;
    return path.string();
}

ProcessResult run_ddbsim(const std::vector<std::string>& args, const std::string& stdin_text) {
    return run_launched({}, args, stdin_text);
}

ProcessResult run_ddbsim_under(const std::vector<std::string>& launcher,
                               const std::vector<std::string>& args) {
    return run_launched(launcher, args, "");
}

ProcessResult run_launched(const std::vector<std::string>& launcher,
                           const std::vector<std::string>& args, const std::string& stdin_text) {
    static int counter = 0;
    const auto base = scratch_dir() / ("run" + std::to_string(counter++));
    const std::string in = base.string() + ".in", out = base.string() + ".out",
                      err = base.string() + ".err";
    std::ofstream(in, std::ios::binary) << stdin_text;
    std::string cmd;
    for (const auto& l : launcher)
        cmd += quote(l) + " ";
    cmd += quote(DDBSIM_CLI);
    for (const auto& a : args)
        cmd += " " + quote(a);
    cmd += " <" + quote(in) + " >" + quote(out) + " 2>" + quote(err);
    const int status = std::system(cmd.c_str());
    ProcessResult r;
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.out = read_file(out);
    r.err = read_file(err);
    return r;
}

}  // namespace ddbsim::test
