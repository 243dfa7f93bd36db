#include "run/arrival_streams.hpp"

#include <functional>
#include <string>
#include <utility>

#include "sim/random.hpp"

namespace ddbsim::run {

ArrivalStreams::ArrivalStreams(const SimulationConfig& config) : duration_(config.duration) {
    for (std::size_t i = 0; i < config.streams.size(); ++i) {
        const auto& s = config.streams[i];
        std::function<double(sim::TimeUs)> rate;  // empty: constant (sim/arrivals.hpp)
        if (!s.traffic.at_max_rate_throughout())
            rate = [shape = s.traffic](sim::TimeUs t) { return shape.rate_at(t); };
        processes_.emplace_back(
            std::move(rate), s.traffic.max_rate(),
            sim::make_stream(config.seed, "arrivals/" + s.name + "/" + std::to_string(i)),
            s.traffic.even);
    }
    next_.resize(processes_.size());
}

void ArrivalStreams::schedule(std::size_t stream, sim::TimeUs after, sim::EventQueue& queue) {
    const sim::TimeUs t = processes_[stream].next(after, duration_);
    next_[stream] = t >= 0 ? Next{t, queue.take_sequence()} : Next{};
    earliest_known_ = false;
}

sim::Event ArrivalStreams::next(sim::EventQueue& queue, std::uint32_t arrival_kind) {
    if (!earliest_known_) find_earliest();
    if (earliest_ >= 0) {
        const auto stream = static_cast<std::size_t>(earliest_);
        const Next a = next_[stream];
        if (!queue.before(a.at, a.sequence)) {
            next_[stream] = Next{};
            earliest_known_ = false;
            return sim::Event{a.at, a.sequence, arrival_kind, stream, 0};
        }
    }
    return queue.pop();
}

void ArrivalStreams::find_earliest() {
    earliest_known_ = true;
    earliest_ = -1;
    const Next* best = nullptr;
    for (std::size_t i = 0; i < next_.size(); ++i) {
        const Next& a = next_[i];
        if (a.at < 0) continue;
        if (!best || a.at < best->at || (a.at == best->at && a.sequence < best->sequence)) {
            best = &a;
            earliest_ = static_cast<int>(i);
        }
    }
}

}  // namespace ddbsim::run
