#include "run/aggregate_replication.hpp"

#include <algorithm>
#include <cmath>

#include "run/global_run.hpp"
#include "run/operation_runner.hpp"

namespace ddbsim::run {
namespace {

// The standard normal quantile (Acklam's rational approximation; relative error < 1.2e-9).
double normal_quantile(double p) {
    static const double a[] = {-3.969683028665376e+01, 2.209460984245205e+02,
                               -2.759285104469687e+02, 1.383577518672690e+02,
                               -3.066479806614716e+01, 2.506628277459239e+00};
    static const double b[] = {-5.447609879822406e+01, 1.615858368580409e+02,
                               -1.556989798598866e+02, 6.680131188771972e+01,
                               -1.328068155288572e+01};
    static const double c[] = {-7.784894002430293e-03, -3.223964580411365e-01,
                               -2.400758277161838e+00, -2.549732539343734e+00,
                               4.374664141464968e+00,  2.938163982698783e+00};
    static const double d[] = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
                               3.754408661907416e+00};
    const double lo = 0.02425;
    if (p < lo) {
        const double q = std::sqrt(-2 * std::log(p));
        return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
               ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
    }
    if (p > 1 - lo) return -normal_quantile(1 - p);
    const double q = p - 0.5, r = q * q;
    return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
           (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

}  // namespace

AggregateReplication::AggregateReplication(const SimulationConfig& config,
                                           const std::vector<RunResult::Calibration>& calibration,
                                           sim::TimeUs step)
    : step_(step), waiting_(config.streams.size()) {
    using Op = OperationStream::Op;
    for (std::size_t i = 0; i < config.streams.size(); ++i) {
        const auto& s = config.streams[i];
        const bool group = s.op == Op::kBatchWriteItem || s.op == Op::kTransactWriteItems;
        const double items = group ? std::max(1, s.group_size) : 1;
        const double halves = i < calibration.size() ? calibration[i].mean_halves : 2;
        items_per_request_.push_back(is_write(s.op) ? items : 0);
        // A transaction's items replicate as standard writes: half its units.
        halves_per_item_.push_back(halves / items / (s.op == Op::kTransactWriteItems ? 2 : 1));
    }
    for (std::size_t k = 0; k < quantiles_.size(); ++k)
        quantiles_[k] = replication_latency(
            config.global.latency, normal_quantile((static_cast<double>(k) + 0.5) /
                                                   static_cast<double>(quantiles_.size())));
}

void AggregateReplication::deliver(std::size_t stream, double items, sim::TimeUs made) {
    if (items <= 0) return;
    auto& q = waiting_[stream];
    if (!q.empty() && q.back().made == made)
        q.back().items += items;
    else
        q.push_back({made, items});
}

double AggregateReplication::waiting(std::size_t stream, sim::TimeUs t) const {
    double n = 0;
    for (const auto& c : waiting_[stream])
        if (c.made + step_ <= t) n += c.items;
    return n;
}

bool AggregateReplication::any_waiting(sim::TimeUs t) const {
    for (std::size_t i = 0; i < waiting_.size(); ++i)
        if (waiting(i, t) > 0) return true;
    return false;
}

void AggregateReplication::served(const std::vector<double>& share, sim::TimeUs t,
                                  metrics::Recorder& metrics) {
    double halves = 0, backlog = 0, throttled = 0;
    for (std::size_t i = 0; i < waiting_.size(); ++i) {
        auto& q = waiting_[i];
        const double due = waiting(i, t);
        // Served oldest first (the service applies a stream's writes in order).
        double left = due * std::clamp(share[i], 0.0, 1.0);
        halves += left * halves_per_item_[i];
        throttled += due - left;
        for (auto it = q.begin(); it != q.end() && left > 1e-12 && it->made + step_ <= t;) {
            const double take = std::min(left, it->items);
            record_latency(take, t - (it->made + step_), metrics, t);
            it->items -= take;
            left -= take;
            if (it->items <= 1e-12)
                it = q.erase(it);
            else
                ++it;
        }
        for (const auto& c : q)
            backlog += c.items;
    }
    // Whole half units, the fraction carried to the next step.
    const double exact = halves + halves_carry_;
    const auto whole = static_cast<std::int64_t>(std::floor(exact));
    halves_carry_ = exact - static_cast<double>(whole);
    metrics.replicated_bulk(t, whole, std::llround(backlog), std::llround(throttled));
}

void AggregateReplication::record_latency(double items, sim::TimeUs delay,
                                          metrics::Recorder& metrics, sim::TimeUs t) {
    const double each = items / static_cast<double>(quantiles_.size());
    for (std::size_t k = 0; k < quantiles_.size(); ++k) {
        carry_[k] += each;
        const auto n = static_cast<std::uint64_t>(std::floor(carry_[k]));
        if (n == 0) continue;
        carry_[k] -= static_cast<double>(n);
        metrics.replication_latencies(t, quantiles_[k] + delay, n);
    }
}

}  // namespace ddbsim::run
