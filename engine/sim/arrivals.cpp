#include "sim/arrivals.hpp"

#include <cmath>

namespace ddbsim::sim {

TimeUs PoissonArrivals::next(TimeUs after, TimeUs until) {
    if (max_rate_ <= 0) return -1;
    if (even_) {
        double t = std::max(even_at_, static_cast<double>(after));
        for (;;) {
            const double r = rate_ ? rate_(static_cast<TimeUs>(t)) : max_rate_;
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
    // The process runs on exact (fractional) time; an arrival is delivered at the first
    // whole microsecond not before it and strictly after the previous one, so two arrivals
    // within one microsecond are both kept (one a microsecond late) rather than one dropped.
    const double mean_gap_us = 1e6 / max_rate_;
    double t = after == delivered_ ? poisson_at_ : static_cast<double>(after);
    for (;;) {
        t += exponential(rng_, mean_gap_us);
        if (t >= static_cast<double>(until)) return -1;
        const auto at = static_cast<TimeUs>(std::ceil(t));
        // Kept with probability rate(at) / max. At the maximum rate u × max < max for every
        // u < 1, so a constant rate keeps every candidate; its uniform is drawn all the same.
        const double u = uniform01(rng_);
        if (rate_ && u * max_rate_ >= rate_(at)) continue;
        poisson_at_ = t;
        delivered_ = at > after ? at : after + 1;
        return delivered_ < until ? delivered_ : -1;
    }
}

}  // namespace ddbsim::sim
