// Scenario files: JSON → a validated Scenario (docs/scenario-format.md).
//
// Shapes reuse AWS's own where one exists: `table` is a CreateTable request; auto scaling is
// Application Auto Scaling's (MinCapacity, MaxCapacity,
// TargetTrackingScalingPolicyConfiguration.TargetValue). Durations, sizes and rates are
// human units ("30d", "2KB", "600/min"). Every problem in a file is reported — not just the
// first — each with the JSON pointer of the bad value and what was expected; unknown fields
// are problems too, so a typo never passes silently.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "cost/price_catalog.hpp"
#include "cost/usage.hpp"
#include "workload/scenario.hpp"

namespace ddbsim::workload {

struct Scenario {
    std::string name;
    std::string description;
    std::string fidelity = "auto";  // request | aggregate | auto
    SimulationConfig config;
    // How the run is priced (`cost` section; the DAX cluster's size comes from `dax`).
    cost::CostOptions cost;
    cost::PriceCatalog catalog;
};

// One problem: where (a JSON pointer) and what (what was found and what was expected).
struct Problem {
    std::string pointer;
    std::string message;
};

struct ScenarioLoad {
    std::optional<Scenario> scenario;  // present when there are no problems
    std::vector<Problem> problems;
    bool ok() const { return problems.empty(); }
};

// `base_dir`: the scenario file's directory, where relative file names (replay) resolve.
ScenarioLoad load_scenario(const nlohmann::json& document, const std::string& base_dir = "");

}  // namespace ddbsim::workload
