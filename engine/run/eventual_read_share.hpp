// EventualReadShare: at the aggregate fidelity, the share of each partition's read demand in
// a step that is eventually consistent (model/capacity_model.hpp eventual_read_ceiling: such
// reads may exceed a partition's read limit by the ceiling's factor). All eventual or all
// strong is decided once per run; only a mix of streams needs each step's arrivals (retries
// are taken at the fresh arrivals' mix).
//
// Thread safety: none; one belongs to one run.
#pragma once

#include <vector>

#include <Eigen/Core>

#include "run/run_result.hpp"

namespace ddbsim::run {

class EventualReadShare {
  public:
    explicit EventualReadShare(const SimulationConfig& config);

    // Per partition (of `partitions`), for the step at `t` with `arrivals[i]` fresh requests
    // of stream i costing `calibration[i]` and landing by `masses[i]`; null when no read is
    // eventual.
    const std::vector<double>* of_step(sim::TimeUs t, int partitions,
                                       const std::vector<double>& arrivals,
                                       const std::vector<RunResult::Calibration>& calibration,
                                       const std::vector<Eigen::ArrayXd>& masses);

  private:
    enum class Mix { kStrong, kEventual, kMixed };
    const SimulationConfig& config_;
    Mix mix_ = Mix::kStrong;
    std::vector<double> share_;
};

}  // namespace ddbsim::run
