// The journal of a sweep (`ddbsim sweep --journal FILE [--resume]`; docs/sweeps.md): a JSON
// line naming the sweep (scenario fingerprint, shard), then one JSON line per finished run,
// appended and flushed as each run ends. A sweep killed halfway — or an MPI job that lost a
// rank, since MPI stops the whole job — restarts with --resume and runs only what the journal
// lacks; a line cut short by the kill is ignored (its run is redone).
//
// Thread safety: append() may be called from several threads at once.
#pragma once

#include <cstdio>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "run/sweep_summary.hpp"
#include "sweep_shards.hpp"

namespace ddbsim::cli {

class SweepJournal {
  public:
    ~SweepJournal();

    // Opens `path` for the sweep with `fingerprint` and `shard` (nullopt: the whole sweep).
    // A new file gets the header; an existing one is refused unless `resume`, and then must
    // name the same sweep: its runs are returned in `done` (by task id). On failure, `error`
    // names the file and what is wrong.
    bool open(const std::string& path, const std::string& fingerprint,
              const std::optional<ShardSpec>& shard, bool resume,
              std::map<std::size_t, run::SweepRow>& done, std::string& error);
    // Appends one finished run and flushes it to the file.
    void append(const run::SweepRow& row);

  private:
    std::FILE* file_ = nullptr;
    std::mutex mutex_;
};

}  // namespace ddbsim::cli
