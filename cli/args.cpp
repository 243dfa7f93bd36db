#include "args.hpp"

namespace ddbsim::cli {

Args::Args(const std::vector<std::string>& argv, const std::set<std::string>& with_value,
           const std::set<std::string>& flags) {
    for (std::size_t i = 0; i < argv.size(); ++i) {
        const std::string& a = argv[i];
        if (a.size() > 2 && a.rfind("--", 0) == 0) {
            std::string name = a.substr(2);
            std::optional<std::string> inline_value;
            if (auto eq = name.find('='); eq != std::string::npos) {
                inline_value = name.substr(eq + 1);
                name = name.substr(0, eq);
            }
            if (with_value.count(name)) {
                if (inline_value) {
                    values_[name] = *inline_value;
                } else if (i + 1 < argv.size()) {
                    values_[name] = argv[++i];
                } else {
                    error_ = "option --" + name + " needs a value";
                    return;
                }
            } else if (flags.count(name) && !inline_value) {
                flags_.insert(name);
            } else {
                error_ = "unknown option --" + name;
                return;
            }
        } else if (a == "-h") {
            flags_.insert("help");
        } else {
            positionals_.push_back(a);
        }
    }
}

std::optional<std::string> Args::value(const std::string& name) const {
    auto it = values_.find(name);
    if (it == values_.end()) return std::nullopt;
    return it->second;
}

std::optional<int> jobs_option(const Args& args, std::string& error) {
    const auto j = args.value("jobs");
    if (!j) return 0;
    if (j->empty() || j->size() > 4 || j->find_first_not_of("0123456789") != std::string::npos ||
        std::stoi(*j) < 1) {
        error = "--jobs expects a number from 1 to 9999, got \"" + *j + "\"";
        return std::nullopt;
    }
    return std::stoi(*j);
}

}  // namespace ddbsim::cli
