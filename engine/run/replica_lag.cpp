#include "run/replica_lag.hpp"

#include <algorithm>
#include <cmath>

namespace ddbsim::run {

ReplicaLag::ReplicaLag(const workload::Replication& config, std::uint64_t seed)
    : config_(config),
      lag_rng_(sim::make_stream(seed, "replication/lag")),
      replica_rng_(sim::make_stream(seed, "replication/replica")) {}

bool ReplicaLag::behind(ItemId key, sim::TimeUs now) const {
    const Lagging* item = items_.find(key);
    return item && item->caught_up_at > now;
}

std::optional<std::uint64_t> ReplicaLag::held_bytes(ItemId key) const {
    const Lagging* item = items_.find(key);
    return item ? item->held_bytes : std::nullopt;
}

void ReplicaLag::wrote(ItemId key, sim::TimeUs now, std::optional<std::uint64_t> replaced_bytes) {
    if (!config_.enabled) return;
    // Lognormal lag by Box–Muller from the portable uniform source.
    const double u1 = 1 - sim::uniform01(lag_rng_), u2 = sim::uniform01(lag_rng_);
    const double z = std::sqrt(-2 * std::log(u1)) * std::cos(2 * 3.141592653589793 * u2);
    const auto lag = static_cast<sim::TimeUs>(static_cast<double>(config_.lag_median) *
                                              std::exp(config_.lag_sigma * z));
    Lagging* item = items_.find(key);
    if (!item) {
        items_.try_emplace(key, Lagging{now + lag, replaced_bytes});
        due_.emplace_back(now + lag, key);
        return;
    }
    // Writes reach a replica in order: behind an earlier write, it has both only when it has
    // the later one too, and holds the version from before the earlier.
    if (item->caught_up_at > now) {
        item->caught_up_at = std::max(item->caught_up_at, now + lag);
    } else {
        item->caught_up_at = now + lag;
        item->held_bytes = replaced_bytes;
    }
    due_.emplace_back(item->caught_up_at, key);
}

bool ReplicaLag::stale(ItemId key, sim::TimeUs now) {
    if (!config_.enabled || !behind(key, now)) return false;
    return sim::uniform01(replica_rng_) < config_.stale_replica_share;
}

void ReplicaLag::expire(sim::TimeUs now) {
    while (!due_.empty() && due_.front().first <= now) {
        const ItemId key = due_.front().second;
        if (const Lagging* item = items_.find(key); item && item->caught_up_at <= now)
            items_.erase(key);
        due_.pop_front();
    }
}

}  // namespace ddbsim::run
