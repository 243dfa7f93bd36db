#include "sim/random.hpp"

#include <cmath>

namespace ddbsim::sim {

std::uint64_t stream_seed(std::uint64_t seed, std::string_view name) {
    std::uint64_t h = 14695981039346656037ULL;  // FNV-1a over the name
    for (char c : name) {
        h ^= static_cast<unsigned char>(c);
        h *= 1099511628211ULL;
    }
    std::uint64_t z = seed ^ (h + 0x9e3779b97f4a7c15ULL + (seed << 6) + (seed >> 2));
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;  // SplitMix64 finaliser
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

double exponential(Rng& rng, double mean) {
    return -mean * std::log1p(-uniform01(rng));
}

}  // namespace ddbsim::sim
