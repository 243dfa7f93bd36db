#include "workload/sweep.hpp"

#include "storage/dynamodb_json.hpp"

namespace ddbsim::workload {

using json = nlohmann::json;

std::size_t Sweep::points() const {
    std::size_t n = 1;
    for (const auto& p : parameters)
        n *= p.values.size();
    return n;
}

std::vector<std::size_t> Sweep::coordinates(std::size_t point) const {
    std::vector<std::size_t> c(parameters.size(), 0);
    for (std::size_t i = parameters.size(); i-- > 0;) {
        const std::size_t n = parameters[i].values.size();
        c[i] = point % n;
        point /= n;
    }
    return c;
}

std::optional<Sweep> read_sweep(const json& doc, std::vector<Problem>& problems) {
    if (!doc.is_object()) return std::nullopt;
    auto it = doc.find("sweep");
    if (it == doc.end()) return std::nullopt;
    const std::size_t before = problems.size();
    const json& s = *it;
    if (!s.is_object()) {
        problems.push_back({"/sweep", "found " + s.dump().substr(0, 40) +
                                          ", expected {\"parameters\": [{\"pointer\": …, "
                                          "\"values\": […]}], \"seeds\": N}"});
        return std::nullopt;
    }
    for (const auto& [key, value] : s.items())
        if (key != "parameters" && key != "seeds")
            problems.push_back({"/sweep/" + storage::json_pointer_escape(key),
                                "unknown field \"" + key + "\", expected parameters or seeds"});
    Sweep sweep;
    if (auto seeds = s.find("seeds"); seeds != s.end()) {
        if (!seeds->is_number_integer() || seeds->get<std::int64_t>() < 1 ||
            seeds->get<std::int64_t>() > kMostSweepSeeds)
            problems.push_back({"/sweep/seeds", "found " + seeds->dump().substr(0, 40) +
                                                    ", expected an integer from 1 to " +
                                                    std::to_string(kMostSweepSeeds)});
        else
            sweep.seeds = seeds->get<std::int64_t>();
    }
    auto params = s.find("parameters");
    if (params == s.end() || !params->is_array()) {
        problems.push_back({"/sweep/parameters",
                            "expected an array of {\"pointer\": \"/json/pointer\", \"values\": "
                            "[…]} (an empty array sweeps seeds only)"});
        return std::nullopt;
    }
    std::size_t points = 1;
    for (std::size_t i = 0; i < params->size(); ++i) {
        const std::string p = "/sweep/parameters/" + std::to_string(i);
        const json& e = (*params)[i];
        if (!e.is_object() || !e.contains("pointer") || !e["pointer"].is_string() ||
            !e.contains("values") || !e["values"].is_array() || e["values"].empty()) {
            problems.push_back({p,
                                "expected {\"pointer\": \"/json/pointer\", \"values\": [at "
                                "least one value]}"});
            continue;
        }
        for (const auto& [key, value] : e.items())
            if (key != "pointer" && key != "values")
                problems.push_back({p + "/" + storage::json_pointer_escape(key),
                                    "unknown field \"" + key + "\", expected pointer or values"});
        SweepParameter param;
        param.pointer = e["pointer"].get<std::string>();
        const std::string& ptr = param.pointer;
        bool usable = !ptr.empty() && ptr.rfind("/whatIf", 0) != 0 &&
                      ptr.rfind("/expect", 0) != 0 && ptr.rfind("/sweep", 0) != 0;
        if (usable) {
            try {
                const json::json_pointer jp(ptr);
                usable =
                    doc.contains(jp.parent_pointer()) &&
                    (doc[jp.parent_pointer()].is_object() || doc[jp.parent_pointer()].is_array());
            } catch (const json::exception&) {
                usable = false;
            }
        }
        if (!usable) {
            problems.push_back(
                {p + "/pointer", "found \"" + ptr.substr(0, 80) +
                                     "\", expected a JSON pointer into the scenario whose parent "
                                     "exists (not \"\", /whatIf, /expect or /sweep)"});
            continue;
        }
        for (const auto& other : sweep.parameters)
            if (other.pointer == ptr)
                problems.push_back({p + "/pointer", "\"" + ptr + "\" is swept twice"});
        param.values = e["values"].get<std::vector<json>>();
        points *= param.values.size();
        if (points > kMostSweepPoints) {
            problems.push_back({p + "/values", "the grid has more than " +
                                                   std::to_string(kMostSweepPoints) +
                                                   " points; sweep fewer values"});
            return std::nullopt;
        }
        sweep.parameters.push_back(std::move(param));
    }
    if (problems.size() > before) return std::nullopt;
    if (sweep.tasks() > kMostSweepTasks) {
        problems.push_back({"/sweep/seeds", std::to_string(sweep.points()) + " points × " +
                                                std::to_string(sweep.seeds) +
                                                " seeds is more than " +
                                                std::to_string(kMostSweepTasks) + " runs"});
        return std::nullopt;
    }
    return sweep;
}

std::optional<json> sweep_point_document(const json& doc, const Sweep& sweep, std::size_t point,
                                         std::vector<Problem>& problems) {
    json d = doc;
    d.erase("whatIf");
    d.erase("expect");
    d.erase("sweep");
    const auto c = sweep.coordinates(point);
    for (std::size_t i = 0; i < sweep.parameters.size(); ++i) {
        const auto& param = sweep.parameters[i];
        try {
            const json::json_pointer jp(param.pointer);
            json& parent = d[jp.parent_pointer()];
            if (parent.is_array() && jp.back() != "-" &&
                (jp.back().empty() ||
                 jp.back().find_first_not_of("0123456789") != std::string::npos ||
                 std::stoull(jp.back()) > parent.size())) {
                problems.push_back({"/sweep/parameters/" + std::to_string(i) + "/pointer",
                                    "\"" + param.pointer + "\" is past the end of its array"});
                return std::nullopt;
            }
            d[jp] = param.values[c[i]];
        } catch (const std::exception&) {
            problems.push_back({"/sweep/parameters/" + std::to_string(i) + "/pointer",
                                "\"" + param.pointer + "\" cannot be set in this scenario"});
            return std::nullopt;
        }
    }
    return d;
}

std::uint64_t sweep_seed(std::uint64_t scenario_seed, std::int64_t index) {
    if (index == 0) return scenario_seed;
    // SplitMix64 (Steele, Lea, Flood 2014) of the scenario seed and the index.
    std::uint64_t z = scenario_seed + 0x9e3779b97f4a7c15ULL * static_cast<std::uint64_t>(index);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    z ^= z >> 31;
    z &= 0x7fffffffffffffffULL;  // a seed a scenario file can hold (a JSON int64)
    return z == 0 ? 1 : z;
}

}  // namespace ddbsim::workload
