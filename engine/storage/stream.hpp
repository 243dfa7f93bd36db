// Stream: the DynamoDB Streams records of one table (docs/dynamodb-model.md "Streams"; DG
// Streams.html, time-to-live streams).
//
// Every modification appends one record — INSERT, MODIFY or REMOVE — in the order the
// writes happen; a write that changes nothing appends none. Records carry the images the
// table's StreamViewType asks for; TTL deletions are REMOVE records marked as service
// deletions. Records are kept 24 hours. GetRecords returns up to 1,000 records or 1 MB and
// costs one streams read request unit per call.
// Modelling assumption: one shard per table. On the service, shards follow partitions; the
// simulator maps them when it models partitions.
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "storage/attribute_value.hpp"
#include "storage/table_schema.hpp"

namespace ddbsim::storage {

inline constexpr std::int64_t kStreamRetentionUs = 24LL * 3600 * 1'000'000;
inline constexpr std::size_t kGetRecordsMaxRecords = 1000;
inline constexpr std::size_t kGetRecordsMaxBytes = 1024 * 1024;

struct StreamRecord {
    enum class Event { kInsert, kModify, kRemove };
    Event event = Event::kInsert;
    std::uint64_t sequence = 0;  // increasing from 1
    std::int64_t created_us = 0;
    Item keys;
    std::optional<Item> new_image;
    std::optional<Item> old_image;
    std::size_t size_bytes = 0;   // keys + images
    bool service_delete = false;  // a TTL deletion
};

class Stream {
  public:
    explicit Stream(StreamViewType view) : view_(view) {}

    StreamViewType view_type() const { return view_; }
    // Appends the record for a write from `before` to `after` (either may be null); nothing
    // when the item did not change.
    void record(const Item* before, const Item* after, const KeySchema& key, std::int64_t now_us,
                bool service_delete);
    // Drops records older than 24 hours.
    void trim(std::int64_t now_us);

    const std::deque<StreamRecord>& records() const { return records_; }
    // Sequence number of the oldest retained record, and of the next record to be written.
    std::uint64_t first_sequence() const {
        return records_.empty() ? next_sequence_ : records_.front().sequence;
    }
    std::uint64_t next_sequence() const { return next_sequence_; }

    // Records from sequence `from` on, at most `limit` and about 1 MB.
    std::vector<const StreamRecord*> read(std::uint64_t from, std::size_t limit) const;

  private:
    StreamViewType view_;
    std::deque<StreamRecord> records_;
    std::uint64_t next_sequence_ = 1;
};

}  // namespace ddbsim::storage
