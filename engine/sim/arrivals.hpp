// Time-varying Poisson arrivals by thinning (Lewis & Shedler): candidate arrivals are drawn
// at the bounding rate λmax and each is kept with probability λ(t)/λmax. Exact for any
// rate function bounded by λmax. Or, `even`, deterministic arrivals 1/λ(t) apart.
#pragma once

#include <functional>

#include "sim/random.hpp"
#include "sim/time.hpp"

namespace ddbsim::sim {

class PoissonArrivals {
  public:
    // `rate_per_s(t)` must stay within [0, max_rate_per_s]; empty: the rate is max_rate_per_s
    // throughout (a constant shape: no rate to look up, the same draws as its thinning).
    PoissonArrivals(std::function<double(TimeUs)> rate_per_s, double max_rate_per_s, Rng rng,
                    bool even = false)
        : rate_(std::move(rate_per_s)), max_rate_(max_rate_per_s), rng_(rng), even_(even) {}

    // The first arrival strictly after `after`, or -1 if none before `until`.
    TimeUs next(TimeUs after, TimeUs until);

  private:
    std::function<double(TimeUs)> rate_;
    double max_rate_;
    Rng rng_;
    // Evenly spaced arrivals instead (1 / rate apart): exact arithmetic for exercises.
    bool even_ = false;
    double even_at_ = 0;     // the last even arrival, in exact (fractional) microseconds
    double poisson_at_ = 0;  // the last Poisson arrival, in exact microseconds
    TimeUs delivered_ = -1;  // ... and the microsecond it was delivered at
};

}  // namespace ddbsim::sim
