#include "import/scenario_import.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <ctime>
#include <map>
#include <sstream>

#include "import/aws_exports.hpp"

namespace ddbsim::import {
namespace {

using json = nlohmann::json;

// "FILE: /pointer: message".
Error in_file(const InputFile& file, const Error& e) {
    return Error{ErrorCode::kInvalidInput,
                 file.name + ": " + (e.location.empty() ? "/" : e.location) + ": " + e.message,
                 e.location};
}

std::string iso8601(double unix_seconds) {
    const auto t = static_cast<std::time_t>(std::llround(unix_seconds));
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

// A series' values on the period grid (0 where it has no data point).
std::vector<double> on_grid(const MetricData& m, const MetricSeries* s) {
    std::vector<double> v(m.periods, 0.0);
    if (!s) return v;
    for (const auto& [t, value] : s->points) {
        const auto k = static_cast<std::size_t>(std::llround((t - m.start) / m.period));
        if (k < v.size()) v[k] = value;
    }
    return v;
}

const MetricSeries* find(const MetricData& m, const std::string& index, const std::string& metric) {
    for (const auto& s : m.series)
        if (s.index == index && s.metric == metric) return &s;
    return nullptr;
}

// Mean capacity units of one request on items of the sampled sizes: reads per 4 KB (half
// for eventually consistent reads), writes per 1 KB (DG "Capacity units").
double units_per_request(const std::vector<std::pair<std::uint64_t, double>>& sizes, bool write,
                         double read_factor) {
    double units = 0;
    for (const auto& [bytes, share] : sizes) {
        const auto b = static_cast<double>(std::max<std::uint64_t>(bytes, 1));
        units += share * (write ? std::ceil(b / 1024) : std::ceil(b / 4096) * read_factor);
    }
    return units;
}

std::string number(double v) {
    std::ostringstream out;
    out.precision(10);
    out << v;
    return out.str();
}

struct Demand {
    std::vector<double> requests;  // per period
    double consumed_units = 0, throttle_events = 0, peak_units_per_second = 0;
};

Demand demand(const MetricData& m, const std::string& index, bool write, double units) {
    const auto consumed = on_grid(
        m, find(m, index, write ? "ConsumedWriteCapacityUnits" : "ConsumedReadCapacityUnits"));
    const auto throttled =
        on_grid(m, find(m, index, write ? "WriteThrottleEvents" : "ReadThrottleEvents"));
    Demand d;
    for (std::size_t k = 0; k < m.periods; ++k) {
        d.requests.push_back(consumed[k] / units + throttled[k]);
        d.consumed_units += consumed[k];
        d.throttle_events += throttled[k];
        d.peak_units_per_second =
            std::max(d.peak_units_per_second, (consumed[k] + throttled[k] * units) / m.period);
    }
    return d;
}

std::string csv(const MetricData& m, const std::vector<double>& requests) {
    std::ostringstream out;
    out.precision(12);
    out << "timestamp,requests\n";
    for (std::size_t k = 0; k < requests.size(); ++k)
        out << iso8601(m.start + static_cast<double>(k) * m.period) << "," << requests[k] << "\n";
    return out.str();
}

json scaling_policy(std::int64_t min, std::int64_t max, double target) {
    return {{"MinCapacity", min},
            {"MaxCapacity", max},
            {"TargetTrackingScalingPolicyConfiguration", {{"TargetValue", target}}}};
}

}  // namespace

Result<ImportedScenario> import_scenario(const ImportInputs& in, const ImportOptions& o) {
    auto table = read_describe_table(in.describe_table.text);
    if (!table) return in_file(in.describe_table, table.error());
    const TableDescription& t = *table;
    std::vector<std::string> sources = {"table: " + in.describe_table.name + " (describe-table)"};

    // Auto scaling.
    std::vector<ScalingSetting> scaling;
    if (in.scalable_targets) {
        auto targets = read_scalable_targets(in.scalable_targets->text, t);
        if (!targets) return in_file(*in.scalable_targets, targets.error());
        scaling = std::move(*targets);
    }
    if (in.scaling_policies) {
        if (!in.scalable_targets)
            return Error{ErrorCode::kInvalidInput,
                         in.scaling_policies->name +
                             ": scaling policies need their targets: pass --scalable-targets too"};
        auto st = read_scaling_policies(in.scaling_policies->text, t, scaling);
        if (!st) return in_file(*in.scaling_policies, st.error());
    }
    json auto_scaling = json::object();
    for (const auto& s : scaling) {
        if (!s.target) continue;  // a target without a policy does not scale
        json& at = s.index.empty() ? auto_scaling : auto_scaling["indexes"][s.index];
        at[s.write ? "write" : "read"] = scaling_policy(s.min, s.max, *s.target);
    }
    if (!auto_scaling.empty())
        sources.push_back("auto scaling: " + in.scalable_targets->name + ", " +
                          in.scaling_policies->name);

    // Item sizes and attribute cardinalities.
    std::optional<ItemSample> sample;
    if (in.items) {
        auto s = read_scan_items(in.items->text, t);
        if (!s) return in_file(*in.items, s.error());
        sample = std::move(*s);
        sources.push_back("item sizes: " + std::to_string(sample->count) + " items of " +
                          in.items->name + " (scan)");
    }
    std::vector<std::pair<std::uint64_t, double>> sizes =
        sample ? sample->size_buckets
               : std::vector<std::pair<std::uint64_t, double>>{
                     {t.item_count > 0 && t.size_bytes > 0
                          ? std::max<std::uint64_t>(1, t.size_bytes / t.item_count)
                          : 1024,
                      1.0}};
    if (!sample)
        sources.push_back(t.item_count > 0 ? "item size: TableSizeBytes / ItemCount"
                                           : "item size: 1KB (no sample, empty table)");

    // Hot keys.
    std::optional<HotKeys> hot;
    if (in.contributor_insights) {
        auto st = read_contributor_insights(in.contributor_insights->text, t);
        if (!st) return in_file(*in.contributor_insights, st.error());
    }
    if (in.insight_report) {
        auto h = read_insight_rule_report(in.insight_report->text);
        if (!h) return in_file(*in.insight_report, h.error());
        hot = std::move(*h);
    }

    // Demand.
    if (!in.metrics)
        return Error{ErrorCode::kInvalidInput,
                     "--metrics is required: the table's CloudWatch history (get-metric-data) "
                     "is the workload"};
    auto metrics = read_metric_data(in.metrics->text, t, o.missing_as_zero);
    if (!metrics) return in_file(*in.metrics, metrics.error());
    const MetricData& m = *metrics;
    sources.push_back("demand: " + in.metrics->name + " (" + std::to_string(m.periods) +
                      " periods of " + number(m.period) + " s from " + iso8601(m.start) +
                      "), consumed units ÷ units per request + throttle events");

    const double read_factor = o.strong_reads ? 1.0 : 0.5;
    const double read_units = units_per_request(sizes, false, read_factor);
    const double write_units = units_per_request(sizes, true, 1.0);

    json keys = {{"count", std::clamp<std::uint64_t>(hot && hot->unique_keys ? *hot->unique_keys
                                                     : t.item_count > 0      ? t.item_count
                                                                             : 1000,
                                                     1, 50'000'000)},
                 {"prefix", "key#"}};
    if (hot && !hot->keys.empty()) {
        std::string names;
        for (std::size_t i = 0; i < hot->keys.size() && i < 100; ++i) {
            keys["hot"].push_back({{"key", i}, {"share", hot->keys[i].second}});
            if (i < 5) names += (i ? ", " : "") + hot->keys[i].first;
        }
        sources.push_back("hot keys: " + in.insight_report->name +
                          " (Contributor Insights; key#0… stand for " + names +
                          (hot->keys.size() > 5 ? ", …" : "") + ")");
    }
    // GSI key attributes the items carry, so writes reach the indexes and queries find them.
    json attributes = json::array();
    std::vector<std::string> named;
    for (const auto& g : t.global_indexes) {
        for (const std::string& a : {g.partition_key, g.sort_key}) {
            if (a.empty() || a == t.partition_key || a == t.sort_key ||
                std::find(named.begin(), named.end(), a) != named.end())
                continue;
            named.push_back(a);
            std::uint64_t card = 100;
            if (sample && sample->distinct.count(a))
                card = std::max<std::size_t>(1, sample->distinct.at(a));
            const auto type = t.attribute_types.count(a) ? t.attribute_types.at(a) : "S";
            attributes.push_back(
                {{"name", a}, {"cardinality", card}, {"type", type == "N" ? "N" : "S"}});
        }
    }
    json size_json;
    if (sizes.size() == 1) {
        size_json = std::to_string(sizes[0].first) + "B";
    } else {
        size_json = {{"distribution", "histogram"}, {"buckets", json::array()}};
        for (const auto& [bytes, share] : sizes)
            size_json["buckets"].push_back({std::to_string(bytes) + "B", share});
    }

    ImportedScenario out;
    json workload = json::array();
    auto add_stream = [&](const std::string& name, const char* op, const Demand& d,
                          const std::string& index) {
        if (d.consumed_units + d.throttle_events <= 0) return;
        std::string slug = name;  // a file-name-safe form of the stream's name
        for (char& c : slug)
            if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') c = '-';
        const std::string file = o.sidecar_prefix + "." + slug + ".csv";
        out.sidecars.emplace_back(file, csv(m, d.requests));
        json s = {{"name", name},
                  {"operation", op},
                  {"traffic", {{"replay", {{"file", file}, {"format", "csv"}}}}},
                  {"keys", keys},
                  {"itemSize", size_json}};
        if (std::string(op) != "PutItem")
            s["consistency"] = o.strong_reads && index.empty() ? "strong" : "eventual";
        if (!attributes.empty()) s["attributes"] = attributes;
        if (!index.empty()) {
            s["index"] = index;
            s["limit"] = 1;
        }
        workload.push_back(std::move(s));
    };
    const Demand reads = demand(m, "", false, read_units);
    const Demand writes = demand(m, "", true, write_units);
    add_stream("reads", "GetItem", reads, "");
    add_stream("writes", "PutItem", writes, "");
    std::map<std::string, double> index_peak_reads, index_peak_writes;
    const double gsi_read_units = units_per_request(sizes, false, 0.5);
    for (const auto& g : t.global_indexes) {
        const Demand gr = demand(m, g.name, false, gsi_read_units);
        index_peak_reads[g.name] = gr.peak_units_per_second;
        index_peak_writes[g.name] = demand(m, g.name, true, write_units).peak_units_per_second;
        add_stream("queries on " + g.name, "Query", gr, g.name);
    }
    if (workload.empty())
        return Error{ErrorCode::kInvalidInput,
                     in.metrics->name +
                         ": /MetricDataResults: the table served and throttled "
                         "nothing in the exported range: nothing to replay"};

    json sc;
    sc["name"] = t.name + " (imported)";
    sc["duration"] = std::to_string(std::llround(m.period * static_cast<double>(m.periods))) + "s";
    sc["table"] = t.create_table;
    if (t.size_bytes > 0) sc["data"] = {{"size", std::to_string(t.size_bytes) + "B"}};
    if (!auto_scaling.empty() && !t.on_demand) sc["autoScaling"] = auto_scaling;
    // CloudWatch counts every attempt — the application's retries are already in the
    // replayed demand as throttle events and later successes — so the client retries nothing.
    sc["client"] = {{"retry", "no-retry"}};
    sc["workload"] = workload;
    const bool gsi_queries = std::any_of(workload.begin(), workload.end(),
                                         [](const json& s) { return s.contains("index"); });
    if (!gsi_queries) sc["fidelity"] = "aggregate";

    // What-ifs: on-demand, auto scaling at 50/70/90 %, provisioned at the peak.
    const auto peak_r =
        static_cast<std::int64_t>(std::max(1.0, std::ceil(reads.peak_units_per_second)));
    const auto peak_w =
        static_cast<std::int64_t>(std::max(1.0, std::ceil(writes.peak_units_per_second)));
    json what_ifs = json::array();
    json on_demand = {{"name", "on-demand"}, {"set", {{"/table/BillingMode", "PAY_PER_REQUEST"}}}};
    json provisioned_set = {{"/table/BillingMode", "PROVISIONED"},
                            {"/table/ProvisionedThroughput",
                             {{"ReadCapacityUnits", peak_r}, {"WriteCapacityUnits", peak_w}}}};
    std::vector<std::string> remove_for_on_demand;
    if (!t.on_demand) remove_for_on_demand.push_back("/table/ProvisionedThroughput");
    for (std::size_t i = 0; i < t.global_indexes.size(); ++i) {
        const auto& g = t.global_indexes[i];
        // Index positions in the CreateTable request follow describe-table's order.
        const std::string p = "/table/GlobalSecondaryIndexes/" + std::to_string(i);
        if (!t.on_demand) remove_for_on_demand.push_back(p + "/ProvisionedThroughput");
        provisioned_set[p + "/ProvisionedThroughput"] = {
            {"ReadCapacityUnits",
             static_cast<std::int64_t>(std::max(1.0, std::ceil(index_peak_reads[g.name])))},
            {"WriteCapacityUnits", static_cast<std::int64_t>(std::max(
                                       1.0, std::ceil(std::max(index_peak_writes[g.name],
                                                               writes.peak_units_per_second))))}};
    }
    if (sc.contains("autoScaling")) remove_for_on_demand.push_back("/autoScaling");
    if (!remove_for_on_demand.empty()) on_demand["remove"] = remove_for_on_demand;
    if (!t.on_demand) what_ifs.push_back(on_demand);
    for (const double target : {50.0, 70.0, 90.0}) {
        json set = provisioned_set;
        set["/autoScaling"] = {
            {"read", scaling_policy(std::max<std::int64_t>(1, peak_r / 10),
                                    std::max<std::int64_t>(peak_r * 4, 10), target)},
            {"write", scaling_policy(std::max<std::int64_t>(1, peak_w / 10),
                                     std::max<std::int64_t>(peak_w * 4, 10), target)}};
        what_ifs.push_back(
            {{"name", "auto scaling at " + number(target) + " %"},
             {"description", "min peak/10, max 4 × peak, target " + number(target) + " %"},
             {"set", set}});
    }
    json fixed = {
        {"name", "provisioned at the peak"},
        {"description", "fixed " + std::to_string(peak_r) + " RCU / " + std::to_string(peak_w) +
                            " WCU: the busiest period's demand per second"},
        {"set", provisioned_set}};
    if (sc.contains("autoScaling")) fixed["remove"] = json::array({"/autoScaling"});
    what_ifs.push_back(fixed);
    sc["whatIf"] = what_ifs;

    std::string description = "Imported by `ddbsim import` from the AWS CLI exports of table " +
                              t.name + ". Where each number came from: ";
    for (std::size_t i = 0; i < sources.size(); ++i)
        description += (i ? "; " : "") + sources[i];
    description += ". Units per request: " + number(read_units) + " RCU a read (" +
                   (o.strong_reads ? "strongly" : "eventually") + " consistent), " +
                   number(write_units) +
                   " WCU a write. Reads replay as GetItem, writes as "
                   "PutItem, GSI reads as Query with Limit 1. CloudWatch counts each throttled "
                   "attempt, so the demand already holds the application's retries: the "
                   "client retries nothing (client.retry no-retry).";
    sc["description"] = description;
    // The members in the order a person reads a scenario.
    for (const char* k : {"name", "description", "duration", "fidelity", "table", "data",
                          "autoScaling", "client", "workload", "whatIf"})
        if (sc.contains(k)) out.scenario[k] = nlohmann::ordered_json::parse(sc[k].dump());
    return out;
}

}  // namespace ddbsim::import
