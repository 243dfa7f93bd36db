#include "sim/arrivals.hpp"

#include <cmath>

namespace ddbsim::sim {

TimeUs PoissonArrivals::next(TimeUs after, TimeUs until) {
    if (max_rate_ <= 0) return -1;
    const double mean_gap_us = 1e6 / max_rate_;
    double t = static_cast<double>(after);
    for (;;) {
        t += exponential(rng_, mean_gap_us);
        if (t >= static_cast<double>(until)) return -1;
        const auto at = static_cast<TimeUs>(std::ceil(t));
        if (at <= after) continue;
        if (uniform01(rng_) * max_rate_ < rate_(at)) return at;
    }
}

}  // namespace ddbsim::sim
