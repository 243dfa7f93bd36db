// Capacity units and DynamoDB's billing rules for them.
//
// Implements docs/dynamodb-model.md, "Capacity units": reads are billed per 4 KB (rounded up) at
// 1 RCU strongly consistent, 0.5 eventually consistent, 2 transactional; writes per 1 KB
// (rounded up) at 1 WCU standard, 2 transactional. Every amount DynamoDB bills is a multiple
// of 0.5, so CapacityUnits counts half units in an integer: sums are exact and never drift.
#pragma once

#include <compare>
#include <cstdint>
#include <map>
#include <string>

namespace ddbsim::storage {

inline constexpr std::size_t kReadUnitBytes = 4 * 1024;  // one RCU covers 4 KB
inline constexpr std::size_t kWriteUnitBytes = 1024;     // one WCU covers 1 KB

enum class ReadConsistency { kEventual, kStrong, kTransactional };
enum class WriteMode { kStandard, kTransactional };

// An exact, non-negative amount of capacity units (a multiple of 0.5).
class CapacityUnits {
  public:
    constexpr CapacityUnits() = default;
    static constexpr CapacityUnits from_halves(std::int64_t halves) {
        return CapacityUnits(halves);
    }
    static constexpr CapacityUnits whole(std::int64_t units) { return CapacityUnits(units * 2); }

    constexpr std::int64_t halves() const { return halves_; }
    constexpr double value() const { return static_cast<double>(halves_) / 2.0; }
    constexpr bool is_zero() const { return halves_ == 0; }
    // "0.5", "1", "128.5": the shortest exact decimal text.
    std::string to_string() const;

    constexpr CapacityUnits& operator+=(CapacityUnits o) {
        halves_ += o.halves_;
        return *this;
    }
    friend constexpr CapacityUnits operator+(CapacityUnits a, CapacityUnits b) { return a += b; }
    friend constexpr CapacityUnits operator*(CapacityUnits a, std::int64_t k) {
        return CapacityUnits(a.halves_ * k);
    }
    friend constexpr auto operator<=>(CapacityUnits, CapacityUnits) = default;

  private:
    constexpr explicit CapacityUnits(std::int64_t halves) : halves_(halves) {}
    std::int64_t halves_ = 0;
};

// ceil(bytes / unit), with at least one unit: DynamoDB bills a read of a missing or empty
// item, and a write of any item, as at least one unit (docs/dynamodb-model.md).
constexpr std::int64_t billed_blocks(std::size_t bytes, std::size_t unit_bytes) {
    const auto blocks = static_cast<std::int64_t>((bytes + unit_bytes - 1) / unit_bytes);
    return blocks < 1 ? 1 : blocks;
}

// RCU for reading `bytes` (one item, or the summed items of one Query/Scan page).
constexpr CapacityUnits read_units(std::size_t bytes, ReadConsistency consistency) {
    const std::int64_t blocks = billed_blocks(bytes, kReadUnitBytes);
    switch (consistency) {
        case ReadConsistency::kEventual:
            return CapacityUnits::from_halves(blocks);
        case ReadConsistency::kStrong:
            return CapacityUnits::whole(blocks);
        case ReadConsistency::kTransactional:
            return CapacityUnits::whole(2 * blocks);
    }
    return {};
}

// WCU for writing an item billed at `bytes`.
constexpr CapacityUnits write_units(std::size_t bytes, WriteMode mode) {
    const std::int64_t blocks = billed_blocks(bytes, kWriteUnitBytes);
    return CapacityUnits::whole(mode == WriteMode::kTransactional ? 2 * blocks : blocks);
}

// The size a single-item write is billed on: the larger of the item before and after the
// write (DG; docs/dynamodb-model.md "Capacity units"). Deletes pass the deleted
// item as `before` and 0 as `after`; a failed condition passes the existing item twice.
// Kept as the one place this rule lives: public tests suggest UpdateItem may be billed on
// what the statement writes instead, which is still to be confirmed on the service.
constexpr std::size_t write_billing_bytes(std::size_t before_bytes, std::size_t after_bytes) {
    return before_bytes > after_bytes ? before_bytes : after_bytes;
}

// What one operation consumed, split the way ReturnConsumedCapacity=INDEXES reports it.
struct ConsumedCapacity {
    struct IndexUse {
        bool global = false;
        CapacityUnits read;
        CapacityUnits write;
        friend bool operator==(const IndexUse&, const IndexUse&) = default;
    };
    CapacityUnits table_read;
    CapacityUnits table_write;
    std::map<std::string, IndexUse> indexes;     // by index name, for deterministic output
    std::int64_t stream_read_request_units = 0;  // GetRecords calls (billed apart from RCU)

    CapacityUnits read_total() const;
    CapacityUnits write_total() const;
    CapacityUnits total() const { return read_total() + write_total(); }
    ConsumedCapacity& operator+=(const ConsumedCapacity& other);
    friend bool operator==(const ConsumedCapacity&, const ConsumedCapacity&) = default;
};

}  // namespace ddbsim::storage
