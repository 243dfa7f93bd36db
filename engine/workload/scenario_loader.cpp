#include "workload/scenario_loader.hpp"

#include <set>

#include "workload/scenario_reader.hpp"

namespace ddbsim::workload {

using reading::json;

namespace reading {

// `workload`: the operation streams, with unique names.
void workload_section(Reader& r, const json& doc, SimulationConfig& c,
                      const storage::TableSchema* table) {
    if (auto it = doc.find("workload"); it == doc.end()) {
        r.problem("/workload", "missing, expected an array of operation streams");
    } else if (!it->is_array() || it->empty()) {
        r.expected("/workload", *it, "a non-empty array of operation streams");
    } else {
        std::set<std::string> names;
        for (std::size_t i = 0; i < it->size(); ++i) {
            const std::string p = "/workload/" + std::to_string(i);
            if (auto s = operation(r, (*it)[i], p, table)) {
                if (!names.insert(s->name).second)
                    r.problem(p + "/name",
                              "found \"" + s->name + "\" twice, expected unique names");
                c.streams.push_back(std::move(*s));
            }
        }
    }
}

}  // namespace reading

ScenarioLoad load_scenario(const json& doc, const std::string& base_dir) {
    using namespace reading;
    Reader r;
    r.base_dir = base_dir;
    ScenarioLoad out;
    if (!doc.is_object()) {
        r.expected("", doc, "a scenario object");
        out.problems = std::move(r.problems);
        return out;
    }
    r.only(doc, "", {"$schema",  "name",          "description", "duration", "seed",
                     "fidelity", "table",         "data",        "capacity", "autoScaling",
                     "client",   "serviceErrors", "replication", "workload", "dax",
                     "sqs",      "cost",          "region",      "replicas", "failover"});
    Scenario sc;
    auto& c = sc.config;
    if (auto it = doc.find("name"); it != doc.end()) {
        if (it->is_string())
            sc.name = it->get<std::string>();
        else
            r.expected("/name", *it, "a string");
    }
    if (auto it = doc.find("description"); it != doc.end()) {
        if (it->is_string())
            sc.description = it->get<std::string>();
        else
            r.expected("/description", *it, "a string");
    }
    if (auto d = r.duration(doc, "duration", "", true)) {
        if (*d <= 0) r.problem("/duration", "expected a positive duration");
        c.duration = *d;
    }
    if (auto seed = r.integer(doc, "seed", "", 0, std::numeric_limits<std::int64_t>::max(), 1)) {
        c.seed = static_cast<std::uint64_t>(*seed);
    }
    if (auto f =
            r.choice(doc, "fidelity", "", {"request", "aggregate", "auto"}, std::string("auto")))
        sc.fidelity = *f;

    const storage::TableSchema* table = table_section(r, doc, c);
    data_section(r, doc, c);
    capacity_section(r, doc, c);
    auto_scaling_section(r, doc, c, table);
    client_section(r, doc, c);
    service_errors_section(r, doc, c);
    replication_section(r, doc, c);
    workload_section(r, doc, c, table);
    global_table_section(r, doc, c);
    dax_section(r, doc, sc);
    sqs_section(r, doc, c);
    cost_section(r, doc, sc);
    out.problems = std::move(r.problems);
    if (out.problems.empty()) out.scenario = std::move(sc);
    return out;
}

}  // namespace ddbsim::workload
