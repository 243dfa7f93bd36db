#include "metrics/recorder.hpp"

#include <algorithm>
#include <limits>

#include "common/huge_pages.hpp"

namespace ddbsim::metrics {

Recorder::Recorder(sim::TimeUs duration) {
    const auto seconds = static_cast<std::size_t>((duration + sim::kSecond - 1) / sim::kSecond);
    seconds_.reserve(std::max<std::size_t>(seconds, 1));
    common::advise_huge_pages(seconds_.data(), seconds_.capacity() * sizeof(SecondRow));
    seconds_.resize(std::max<std::size_t>(seconds, 1));
    minutes_.resize((seconds_.size() + 59) / 60);
}

void Recorder::extend_to(sim::TimeUs duration) {
    const auto seconds = static_cast<std::size_t>((duration + sim::kSecond - 1) / sim::kSecond);
    if (seconds <= seconds_.size()) return;
    seconds_.resize(seconds);
    minutes_.resize((seconds_.size() + 59) / 60);
}

SecondRow& Recorder::second(sim::TimeUs t) {
    const auto i = std::min(static_cast<std::size_t>(std::max<sim::TimeUs>(t, 0) / sim::kSecond),
                            seconds_.size() - 1);
    return seconds_[i];
}

MinuteRow& Recorder::minute(sim::TimeUs t) {
    const auto i = std::min(static_cast<std::size_t>(std::max<sim::TimeUs>(t, 0) / sim::kMinute),
                            minutes_.size() - 1);
    return minutes_[i];
}

ReplicationRow& Recorder::replication_row(sim::TimeUs t) {
    if (replication_.size() != seconds_.size()) replication_.resize(seconds_.size());
    const auto i = std::min(static_cast<std::size_t>(std::max<sim::TimeUs>(t, 0) / sim::kSecond),
                            replication_.size() - 1);
    return replication_[i];
}

void Recorder::replicated(sim::TimeUs t, std::int64_t halves, sim::TimeUs latency) {
    replication_row(t).replicated_write_halves += static_cast<std::int32_t>(halves);
    replication_latencies(t, latency, 1);
}

void Recorder::replication_backlog(sim::TimeUs t, std::int64_t writes) {
    auto& r = replication_row(t);
    r.backlog = std::max(r.backlog, static_cast<std::int32_t>(std::min<std::int64_t>(
                                        writes, std::numeric_limits<std::int32_t>::max())));
}

void Recorder::replication_throttle(sim::TimeUs t) {
    replication_row(t).throttles += 1;
}

void Recorder::replicated_bulk(sim::TimeUs t, std::int64_t halves, std::int64_t backlog,
                               std::int64_t throttled) {
    auto& r = replication_row(t);
    r.replicated_write_halves += static_cast<std::int32_t>(halves);
    r.throttles += static_cast<std::int32_t>(throttled);
    r.backlog = std::max(r.backlog, static_cast<std::int32_t>(std::min<std::int64_t>(
                                        backlog, std::numeric_limits<std::int32_t>::max())));
}

void Recorder::replication_latencies(sim::TimeUs t, sim::TimeUs latency, std::uint64_t count) {
    auto& r = replication_row(t);
    r.replicated_writes += static_cast<std::int32_t>(count);
    const auto ms = static_cast<std::int32_t>(std::min<sim::TimeUs>(
        latency / sim::kMillisecond, std::numeric_limits<std::int32_t>::max()));
    r.latency_max_ms = std::max(r.latency_max_ms, ms);
    replication_latency_.add(latency, count);
}

void Recorder::replication_conflict(sim::TimeUs t) {
    replication_row(t).conflicts += 1;
}

void Recorder::consumed(sim::TimeUs t, int partition, bool write, std::int64_t halves) {
    auto& s = second(t);
    (write ? s.consumed_write_halves : s.consumed_read_halves) += halves;
    auto& m = minute(t);
    auto& v = write ? m.partition_write_halves : m.partition_read_halves;
    const auto p = static_cast<std::size_t>(partition);
    partition_bound_[write ? 1 : 0].minute = kNoMinute;  // v[p] may pass the kept bound
    if (v.size() <= p) v.resize(p + 1, 0);
    const std::uint64_t sum = static_cast<std::uint64_t>(v[p]) + static_cast<std::uint64_t>(halves);
    v[p] = static_cast<std::uint32_t>(
        std::min<std::uint64_t>(sum, std::numeric_limits<std::uint32_t>::max()));
}

void Recorder::consumed_partitions(sim::TimeUs t, bool write,
                                   const std::vector<std::int64_t>& halves, std::int64_t total,
                                   std::int64_t most) {
    auto& s = second(t);
    auto& m = minute(t);
    auto& v = write ? m.partition_write_halves : m.partition_read_halves;
    if (v.size() < halves.size()) v.resize(halves.size(), 0);
    // This runs for every partition of every aggregate step, so the common case is one pass
    // the compiler vectorises: while the minute's largest partition total (a bound kept beside
    // it, starting from the totals already there) plus this step's largest stays below
    // 2^32 − 1, no total can saturate. Otherwise each total saturates on its own.
    PartitionBound& bound = partition_bound_[write ? 1 : 0];
    const auto minute_index = static_cast<std::size_t>(&m - minutes_.data());
    if (bound.minute != minute_index) {
        bound.minute = minute_index;
        bound.most = v.empty() ? 0 : *std::max_element(v.begin(), v.end());
    }
    constexpr std::uint64_t kMost = std::numeric_limits<std::uint32_t>::max();
    const auto step_most = static_cast<std::uint64_t>(std::max<std::int64_t>(most, 0));
    if (bound.most + step_most < kMost) {
        for (std::size_t p = 0; p < halves.size(); ++p)
            v[p] += static_cast<std::uint32_t>(halves[p]);
        bound.most += step_most;
    } else {
        for (std::size_t p = 0; p < halves.size(); ++p) {
            const std::uint64_t sum =
                static_cast<std::uint64_t>(v[p]) + static_cast<std::uint64_t>(halves[p]);
            v[p] = static_cast<std::uint32_t>(std::min<std::uint64_t>(sum, kMost));
        }
        bound.most = kMost;
    }
    (write ? s.consumed_write_halves : s.consumed_read_halves) += static_cast<std::int32_t>(total);
}

void Recorder::index_consumed(sim::TimeUs t, const std::string& index, bool write,
                              std::int64_t halves) {
    auto& m = minute(t);
    (write ? m.index_write_halves : m.index_read_halves)[index] += halves;
}

void Recorder::throttle(sim::TimeUs t, model::ThrottleReason reason) {
    auto& s = second(t);
    (reason.write ? s.write_throttle_events : s.read_throttle_events) += 1;
    minute(t).throttles_by_reason[static_cast<std::size_t>(reason.index())] += 1;
}

void Recorder::throttles(sim::TimeUs t, model::ThrottleReason reason, std::int64_t count) {
    auto& s = second(t);
    (reason.write ? s.write_throttle_events : s.read_throttle_events) +=
        static_cast<std::int32_t>(count);
    minute(t).throttles_by_reason[static_cast<std::size_t>(reason.index())] += count;
}

void Recorder::requests_ended(sim::TimeUs t, std::int64_t succeeded, std::int64_t throttled,
                              std::int64_t gave_up) {
    auto& s = second(t);
    s.successful_requests += static_cast<std::int32_t>(succeeded);
    s.throttled_requests += static_cast<std::int32_t>(throttled);
    s.gave_up_requests += static_cast<std::int32_t>(gave_up);
}

void Recorder::request_ended(sim::TimeUs t, bool succeeded, bool was_throttled,
                             sim::TimeUs latency) {
    auto& s = second(t);
    if (was_throttled) ++s.throttled_requests;
    if (succeeded) {
        ++s.successful_requests;
        minute_latency_.add(latency);
    } else {
        ++s.gave_up_requests;
    }
}

void Recorder::user_error(sim::TimeUs t, bool conditional_check_failed) {
    auto& s = second(t);
    if (conditional_check_failed)
        ++s.conditional_check_failed;
    else
        ++s.user_errors;
}

void Recorder::user_errors(sim::TimeUs t, std::int64_t count) {
    second(t).user_errors += static_cast<std::int32_t>(count);
}

void Recorder::system_errors(sim::TimeUs t, std::int64_t count) {
    second(t).system_errors += static_cast<std::int32_t>(count);
}

void Recorder::stale_read(sim::TimeUs t) {
    ++second(t).stale_reads;
}

void Recorder::latencies(sim::TimeUs latency, std::int64_t count) {
    if (count <= 0) return;
    minute_latency_.add(latency, static_cast<std::uint64_t>(count));
}

void Recorder::latencies(const LatencyHistogram& h, std::uint64_t times) {
    minute_latency_.merge(h, times);
}

void Recorder::table_state(sim::TimeUs t, std::int64_t rcu, std::int64_t wcu, int partitions) {
    auto& s = second(t);
    s.provisioned_rcu = rcu;
    s.provisioned_wcu = wcu;
    s.partitions = partitions;
}

void Recorder::queue_depth(sim::TimeUs t, std::int64_t depth) {
    second(t).queue_depth = static_cast<std::int32_t>(depth);
}

void Recorder::cache_hit(sim::TimeUs t) {
    ++second(t).cache_hits;
}

void Recorder::burst_balance(sim::TimeUs t, std::int64_t read_halves, std::int64_t write_halves) {
    auto& s = second(t);
    s.burst_balance_read_halves = read_halves;
    s.burst_balance_write_halves = write_halves;
}

std::size_t Recorder::memory_bytes() const {
    std::size_t bytes =
        seconds_.capacity() * sizeof(SecondRow) + minutes_.capacity() * sizeof(MinuteRow);
    for (const auto& m : minutes_) {
        bytes += (m.partition_read_halves.capacity() + m.partition_write_halves.capacity()) *
                 sizeof(std::uint32_t);
        bytes += (m.index_read_halves.size() + m.index_write_halves.size()) * 64;  // map nodes
    }
    return bytes;
}

void Recorder::close_minute(sim::TimeUs t) {
    auto& m = minute(t);
    m.latency_p50 = minute_latency_.percentile(0.50);
    m.latency_p90 = minute_latency_.percentile(0.90);
    m.latency_p99 = minute_latency_.percentile(0.99);
    run_latency_.merge(minute_latency_);
    minute_latency_.clear();
}

std::array<std::int64_t, model::kThrottleReasonCount> Recorder::throttles_by_reason() const {
    std::array<std::int64_t, model::kThrottleReasonCount> total{};
    for (const auto& m : minutes_) {
        for (std::size_t i = 0; i < total.size(); ++i)
            total[i] += m.throttles_by_reason[i];
    }
    return total;
}

}  // namespace ddbsim::metrics
