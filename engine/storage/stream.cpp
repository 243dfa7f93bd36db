#include "storage/stream.hpp"

#include "storage/item_size.hpp"
#include "storage/primary_key.hpp"

namespace ddbsim::storage {

void Stream::record(const Item* before, const Item* after, const KeySchema& key,
                    std::int64_t now_us, bool service_delete) {
    if (!before && !after) return;
    if (before && after && *before == *after) return;  // no change, no record (DG)
    StreamRecord r;
    r.event = !before ? StreamRecord::Event::kInsert
                      : (!after ? StreamRecord::Event::kRemove : StreamRecord::Event::kModify);
    r.sequence = next_sequence_++;
    r.created_us = now_us;
    r.keys = key_item(after ? *after : *before, key);
    r.service_delete = service_delete;
    r.size_bytes = item_size(r.keys);
    const bool want_new =
        view_ == StreamViewType::kNewImage || view_ == StreamViewType::kNewAndOldImages;
    const bool want_old =
        view_ == StreamViewType::kOldImage || view_ == StreamViewType::kNewAndOldImages;
    if (want_new && after) {
        r.new_image = *after;
        r.size_bytes += item_size(*after);
    }
    if (want_old && before) {
        r.old_image = *before;
        r.size_bytes += item_size(*before);
    }
    records_.push_back(std::move(r));
    trim(now_us);
}

void Stream::trim(std::int64_t now_us) {
    while (!records_.empty() && now_us - records_.front().created_us >= kStreamRetentionUs)
        records_.pop_front();
}

std::vector<const StreamRecord*> Stream::read(std::uint64_t from, std::size_t limit) const {
    std::vector<const StreamRecord*> out;
    std::size_t bytes = 0;
    for (const auto& r : records_) {
        if (r.sequence < from) continue;
        if (out.size() >= limit || (bytes > 0 && bytes + r.size_bytes > kGetRecordsMaxBytes)) break;
        bytes += r.size_bytes;
        out.push_back(&r);
    }
    return out;
}

}  // namespace ddbsim::storage
