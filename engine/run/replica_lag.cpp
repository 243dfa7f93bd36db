#include "run/replica_lag.hpp"

#include <algorithm>
#include <cmath>

namespace ddbsim::run {

ReplicaLag::ReplicaLag(const workload::Replication& config, std::uint64_t seed)
    : config_(config),
      lag_rng_(sim::make_stream(seed, "replication/lag")),
      replica_rng_(sim::make_stream(seed, "replication/replica")) {}

void ReplicaLag::wrote(ItemId key, const storage::Item* previous, sim::TimeUs now) {
    if (!config_.enabled) return;
    // Lognormal lag by Box–Muller from the portable uniform source.
    const double u1 = 1 - sim::uniform01(lag_rng_), u2 = sim::uniform01(lag_rng_);
    const double z = std::sqrt(-2 * std::log(u1)) * std::cos(2 * 3.141592653589793 * u2);
    const auto lag = static_cast<sim::TimeUs>(static_cast<double>(config_.lag_median) *
                                              std::exp(config_.lag_sigma * z));
    auto [it, fresh] = behind_.try_emplace(key);
    Behind& b = it->second;
    if (fresh || b.caught_up_at <= now) {
        // The replica has every earlier write: it is behind from this one on.
        b.previous = previous ? std::optional<storage::Item>(*previous) : std::nullopt;
        b.caught_up_at = now + lag;
    } else {
        // Still behind an earlier write: it holds the older version until it has both
        // (writes reach a replica in order).
        b.caught_up_at = std::max(b.caught_up_at, now + lag);
    }
    due_.emplace_back(b.caught_up_at, key);
}

const std::optional<storage::Item>* ReplicaLag::stale_version(ItemId key, sim::TimeUs now) {
    if (!config_.enabled || behind_.empty()) return nullptr;
    auto it = behind_.find(key);
    if (it == behind_.end() || it->second.caught_up_at <= now) return nullptr;
    if (sim::uniform01(replica_rng_) >= config_.stale_replica_share) return nullptr;
    return &it->second.previous;
}

void ReplicaLag::expire(sim::TimeUs now) {
    while (!due_.empty() && due_.front().first <= now) {
        auto it = behind_.find(due_.front().second);
        if (it != behind_.end() && it->second.caught_up_at <= now) behind_.erase(it);
        due_.pop_front();
    }
}

}  // namespace ddbsim::run
