// Shard files of a sweep run as a batch array (`ddbsim sweep --shard I/N`, Slurm or
// Kubernetes indexed jobs) and their merge (`ddbsim merge`; docs/sweeps.md). A shard file
// carries the sweep's definition, a fingerprint of the scenario it ran, and its rows, so a
// merge needs only the files — and refuses shards of another scenario, another grid, or a
// set with shards missing or twice.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "run/sweep_summary.hpp"
#include "workload/scenario_file.hpp"
#include "workload/sweep.hpp"

namespace ddbsim::cli {

struct ShardSpec {
    std::size_t index = 0;  // 0-based
    std::size_t count = 1;
    bool owns(std::size_t task) const { return task % count == index; }
};

// "I/N" (0 ≤ I < N ≤ 100,000); nullopt with `error` set otherwise.
std::optional<ShardSpec> parse_shard(const std::string& text, std::string& error);
// The shard a batch scheduler gave this process: SLURM_ARRAY_TASK_ID with
// SLURM_ARRAY_TASK_COUNT (relative to SLURM_ARRAY_TASK_MIN when set), or Kubernetes'
// JOB_COMPLETION_INDEX with DDBSIM_SHARD_COUNT. nullopt when none is set; `error` when one
// is set but unusable.
std::optional<ShardSpec> shard_from_environment(std::string& error);

// A fingerprint of the scenario document (FNV-1a of its canonical JSON text).
std::string scenario_fingerprint(const nlohmann::json& document);

std::string shard_file_name(const ShardSpec& shard);
nlohmann::json shard_json(const nlohmann::json& document, const std::string& source,
                          const std::string& scenario_name, const ShardSpec& shard,
                          const std::vector<run::SweepRow>& rows);

// Everything a merge needs, read back from shard files.
struct MergedSweep {
    std::string source;
    std::string scenario_name;
    workload::Sweep sweep;
    std::vector<run::SweepRow> rows;            // every task, in task order
    std::vector<workload::Expectation> expect;  // the scenario's, when its file still loads
};

// Reads the shard files in `paths` (files, or directories holding shard-*.json) and checks
// they are one complete sweep. On failure `error` names the file and what is wrong.
std::optional<MergedSweep> merge_shards(const std::vector<std::string>& paths, std::string& error);

}  // namespace ddbsim::cli
