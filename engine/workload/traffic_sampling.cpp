// TrafficShape::sampled_requests: the mid-step samples of a traffic shape summed segment by
// segment. Between two breakpoints every sample has the same form — a constant, a line (a
// ramp), or a cosine (the diurnal cycle) times the same weekly factor plus the same spike
// extra — and each form has a closed-form sum, so the cost is the number of breakpoints,
// not the number of steps (a 100-day run has 144,000 one-minute steps; the run plan asks
// for this sum several times per scenario, and the scenario fuzzer per input).
#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

#include "workload/traffic_shape.hpp"

namespace ddbsim::workload {
namespace {

using sim::TimeUs;

TimeUs saturating_add(TimeUs a, TimeUs b) {
    if (b > 0 && a > std::numeric_limits<TimeUs>::max() - b)
        return std::numeric_limits<TimeUs>::max();
    if (b < 0 && a < std::numeric_limits<TimeUs>::min() - b)
        return std::numeric_limits<TimeUs>::min();
    return a + b;
}

// The mid-step sample times t_k = k·step + half, k in [0, count).
struct Samples {
    TimeUs step = 1;
    TimeUs half = 0;
    std::int64_t count = 0;

    TimeUs time(std::int64_t k) const { return k * step + half; }
    // The first k whose sample is at or after `at` (clamped to [0, count]): where a
    // condition of the form `t >= at` or `t < at` changes.
    std::int64_t first_at_or_after(TimeUs at) const {
        if (at <= half) return 0;
        const TimeUs d = at - half;
        const std::int64_t k = d / step + (d % step != 0 ? 1 : 0);
        return std::min(k, count);
    }
};

// Breakpoints beyond this many (a weekly cycle over millions of days, a huge replay) are
// not summed: the answer is then the bound max_rate · duration, which only runs the plan
// refuses anyway can reach (run_plan.cpp checks durations before it asks for requests).
constexpr std::size_t kMostBreakpoints = 20'000'000;

}  // namespace

double TrafficShape::sampled_requests(TimeUs duration, TimeUs step, bool with_spikes) const {
    if (duration <= 0 || step <= 0) return 0;
    Samples s;
    s.step = step;
    s.half = step / 2;
    s.count = duration / step + (duration % step != 0 ? 1 : 0);
    const double step_seconds = static_cast<double>(step) / sim::kSecond;

    // Breakpoints, as sample indices.
    std::vector<std::int64_t> cuts{0, s.count};
    cuts.push_back(s.first_at_or_after(active_from));
    for (const auto& [start, end] : off) {
        cuts.push_back(s.first_at_or_after(start));
        cuts.push_back(s.first_at_or_after(end));
    }
    if (kind == Kind::kStep || kind == Kind::kRamp) {
        cuts.push_back(s.first_at_or_after(from));
        cuts.push_back(s.first_at_or_after(to));
    }
    if (kind == Kind::kReplay) {
        for (const auto& p : replay)
            cuts.push_back(s.first_at_or_after(p.first));
    }
    if (with_spikes) {
        for (const auto& sp : spikes) {
            cuts.push_back(s.first_at_or_after(sp.start));
            cuts.push_back(s.first_at_or_after(saturating_add(sp.start, sp.length)));
        }
    }
    if (!weekly.empty()) {
        const std::int64_t days = s.time(s.count - 1) / sim::kDay + 1;
        if (static_cast<std::size_t>(days) + cuts.size() > kMostBreakpoints)
            return max_rate() * static_cast<double>(duration) / sim::kSecond;
        for (std::int64_t d = 1; d < days; ++d)
            cuts.push_back(s.first_at_or_after(d * sim::kDay));
    }
    if (cuts.size() > kMostBreakpoints)
        return max_rate() * static_cast<double>(duration) / sim::kSecond;
    std::sort(cuts.begin(), cuts.end());
    cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());

