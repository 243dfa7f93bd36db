#include "input_file.hpp"

#include <fstream>
#include <iostream>
#include <sstream>

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
    try {
        return nlohmann::json::parse(text);
    } catch (const nlohmann::json::parse_error& e) {
        // Turn the byte offset into line and column.
        std::size_t line = 1, column = 1;
        const std::size_t end = std::min<std::size_t>(e.byte > 0 ? e.byte - 1 : 0, text.size());
        for (std::size_t i = 0; i < end; ++i) {
            if (text[i] == '\n') {
                ++line;
                column = 1;
            } else {
                ++column;
            }
        }
        std::string what = e.what();
        if (auto p = what.find("parse error"); p != std::string::npos) what = what.substr(p);
        error = path + ":" + std::to_string(line) + ":" + std::to_string(column) +
                ": invalid JSON: " + what;
        return std::nullopt;
    }
}

std::string located(const std::string& path, const std::string& message,
                    const std::string& location) {
    std::string out = path + ": " + message;
    if (!location.empty()) out += " (at " + location + ")";
    return out;
}

}  // namespace ddbsim::cli
