// Recommend: the cheapest capacity configuration that meets a scenario's expectations,
// found by simulating candidates (issue 6, `ddbsim recommend`).
//
// Every candidate is a full simulation of the scenario with its capacity settings replaced,
// so partitions, hot keys, burst and adaptive capacity all count. The search is coarse to
// fine: one on-demand run measures the unthrottled peak consumption; provisioned-fixed
// capacity is bisected per side (writes first with generous reads, then reads) from that
// peak; auto scaling is searched over target utilisations (50, 70, 90 %) with the minimum
// capacity bisected as a fraction of the peak; reserved capacity prices the fixed winner.
// The upper bounds (`max`) of the expectations that apply to the baseline decide pass/fail
// — SLOs and budgets; lower bounds describe the baseline, not a goal — and, unless one of
// them bounds throttledRequests itself, no throttled requests.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "run/outcome.hpp"
#include "run/run_simulation.hpp"

namespace ddbsim::run {

struct Candidate {
    std::string mode;               // provisioned-fixed, provisioned-autoscaling, on-demand
    std::int64_t rcu = 0, wcu = 0;  // fixed capacity, or the scaling maximum
    std::int64_t min_rcu = 0, min_wcu = 0;
    double target = 0;  // auto scaling target utilisation, percent
    bool passed = false;
    std::string failure;  // the first failed expectation
    double throttled = 0;
    double monthly = 0;  // projected monthly cost of the candidate as run, dollars
    double reserved_1y = 0, reserved_3y = 0;  // fixed candidates: monthly with reserved blocks
};

struct Winner {
    std::string
        mode;  // provisioned-fixed, provisioned-autoscaling, on-demand, reserved-1y, reserved-3y
    std::string label;
    const Candidate* candidate = nullptr;  // into Recommendation::candidates
    double monthly = 0;
};

struct Recommendation {
    std::vector<Candidate> candidates;  // in the order tried
    std::vector<Winner> winners;        // cheapest passing per mode, cheapest first
    std::vector<workload::Expectation> criteria;
    double peak_rcu = 0, peak_wcu = 0;  // unthrottled one-second peaks (on-demand run)
};

struct RecommendOptions {
    Fidelity fidelity = Fidelity::kAuto;
    int max_runs = 60;
    // Threads (0: every core). With more than one, the searches for fixed capacity and for
    // each auto scaling target first run side by side, speculatively, filling a cache of
    // candidate results; then the sequential search runs on the cache. The answer, the
    // candidates and their order are the same for any number of threads (recommend.cpp).
    int jobs = 1;
    // Called after every candidate run (for progress output).
    std::function<void(const Candidate&, int runs_done)> on_candidate;
};

// One simulated candidate with the one-second peaks its run measured (consumedRCU.max,
// consumedWCU.max): what the speculative searches share, and what an MPI rank sends back.
struct CandidateResult {
    Candidate candidate;
    double peak_rcu = 0, peak_wcu = 0;
};

// The speculative searches: fixed capacity, then auto scaling at 50, 70 and 90 %.
constexpr int kRecommendBranches = 4;

// `known`: candidates simulated elsewhere (recommend_branch on other processes); the search
// takes their results instead of simulating them again. The answer does not depend on it.
Recommendation recommend(const workload::ScenarioFile& file, const RecommendOptions& options = {},
                         const std::vector<CandidateResult>& known = {});

// The on-demand run, then speculative search `branch` (0 … kRecommendBranches − 1) alone with
// the whole budget, single-threaded: every result it simulated, for recommend()'s `known`.
// An executor of any shape (threads, MPI ranks) that runs every branch and merges the
// results gives recommend() the same cache the thread pool does.
std::vector<CandidateResult> recommend_branch(const workload::ScenarioFile& file,
                                              const RecommendOptions& options, int branch);

// A result as JSON and back (doubles round-trip exactly); nullopt if `j` is not one.
nlohmann::json candidate_result_json(const CandidateResult& result);
std::optional<CandidateResult> candidate_result_from_json(const nlohmann::json& j);

}  // namespace ddbsim::run
