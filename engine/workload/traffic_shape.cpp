#include "workload/traffic_shape.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace ddbsim::workload {

TrafficShape TrafficShape::step(double before, double after, sim::TimeUs at) {
    TrafficShape s;
    s.kind = Kind::kStep;
    s.rate = before;
    s.to_rate = after;
    s.from = at;
    return s;
}

TrafficShape TrafficShape::ramp(double from_rate, double to_rate, sim::TimeUs from,
                                sim::TimeUs to) {
    TrafficShape s;
    s.kind = Kind::kRamp;
    s.rate = from_rate;
    s.to_rate = to_rate;
    s.from = from;
    s.to = to;
    return s;
}

TrafficShape TrafficShape::diurnal(double mean, double amplitude, sim::TimeUs peak_at,
                                   sim::TimeUs period) {
    TrafficShape s;
    s.kind = Kind::kDiurnal;
    s.rate = mean;
    s.amplitude = amplitude;
    s.peak_at = peak_at;
    s.period = period;
    return s;
}

double TrafficShape::rate_at(sim::TimeUs t) const {
    if (t < active_from || is_off(t)) return 0;
    double r = 0;
    switch (kind) {
        case Kind::kConstant:
            r = rate;
            break;
        case Kind::kStep:
            r = t < from ? rate : to_rate;
            break;
        case Kind::kRamp:
            if (t <= from)
                r = rate;
            else if (t >= to)
                r = to_rate;
            else
                r = rate + (to_rate - rate) * static_cast<double>(t - from) /
                               static_cast<double>(to - from);
            break;
        case Kind::kDiurnal: {
            const double phase = 2 * std::numbers::pi * static_cast<double>(t - peak_at) /
                                 static_cast<double>(period);
            r = rate + amplitude * std::cos(phase);
            break;
        }
        case Kind::kReplay: {
            auto it = std::upper_bound(
                replay.begin(), replay.end(), t,
                [](sim::TimeUs x, const std::pair<sim::TimeUs, double>& p) { return x < p.first; });
            r = it == replay.begin() ? 0 : std::prev(it)->second;
            break;
        }
    }
    if (!weekly.empty()) r *= weekly[static_cast<std::size_t>(t / sim::kDay) % weekly.size()];
    for (const auto& s : spikes) {
        if (t >= s.start && t < s.start + s.length) r += s.extra_rate;
    }
    return std::max(r, 0.0);
}

double TrafficShape::max_rate() const {
    double base = 0;
    switch (kind) {
        case Kind::kConstant:
            base = rate;
            break;
        case Kind::kStep:
        case Kind::kRamp:
            base = std::max(rate, to_rate);
            break;
        case Kind::kDiurnal:
            base = rate + std::abs(amplitude);
            break;
        case Kind::kReplay:
            for (const auto& p : replay)
                base = std::max(base, p.second);
            break;
    }
    double week = 1;
    for (double f : weekly)
        week = std::max(week, f);
    base *= week;
    double extra = 0;
    for (const auto& s : spikes)
        extra += std::max(s.extra_rate, 0.0);
    return std::max(base + extra, 0.0);
}

bool TrafficShape::at_max_rate_throughout() const {
    return kind == Kind::kConstant && active_from <= 0 && off.empty() && spikes.empty() &&
           rate >= 0 && std::all_of(weekly.begin(), weekly.end(), [](double f) { return f == 1; });
}

}  // namespace ddbsim::workload
