// A sweep's results: one row per task (its grid point, seed and summary metrics — the keys of
// run::Outcome::metrics), and per grid point each metric's mean with a 95 % confidence
// interval over the seeds; per metric, how far each parameter moves it (docs/sweeps.md).
//
// Everything here is computed from the rows in task order, so it is the same bytes for any
// number of threads, ranks or shards that produced the rows.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "workload/scenario_file.hpp"
#include "workload/sweep.hpp"

namespace ddbsim::run {

struct SweepRow {
    std::size_t task = 0;
    std::size_t point = 0;
    std::int64_t seed_index = 0;
    std::uint64_t seed = 0;
    std::string fidelity;
    std::map<std::string, double> metrics;
};

// A row as JSON — in sweep.json, shard files, journals and MPI messages — and back (nullopt
// when malformed). Doubles read back exactly, so rows that travelled render the same bytes.
nlohmann::json sweep_row_json(const SweepRow& row);
std::optional<SweepRow> sweep_row_from_json(const nlohmann::json& j);

struct SweepStatistic {
    std::size_t n = 0;  // runs that have the metric
    double mean = 0;
    double sd = 0;    // sample standard deviation (0 for one run)
    double ci95 = 0;  // half-width: t(0.975, n−1) · sd / √n (0 for one run)
    double min = 0;
    double max = 0;
};

struct SweepPoint {
    std::size_t point = 0;
    std::vector<std::size_t> coordinates;  // value index per parameter
    std::map<std::string, SweepStatistic> metrics;
};

// Per metric and parameter: the spread (max − min) of the metric's mean over the parameter's
// values, averaging over the other parameters — the parameter with the largest spread moves
// the metric most.
struct SweepEffect {
    std::string metric;
    std::vector<double> spread;  // per parameter
    std::size_t strongest = 0;   // index of the largest spread
};

struct SweepSummary {
    std::vector<SweepPoint> points;
    std::vector<SweepEffect> effects;  // metrics in name order
};

// One `expect` assertion at one grid point: bounds on the mean of the point's runs, or on
// the upper / lower end of its 95 % confidence interval (Expectation::over). Expectations
// naming a what-if do not apply to sweeps.
struct SweepCheck {
    workload::Expectation expectation;
    std::size_t point = 0;
    std::optional<double> actual;
    bool passed = false;
    std::string message;  // "throttledRequests.sum (upper95) = 12, expected ≤ 0"
};

// The statistic of `values` (NaN-free) as SweepStatistic defines it.
SweepStatistic statistic_of(const std::vector<double>& values);

// `rows` must hold every task of `sweep`, in task order.
SweepSummary summarize_sweep(const workload::Sweep& sweep, const std::vector<SweepRow>& rows);

// Every expectation (baseline or "*") at every point, in expectation then point order.
std::vector<SweepCheck> check_sweep(const std::vector<workload::Expectation>& expect,
                                    const SweepSummary& summary);

}  // namespace ddbsim::run
