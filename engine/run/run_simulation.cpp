#include "run/run_simulation.hpp"

#include "run/aggregate_simulator.hpp"
#include "run/global_run.hpp"
#include "run/operation_runner.hpp"
#include "run/request_simulator.hpp"
#include "run/run_plan.hpp"

namespace ddbsim::run {

double expected_requests(const SimulationConfig& config) {
    double total = 0;
    for (const auto& s : config.streams) {
        const double fan_out = scatter_reads(s) ? s.write_shards : 1;
        const double requests = s.traffic.sampled_requests(config.duration, sim::kMinute) * fan_out;
        total += requests;
        // A global table applies every write again in each other region.
        if (config.global.enabled() && is_write(s.op))
            total += requests * static_cast<double>(config.global.replicas.size());
    }
    return total;
}

namespace {

RunResult request_level(const SimulationConfig& config, const RunControl& control) {
    return config.global.enabled() ? run_global_request_level(config, control)
                                   : run_request_level(config, control);
}

RunResult aggregate(const SimulationConfig& config, const RunControl& control) {
    return config.global.enabled() ? run_global_aggregate(config, {}, control)
                                   : run_aggregate(config, {}, control);
}

}  // namespace

RunResult run_simulation(const SimulationConfig& config, Fidelity fidelity,
                         double auto_request_limit, const RunControl& control) {
    if (fidelity == Fidelity::kRequest) return request_level(config, control);
    if (fidelity == Fidelity::kAggregate) return aggregate(config, control);
    // The plan's choice (which also sends runs the request level cannot carry to the
    // aggregate); callers refuse a plan that is not ok before they get here.
    const RunPlan plan = plan_run(config, Fidelity::kAuto, auto_request_limit);
    if (plan.ok() ? plan.fidelity == Fidelity::kRequest
                  : expected_requests(config) <= auto_request_limit || !aggregate_supports(config))
        return request_level(config, control);
    return aggregate(config, control);
}

}  // namespace ddbsim::run
