// KeyDistribution's Zipf draw searches a guide bucket of the CDF instead of the whole table:
// it must give, draw for draw, the key a search of the whole table gives.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <vector>

#include "sim/random.hpp"
#include "workload/key_distribution.hpp"

using namespace ddbsim;

TEST_CASE("a Zipf draw picks the key a search of the whole CDF picks", "[workload][keys]") {
    for (const auto& [keys, s] : std::vector<std::pair<std::uint64_t, double>>{
             {1, 1.0}, {7, 0.5}, {1000, 0.99}, {1000, 1.5}, {70000, 0.8}, {200000, 1.1}}) {
        // The reference: the same normalised CDF, searched in full.
        std::vector<double> cdf(keys);
        double total = 0;
        for (std::uint64_t k = 0; k < keys; ++k) {
            total += 1.0 / std::pow(static_cast<double>(k + 1), s);
            cdf[k] = total;
        }
        for (auto& c : cdf)
            c /= total;
        const auto distribution = workload::KeyDistribution::zipf(keys, s);
        sim::Rng rng = sim::make_stream(keys, "keys"), reference = rng;
        for (int i = 0; i < 200000; ++i) {
            const double v = sim::uniform01(reference);
            const auto expected = std::min<std::uint64_t>(
                static_cast<std::uint64_t>(std::upper_bound(cdf.begin(), cdf.end(), v) -
                                           cdf.begin()),
                keys - 1);
            REQUIRE(distribution.draw(rng) == expected);
        }
    }
}
