// libFuzzer target: scenario files. Any bytes are parsed as JSON and loaded as a scenario
// file (baseline, what-ifs with JSON-pointer overrides, expectations, inline price
// catalogs); a valid one is also priced on an empty run. Nothing may crash, hang or trip a
// sanitizer; every rejection must come with at least one problem.
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include <string_view>

#include <nlohmann/json.hpp>

#include "common/json_text.hpp"

#include "cost/bill.hpp"
#include "run/run_plan.hpp"
#include "workload/scenario_file.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    // The same bounded reader every front end uses (depth checked before the DOM is built).
    auto parsed =
        ddbsim::parse_json_text(std::string_view(reinterpret_cast<const char*>(data), size));
    if (!parsed) return 0;
    const nlohmann::json& doc = *parsed;
    auto load = ddbsim::workload::load_scenario_file(doc);
    if (!load.ok() && load.problems.empty()) std::abort();  // a rejection must say why
    if (load.ok() != load.file.has_value()) std::abort();
    if (load.file) {
        // The run plan is what stands between a file and a run that cannot fit: it must
        // answer for any loaded scenario, at every fidelity.
        for (auto f : {ddbsim::run::Fidelity::kRequest, ddbsim::run::Fidelity::kAggregate,
                       ddbsim::run::Fidelity::kAuto}) {
            const auto plan = ddbsim::run::plan_run(load.file->baseline.config, f);
            if (plan.ok() && plan.fidelity == ddbsim::run::Fidelity::kAuto) std::abort();
        }
        const auto& s = load.file->baseline;
        ddbsim::cost::Usage usage;
        usage.seconds = 3600;
        usage.on_demand = s.config.capacity.on_demand;
        usage.hourly_rcu = {s.config.capacity.rcu};
        usage.hourly_wcu = {s.config.capacity.wcu};
        usage.storage_bytes = s.config.initial_data_bytes;
        (void)ddbsim::cost::price(usage, s.catalog, s.cost.free_tier);
    }
    return 0;
}
