// count_not_above: std::upper_bound's offset in a sorted range, found with conditional moves
// instead of a branch per comparison. For a random probe (a hash, a uniform draw) each
// branch of an ordinary binary search is mispredicted about half the time; here only the
// loop's length depends on the data (docs/benchmarks.md, seventh session).
#pragma once

#include <cstddef>

namespace ddbsim::common {

// The number of entries of the ascending range [first, first + n) that are ≤ x: the offset
// std::upper_bound(first, first + n, x) returns.
template <class T>
std::size_t count_not_above(const T* first, std::size_t n, const T& x) {
    if (n == 0) return 0;
    std::size_t at = 0;  // invariant: every entry before `at` is ≤ x
    for (; n > 1; n -= n / 2)
        at = first[at + n / 2] <= x ? at + n / 2 : at;
    return at + (first[at] <= x ? 1 : 0);
}

}  // namespace ddbsim::common
