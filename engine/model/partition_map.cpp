#include "model/partition_map.hpp"

#include <algorithm>

#include "common/branchless_search.hpp"

namespace ddbsim::model {

int PartitionMap::widest() const {
    int best = 0;
    for (int p = 1; p < size(); ++p) {
        const std::uint64_t w = width(p), bw = width(best);
        if ((w == 0 ? ~0ULL : w) > (bw == 0 ? ~0ULL : bw)) best = p;
    }
    return best;
}

int PartitionMap::initial_count(std::int64_t rcu, std::int64_t wcu, std::uint64_t data_bytes) {
    // ceil(RCU/3000 + WCU/1000) computed exactly: ceil((RCU + 3 × WCU) / 3000).
    const std::int64_t for_throughput = (rcu + 3 * wcu + 2999) / 3000;
    const auto for_size =
        static_cast<std::int64_t>((data_bytes + kPartitionMaxBytes - 1) / kPartitionMaxBytes);
    return static_cast<int>(std::max<std::int64_t>({1, for_throughput, for_size}));
}

PartitionMap::PartitionMap(int count) {
    count = std::max(count, 1);
    // starts_[i] = floor(i × 2^64 / count), computed without 128-bit arithmetic.
    const auto n = static_cast<std::uint64_t>(count);
    std::uint64_t q = ~0ULL / n, r = ~0ULL % n + 1;
    if (r == n) {
        ++q;
        r = 0;
    }
    for (std::uint64_t i = 0; i < n; ++i)
        starts_.push_back(i * q + (i * r) / n);
}

int PartitionMap::route(std::uint64_t hash) const {
    // The last partition whose start is ≤ hash (starts_[0] == 0 ≤ every hash). Hashes are
    // uniformly random, so the search steps by conditional moves (cachegrind's branch
    // simulation: 1.4 mispredictions a route on a 1,000-partition table with upper_bound).
    return static_cast<int>(common::count_not_above(starts_.data(), starts_.size(), hash)) - 1;
}

std::uint64_t PartitionMap::width(int partition) const {
    const auto i = static_cast<std::size_t>(partition);
    return (i + 1 < starts_.size() ? starts_[i + 1] : 0) -
           starts_[i];  // wraps to 2^64 - start for the last
}

void PartitionMap::split(int partition, std::uint64_t at) {
    starts_.insert(starts_.begin() + partition + 1, at);
}

void PartitionMap::split_in_half(int partition) {
    const std::uint64_t w = width(partition);
    const std::uint64_t half = w == 0 ? (1ULL << 63) : w / 2;
    split(partition, start(partition) + half);
}

}  // namespace ddbsim::model
