#include "input_file.hpp"

#include <fstream>
#include <iostream>
#include <sstream>

#include "common/json_text.hpp"

namespace ddbsim::cli {

std::optional<std::string> read_text(const std::string& path, std::string& error) {
    std::ostringstream buffer;
    if (path == "-") {
        buffer << std::cin.rdbuf();
        return buffer.str();
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        error = path + ": cannot open file";
        return std::nullopt;
    }
    buffer << in.rdbuf();
    if (in.bad()) {
        error = path + ": read error";
        return std::nullopt;
    }
    return buffer.str();
}

std::optional<nlohmann::json> parse_json(const std::string& text, const std::string& path,
                                         std::string& error) {
    auto doc = parse_json_text(text);
    if (!doc) {
        error = path + ":" + doc.error().location + ": " + doc.error().message;
        return std::nullopt;
    }
    return std::move(*doc);
}

std::string located(const std::string& path, const std::string& message,
                    const std::string& location) {
    std::string out = path + ": " + message;
    if (!location.empty()) out += " (at " + location + ")";
    return out;
}

bool make_directory(const std::filesystem::path& dir) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    return !ec && std::filesystem::is_directory(dir);
}

}  // namespace ddbsim::cli
