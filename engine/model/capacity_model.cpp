#include "model/capacity_model.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <type_traits>

namespace ddbsim::model {

namespace {
constexpr std::int64_t kHardLimitWindowSeconds = 1;  // hard limits hold one second
constexpr std::int64_t kOnDemandWindowSeconds = 1;   // on-demand has no burst
}  // namespace

CapacityModel::CapacityModel(const CapacityConfig& config, int partitions, bool is_index,
                             sim::TimeUs now)
    : config_(config),
      eventual_tokens_per_half_(eventual_tokens_per_half(config)),
      is_index_(is_index) {
    read_.partition_max = config.partition_max_rcu;
    write_.partition_max = config.partition_max_wcu;
    for (bool write : {false, true}) {
        Side& s = side(write);
        s.hard.assign(static_cast<std::size_t>(partitions),
                      TokenBucket(2 * s.partition_max, kHardLimitWindowSeconds, now, true));
        if (config.on_demand) {
            update_on_demand_allowance(s, write, now);
            s.table = TokenBucket(2 * s.allowed, kOnDemandWindowSeconds, now, true);
        } else {
            s.provisioned = write ? config.wcu : config.rcu;
            s.table = TokenBucket(2 * s.provisioned, config.burst_seconds, now,
                                  config.start_with_full_burst);
            s.share.assign(static_cast<std::size_t>(partitions), TokenBucket());
            for (auto& b : s.share) {
                b = TokenBucket(2 * s.provisioned / partitions, config.burst_seconds, now,
                                config.start_with_full_burst);
            }
        }
    }
}

void CapacityModel::reshare(Side& s, sim::TimeUs now) {
    s.quiet_limit.clear();
    if (config_.on_demand) return;
    const auto n = static_cast<std::int64_t>(s.share.size());
    for (auto& b : s.share)
        b.set_rate(2 * s.provisioned / n, config_.burst_seconds, now);
    s.table.set_rate(2 * s.provisioned, config_.burst_seconds, now);
}

Admission CapacityModel::admit(sim::TimeUs now, int partition, bool write) {
    Side& s = side(write);
    const auto p = static_cast<std::size_t>(partition);
    const ThrottleScope scope = is_index_ ? ThrottleScope::kIndex : ThrottleScope::kTable;
    Admission a;
    if (!s.hard[p].has_tokens(now)) {
        a.reason = {scope, write, ThrottleKind::kKeyRangeThroughputExceeded};
        return a;
    }
    if (config_.on_demand) {
        update_on_demand_allowance(s, write, now);
        if (!s.table.has_tokens(now)) {
            a.reason = {scope, write, on_demand_limit_kind(s, write)};
            return a;
        }
        a.admitted = true;
        return a;
    }
    if (s.share[p].has_tokens(now)) {
        a.admitted = true;
        a.via_share = true;
        return a;
    }
    const bool table_has = s.table.has_tokens(now);
    if (config_.adaptive_capacity && table_has) {
        a.admitted = true;
        return a;
    }
    // Without adaptive capacity a partition past its share throttles even when the table is
    // under its total: the key range is what ran out.
    a.reason = {scope, write,
                table_has ? ThrottleKind::kKeyRangeThroughputExceeded
                          : ThrottleKind::kProvisionedThroughputExceeded};
    return a;
}

std::int64_t CapacityModel::eventual_tokens_per_half(const CapacityConfig& config) {
    // In thousandths, so the discount is exact integer arithmetic for a given ceiling.
    const auto ceiling = std::max<std::int64_t>(
        1000, static_cast<std::int64_t>(std::llround(config.eventual_read_ceiling * 1000)));
    return kTokensPerHalfUnit * 1000 / ceiling;
}

std::int64_t CapacityModel::hard_tokens_per_half(double eventual) const {
    // All strong or all eventual (the usual stream mixes) need no rounding.
    if (eventual == 0) return kTokensPerHalfUnit;
    if (eventual == 1) return eventual_tokens_per_half_;
    return static_cast<std::int64_t>(
        std::llround((1 - eventual) * static_cast<double>(kTokensPerHalfUnit) +
                     eventual * static_cast<double>(eventual_tokens_per_half_)));
}

void CapacityModel::charge(sim::TimeUs now, int partition, bool write, const Admission& admission,
                           std::int64_t halves, bool eventual) {
    Side& s = side(write);
    const auto p = static_cast<std::size_t>(partition);
    s.quiet_limit.clear();
    s.hard[p].refill(now);
    if (eventual && !write)
        s.hard[p].charge_tokens(halves * hard_tokens_per_half(1));
    else
        s.hard[p].charge(halves);
    s.table.refill(now);
    s.table.charge(halves);
    if (!config_.on_demand && admission.via_share) {
        s.share[p].refill(now);
        s.share[p].charge(halves);
    }
}

namespace {

// Two partitions' half units in one SSE2 register (GCC and Clang vector extensions).
using Pair = std::int64_t __attribute__((vector_size(16)));

Pair load_pair(const std::int64_t* values) {
    Pair pair;
    std::memcpy(&pair, values, sizeof pair);
    return pair;
}

}  // namespace

// Inline in serve_all's loop: a large table's busy partitions take this path every step.
[[gnu::always_inline]] inline bool CapacityModel::serve_in_full_within_share(
    TokenBucket& share, const BulkStep& step, std::int64_t d, std::int64_t table) const {
    const std::int64_t available = step.available(share);
    if (d > available && !(config_.adaptive_capacity && d <= table)) return false;
    share.charge(std::min(d, available));
    share.refill(step.end);
    return true;
}

CapacityModel::BulkService CapacityModel::serve_all(sim::TimeUs step_start, sim::TimeUs now,
                                                    bool write,
                                                    const std::vector<std::int64_t>& demand,
                                                    std::vector<std::int64_t>& served,
                                                    std::vector<std::uint8_t>& reasons,
                                                    const std::vector<double>* eventual_share) {
    Side& s = side(write);
    const int n = partitions();
    served.resize(static_cast<std::size_t>(n));
    reasons.resize(static_cast<std::size_t>(n));
    const ThrottleScope scope = is_index_ ? ThrottleScope::kIndex : ThrottleScope::kTable;
    BulkStep step{step_start, now, now - step_start, write ? nullptr : eventual_share};
    if (config_.on_demand)
        update_on_demand_allowance(s, write, step_start);  // the allowance as the step begins
    const ThrottleKind on_demand_kind = config_.on_demand
                                            ? on_demand_limit_kind(s, write)
                                            : ThrottleKind::kProvisionedThroughputExceeded;
    auto reason_of = [&](ThrottleKind kind) {
        return static_cast<std::uint8_t>(ThrottleReason{scope, write, kind}.index());
    };
    step.key_range = reason_of(ThrottleKind::kKeyRangeThroughputExceeded);
    step.provisioned = reason_of(ThrottleKind::kProvisionedThroughputExceeded);
    step.on_demand = reason_of(on_demand_kind);
    // The table bucket is shared by every partition: what it can still give is drawn down as
    // the partitions are served, and charged once at the end.
    const std::int64_t table_start = step.available(s.table);
    if (s.quiet_limit.size() != static_cast<std::size_t>(n) || s.quiet_dt != step.dt) {
        s.quiet_limit.resize(static_cast<std::size_t>(n));
        s.hard_quiet_limit.resize(static_cast<std::size_t>(n));
        for (std::size_t i = 0; i < s.quiet_limit.size(); ++i)
            update_quiet_limits(s, i, step.dt);
        s.quiet_dt = step.dt;
    }
    const std::int64_t* want = demand.data();
    std::int64_t* out_served = served.data();
    std::uint8_t* out_reason = reasons.data();
    std::int64_t* quiet = s.quiet_limit.data();
    const std::int64_t* hard_quiet = s.hard_quiet_limit.data();
    BulkService result;
    // One loop per mode, so the per-partition test of the mode is compiled away. Partitions
    // go in blocks of four: a block whose every demand is within its quiet limit (and,
    // on-demand, within what the table still gives) is served whole, without a branch per
    // partition; any other block partition by partition. The running table balance and bound
    // are the loop's own locals (captured by reference, every partition would store and reload
    // them).
    auto serve = [&](auto on_demand_mode) {
        constexpr bool on_demand = decltype(on_demand_mode)::value;
        std::int64_t table = table_start;
        std::int64_t most = 0;  // the busiest partition served one by one
        bool every = true;
        auto serve_one = [&](int p) {
            const std::int64_t d = std::max<std::int64_t>(want[p], 0);
            std::int64_t out = d;
            // Most partitions of a large table sit below their share with full buckets:
            // served in full, buckets unchanged — the general rules give the same.
            if (d > quiet[p] || (on_demand && d > table)) {
                // The usual exceptions (provisioned), inline: a share bucket refilling after a
                // burst or a raised provisioned throughput, or a partition above its share
                // that adaptive capacity tops up from the table; serve_constrained gives the
                // same.
                const auto i = static_cast<std::size_t>(p);
                if (!on_demand && d > 0 && d <= hard_quiet[p] &&
                    serve_in_full_within_share(s.share[i], step, d, table)) {
                    quiet[p] = quiet_limit(s, i, step.dt);
                } else {
                    std::uint8_t reason = 0;
                    out = serve_constrained<on_demand>(s, step, i, d, table, reason);
                    if (out < d) {
                        out_reason[p] = reason;
                        every = false;
                    }
                }
            }
            out_served[p] = out;
            table -= out;
            most = std::max(most, out);
        };
        // Quiet blocks of four partitions, two at a time in SSE2 registers: a sign bit in
        // `flags` marks a negative want or a want above its quiet limit (every figure is far
        // below 2^62, so the differences cannot overflow).
        Pair pending{};  // served in quiet blocks, not yet taken off `table`
        Pair bit_pairs{};
        int p = 0;
        for (; p + 4 <= n; p += 4) {
            const Pair w0 = load_pair(want + p), w1 = load_pair(want + p + 2);
            const Pair flags =
                (w0 | (load_pair(quiet + p) - w0)) | (w1 | (load_pair(quiet + p + 2) - w1));
            const Pair sums = w0 + w1;
            if ((flags[0] | flags[1]) >= 0 &&
                (!on_demand || sums[0] + sums[1] <= table - (pending[0] + pending[1]))) {
                std::memcpy(out_served + p, &w0, sizeof w0);
                std::memcpy(out_served + p + 2, &w1, sizeof w1);
                pending += sums;
                bit_pairs |= w0 | w1;
                continue;
            }
            table -= pending[0] + pending[1];
            pending = Pair{};
            for (int j = p; j < p + 4; ++j)
                serve_one(j);
        }
        table -= pending[0] + pending[1];
        for (; p < n; ++p)
            serve_one(p);
        const std::int64_t bits = bit_pairs[0] | bit_pairs[1];
        result = {table_start - table, std::max(most, bits), every};
    };
    if (config_.on_demand)
        serve(std::true_type{});
    else
        serve(std::false_type{});
    s.table.charge(result.served);
    s.table.refill(now);
    return result;
}

template <bool kOnDemand>
std::int64_t CapacityModel::serve_constrained(Side& s, const BulkStep& step, std::size_t p,
                                              std::int64_t d, std::int64_t table,
                                              std::uint8_t& reason) {
    if (d == 0) return 0;
    // What the hard limit allows, capped at the demand: a cap the rules below cannot tell
    // from the uncapped figure. Usually (nearly every call in the shipped month) the hard-limit
    // bucket is full and its refill covers the demand, as in the quiet case: it is left full, and
    // only the share bucket (refilling after a burst, or serving above it via adaptive
    // capacity) and the table are drawn. An eventual read costs the hard bucket at most a
    // half unit's tokens, so the full-cost quiet limit holds for reads too.
    const bool hard_stays_full = d <= s.hard_quiet_limit[p];
    TokenBucket& hard_bucket = s.hard[p];
    std::int64_t hard = d;
    std::int64_t hard_cost = kTokensPerHalfUnit;
    if (!hard_stays_full) {
        // Eventual reads draw on the hard limit at a discount (eventual_read_ceiling).
        if (step.eventual_share) hard_cost = hard_tokens_per_half((*step.eventual_share)[p]);
        hard_bucket.refill(step.start);
        const std::int64_t hard_tokens =
            hard_bucket.tokens() + hard_bucket.rate_halves_per_s() * step.dt;
        if (d * hard_cost > hard_tokens) hard = std::max<std::int64_t>(0, hard_tokens / hard_cost);
    }
    std::int64_t out;
    if constexpr (kOnDemand) {
        out = std::max<std::int64_t>(0, std::min({d, hard, table}));
        reason = hard <= table ? step.key_range : step.on_demand;
    } else {
        TokenBucket& share_bucket = s.share[p];
        const std::int64_t share = step.available(share_bucket);
        const std::int64_t via_share = std::min({d, share, hard});
        const std::int64_t via_table =
            config_.adaptive_capacity
                ? std::max<std::int64_t>(
                      0, std::min({d - via_share, table - via_share, hard - via_share}))
                : 0;
        out = via_share + via_table;
        share_bucket.charge(via_share);
        share_bucket.refill(step.end);
        // The same attribution as admit(): the hard limit, else the table's total (with
        // adaptive capacity) or the partition's share (without).
        if (out >= hard)
            reason = step.key_range;
        else if (config_.adaptive_capacity)
            reason = step.provisioned;
        else
            reason = table > via_share ? step.key_range : step.provisioned;
    }
    if (!hard_stays_full) {
        hard_bucket.charge_tokens(out * hard_cost);
        hard_bucket.refill(step.end);
        s.hard_quiet_limit[p] = hard_bucket.quiet_step_limit(step.dt);
    }
    s.quiet_limit[p] = quiet_limit(s, p, step.dt);
    return out;
}

std::int64_t CapacityModel::quiet_limit(const Side& s, std::size_t partition,
                                        sim::TimeUs dt) const {
    const std::int64_t hard = s.hard_quiet_limit[partition];
    return config_.on_demand ? hard : std::min(hard, s.share[partition].quiet_step_limit(dt));
}

void CapacityModel::update_quiet_limits(Side& s, std::size_t partition, sim::TimeUs dt) const {
    s.hard_quiet_limit[partition] = s.hard[partition].quiet_step_limit(dt);
    s.quiet_limit[partition] = quiet_limit(s, partition, dt);
}

void CapacityModel::on_split(int partition, sim::TimeUs now) {
    for (bool write : {false, true}) {
        Side& s = side(write);
        const auto p = static_cast<std::size_t>(partition);
        s.quiet_limit.clear();
        s.hard[p].refill(now);
        s.hard.insert(s.hard.begin() + partition + 1, s.hard[p]);
        if (!config_.on_demand) {
            // The children share the parent's burst balance.
            s.share[p].refill(now);
            const std::int64_t half = s.share[p].tokens() / 2;
            s.share[p].set_tokens(half);
            s.share.insert(s.share.begin() + partition + 1, s.share[p]);
            reshare(s, now);
        }
    }
}

void CapacityModel::set_provisioned(std::int64_t rcu, std::int64_t wcu, sim::TimeUs now) {
    config_.rcu = rcu;
    config_.wcu = wcu;
    read_.provisioned = rcu;
    write_.provisioned = wcu;
    reshare(read_, now);
    reshare(write_, now);
}

void CapacityModel::observe_second(sim::TimeUs second_start, std::int64_t read_halves,
                                   std::int64_t write_halves) {
    if (!config_.on_demand) return;
    read_.recent.emplace_back(second_start, read_halves);
    write_.recent.emplace_back(second_start, write_halves);
}

void CapacityModel::update_on_demand_allowance(Side& s, bool write, sim::TimeUs now) {
    // Seconds older than the ramp window become part of the previous peak.
    while (!s.recent.empty() &&
           s.recent.front().first + sim::kSecond <= now - config_.on_demand_ramp) {
        s.peak_effective = std::max(s.peak_effective, (s.recent.front().second + 1) / 2);
        s.recent.pop_front();
    }
    const std::int64_t initial =
        write ? config_.on_demand_initial_wcu : config_.on_demand_initial_rcu;
    const std::int64_t warm = write ? config_.warm_wcu : config_.warm_rcu;
    std::int64_t allowed = std::max({initial, warm, 2 * s.peak_effective});
    allowed = std::min(allowed, write ? config_.table_quota_wcu : config_.table_quota_rcu);
    const auto& max = write ? config_.max_on_demand_wcu : config_.max_on_demand_rcu;
    if (max) allowed = std::min(allowed, *max);
    if (allowed != s.allowed) {
        s.allowed = allowed;
        s.table.set_rate(2 * allowed, kOnDemandWindowSeconds, now);
    }
}

ThrottleKind CapacityModel::on_demand_limit_kind(const Side& s, bool write) const {
    const auto& max = write ? config_.max_on_demand_wcu : config_.max_on_demand_rcu;
    if (max && s.allowed == *max) return ThrottleKind::kMaxOnDemandThroughputExceeded;
    if (s.allowed == (write ? config_.table_quota_wcu : config_.table_quota_rcu))
        return ThrottleKind::kAccountLimitExceeded;
    return ThrottleKind::kProvisionedThroughputExceeded;
}

std::int64_t CapacityModel::table_rcu() const {
    return config_.on_demand ? read_.allowed : read_.provisioned;
}
std::int64_t CapacityModel::table_wcu() const {
    return config_.on_demand ? write_.allowed : write_.provisioned;
}

std::int64_t CapacityModel::share_balance_halves(int partition, bool write, sim::TimeUs now) {
    Side& s = side(write);
    if (s.share.empty()) return 0;
    auto& b = s.share[static_cast<std::size_t>(partition)];
    b.refill(now);
    return b.tokens() / kTokensPerHalfUnit;
}

}  // namespace ddbsim::model
