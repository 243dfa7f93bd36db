#include "run/run_plan.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "metrics/recorder.hpp"
#include "model/partition_map.hpp"
#include "run/aggregate_simulator.hpp"
#include "run/operation_runner.hpp"

namespace ddbsim::run {
namespace {

double seconds_of(sim::TimeUs t) {
    return static_cast<double>(t) / sim::kSecond;
}

// 1234567 → "1,234,567"; from 10^15 on, "1.2e15".
std::string number(double v) {
    char buf[64];
    if (!(v < 1e15)) {
        std::snprintf(buf, sizeof buf, "%.2g", v);
        std::string out = buf;
        if (auto p = out.find("e+"); p != std::string::npos) out.erase(p + 1, 1);
        return out;
    }
    std::snprintf(buf, sizeof buf, "%.0f", v);
    std::string digits = buf, out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return out;
}

std::string gib(double bytes) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.1f GiB", bytes / (1ULL << 30));
    return buf;
}

// A stream's requests: the rate without spikes sampled mid-minute (as expected_requests
// does), plus each spike's extra exactly (a one-second spike falls between samples).
double stream_requests(const OperationStream& s, sim::TimeUs duration) {
    const double fan_out = scatter_reads(s) ? s.write_shards : 1;
    double total = s.traffic.sampled_requests(duration, sim::kMinute, /*with_spikes=*/false);
    for (const auto& spike : s.traffic.spikes) {
        const sim::TimeUs from = std::max<sim::TimeUs>(spike.start, 0);
        const sim::TimeUs to = std::min(duration, spike.start + spike.length);
        if (to > from) total += std::max(spike.extra_rate, 0.0) * seconds_of(to - from);
    }
    return total * fan_out;
}

int most_partitions(std::int64_t rcu, std::int64_t wcu, std::uint64_t bytes) {
    // initial_count on numbers this large would itself overflow: the formula, in doubles.
    const double by_throughput = std::ceil(static_cast<double>(rcu) / model::kPartitionMaxRcu +
                                           static_cast<double>(wcu) / model::kPartitionMaxWcu);
    const double by_size =
        std::ceil(static_cast<double>(bytes) / static_cast<double>(model::kPartitionMaxBytes));
    return static_cast<int>(std::min(std::max({by_throughput, by_size, 1.0}), 2e9));
}

}  // namespace

RunEstimate estimate_run(const SimulationConfig& c) {
    RunEstimate e;
    // The table: its initial throughput (or on-demand's initial/warm level), raised to what
    // auto scaling may provision.
    const auto& cap = c.capacity;
    std::int64_t rcu = cap.on_demand ? std::max(cap.on_demand_initial_rcu, cap.warm_rcu) : cap.rcu;
    std::int64_t wcu = cap.on_demand ? std::max(cap.on_demand_initial_wcu, cap.warm_wcu) : cap.wcu;
    if (c.read_scaling) rcu = std::max(rcu, c.read_scaling->max_capacity);
    if (c.write_scaling) wcu = std::max(wcu, c.write_scaling->max_capacity);
    e.partitions = most_partitions(rcu, wcu, c.initial_data_bytes);
    for (const auto& index : c.table.global_indexes) {
        if (!index.provisioned) continue;
        std::int64_t irc = index.provisioned->read_capacity_units;
        std::int64_t iwc = index.provisioned->write_capacity_units;
        if (auto it = c.index_read_scaling.find(index.name); it != c.index_read_scaling.end())
            irc = std::max(irc, it->second.max_capacity);
        if (auto it = c.index_write_scaling.find(index.name); it != c.index_write_scaling.end())
            iwc = std::max(iwc, it->second.max_capacity);
        const std::int64_t p = most_partitions(irc, iwc, 0);
        if (p > e.partitions) {
            e.partitions = p;
            e.partitions_of = index.name;
        }
    }
    // What the recorder keeps: a row per second, and per minute a row with a counter per
    // partition and side.
    const double seconds = std::ceil(seconds_of(c.duration));
    const double minutes = std::ceil(seconds / 60.0);
    e.series_bytes = seconds * sizeof(metrics::SecondRow) +
                     minutes * (sizeof(metrics::MinuteRow) +
                                2.0 * sizeof(std::uint32_t) * static_cast<double>(e.partitions));
    // A global table keeps every region's series, and their replication rows.
    if (c.global.enabled())
        e.series_bytes = (e.series_bytes + seconds * sizeof(metrics::ReplicationRow)) *
                         static_cast<double>(c.global.regions().size());
    for (std::size_t i = 0; i < c.streams.size(); ++i) {
        const auto& s = c.streams[i];
        const double peak = s.traffic.max_rate() * (scatter_reads(s) ? s.write_shards : 1);
        e.peak_rate += peak;
        if (peak > e.peak_stream_rate) {
            e.peak_stream_rate = peak;
            e.peak_stream = i;
        }
    }
    return e;
}

