// Named random streams: every random draw in a run comes from a stream derived from
// (run seed, stream name), so adding a new random consumer never shifts the draws of the
// others, and the same seed reproduces a run exactly (docs/architecture.md "The two fidelities").
// Boost.Random's engines and distributions are used because, unlike <random>'s
// distributions, their algorithms are fixed by the library rather than the platform.
#pragma once

#include <cstdint>
#include <string_view>

#include <boost/random/mersenne_twister.hpp>

namespace ddbsim::sim {

using Rng = boost::random::mt19937_64;

// The seed of stream `name` in a run seeded with `seed`.
std::uint64_t stream_seed(std::uint64_t seed, std::string_view name);

inline Rng make_stream(std::uint64_t seed, std::string_view name) {
    return Rng(stream_seed(seed, name));
}

// A uniform double in [0, 1) from 53 random bits (exact and portable).
inline double uniform01(Rng& rng) {
    return static_cast<double>(rng() >> 11) * 0x1.0p-53;
}

// An exponential variate with the given mean, by inversion.
double exponential(Rng& rng, double mean);

}  // namespace ddbsim::sim
