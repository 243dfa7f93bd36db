// Reading input files (or stdin for "-") for the CLI, with errors that name the file.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace ddbsim::cli {

// The whole content of `path` ("-" = stdin); on failure `error` says why.
std::optional<std::string> read_text(const std::string& path, std::string& error);

// Parses `text` as JSON; on failure `error` is "PATH:LINE:COLUMN: what was wrong".
std::optional<nlohmann::json> parse_json(const std::string& text, const std::string& path,
                                         std::string& error);

// Creates `dir` (and its parents) if missing; false unless it is a directory afterwards.
bool make_directory(const std::filesystem::path& dir);

// "PATH: message (at /pointer)" for an engine error found in a file.
std::string located(const std::string& path, const std::string& message,
                    const std::string& location);

}  // namespace ddbsim::cli
