#include "run/eventual_read_share.hpp"

#include "run/operation_runner.hpp"

namespace ddbsim::run {

EventualReadShare::EventualReadShare(const SimulationConfig& config) : config_(config) {
    bool eventual = false, strong = false;
    for (const auto& s : config.streams) {
        if (is_write(s.op)) continue;
        (eventual_read(s.op, s.consistency) ? eventual : strong) = true;
    }
    mix_ = eventual && strong ? Mix::kMixed : eventual ? Mix::kEventual : Mix::kStrong;
}

const std::vector<double>* EventualReadShare::of_step(
    sim::TimeUs t, int partitions, const std::vector<double>& arrivals,
    const std::vector<RunResult::Calibration>& calibration,
    const std::vector<Eigen::ArrayXd>& masses) {
    const auto n = static_cast<std::size_t>(partitions);
    if (mix_ == Mix::kStrong) return nullptr;
    if (mix_ == Mix::kEventual) {
        if (share_.size() != n) share_.assign(n, 1.0);
        return &share_;
    }
    double eventual_rate = 0, rate = 0;
    for (const auto& s : config_.streams) {
        if (is_write(s.op)) continue;
        const double r = s.traffic.rate_at(t);
        rate += r;
        if (eventual_read(s.op, s.consistency)) eventual_rate += r;
    }
    if (eventual_rate <= 0) return nullptr;
    share_.assign(n, eventual_rate / rate);
    Eigen::ArrayXd all = Eigen::ArrayXd::Zero(partitions), eventual = all;
    for (std::size_t i = 0; i < config_.streams.size(); ++i) {
        const auto& s = config_.streams[i];
        if (is_write(s.op) || arrivals[i] <= 0) continue;
        const Eigen::ArrayXd h = (arrivals[i] * calibration[i].mean_halves) * masses[i];
        all += h;
        if (eventual_read(s.op, s.consistency)) eventual += h;
    }
    for (int p = 0; p < partitions; ++p) {
        if (all[p] > 0) share_[static_cast<std::size_t>(p)] = eventual[p] / all[p];
    }
    return &share_;
}

}  // namespace ddbsim::run
