// Time-varying Poisson arrivals by thinning (Lewis & Shedler): candidate arrivals are drawn
// at the bounding rate λmax and each is kept with probability λ(t)/λmax. Exact for any
// rate function bounded by λmax.
#pragma once

#include <functional>

#include "sim/random.hpp"
#include "sim/time.hpp"

namespace ddbsim::sim {

class PoissonArrivals {
  public:
    // `rate_per_s(t)` must stay within [0, max_rate_per_s].
    PoissonArrivals(std::function<double(TimeUs)> rate_per_s, double max_rate_per_s, Rng rng)
        : rate_(std::move(rate_per_s)), max_rate_(max_rate_per_s), rng_(rng) {}

    // The first arrival strictly after `after`, or -1 if none before `until`.
    TimeUs next(TimeUs after, TimeUs until);

  private:
    std::function<double(TimeUs)> rate_;
    double max_rate_;
    Rng rng_;
};

}  // namespace ddbsim::sim
