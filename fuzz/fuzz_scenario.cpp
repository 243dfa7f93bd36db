// libFuzzer target: scenario files. Any bytes are parsed as JSON and loaded as a scenario
// file (baseline, what-ifs with JSON-pointer overrides, expectations, inline price
// catalogs); a valid one is also priced on an empty run. Nothing may crash, hang or trip a
// sanitizer; every rejection must come with at least one problem.
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include <nlohmann/json.hpp>

#include "cost/bill.hpp"
#include "workload/scenario_file.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    auto doc = nlohmann::json::parse(data, data + size, nullptr, /*allow_exceptions=*/false);
    if (doc.is_discarded()) return 0;
    auto load = ddbsim::workload::load_scenario_file(doc);
    if (!load.ok() && load.problems.empty()) std::abort();  // a rejection must say why
    if (load.ok() != load.file.has_value()) std::abort();
    if (load.file) {
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
