// A small command-line parser for ddbsim's subcommands: `--name value`, `--name=value`,
// boolean `--flag`s and positionals, with errors that say which option was wrong.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace ddbsim::cli {

class Args {
  public:
    // `with_value` lists options that take a value; `flags` those that do not.
    // On failure, `error()` is non-empty.
    Args(const std::vector<std::string>& argv, const std::set<std::string>& with_value,
         const std::set<std::string>& flags);

    const std::string& error() const { return error_; }
    bool has(const std::string& name) const { return values_.count(name) || flags_.count(name); }
    std::optional<std::string> value(const std::string& name) const;
    const std::vector<std::string>& positionals() const { return positionals_; }

  private:
    std::map<std::string, std::string> values_;
    std::set<std::string> flags_;
    std::vector<std::string> positionals_;
    std::string error_;
};

// `--jobs N` (1 to 9999): nullopt with `error` set when malformed; 0 (every core) when the
// option is absent.
std::optional<int> jobs_option(const Args& args, std::string& error);

}  // namespace ddbsim::cli
