#include "cost/price_catalog.hpp"

#include <set>

#include <nlohmann/json.hpp>

#include "cost/builtin_catalogs.hpp"

namespace ddbsim::cost {
namespace {

using nlohmann::json;

class CatalogReader {
  public:
    explicit CatalogReader(const ProblemSink& sink) : sink_(sink) {}
    bool failed = false;

    void problem(const std::string& pointer, const std::string& message) {
        failed = true;
        sink_(pointer, message);
    }

    void only(const json& obj, const std::string& p, const std::set<std::string>& allowed) {
        for (const auto& [key, value] : obj.items()) {
            if (allowed.count(key)) continue;
            std::string list;
            for (const auto& n : allowed)
                list += (list.empty() ? "" : ", ") + n;
            problem(p + "/" + key, "unknown field \"" + key + "\", expected one of: " + list);
        }
    }

    Money price(const json& obj, const char* name, const std::string& p) {
        auto it = obj.find(name);
        if (it == obj.end()) {
            problem(p + "/" + name, "missing, expected a price in dollars such as \"0.00065\"");
            return {};
        }
        std::optional<Money> m;
        if (it->is_string()) m = parse_dollars(it->get<std::string>());
        if (it->is_number() && it->get<double>() >= 0) m = parse_dollars(it->dump());
        if (!m) {
            problem(p + "/" + name,
                    "found " + it->dump() +
                        ", expected a non-negative price in dollars with at most nine decimals "
                        "(e.g. \"0.00065\")");
            return {};
        }
        return *m;
    }

    std::int64_t count(const json& obj, const char* name, const std::string& p) {
        auto it = obj.find(name);
        if (it == obj.end()) return 0;
        if (!it->is_number_integer() || it->get<std::int64_t>() < 0) {
            problem(p + "/" + name, "found " + it->dump() + ", expected a non-negative integer");
            return 0;
        }
        return it->get<std::int64_t>();
    }

    std::string text(const json& obj, const char* name, const std::string& p) {
        auto it = obj.find(name);
        if (it == obj.end()) return {};
        if (!it->is_string()) {
            problem(p + "/" + name, "found " + it->dump() + ", expected a string");
            return {};
        }
        return it->get<std::string>();
    }

    std::optional<ClassPrices> class_prices(const json& obj, const char* name, bool required) {
        const std::string p = std::string("/") + name;
        auto it = obj.find(name);
        if (it == obj.end()) {
            if (required) problem(p, "missing, expected the table class's prices");
            return std::nullopt;
        }
        if (!it->is_object()) {
            problem(p, "found " + it->dump() + ", expected an object of prices");
            return std::nullopt;
        }
        only(*it, p,
             {"provisionedWcuHour", "provisionedRcuHour", "onDemandWritePerMillion",
              "onDemandReadPerMillion", "storageGbMonth", "replicatedWcuHour",
              "replicatedWritePerMillion"});
        ClassPrices c;
        c.wcu_hour = price(*it, "provisionedWcuHour", p);
        c.rcu_hour = price(*it, "provisionedRcuHour", p);
        c.write_per_million = price(*it, "onDemandWritePerMillion", p);
        c.read_per_million = price(*it, "onDemandReadPerMillion", p);
        c.storage_gb_month = price(*it, "storageGbMonth", p);
        if (it->contains("replicatedWcuHour"))
            c.replicated_wcu_hour = price(*it, "replicatedWcuHour", p);
        if (it->contains("replicatedWritePerMillion"))
            c.replicated_write_per_million = price(*it, "replicatedWritePerMillion", p);
        return c;
    }

