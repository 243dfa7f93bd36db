#include "sweep_journal.hpp"

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "common/json_text.hpp"

namespace ddbsim::cli {

using json = nlohmann::json;

SweepJournal::~SweepJournal() {
    if (file_) std::fclose(file_);
}

bool SweepJournal::open(const std::string& path, const std::string& fingerprint,
                        const std::optional<ShardSpec>& shard, bool resume,
                        std::map<std::size_t, run::SweepRow>& done, std::string& error) {
    const json header = {{"ddbsimSweepJournal", 1},
                         {"fingerprint", fingerprint},
                         {"shard", shard ? shard->index : 0},
                         {"shards", shard ? shard->count : 1}};
    std::error_code ec;
    const bool exists = std::filesystem::exists(path, ec);
    if (exists && !resume) {
        error = path + ": the journal exists; pass --resume to continue that sweep, or remove it";
        return false;
    }
    if (exists) {
        std::ifstream in(path, std::ios::binary);
        std::string line;
        std::size_t number = 0;
        std::uintmax_t good_bytes = 0;           // the end of the last whole, good line
        std::optional<std::string> pending_bad;  // a bad line, fatal unless it is the last
        while (std::getline(in, line)) {
            ++number;
            const bool whole = !in.eof();  // ended by a newline
            if (pending_bad) {
                error = *pending_bad;
                return false;
            }
            auto doc = parse_json_text(line);
            if (number == 1) {
                if (!doc || *doc != header) {
                    error = path +
                            ":1: the journal is of another sweep (scenario, grid or "
                            "shard), expected " +
                            header.dump();
                    return false;
                }
                good_bytes += line.size() + 1;
                continue;
            }
            auto row = doc && whole ? run::sweep_row_from_json(*doc) : std::nullopt;
            if (!row) {
                pending_bad = path + ":" + std::to_string(number) + ": not a run of the sweep";
                continue;
            }
            good_bytes += line.size() + 1;
            done[row->task] = std::move(*row);
        }
        in.close();
        if (number == 0) {
            error = path + ": empty, expected the journal's header line";
            return false;
        }
        // A last line cut short by a kill is cut off; its run is redone.
        if (pending_bad) std::filesystem::resize_file(path, good_bytes, ec);
        file_ = ec ? nullptr : std::fopen(path.c_str(), "a");
    } else {
        file_ = std::fopen(path.c_str(), "w");
        if (file_) std::fprintf(file_, "%s\n", header.dump().c_str());
    }
    if (!file_) {
        error = path + ": cannot write the journal";
        return false;
    }
    std::fflush(file_);
    return true;
}

void SweepJournal::append(const run::SweepRow& row) {
    if (!file_) return;
    const std::string line = run::sweep_row_json(row).dump() + "\n";
    std::lock_guard lock(mutex_);
    std::fwrite(line.data(), 1, line.size(), file_);
    std::fflush(file_);
    fsync(fileno(file_));
}

}  // namespace ddbsim::cli
