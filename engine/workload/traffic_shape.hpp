// TrafficShape: a request rate over simulated time — constant, ramp, step, spikes or a
// diurnal cycle (docs/scenario-format.md: traffic). Rates are requests per second.
#pragma once

#include <utility>
#include <vector>

#include "sim/time.hpp"

namespace ddbsim::workload {

struct TrafficShape {
    enum class Kind { kConstant, kRamp, kStep, kDiurnal, kReplay };
    struct Spike {
        sim::TimeUs start = 0;
        sim::TimeUs length = 0;
        double extra_rate = 0;  // added to the base rate while the spike lasts
    };

    Kind kind = Kind::kConstant;
    double rate = 0;       // constant; ramp/step: the rate before; diurnal: the mean
    double to_rate = 0;    // ramp/step: the rate after
    sim::TimeUs from = 0;  // ramp: start; step: when
    sim::TimeUs to = 0;    // ramp: end
    double amplitude = 0;  // diurnal: peak − mean
    sim::TimeUs period = sim::kDay;
    sim::TimeUs peak_at = 14 * sim::kHour;  // diurnal: time of day of the peak
    sim::TimeUs active_from = 0;            // no traffic before
    // No traffic within these [start, end) windows: a global table's failover moves a
    // region's requests elsewhere for a while (run/region_plans.hpp).
    std::vector<std::pair<sim::TimeUs, sim::TimeUs>> off;
    std::vector<Spike> spikes;
    // Replay: piecewise-constant rates from a recorded series, (time, rate) ascending; the
    // last rate holds after the last point.
    std::vector<std::pair<sim::TimeUs, double>> replay;
    // Weekly cycle: the rate of day d of the run is multiplied by weekly[d mod 7] (e.g. 0.6
    // on weekends); empty = no weekly cycle.
    std::vector<double> weekly;
    // Arrivals exactly 1/rate apart (and exact counts per step at the aggregate fidelity)
    // instead of a Poisson process: for exercises whose arithmetic must come out exact.
    bool even = false;

    static TrafficShape constant(double r) {
        TrafficShape s;
        s.rate = r;
        return s;
    }
    static TrafficShape step(double before, double after, sim::TimeUs at);
    static TrafficShape ramp(double from_rate, double to_rate, sim::TimeUs from, sim::TimeUs to);
    static TrafficShape diurnal(double mean, double amplitude, sim::TimeUs peak_at,
                                sim::TimeUs period = sim::kDay);

    double rate_at(sim::TimeUs t) const;
    // Whether t is in one of the `off` windows.
    bool is_off(sim::TimeUs t) const {
        for (const auto& [start, end] : off)
            if (t >= start && t < end) return true;
        return false;
    }
    // An upper bound of rate_at over all t (for thinning).
    double max_rate() const;
    // Whether rate_at(t) is max_rate() at every t ≥ 0: a constant rate with no later start,
    // off window, spike or weekly factor (arrivals then need no thinning).
    bool at_max_rate_throughout() const;
    // Σ rate_at(k·step + step/2) · step over the k with k·step < duration: the requests of
    // [0, duration) sampled once per step at its middle, as the run plan estimates them. The
    // same sum a loop over the steps gives (to rounding), in time proportional to the
    // shape's breakpoints (steps, ramp ends, spike edges, replay points, day boundaries of
    // a weekly cycle) instead of the number of steps (traffic_sampling.cpp).
    double sampled_requests(sim::TimeUs duration, sim::TimeUs step = sim::kMinute,
                            bool with_spikes = true) const;
};

}  // namespace ddbsim::workload
