#include "sim/arrivals.hpp"

#include <cmath>

namespace ddbsim::sim {

TimeUs PoissonArrivals::next(TimeUs after, TimeUs until) {
    if (max_rate_ <= 0) return -1;
    if (even_) {
        double t = std::max(even_at_, static_cast<double>(after));
        for (;;) {
            const double r = rate_(static_cast<TimeUs>(t));
            if (r <= 0) {
                t = std::floor(t / 1e6 + 1) * 1e6;  // look again at the next second
                if (t >= static_cast<double>(until)) return -1;
                continue;
            }
            t += 1e6 / r;
            if (t >= static_cast<double>(until)) return -1;
            even_at_ = t;
            const auto at = static_cast<TimeUs>(std::ceil(t - 1e-6));
            return at > after ? at : after + 1;
        }
    }
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