RunPlan plan_run(const SimulationConfig& c, Fidelity requested, double auto_request_limit,
                 const RunLimits& limits) {
    RunPlan plan;
    plan.estimate = estimate_run(c);
    RunEstimate& e = plan.estimate;
    auto refuse = [&](std::string pointer, std::string message) {
        plan.problem = PlanProblem{std::move(pointer), std::move(message)};
        return plan;
    };
    const std::string peak_stream = "/workload/" + std::to_string(e.peak_stream) + "/traffic";

    if (e.partitions > limits.max_partitions) {
        const bool gsi = !e.partitions_of.empty();
        return refuse(gsi ? "/table/GlobalSecondaryIndexes" : "/table/ProvisionedThroughput",
                      "the throughput asked of " +
                          (gsi ? "GSI \"" + e.partitions_of + "\"" : std::string("the table")) +
                          " needs " + number(static_cast<double>(e.partitions)) +
                          " partitions (3,000 RCU / 1,000 WCU each); ddbsim simulates at most " +
                          number(static_cast<double>(limits.max_partitions)));
    }
    if (e.series_bytes > limits.max_series_bytes) {
        return refuse("/duration", "a run of " + number(seconds_of(c.duration)) + " s on " +
                                       number(static_cast<double>(e.partitions)) +
                                       (e.partitions == 1 ? " partition" : " partitions") +
                                       " keeps " + gib(e.series_bytes) +
                                       " of per-second and per-minute series; ddbsim keeps at "
                                       "most " +
                                       gib(limits.max_series_bytes) + ": use a shorter duration");
    }
    if (e.peak_rate > limits.max_offered_rate) {
        return refuse(c.streams.size() == 1 ? peak_stream : std::string("/workload"),
                      "the traffic offers up to " + number(e.peak_rate) +
                          " requests/s; ddbsim counts each second's requests and throttles in "
                          "32-bit series and simulates at most " +
                          number(limits.max_offered_rate) + " requests/s");
    }
    for (const auto& s : c.streams) {
        const double requests = stream_requests(s, c.duration);
        e.requests += requests;
        // A global table applies every write again in each other region (a batch or a
        // transaction: each of its items).
        if (c.global.enabled() && is_write(s.op)) {
            const bool group = s.op == workload::OperationStream::Op::kBatchWriteItem ||
                               s.op == workload::OperationStream::Op::kTransactWriteItems;
            e.requests += requests * (group ? std::max(1, s.group_size) : 1) *
                          static_cast<double>(c.global.replicas.size());
        }
    }

    std::string aggregate_why;
    const bool aggregate_ok = aggregate_supports(c, &aggregate_why);
    std::string request_why;
    if (e.peak_stream_rate > limits.max_request_level_rate) {
        request_why = "stream " + std::to_string(e.peak_stream) + " offers up to " +
                      number(e.peak_stream_rate) +
                      " requests/s; the request level's 1 µs clock carries at most " +
                      number(limits.max_request_level_rate) + " requests/s per stream";
    } else if (e.requests > limits.max_request_level_requests) {
        request_why = "the traffic asks for " + number(e.requests) +
                      " requests; the request level simulates at most " +
                      number(limits.max_request_level_requests) + " in one run";
    }
    switch (requested) {
        case Fidelity::kRequest:
            if (!request_why.empty())
                return refuse(peak_stream,
                              request_why + " (use fidelity \"aggregate\" or \"auto\")");
            plan.fidelity = Fidelity::kRequest;
            return plan;
        case Fidelity::kAggregate:
            if (!aggregate_ok)
                return refuse("/fidelity",
                              "the aggregate fidelity cannot run this scenario: " + aggregate_why);
            plan.fidelity = Fidelity::kAggregate;
            return plan;
        case Fidelity::kAuto:
            break;
    }
    const bool small = expected_requests(c) <= auto_request_limit;
    if (request_why.empty() && (small || !aggregate_ok)) {
        plan.fidelity = Fidelity::kRequest;
        return plan;
    }
    if (aggregate_ok) {
        plan.fidelity = Fidelity::kAggregate;
        return plan;
    }
    return refuse(peak_stream, request_why +
                                   ", and the aggregate fidelity cannot run this "
                                   "scenario: " +
                                   aggregate_why);
}

}  // namespace ddbsim::run
