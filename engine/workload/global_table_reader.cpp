// Reading a global table's fields (workload/global_table.hpp): `region`, `replicas` as
// UpdateTable's ReplicaUpdates `Create` spells them, `failover`, and the streams' regions.
#include "workload/scenario_reader.hpp"

namespace ddbsim::workload {

bool is_region_name(const std::string& name) {
    // Words of lowercase letters joined by single hyphens, the last part a number:
    // "us-east-1", "ap-southeast-2", "us-gov-west-1".
    if (name.empty() || name.size() > 32) return false;
    std::size_t words = 0, i = 0;
    while (i < name.size()) {
        const std::size_t start = i;
        while (i < name.size() && name[i] >= 'a' && name[i] <= 'z')
            ++i;
        if (i == start) break;
        ++words;
        if (i >= name.size() || name[i] != '-') return false;
        ++i;
    }
    if (words < 2 || i >= name.size()) return false;
    for (; i < name.size(); ++i)
        if (name[i] < '0' || name[i] > '9') return false;
    return true;
}

namespace reading {
namespace {

std::optional<std::string> region_name(Reader& r, const json& j, const std::string& p) {
    if (j.is_string() && is_region_name(j.get<std::string>())) return j.get<std::string>();
    r.expected(p, j, "an AWS Region code such as \"eu-west-1\"");
    return std::nullopt;
}

// ProvisionedThroughputOverride: read capacity only — every replica has the table's write
// capacity (DG "Global tables": write capacity settings must be identical).
std::optional<std::int64_t> read_override(Reader& r, const json& j, const std::string& p) {
    if (!j.is_object()) {
        r.expected(p, j, "{\"ReadCapacityUnits\": n}");
        return std::nullopt;
    }
    if (j.contains("WriteCapacityUnits")) {
        r.problem(p + "/WriteCapacityUnits",
                  "write capacity is the same in every replica of a global table; a replica "
                  "may override ReadCapacityUnits only");
        return std::nullopt;
    }
    r.only(j, p, {"ReadCapacityUnits"});
    return r.integer(j, "ReadCapacityUnits", p, 1, 40'000'000, std::nullopt);
}

void replica(Reader& r, const json& j, const std::string& p, SimulationConfig& c) {
    if (!j.is_object()) {
        r.expected(p, j, "a replica {\"RegionName\": ..., \"ProvisionedThroughputOverride\": ...}");
        return;
    }
    r.only(j, p,
           {"RegionName", "ProvisionedThroughputOverride", "OnDemandThroughputOverride",
            "GlobalSecondaryIndexes", "TableClassOverride", "KMSMasterKeyId"});
    ReplicaSettings out;
    auto name = j.find("RegionName");
    if (name == j.end()) {
        r.problem(p + "/RegionName", "missing, expected an AWS Region code such as \"eu-west-1\"");
        return;
    }
    auto region = region_name(r, *name, p + "/RegionName");
    if (!region) return;
    out.region = *region;
    const bool provisioned = !c.capacity.on_demand;
    if (auto it = j.find("ProvisionedThroughputOverride"); it != j.end()) {
        if (!provisioned)
            r.problem(p + "/ProvisionedThroughputOverride",
                      "applies to a provisioned table; this table is on-demand "
                      "(OnDemandThroughputOverride sets its replica's read limit)");
        else
            out.read_capacity = read_override(r, *it, p + "/ProvisionedThroughputOverride");
    }
    if (const json* od = r.object(j, "OnDemandThroughputOverride", p, false)) {
        const std::string op = p + "/OnDemandThroughputOverride";
        r.only(*od, op, {"MaxReadRequestUnits"});
        if (provisioned)
            r.problem(op, "applies to an on-demand table; this table is provisioned");
        else
            out.max_read_request_units =
                r.integer(*od, "MaxReadRequestUnits", op, 1, 40'000'000, std::nullopt);
    }
    if (auto it = j.find("GlobalSecondaryIndexes"); it != j.end()) {
        const std::string gp = p + "/GlobalSecondaryIndexes";
        if (!it->is_array()) r.expected(gp, *it, "an array of {\"IndexName\", ...}");
        for (std::size_t i = 0; it->is_array() && i < it->size(); ++i) {
            const json& g = (*it)[i];
            const std::string ip = gp + "/" + std::to_string(i);
            if (!g.is_object()) {
                r.expected(ip, g, "{\"IndexName\": ..., \"ProvisionedThroughputOverride\": ...}");
                continue;
            }
            r.only(g, ip, {"IndexName", "ProvisionedThroughputOverride"});
            const auto index = g.find("IndexName");
            const bool known = index != g.end() && index->is_string() &&
                               c.table.find_index(index->get<std::string>()) &&
                               c.table.find_index(index->get<std::string>())->global;
            if (!known) {
                std::string names;
                for (const auto& gsi : c.table.global_indexes)
                    names += (names.empty() ? "" : ", ") + gsi.name;
                r.expected(ip + "/IndexName", index == g.end() ? json() : *index,
                           "one of the table's global secondary indexes" +
                               (names.empty() ? std::string(" (it has none)") : ": " + names));
                continue;
            }
            if (auto o = g.find("ProvisionedThroughputOverride"); o != g.end()) {
                if (auto rcu = read_override(r, *o, ip + "/ProvisionedThroughputOverride"))
                    out.index_read_capacity[index->get<std::string>()] = *rcu;
            }
        }
    }
    if (auto it = j.find("TableClassOverride"); it != j.end()) {
        const std::string v = it->is_string() ? it->get<std::string>() : "";
        if (v == "STANDARD")
            out.table_class = storage::TableClass::kStandard;
        else if (v == "STANDARD_INFREQUENT_ACCESS")
            out.table_class = storage::TableClass::kStandardInfrequentAccess;
        else
            r.expected(p + "/TableClassOverride", *it,
                       "\"STANDARD\" or \"STANDARD_INFREQUENT_ACCESS\"");
    }
    c.global.replicas.push_back(std::move(out));
}

// `replication.crossRegion`: the replication latency's distribution.
void cross_region_latency(Reader& r, const json& doc, SimulationConfig& c) {
    const json* rep =
        doc.is_object() && doc.contains("replication") && doc["replication"].is_object()
            ? &doc["replication"]
            : nullptr;
    if (!rep) return;
    const json* j = r.object(*rep, "crossRegion", "/replication", false);
    if (!j) return;
    const std::string p = "/replication/crossRegion";
    r.only(*j, p, {"minimum", "median", "sigma"});
    auto& out = c.global.latency;
    if (auto m = r.duration(*j, "minimum", p, false)) out.minimum = *m;
    if (auto m = r.duration(*j, "median", p, false)) out.median = *m;
    if (auto s = r.number(*j, "sigma", p, 0, 3, out.sigma)) out.sigma = *s;
    if (out.minimum < sim::kMillisecond)
        r.problem(p + "/minimum",
                  "expected at least 1ms (replication between regions is never "
                  "instantaneous)");
    if (out.median <= out.minimum)
        r.problem(p + "/median",
                  "expected more than the minimum (" + std::to_string(out.minimum / 1000) + " ms)");
}

}  // namespace

void global_table_section(Reader& r, const json& doc, SimulationConfig& c) {
    auto& g = c.global;
    if (auto it = doc.find("region"); it != doc.end()) {
        if (auto name = region_name(r, *it, "/region")) g.region = *name;
    }
    if (auto it = doc.find("replicas"); it != doc.end()) {
        if (!it->is_array()) r.expected("/replicas", *it, "an array of replicas");
        for (std::size_t i = 0; it->is_array() && i < it->size(); ++i) {
            const std::size_t before = g.replicas.size();
            const std::string p = "/replicas/" + std::to_string(i);
            replica(r, (*it)[i], p, c);
            if (g.replicas.size() == before) continue;
            const std::string& name = g.replicas.back().region;
            if (g.index_of(name) != static_cast<int>(g.replicas.size())) {
                r.problem(p + "/RegionName", "found \"" + name +
                                                 "\", expected a region the table is not in yet "
                                                 "(each region holds one replica)");
                g.replicas.pop_back();
            }
        }
    }
    cross_region_latency(r, doc, c);
    std::string regions;
    for (const auto& name : g.regions())
        regions += (regions.empty() ? "" : ", ") + name;
    auto known = [&](const std::string& name) { return g.index_of(name) >= 0; };
    for (std::size_t i = 0; i < c.streams.size(); ++i) {
        auto& s = c.streams[i];
        if (s.region.empty() || known(s.region)) continue;
        r.problem("/workload/" + std::to_string(i) + "/region",
                  "found \"" + s.region + "\", expected one of the table's regions: " + regions);
    }
    if (auto it = doc.find("failover"); it != doc.end()) {
        if (!it->is_array()) r.expected("/failover", *it, "an array of failovers");
        for (std::size_t i = 0; it->is_array() && i < it->size(); ++i) {
            const json& f = (*it)[i];
            const std::string p = "/failover/" + std::to_string(i);
            if (!f.is_object()) {
                r.expected(p, f, "{\"region\", \"at\", \"length\", \"to\"}");
                continue;
            }
            r.only(f, p, {"region", "at", "length", "to"});
            Failover out;
            bool ok = true;
            for (const char* field : {"region", "to"}) {
                auto v = f.find(field);
                const std::string fp = p + "/" + field;
                if (v == f.end() || !v->is_string() || !known(v->get<std::string>())) {
                    r.expected(fp, v == f.end() ? json() : *v,
                               "one of the table's regions: " + regions);
                    ok = false;
                    continue;
                }
                (std::string(field) == "region" ? out.region : out.to) = v->get<std::string>();
            }
            const auto at = r.duration(f, "at", p, true);
            const auto length = r.duration(f, "length", p, true);
            if (!ok || !at || !length) continue;
            if (out.region == out.to) {
                r.problem(p + "/to", "found \"" + out.to + "\", expected another region than \"" +
                                         out.region + "\"");
                continue;
            }
            if (*length <= 0) {
                r.problem(p + "/length", "expected a positive duration");
                continue;
            }
            out.at = *at;
            out.length = *length;
            g.failover.push_back(out);
        }
    }
}

}  // namespace reading
}  // namespace ddbsim::workload
