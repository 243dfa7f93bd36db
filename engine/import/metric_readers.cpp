// get-metric-data, Contributor Insights and scan output (aws_exports.hpp).
#include <algorithm>
#include <cmath>
#include <set>

#include "import/aws_exports.hpp"
#include "import/json_fields.hpp"
#include "storage/dynamodb_json.hpp"
#include "storage/item_size.hpp"
#include "workload/replay.hpp"

namespace ddbsim::import {
namespace {

using json = nlohmann::json;
using Type = json::value_t;
using fields::member;
using fields::parse;
using fields::problem;

const std::set<std::string>& known_metrics() {
    static const std::set<std::string> m = {
        "ConsumedReadCapacityUnits",    "ConsumedWriteCapacityUnits",
        "ReadThrottleEvents",           "WriteThrottleEvents",
        "ProvisionedReadCapacityUnits", "ProvisionedWriteCapacityUnits"};
    return m;
}

std::string fmt_seconds(double s) {
    const double r = std::round(s);
    return std::abs(s - r) < 1e-6 ? std::to_string(static_cast<long long>(r)) : std::to_string(s);
}

}  // namespace

json metric_data_queries(const TableDescription& table, int period_seconds) {
    json queries = json::array();
    auto add = [&](const std::string& index, const char* metric) {
        json dims = json::array({{{"Name", "TableName"}, {"Value", table.name}}});
        if (!index.empty())
            dims.push_back({{"Name", "GlobalSecondaryIndexName"}, {"Value", index}});
        std::string id = std::string(metric);
        std::transform(id.begin(), id.end(), id.begin(),
                       [](unsigned char c) { return std::tolower(c); });
        id = "m" + std::to_string(queries.size()) + "_" + id;
        queries.push_back(
            {{"Id", id},
             {"Label", table.name + (index.empty() ? "" : "/index/" + index) + " " + metric},
             {"MetricStat",
              {{"Metric",
                {{"Namespace", "AWS/DynamoDB"}, {"MetricName", metric}, {"Dimensions", dims}}},
               {"Period", period_seconds},
               {"Stat", "Sum"}}},
             {"ReturnData", true}});
    };
    for (const char* m : {"ConsumedReadCapacityUnits", "ConsumedWriteCapacityUnits",
                          "ReadThrottleEvents", "WriteThrottleEvents"})
        add("", m);
    for (const auto& g : table.global_indexes)
        for (const char* m : {"ConsumedReadCapacityUnits", "ConsumedWriteCapacityUnits",
                              "ReadThrottleEvents", "WriteThrottleEvents"})
            add(g.name, m);
    return queries;
}

Result<MetricData> read_metric_data(const std::string& text, const TableDescription& table,
                                    bool missing_as_zero) {
    auto parsed = parse(text);
    if (!parsed) return parsed.error();
    std::optional<Error> error;
    const json* results = member(*parsed, "", "MetricDataResults", Type::array, true, error);
    if (!results) return *error;
    MetricData out;
    std::set<std::pair<std::string, std::string>> seen;
    for (std::size_t i = 0; i < results->size(); ++i) {
        const std::string p = "/MetricDataResults/" + std::to_string(i);
        const json& r = (*results)[i];
        const json* label = member(r, p, "Label", Type::string, true, error);
        const json* ts = member(r, p, "Timestamps", Type::array, true, error);
        const json* vs = member(r, p, "Values", Type::array, true, error);
        if (error) return *error;
        if (const json* sc = member(r, p, "StatusCode", Type::string, false, error);
            sc && *sc != "Complete")
            return problem(p + "/StatusCode",
                           "found \"" + sc->get<std::string>() +
                               "\", expected \"Complete\": the export is partial (CloudWatch "
                               "returned a NextToken; export a shorter range or every page)");
        // The label: "[TABLE[/index/INDEX] ]METRIC".
        const std::string l = label->get<std::string>();
        const auto space = l.rfind(' ');
        MetricSeries s;
        s.metric = space == std::string::npos ? l : l.substr(space + 1);
        s.pointer = p;
        if (!known_metrics().count(s.metric)) continue;  // other series are not ours to use
        if (space != std::string::npos) {
            const std::string owner = l.substr(0, space);
            const auto slash = owner.find("/index/");
            const std::string t = owner.substr(0, slash);
            if (t != table.name)
                return problem(p + "/Label", "\"" + l + "\" is a metric of table \"" + t +
                                                 "\", not of \"" + table.name + "\"");
            if (slash != std::string::npos) {
                s.index = owner.substr(slash + 7);
                const bool known = std::any_of(
                    table.global_indexes.begin(), table.global_indexes.end(),
                    [&](const TableDescription::Index& g) { return g.name == s.index; });
                if (!known)
                    return problem(p + "/Label", "\"" + s.index +
                                                     "\" is not a global secondary index of \"" +
                                                     table.name + "\"");
            }
        }
        if (!seen.insert({s.index, s.metric}).second)
            return problem(p + "/Label", "a second series of " + l);
        if (ts->size() != vs->size())
            return problem(p + "/Values", "found " + std::to_string(vs->size()) + " values for " +
                                              std::to_string(ts->size()) +
                                              " timestamps, expected as many");
        for (std::size_t k = 0; k < ts->size(); ++k) {
            const json& tj = (*ts)[k];
            const json& vj = (*vs)[k];
            const auto t =
                tj.is_string() ? workload::parse_iso8601(tj.get<std::string>()) : std::nullopt;
            if (!t)
                return problem(p + "/Timestamps/" + std::to_string(k),
                               "found " + tj.dump() + ", expected an ISO 8601 timestamp");
            if (!vj.is_number() || vj.get<double>() < 0)
                return problem(p + "/Values/" + std::to_string(k),
                               "found " + vj.dump() + ", expected a non-negative number");
            s.points.emplace_back(*t, vj.get<double>());
        }
        // CloudWatch lists newest first (TimestampDescending) or oldest first; never mixed.
        if (s.points.size() > 1 && s.points[0].first > s.points[1].first)
            std::reverse(s.points.begin(), s.points.end());
        for (std::size_t k = 1; k < s.points.size(); ++k) {
            if (s.points[k].first <= s.points[k - 1].first) {
                const std::size_t at =
                    ts->size() > 1 && (*ts)[0] > (*ts)[1] ? ts->size() - 1 - k : k;
                return problem(p + "/Timestamps/" + std::to_string(at),
                               "timestamps out of order: expected all newest first or all "
                               "oldest first, without repeats");
            }
        }
        out.series.push_back(std::move(s));
    }
    // The period: the smallest spacing; the range: from the first to the last timestamp.
    double first = 0, last = 0, period = 0;
    bool any = false;
    for (const auto& s : out.series) {
        if (s.points.empty()) continue;
        first = any ? std::min(first, s.points.front().first) : s.points.front().first;
        last = any ? std::max(last, s.points.back().first) : s.points.back().first;
        any = true;
        for (std::size_t k = 1; k < s.points.size(); ++k) {
            const double gap = s.points[k].first - s.points[k - 1].first;
            period = period == 0 ? gap : std::min(period, gap);
        }
    }
    const bool has_consumed = std::any_of(out.series.begin(), out.series.end(), [](const auto& s) {
        return s.index.empty() && s.metric.rfind("Consumed", 0) == 0 && s.points.size() > 1;
    });
    if (!any || !has_consumed)
        return problem("/MetricDataResults",
                       "no ConsumedReadCapacityUnits or ConsumedWriteCapacityUnits series of "
                       "the table with two or more data points (export them with the queries "
                       "`ddbsim import --metric-queries` prints)");
    // Every data point on the period grid; Consumed* series without gaps unless told.
    for (const auto& s : out.series) {
        for (std::size_t k = 0; k < s.points.size(); ++k) {
            const double steps = (s.points[k].first - first) / period;
            if (std::abs(steps - std::round(steps)) > 1e-6)
                return problem(s.pointer + "/Timestamps", "a data point off the " +
                                                              fmt_seconds(period) +
                                                              " s period grid (mixed periods?)");
        }
        if (missing_as_zero || s.metric.rfind("Consumed", 0) != 0) continue;
        const auto expected = static_cast<std::size_t>(std::llround((last - first) / period)) + 1;
        if (s.points.size() != expected) {
            for (std::size_t k = 0; k + 1 < s.points.size(); ++k) {
                if (s.points[k + 1].first - s.points[k].first > period * 1.5)
                    return problem(s.pointer + "/Timestamps",
                                   "a missing period after the data point at " +
                                       fmt_seconds(s.points[k].first - first) +
                                       " s: CloudWatch leaves out periods without traffic; "
                                       "pass --missing-as-zero to count them as 0");
            }
            return problem(s.pointer + "/Timestamps",
                           "covers " + std::to_string(s.points.size()) + " of the " +
                               std::to_string(expected) +
                               " periods the export spans; pass --missing-as-zero to count "
                               "the others as 0");
        }
    }
    out.period = period;
    out.start = first;
    out.periods = static_cast<std::size_t>(std::llround((last - first) / period)) + 1;
    return out;
}

Result<HotKeys> read_insight_rule_report(const std::string& text) {
    auto parsed = parse(text);
    if (!parsed) return parsed.error();
    std::optional<Error> error;
    const json* total = member(*parsed, "", "AggregateValue", Type::number_float, true, error);
    const json* contributors = member(*parsed, "", "Contributors", Type::array, true, error);
    if (error) return *error;
    HotKeys out;
    if (const json* u =
            member(*parsed, "", "ApproximateUniqueCount", Type::number_integer, false, error))
        out.unique_keys = u->get<std::uint64_t>();
    const double sum = total->get<double>();
    if (sum <= 0) return problem("/AggregateValue", "found " + total->dump() + ", expected > 0");
    double shares = 0;
    for (std::size_t i = 0; i < contributors->size(); ++i) {
        const std::string p = "/Contributors/" + std::to_string(i);
        const json& c = (*contributors)[i];
        const json* keys = member(c, p, "Keys", Type::array, true, error);
        const json* v = member(c, p, "ApproximateAggregateValue", Type::number_float, true, error);
        if (error) return *error;
        if (keys->empty() || !(*keys)[0].is_string())
            return problem(p + "/Keys", "expected the partition key's value as a string");
        const double share = v->get<double>() / sum;
        if (share < 0 || share > 1)
            return problem(
                p + "/ApproximateAggregateValue",
                "found " + v->dump() + ", expected at most AggregateValue (" + total->dump() + ")");
        shares += share;
        out.keys.emplace_back((*keys)[0].get<std::string>(), share);
    }
    if (shares > 1 + 1e-9)
        return problem("/Contributors",
                       "the contributors' values add up to more than AggregateValue");
    std::stable_sort(out.keys.begin(), out.keys.end(),
                     [](const auto& a, const auto& b) { return a.second > b.second; });
    return out;
}

Status read_contributor_insights(const std::string& text, const TableDescription& table) {
    auto parsed = parse(text);
    if (!parsed) return parsed.error();
    std::optional<Error> error;
    const json* name = member(*parsed, "", "TableName", Type::string, true, error);
    const json* status =
        member(*parsed, "", "ContributorInsightsStatus", Type::string, true, error);
    if (error) return *error;
    if (*name != table.name)
        return problem("/TableName", "found \"" + name->get<std::string>() + "\", expected \"" +
                                         table.name + "\" (the table of --describe-table)");
    if (*status != "ENABLED")
        return problem("/ContributorInsightsStatus",
                       "found \"" + status->get<std::string>() + "\", expected \"ENABLED\"");
    return {};
}

Result<ItemSample> read_scan_items(const std::string& text, const TableDescription& table) {
    auto parsed = parse(text);
    if (!parsed) return parsed.error();
    std::optional<Error> error;
    const json* items = member(*parsed, "", "Items", Type::array, true, error);
    if (!items) return *error;
    if (items->empty()) return problem("/Items", "no items: scan a table that holds some");
    ItemSample out;
    std::map<std::uint64_t, std::pair<double, double>> by_unit;  // ⌈size/1KB⌉ → (Σ size, n)
    std::map<std::string, std::set<std::string>> values;
    double total = 0;
    for (std::size_t i = 0; i < items->size(); ++i) {
        const std::string p = "/Items/" + std::to_string(i);
        auto item = storage::item_from_json((*items)[i], p);
        if (!item) return problem(item.error().location, item.error().message);
        if (!item->count(table.partition_key) ||
            (!table.sort_key.empty() && !item->count(table.sort_key)))
            return problem(p, "an item without the key of table \"" + table.name +
                                  "\" (is this another table's scan?)");
        const auto bytes = static_cast<double>(storage::item_size(*item));
        auto& b = by_unit[(static_cast<std::uint64_t>(bytes) + 1023) / 1024];
        b.first += bytes;
        b.second += 1;
        total += bytes;
        for (const auto& [name, value] : *item) {
            if (values[name].size() < 100000) values[name].insert(storage::to_json(value).dump());
        }
    }
    out.count = items->size();
    out.mean_bytes = total / static_cast<double>(out.count);
    for (const auto& [unit, b] : by_unit)
        out.size_buckets.emplace_back(static_cast<std::uint64_t>(std::llround(b.first / b.second)),
                                      b.second / static_cast<double>(out.count));
    for (const auto& [name, set] : values)
        out.distinct[name] = set.size();
    return out;
}

}  // namespace ddbsim::import
