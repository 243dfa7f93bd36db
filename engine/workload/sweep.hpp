// Sweep: a grid of JSON-pointer overrides of a scenario, each point run with several seeds
// (docs/sweeps.md). `"sweep": {"parameters": [{"pointer": "/table/ProvisionedThroughput/
// WriteCapacityUnits", "values": [100, 200, 400]}, …], "seeds": 20}`.
//
// The grid is the cartesian product of the parameters' values, the last parameter varying
// fastest; task t runs point t / seeds with seed index t % seeds. The seed of seed index i is
// derived from the scenario's seed and i alone (sweep_seed), so every point sees the same
// seeds — common random numbers, which make differences between points less noisy — and
// a task's result never depends on how the tasks were spread over threads, ranks or shards.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "workload/scenario_loader.hpp"

namespace ddbsim::workload {

struct SweepParameter {
    std::string pointer;
    std::vector<nlohmann::json> values;
};

struct Sweep {
    std::vector<SweepParameter> parameters;
    std::int64_t seeds = 1;

    std::size_t points() const;  // product of the parameters' value counts
    std::size_t tasks() const { return points() * static_cast<std::size_t>(seeds); }
    // The value index of each parameter at grid point `point`.
    std::vector<std::size_t> coordinates(std::size_t point) const;
};

// Limits that keep a sweep within what one machine can list and merge.
inline constexpr std::size_t kMostSweepPoints = 10'000;
inline constexpr std::int64_t kMostSweepSeeds = 10'000;
inline constexpr std::size_t kMostSweepTasks = 1'000'000;

// Reads `doc["sweep"]` (absent: nullopt, no problems). Pointers are checked to name a place
// in the scenario; values are checked when each point is loaded.
std::optional<Sweep> read_sweep(const nlohmann::json& doc, std::vector<Problem>& problems);

// The scenario document of grid point `point`: `doc` (without whatIf, expect, sweep) with
// each parameter's value set. Problems name /sweep/parameters/i/values/j.
std::optional<nlohmann::json> sweep_point_document(const nlohmann::json& doc, const Sweep& sweep,
                                                   std::size_t point,
                                                   std::vector<Problem>& problems);

// The seed of seed index `index` (0-based) of a scenario seeded `scenario_seed`: index 0 is
// the scenario's own seed; others are a SplitMix64 mix of both, never 0.
std::uint64_t sweep_seed(std::uint64_t scenario_seed, std::int64_t index);

}  // namespace ddbsim::workload