    // Each segment's spike extra, by a difference array over the segments.
    std::vector<double> extra(cuts.size(), 0.0);
    if (with_spikes) {
        auto segment_of = [&](std::int64_t k) {
            return static_cast<std::size_t>(std::lower_bound(cuts.begin(), cuts.end(), k) -
                                            cuts.begin());
        };
        for (const auto& sp : spikes) {
            const std::size_t a = segment_of(s.first_at_or_after(sp.start));
            const std::size_t b =
                segment_of(s.first_at_or_after(saturating_add(sp.start, sp.length)));
            if (a >= b) continue;
            extra[a] += sp.extra_rate;
            extra[b] -= sp.extra_rate;
        }
        for (std::size_t i = 1; i < extra.size(); ++i)
            extra[i] += extra[i - 1];
    }

    // The base shape at t (no weekly factor, no spikes, no clamp), as rate_at has it.
    auto base_at = [&](TimeUs t) {
        switch (kind) {
            case Kind::kConstant:
                return rate;
            case Kind::kStep:
                return t < from ? rate : to_rate;
            case Kind::kRamp:
                if (t <= from) return rate;
                if (t >= to) return to_rate;
                return rate + (to_rate - rate) * static_cast<double>(t - from) /
                                  static_cast<double>(to - from);
            case Kind::kDiurnal:
                return rate + amplitude *
                                  std::cos(2 * std::numbers::pi * static_cast<double>(t - peak_at) /
                                           static_cast<double>(period));
            case Kind::kReplay: {
                auto it = std::upper_bound(
                    replay.begin(), replay.end(), t,
                    [](TimeUs x, const std::pair<TimeUs, double>& p) { return x < p.first; });
                return it == replay.begin() ? 0.0 : std::prev(it)->second;
            }
        }
        return 0.0;
    };

    double total = 0;
    for (std::size_t i = 0; i + 1 < cuts.size(); ++i) {
        const std::int64_t k0 = cuts[i], k1 = cuts[i + 1];
        const TimeUs t0 = s.time(k0), t1 = s.time(k1 - 1);
        if (t0 < active_from || is_off(t0)) continue;
        const auto n = static_cast<double>(k1 - k0);
        const double w =
            weekly.empty() ? 1.0 : weekly[static_cast<std::size_t>(t0 / sim::kDay) % weekly.size()];
        const double add = extra[i];
        // Closed forms hold while no sample is clamped at zero; otherwise, one by one.
        double lowest = 0;
        double sum = 0;  // Σ base over the segment
        if (kind == Kind::kRamp && from < to && t0 >= from && t0 < to) {
            const double slope = (to_rate - rate) / static_cast<double>(to - from);
            lowest = std::min(base_at(t0), base_at(t1));
            sum = n * rate + slope * (n * static_cast<double>(t0 - from) +
                                      static_cast<double>(step) * n * (n - 1) / 2);
        } else if (kind == Kind::kDiurnal && period > 0) {
            // Σ_{j<n} cos(θ0 + j·δ) = sin(nδ/2) / sin(δ/2) · cos(θ0 + (n−1)δ/2).
            const double delta = 2 * std::numbers::pi * static_cast<double>(step % period) /
                                 static_cast<double>(period);
            const double theta0 = 2 * std::numbers::pi *
                                  static_cast<double>((t0 - peak_at) % period) /
                                  static_cast<double>(period);
            const double half_sin = std::sin(delta / 2);
            const double cosines =
                std::abs(half_sin) < 1e-12
                    ? n * std::cos(theta0)
                    : std::sin(n * delta / 2) / half_sin * std::cos(theta0 + (n - 1) * delta / 2);
            lowest = rate - std::abs(amplitude);
            sum = n * rate + amplitude * cosines;
        } else {
            lowest = base_at(t0);
            sum = n * lowest;
        }
        if (w * lowest + add >= 0) {
            total += (w * sum + n * add) * step_seconds;
            continue;
        }
        for (std::int64_t k = k0; k < k1; ++k)
            total += std::max(w * base_at(s.time(k)) + add, 0.0) * step_seconds;
    }
    return total;
}

}  // namespace ddbsim::workload
