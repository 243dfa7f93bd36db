// TokenBucket: capacity units accumulating at a fixed rate up to a ceiling, refilled lazily
// from the elapsed time (no refill events), in exact integers.
//
// Units: tokens are counted in micro-half-units (one half capacity unit = 1,000,000), so a
// rate in half units per second adds exactly `rate` tokens per microsecond and every
// eventually consistent read (0.5 RCU) is representable. A balance may go negative: a
// request admitted while the balance was positive is charged its actual consumption after
// it ran (see capacity_model.hpp), and the debt is repaid by later refill.
#pragma once

#include <algorithm>
#include <cstdint>

#include "sim/time.hpp"

namespace ddbsim::model {

inline constexpr std::int64_t kTokensPerHalfUnit = 1'000'000;

class TokenBucket {
  public:
    TokenBucket() = default;
    // `rate_halves_per_s`: refill rate in half units per second; `capacity_seconds`: how many
    // seconds of refill the bucket holds (DynamoDB's burst window is 300 s); the bucket
    // starts full when `start_full`, else with one second of refill — nothing banked, but a
    // table serves its provisioned rate from its first second (modelling assumption). It
    // holds at least one second of refill: without burst (`capacity_seconds` 0) a bucket still
    // serves its rate.
    TokenBucket(std::int64_t rate_halves_per_s, std::int64_t capacity_seconds, sim::TimeUs now,
                bool start_full)
        : rate_(rate_halves_per_s),
          capacity_(rate_halves_per_s * std::max<std::int64_t>(capacity_seconds, 1) *
                    kTokensPerHalfUnit),
          tokens_(start_full ? capacity_
                             : std::min(capacity_, rate_halves_per_s * kTokensPerHalfUnit)),
          last_(now) {}

    void refill(sim::TimeUs now) {
        if (now <= last_) return;
        const std::int64_t dt = now - last_;
        // rate ≤ 2^22 half units/s and dt < 2^40 µs (12 days) keep rate × dt below 2^62; a
        // longer gap fills any bucket (its ceiling is at most 300 s of refill).
        tokens_ =
            dt >= (std::int64_t{1} << 40) ? capacity_ : std::min(capacity_, tokens_ + rate_ * dt);
        last_ = now;
    }
    // Whether the balance is positive at `now` (a request may be admitted).
    bool has_tokens(sim::TimeUs now) {
        refill(now);
        return tokens_ > 0;
    }
    // When the bucket is full: the most half units whose charge the refill over `dt` covers,
    // so that charging them and refilling leaves it full — bulk service may then skip both
    // (a later refill from a full bucket ends full whenever it was last refilled). -1 when
    // the bucket is not full.
    std::int64_t quiet_step_limit(sim::TimeUs dt) const {
        return tokens_ == capacity_ ? rate_ * dt / kTokensPerHalfUnit : -1;
    }
    // Charges `halves` half units (may take the balance negative).
    void charge(std::int64_t halves) { tokens_ -= halves * kTokensPerHalfUnit; }
    // Charges `tokens` micro-half-units (a discounted charge: see CapacityModel).
    void charge_tokens(std::int64_t tokens) { tokens_ -= tokens; }
    // Changes the rate (and the ceiling with it), keeping the balance up to the new ceiling.
    void set_rate(std::int64_t rate_halves_per_s, std::int64_t capacity_seconds, sim::TimeUs now) {
        refill(now);
        rate_ = rate_halves_per_s;
        capacity_ =
            rate_halves_per_s * std::max<std::int64_t>(capacity_seconds, 1) * kTokensPerHalfUnit;
        tokens_ = std::min(tokens_, capacity_);
    }
    std::int64_t rate_halves_per_s() const { return rate_; }
    std::int64_t tokens() const { return tokens_; }
    std::int64_t capacity() const { return capacity_; }
    void set_tokens(std::int64_t tokens) { tokens_ = std::min(tokens, capacity_); }

  private:
    std::int64_t rate_ = 0;
    std::int64_t capacity_ = 0;
    std::int64_t tokens_ = 0;
    sim::TimeUs last_ = 0;
};

}  // namespace ddbsim::model
