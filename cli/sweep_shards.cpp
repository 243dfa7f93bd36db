#include "sweep_shards.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>

#include "common/json_text.hpp"
#include "input_file.hpp"

namespace ddbsim::cli {

using json = nlohmann::json;

namespace {

std::optional<std::size_t> whole_number(const std::string& text) {
    if (text.empty() || text.size() > 9 ||
        text.find_first_not_of("0123456789") != std::string::npos)
        return std::nullopt;
    return static_cast<std::size_t>(std::stoull(text));
}

}  // namespace

std::optional<ShardSpec> parse_shard(const std::string& text, std::string& error) {
    const auto slash = text.find('/');
    const auto i = slash == std::string::npos ? std::nullopt : whole_number(text.substr(0, slash));
    const auto n = slash == std::string::npos ? std::nullopt : whole_number(text.substr(slash + 1));
    if (!i || !n || *n < 1 || *n > 100000 || *i >= *n) {
        error = "--shard expects I/N with 0 <= I < N <= 100000 (e.g. 0/4), got \"" + text + "\"";
        return std::nullopt;
    }
    return ShardSpec{*i, *n};
}

std::optional<ShardSpec> shard_from_environment(std::string& error) {
    auto env = [](const char* name) -> std::optional<std::string> {
        const char* v = std::getenv(name);
        return v ? std::optional<std::string>(v) : std::nullopt;
    };
    std::optional<std::string> index, count;
    std::string source;
    if ((index = env("SLURM_ARRAY_TASK_ID"))) {
        count = env("SLURM_ARRAY_TASK_COUNT");
        source = "SLURM_ARRAY_TASK_ID / SLURM_ARRAY_TASK_COUNT";
        // Arrays may start at any index (--array=1-8): shards count from the first.
        if (auto min = env("SLURM_ARRAY_TASK_MIN");
            min && whole_number(*min) && whole_number(*index))
            if (*whole_number(*index) >= *whole_number(*min))
                index = std::to_string(*whole_number(*index) - *whole_number(*min));
    } else if ((index = env("JOB_COMPLETION_INDEX"))) {
        count = env("DDBSIM_SHARD_COUNT");
        source = "JOB_COMPLETION_INDEX / DDBSIM_SHARD_COUNT";
    } else {
        return std::nullopt;
    }
    if (!count) {
        error = source + ": the count is not set";
        return std::nullopt;
    }
    std::string e;
    auto spec = parse_shard(*index + "/" + *count, e);
    if (!spec) error = source + ": " + e;
    return spec;
}

std::string scenario_fingerprint(const json& document) {
    std::uint64_t h = 1469598103934665603ULL;
    for (const unsigned char c : document.dump()) {
        h ^= c;
        h *= 1099511628211ULL;
    }
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
    return buf;
}

std::string shard_file_name(const ShardSpec& shard) {
    return "shard-" + std::to_string(shard.index) + "-of-" + std::to_string(shard.count) + ".json";
}

json shard_json(const json& document, const std::string& source, const std::string& scenario_name,
                const ShardSpec& shard, const std::vector<run::SweepRow>& rows) {
    json out_rows = json::array();
    for (const auto& r : rows)
        out_rows.push_back(run::sweep_row_json(r));
    return {{"ddbsimSweepShard", 1}, {"fingerprint", scenario_fingerprint(document)},
            {"source", source},      {"scenario", scenario_name},
            {"document", document},  {"shard", shard.index},
            {"shards", shard.count}, {"rows", std::move(out_rows)}};
}

std::optional<MergedSweep> merge_shards(const std::vector<std::string>& paths, std::string& error) {
    std::vector<std::string> files;
    for (const auto& p : paths) {
        std::error_code ec;
        if (std::filesystem::is_directory(p, ec)) {
            std::vector<std::string> found;
            for (const auto& entry : std::filesystem::directory_iterator(p, ec)) {
                const std::string name = entry.path().filename().string();
                if (name.rfind("shard-", 0) == 0 && entry.path().extension() == ".json")
                    found.push_back(entry.path().string());
            }
            if (found.empty()) {
                error = p + ": no shard-*.json files";
                return std::nullopt;
            }
            std::sort(found.begin(), found.end());
            files.insert(files.end(), found.begin(), found.end());
        } else {
            files.push_back(p);
        }
    }
    if (files.empty()) {
        error = "merge: name the shard files or the directories that hold them";
        return std::nullopt;
    }
    MergedSweep merged;
    std::string fingerprint;
    std::size_t shards = 0;
    std::map<std::size_t, std::string> seen;  // shard index → file
    std::map<std::size_t, run::SweepRow> rows;
    for (const auto& file : files) {
        auto text = read_text(file, error);
        if (!text) return std::nullopt;
        auto doc = parse_json_text(*text);
        auto fail = [&](const std::string& pointer, const std::string& what) {
            error = file + ": " + pointer + ": " + what;
            return std::nullopt;
        };
        if (!doc) return fail("", doc.error().message);
        const json& d = *doc;
        if (!d.is_object() || d.value("ddbsimSweepShard", 0) != 1)
            return fail("/ddbsimSweepShard", "not a ddbsim sweep shard file (expected 1)");
        if (!d.contains("fingerprint") || !d["fingerprint"].is_string() || !d.contains("shard") ||
            !d["shard"].is_number_unsigned() || !d.contains("shards") ||
            !d["shards"].is_number_unsigned() || !d.contains("rows") || !d["rows"].is_array())
            return fail("", "expected fingerprint, shard, shards and rows");
        const auto index = d["shard"].get<std::size_t>();
        const auto count = d["shards"].get<std::size_t>();
        if (seen.empty()) {
            fingerprint = d["fingerprint"].get<std::string>();
            shards = count;
            merged.source = d.value("source", "");
            merged.scenario_name = d.value("scenario", "");
            // The scenario document travels with the shard: its fingerprint proves it is the
            // one the shard ran, and its sweep section is the grid.
            const json document = d.value("document", json());
            if (scenario_fingerprint(document) != fingerprint)
                return fail("/document", "does not match the shard's fingerprint");
            std::vector<workload::Problem> problems;
            auto sweep = workload::read_sweep(document, problems);
            if (!sweep)
                return fail("/document/sweep", problems.empty() ? "missing" : problems[0].message);
            merged.sweep = std::move(*sweep);
            // The expectations, read as `ddbsim sweep` read them (relative files, such as a
            // replay, resolve beside the scenario's path as the shard recorded it).
            const auto loaded = workload::load_scenario_file(
                document, std::filesystem::path(merged.source).parent_path().string());
            if (loaded.file) merged.expect = loaded.file->expect;
        } else if (d["fingerprint"] != fingerprint) {
            return fail("/fingerprint",
                        "from another scenario or grid than " + seen.begin()->second);
        } else if (count != shards) {
            return fail("/shards", "split " + std::to_string(count) + " ways, " +
                                       seen.begin()->second + " " + std::to_string(shards) +
                                       " ways");
        }
        if (index >= count) return fail("/shard", "shard index beyond the shard count");
        if (auto [it, added] = seen.emplace(index, file); !added)
            return fail("/shard", "shard " + std::to_string(index) + " is also in " + it->second);
        for (std::size_t i = 0; i < d["rows"].size(); ++i) {
            const json& r = d["rows"][i];
            const std::string rp = "/rows/" + std::to_string(i);
            auto row = run::sweep_row_from_json(r);
            if (!row) return fail(rp, "expected {task, point, seedIndex, seed, fidelity, metrics}");
            if (row->task >= merged.sweep.tasks() || row->task % count != index)
                return fail(rp + "/task",
                            "task " + std::to_string(row->task) + " does not belong to this shard");
            if (!rows.emplace(row->task, std::move(*row)).second)
                return fail(rp + "/task", "a task listed twice");
        }
    }
    for (std::size_t i = 0; i < shards; ++i) {
        if (!seen.count(i)) {
            error = "merge: shard " + std::to_string(i) + " of " + std::to_string(shards) +
                    " is missing (" + shard_file_name({i, shards}) + ")";
            return std::nullopt;
        }
    }
    if (rows.size() != merged.sweep.tasks()) {
        error = "merge: the shards hold " + std::to_string(rows.size()) + " of the sweep's " +
                std::to_string(merged.sweep.tasks()) + " runs";
        return std::nullopt;
    }
    for (auto& [task, row] : rows)
        merged.rows.push_back(std::move(row));
    return merged;
}

}  // namespace ddbsim::cli
