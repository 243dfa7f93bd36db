#include "model/capacity_unit.hpp"

#include <algorithm>

namespace ddbsim::model {

int initial_partitions(const CapacityConfig& c, std::uint64_t data_bytes) {
    return c.on_demand ? PartitionMap::initial_count(std::max(c.on_demand_initial_rcu, c.warm_rcu),
                                                     std::max(c.on_demand_initial_wcu, c.warm_wcu),
                                                     data_bytes)
                       : PartitionMap::initial_count(c.rcu, c.wcu, data_bytes);
}

CapacityUnit::CapacityUnit(const CapacityUnitConfig& config, sim::TimeUs now)
    : config_(config),
      partitions_(config.partitions),
      capacity_(config.capacity, config.partitions, config.is_index, now),
      advanced_(now),
      latest_(now) {
    // Auto scaling manages provisioned throughput only (docs/dynamodb-model.md "Provisioned
    // mode and auto scaling").
    if (!config.capacity.on_demand) {
        if (config.read_scaling) read_scaler_.emplace(*config.read_scaling);
        if (config.write_scaling) write_scaler_.emplace(*config.write_scaling);
    }
}

Admission CapacityUnit::admit(sim::TimeUs now, int partition, bool write) {
    touch(now);
    return capacity_.admit(now, partition, write);
}

void CapacityUnit::charge(sim::TimeUs now, int partition, bool write, const Admission& admission,
                          std::int64_t halves, bool eventual) {
    touch(now);
    capacity_.charge(now, partition, write, admission, halves, eventual);
    second_[write ? 1 : 0] += halves;
}

CapacityModel::BulkService CapacityUnit::serve_all(sim::TimeUs step_start, sim::TimeUs now,
                                                   bool write,
                                                   const std::vector<std::int64_t>& demand,
                                                   std::vector<std::int64_t>& served,
                                                   std::vector<std::uint8_t>& reasons,
                                                   const std::vector<double>* eventual_share) {
    touch(now);
    const auto bulk =
        capacity_.serve_all(step_start, now, write, demand, served, reasons, eventual_share);
    second_[write ? 1 : 0] += bulk.served;
    return bulk;
}

CapacityUnit::Upkeep CapacityUnit::advance_to(sim::TimeUs now) {
    Upkeep upkeep;
    // Every whole second in (advanced_, now], in order.
    for (sim::TimeUs s = (advanced_ / sim::kSecond + 1) * sim::kSecond; s <= now;
         s += sim::kSecond) {
        apply_due(s, upkeep);
        end_second(s, upkeep);
    }
    apply_due(now, upkeep);
    advanced_ = std::max(advanced_, now);
    touch(now);
    return upkeep;
}

CapacityUnit::Upkeep CapacityUnit::apply_changes(sim::TimeUs now) {
    Upkeep upkeep;
    apply_due(now, upkeep);
    touch(now);
    return upkeep;
}

void CapacityUnit::end_second(sim::TimeUs second_end, Upkeep& upkeep) {
    capacity_.observe_second(second_end - sim::kSecond, second_[0], second_[1]);
    minute_[0] += second_[0];
    minute_[1] += second_[1];
    second_[0] = second_[1] = 0;
    if (second_end % sim::kMinute != 0) return;
    // One CloudWatch datapoint per minute for each auto scaler; a change takes effect after
    // the policy's update delay.
    for (const bool write : {false, true}) {
        auto& scaler = write ? write_scaler_ : read_scaler_;
        if (!scaler) continue;
        const std::int64_t provisioned = write ? capacity_.table_wcu() : capacity_.table_rcu();
        const double consumed = static_cast<double>(minute_[write ? 1 : 0]) / 2.0;
        if (auto next = scaler->on_minute(second_end, consumed, provisioned)) {
            const sim::TimeUs at = second_end + scaler->policy().update_delay;
            // Kept in time order; equal times in the order decided.
            auto it = std::upper_bound(pending_.begin(), pending_.end(), at,
                                       [](sim::TimeUs t, const Change& c) { return t < c.at; });
            pending_.insert(it, Change{at, write, *next});
            upkeep.decided.push_back(at);
        }
    }
    minute_[0] = minute_[1] = 0;
}

void CapacityUnit::apply_due(sim::TimeUs upto, Upkeep& upkeep) {
    while (!pending_.empty() && pending_.front().at <= upto) {
        const Change c = pending_.front();
        pending_.erase(pending_.begin());
        // Time never goes backwards for the buckets: a change due inside a step the bulk
        // service already served takes effect at the step's end.
        const sim::TimeUs when = std::max(c.at, latest_);
        (c.write ? write_scaler_ : read_scaler_)->applied();
        capacity_.set_provisioned(c.write ? capacity_.table_rcu() : c.units,
                                  c.write ? c.units : capacity_.table_wcu(), when);
        upkeep.applied = true;
        split_for_throughput(when);
    }
}

void CapacityUnit::set_throughput(std::int64_t rcu, std::int64_t wcu, sim::TimeUs now) {
    touch(now);
    capacity_.set_provisioned(rcu, wcu, std::max(now, latest_));
    split_for_throughput(std::max(now, latest_));
}

void CapacityUnit::split_for_throughput(sim::TimeUs now) {
    if (!config_.split_for_throughput) return;
    const int required =
        PartitionMap::initial_count(capacity_.table_rcu(), capacity_.table_wcu(), 0);
    while (partitions_.size() < required)
        split(partitions_.widest(), std::nullopt, now);
}

void CapacityUnit::split(int p, std::optional<std::uint64_t> at, sim::TimeUs now) {
    touch(now);
    if (at)
        partitions_.split(p, *at);
    else
        partitions_.split_in_half(p);
    capacity_.on_split(p, now);
    if (split_listener_) split_listener_(p);
}

}  // namespace ddbsim::model
