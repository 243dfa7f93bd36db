#include "run/heat_splits.hpp"

#include <algorithm>
#include <map>

namespace ddbsim::run {

std::vector<HeatSplits::Split> HeatSplits::check(sim::TimeUs now,
                                                 const model::PartitionMap& partitions) {
    std::vector<Split> splits;
    if (!config_.heat_split.enabled) return splits;
    heat_.resize(static_cast<std::size_t>(partitions.size()));
    const auto& cc = config_.capacity;
    for (std::size_t p = 0; p < heat_.size(); ++p) {
        auto& h = heat_[p];
        const double load = std::max(
            static_cast<double>(h.read_halves) / (2.0 * static_cast<double>(cc.partition_max_rcu)),
            static_cast<double>(h.write_halves) /
                (2.0 * static_cast<double>(cc.partition_max_wcu)));
        h.read_halves = h.write_halves = 0;
        if (load < config_.heat_split.threshold) {
            h.hot_since = -1;
            h.by_key.clear();
            continue;
        }
        if (h.hot_since < 0) h.hot_since = now;
        if (h.split_pending || now - h.hot_since < config_.heat_split.sustained) continue;
        // The key that balances the partition's traffic; a lone key cannot be split.
        const std::uint64_t start = partitions.start(static_cast<int>(p));
        std::map<std::uint64_t, std::int64_t> by_position;
        h.by_key.for_each(
            [&](std::uint64_t, const KeyUse& use) { by_position.emplace(use.hash, use.halves); });
        const std::optional<std::uint64_t> at =
            model::PartitionMap::balancing_hash(by_position, start);
        h.hot_since = now;  // look again after another sustained period
        h.by_key.clear();
        if (!at) continue;
        h.split_pending = true;
        splits.push_back({start, *at});
    }
    return splits;
}

void HeatSplits::follow_split(int p) {
    const auto i = static_cast<std::size_t>(p);
    if (heat_.size() <= i) return;
    heat_[i] = Heat{};
    heat_.insert(heat_.begin() + p + 1, Heat{});
}

}  // namespace ddbsim::run
