#include "workload/size_distribution.hpp"

#include <algorithm>
#include <cmath>

#include <boost/math/special_functions/erf.hpp>

namespace ddbsim::workload {
namespace {

// splitmix64: a well-mixed 64-bit hash of (key, salt) → a uniform in (0, 1).
double uniform_of(std::uint64_t key, std::uint64_t salt) {
    std::uint64_t z = key * 0x9E3779B97F4A7C15ULL + salt + 0x632BE59BD9B4E019ULL;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    z ^= z >> 31;
    return (static_cast<double>(z >> 11) + 0.5) / 9007199254740992.0;  // 2^53
}

double standard_normal(double u) {
    return std::sqrt(2.0) * boost::math::erf_inv(2 * u - 1);
}

}  // namespace

std::size_t SizeDistribution::bytes_for(std::uint64_t key, std::uint64_t salt) const {
    double v = a;
    const double u = uniform_of(key, salt);
    switch (kind) {
        case Kind::kFixed:
            break;
        case Kind::kUniform:
            v = a + (b - a) * u;
            break;
        case Kind::kNormal:
            v = a + b * standard_normal(u);
            break;
        case Kind::kLognormal:
            v = a * std::exp(b * standard_normal(u));
            break;
        case Kind::kHistogram: {
            double total = 0;
            for (const auto& [size, weight] : histogram)
                total += weight;
            double x = u * total;
            v = histogram.empty() ? a : histogram.back().first;
            for (const auto& [size, weight] : histogram) {
                if (x < weight) {
                    v = size;
                    break;
                }
                x -= weight;
            }
            break;
        }
    }
    return static_cast<std::size_t>(std::clamp(std::round(v), 1.0, kMaxItemBytes));
}

double SizeDistribution::mean() const {
    switch (kind) {
        case Kind::kFixed:
            return a;
        case Kind::kUniform:
            return (a + b) / 2;
        case Kind::kNormal:
            return a;
        case Kind::kLognormal:
            return a * std::exp(b * b / 2);
        case Kind::kHistogram: {
            double total = 0, sum = 0;
            for (const auto& [size, weight] : histogram) {
                total += weight;
                sum += size * weight;
            }
            return total > 0 ? sum / total : a;
        }
    }
    return a;
}

}  // namespace ddbsim::workload
