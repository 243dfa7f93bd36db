// KeyDistribution: which logical key a request touches — uniform over N keys, Zipf(s) over N
// keys (key 0 the most popular), plus optional hot keys that take a fixed share of the
// traffic (docs/scenario-format.md: key popularity).
//
// Thread safety: draw() and probability() may be called from any number of threads, on one
// object or its copies. A Zipf distribution's cumulative table (8 bytes a key, up to the
// reader's 50,000,000 keys) is built on the first draw() or probability(), not when the
// scenario is loaded (validating a file, or planning a run, never pays for it), and copies
// share it.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

#include "sim/random.hpp"

namespace ddbsim::workload {

class KeyDistribution {
  public:
    struct HotKey {
        std::uint64_t key = 0;
        double share = 0;  // fraction of all requests
    };

    static KeyDistribution uniform(std::uint64_t keys);
    // P(key k) ∝ 1 / (k + 1)^s.
    static KeyDistribution zipf(std::uint64_t keys, double s);
    KeyDistribution& with_hot_key(std::uint64_t key, double share);

    std::uint64_t key_count() const { return keys_; }
    std::uint64_t draw(sim::Rng& rng) const;
    // The probability of `key` (hot keys included).
    double probability(std::uint64_t key) const;
    // P(key < `below`) (hot keys included); 1 for below ≥ key_count().
    double cumulative(std::uint64_t below) const;
    const std::vector<HotKey>& hot_keys() const { return hot_; }

  private:
    struct ZipfTable {
        double s = 1;
        std::once_flag built;
        // Set once the table is built: draws check it (one load) instead of entering
        // std::call_once, which calls into the thread library every time.
        std::atomic<bool> ready{false};
        std::vector<double> cdf;  // P(key ≤ k), normalised
        // A guide into cdf (indexed search): guide[j] is the first k with cdf[k] > j / G, for
        // G = guide.size() − 1 buckets, and guide[G] = cdf.size(). A draw searches only the
        // few entries of its bucket and its neighbours (the neighbours absorb the rounding
        // of v × G) — the same key as a search of the whole table.
        std::vector<std::size_t> guide;
    };
    const std::vector<double>& zipf_cdf() const;

    std::uint64_t keys_ = 1;
    std::shared_ptr<ZipfTable> zipf_;  // Zipf only
    std::vector<HotKey> hot_;
    double hot_total_ = 0;
};

}  // namespace ddbsim::workload
