// Whole half units from fractional demand (aggregate fidelity): a step's demand per partition
// is a real number (arrivals × key mass × measured cost), the capacity model counts whole
// half units. Partition p gets R(S_p) − R(S_p−1), with R rounding to the nearest and S_p the
// running demand through partition p, starting from what the previous step left over. No
// fraction is lost: the whole units of a run add up to its total demand, within half a unit.
#pragma once

#include <cstdint>

namespace ddbsim::run {

// Writes whole[0..n) from want_at(p) and returns the new carry (in [−0.5, 0.5)); `carry` is
// the previous step's, in the same range. Every want must be ≥ 0 (a caller with possibly
// negative wants clamps them first; the aggregate's per-partition masses and coefficients
// never are). The running sum is the only chain from partition to partition — one add per four
// partitions: partial sums within the four keep S non-decreasing, so every R(S_p) − R(S_p−1)
// ≥ 0.
template <class WantAt>
double round_demand(int n, double carry, WantAt want_at, std::int64_t* whole) {
    double running = carry;  // R(carry) = 0
    std::int64_t whole_before = 0;
    // S ≥ −0.5, so truncating S + 0.5 rounds to the nearest.
    auto emit = [&](int p, double s) {
        const auto whole_through = static_cast<std::int64_t>(s + 0.5);
        whole[p] = whole_through - whole_before;
        whole_before = whole_through;
    };
    int p = 0;
    for (; p + 4 <= n; p += 4) {
        const double w0 = want_at(p), w1 = want_at(p + 1);
        const double w2 = want_at(p + 2), w3 = want_at(p + 3);
        const double s01 = w0 + w1;
        emit(p, running + w0);
        emit(p + 1, running + s01);
        emit(p + 2, running + (s01 + w2));
        running += s01 + (w2 + w3);
        emit(p + 3, running);
    }
    for (; p < n; ++p) {
        running += want_at(p);
        emit(p, running);
    }
    return running - static_cast<double>(whole_before);
}

}  // namespace ddbsim::run