  private:
    const ProblemSink& sink_;
};

}  // namespace

const ReservedTerm* PriceCatalog::reserved_term(int years) const {
    for (const auto& t : reserved)
        if (t.years == years) return &t;
    return nullptr;
}

std::optional<PriceCatalog> parse_catalog(const json& j, const ProblemSink& problems) {
    CatalogReader r(problems);
    if (!j.is_object()) {
        r.problem("", "found " + j.dump().substr(0, 60) + ", expected a price catalog object");
        return std::nullopt;
    }
    r.only(j, "",
           {"name", "description", "source", "date", "region", "hoursPerMonth", "standard",
            "standardInfrequentAccess", "freeTier", "streamsReadPerMillion", "reserved",
            "pitrGbMonth", "backupGbMonth", "daxNodeHour", "crossRegionTransferGb"});
    PriceCatalog c;
    c.name = r.text(j, "name", "");
    c.description = r.text(j, "description", "");
    c.source = r.text(j, "source", "");
    c.date = r.text(j, "date", "");
    c.region = r.text(j, "region", "");
    if (auto it = j.find("hoursPerMonth"); it != j.end()) {
        if (!it->is_number_integer() || it->get<int>() < 672 || it->get<int>() > 745)
            r.problem("/hoursPerMonth", "found " + it->dump() + ", expected 672 to 745 hours");
        else
            c.hours_per_month = it->get<int>();
    }
    if (auto s = r.class_prices(j, "standard", true)) c.standard = *s;
    c.standard_ia = r.class_prices(j, "standardInfrequentAccess", false);
    if (auto it = j.find("freeTier"); it != j.end()) {
        if (!it->is_object()) {
            r.problem("/freeTier", "found " + it->dump() + ", expected an object");
        } else {
            r.only(*it, "/freeTier", {"storageGb", "wcu", "rcu", "streamReadRequests"});
            c.free_tier.storage_gb = r.count(*it, "storageGb", "/freeTier");
            c.free_tier.wcu = r.count(*it, "wcu", "/freeTier");
            c.free_tier.rcu = r.count(*it, "rcu", "/freeTier");
            c.free_tier.stream_read_requests = r.count(*it, "streamReadRequests", "/freeTier");
        }
    }
    if (j.contains("streamsReadPerMillion"))
        c.streams_read_per_million = r.price(j, "streamsReadPerMillion", "");
    if (j.contains("crossRegionTransferGb"))
        c.cross_region_transfer_gb = r.price(j, "crossRegionTransferGb", "");
    if (j.contains("pitrGbMonth")) c.pitr_gb_month = r.price(j, "pitrGbMonth", "");
    if (j.contains("backupGbMonth")) c.backup_gb_month = r.price(j, "backupGbMonth", "");
    if (auto it = j.find("reserved"); it != j.end()) {
        if (!it->is_array()) {
            r.problem("/reserved", "found " + it->dump() + ", expected an array of terms");
        } else {
            for (std::size_t i = 0; i < it->size(); ++i) {
                const json& t = (*it)[i];
                const std::string p = "/reserved/" + std::to_string(i);
                if (!t.is_object()) {
                    r.problem(p, "expected a reserved-capacity term object");
                    continue;
                }
                r.only(t, p,
                       {"years", "wcuUpfrontPer100", "wcuHourPer100", "rcuUpfrontPer100",
                        "rcuHourPer100"});
                ReservedTerm term;
                term.years = static_cast<int>(r.count(t, "years", p));
                if (term.years != 1 && term.years != 3)
                    r.problem(p + "/years", "expected 1 or 3 (the terms AWS sells)");
                term.wcu_upfront_per_100 = r.price(t, "wcuUpfrontPer100", p);
                term.wcu_hour_per_100 = r.price(t, "wcuHourPer100", p);
                term.rcu_upfront_per_100 = r.price(t, "rcuUpfrontPer100", p);
                term.rcu_hour_per_100 = r.price(t, "rcuHourPer100", p);
                c.reserved.push_back(term);
            }
        }
    }
    if (auto it = j.find("daxNodeHour"); it != j.end()) {
        if (!it->is_object()) {
            r.problem("/daxNodeHour", "found " + it->dump() + ", expected {node type: price}");
        } else {
            for (const auto& [type, value] : it->items())
                c.dax_node_hour[type] = r.price(*it, type.c_str(), "/daxNodeHour");
        }
    }
    if (r.failed) return std::nullopt;
    return c;
}

std::vector<std::string> builtin_catalog_names() {
    std::vector<std::string> names;
    for (const auto& [name, text] : builtin_catalog_texts())
        names.emplace_back(name);
    return names;
}

std::optional<PriceCatalog> builtin_catalog(const std::string& name) {
    for (const auto& [n, text] : builtin_catalog_texts()) {
        if (n != name) continue;
        // The shipped files are tested to parse; a failure here is a build defect.
        return parse_catalog(json::parse(text), [](const std::string&, const std::string&) {});
    }
    return std::nullopt;
}

}  // namespace ddbsim::cost
