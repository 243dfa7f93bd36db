// Readers for the JSON the AWS CLI prints, the inputs of `ddbsim import` (docs/import.md):
// `aws dynamodb describe-table`, `aws application-autoscaling describe-scalable-targets` and
// `describe-scaling-policies`, `aws cloudwatch get-metric-data`, `aws dynamodb
// describe-contributor-insights` with `aws cloudwatch get-insight-rule-report`, and
// `aws dynamodb scan` output as a sample of items.
//
// Each reader takes one file's text and returns what it found or an Error whose location is
// the JSON pointer of the offending field (the caller adds the file's name). Readers that
// belong to one table check that the file is about that table. Pure functions.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/result.hpp"

namespace ddbsim::import {

// The table, from `describe-table`.
struct TableDescription {
    std::string name;
    nlohmann::json create_table;  // the equivalent CreateTable request
    bool on_demand = false;
    std::int64_t rcu = 0, wcu = 0;
    std::uint64_t size_bytes = 0, item_count = 0;
    struct Index {
        std::string name;
        std::string partition_key, sort_key;  // attribute names ("" = none)
        std::int64_t rcu = 0, wcu = 0;        // provisioned (0 on-demand)
    };
    std::vector<Index> global_indexes;
    std::map<std::string, std::string> attribute_types;  // AttributeDefinitions: name → S|N|B
    std::string partition_key, sort_key;
};
Result<TableDescription> read_describe_table(const std::string& text);

// One auto-scaled dimension: a scalable target and its target-tracking policy.
struct ScalingSetting {
    std::string index;  // "" = the table
    bool write = false;
    std::int64_t min = 0, max = 0;
    std::optional<double> target;  // TargetValue, when a policy was given
};
// `describe-scalable-targets` (ServiceNamespace dynamodb) for `table`.
Result<std::vector<ScalingSetting>> read_scalable_targets(const std::string& text,
                                                          const TableDescription& table);
// `describe-scaling-policies`: fills `target` of the settings it names.
Status read_scaling_policies(const std::string& text, const TableDescription& table,
                             std::vector<ScalingSetting>& settings);

// One CloudWatch series of `get-metric-data`, recognised by its Label: "TABLE METRIC" or
// "TABLE/index/INDEX METRIC" (the labels `ddbsim import --metric-queries` writes), or the
// bare metric name CloudWatch uses by default (the table's own).
struct MetricSeries {
    std::string index;   // "" = the table
    std::string metric;  // ConsumedReadCapacityUnits, ReadThrottleEvents, ...
    std::vector<std::pair<double, double>> points;  // (Unix seconds, Sum), ascending
    std::string pointer;                            // the result's JSON pointer
};
struct MetricData {
    std::vector<MetricSeries> series;
    double period = 0;  // seconds between data points
    double start = 0;   // the first timestamp (Unix seconds)
    std::size_t periods = 0;
};
// `missing_as_zero`: a period without a data point (CloudWatch omits periods without
// traffic) counts 0; otherwise a gap in a Consumed* series is an error.
Result<MetricData> read_metric_data(const std::string& text, const TableDescription& table,
                                    bool missing_as_zero);
// The `--metric-data-queries` document that exports what read_metric_data needs.
nlohmann::json metric_data_queries(const TableDescription& table, int period_seconds);

// The most accessed partition keys, from `get-insight-rule-report` of the table's
// Contributor Insights rule (…-PKC-…): each key's share of the rule's aggregate value.
struct HotKeys {
    std::vector<std::pair<std::string, double>> keys;  // key text, share (descending)
    std::optional<std::uint64_t> unique_keys;          // ApproximateUniqueCount
};
Result<HotKeys> read_insight_rule_report(const std::string& text);
// `describe-contributor-insights`: must be the table's, and enabled.
Status read_contributor_insights(const std::string& text, const TableDescription& table);

// A sample of items, from `aws dynamodb scan` output.
struct ItemSample {
    std::size_t count = 0;
    // Item sizes grouped by write unit (⌈size / 1 KB⌉): (the group's mean size, share).
    // Every item of a group costs the same read and write units as its mean.
    std::vector<std::pair<std::uint64_t, double>> size_buckets;
    double mean_bytes = 0;
    std::map<std::string, std::size_t> distinct;  // attribute → distinct values in the sample
};
Result<ItemSample> read_scan_items(const std::string& text, const TableDescription& table);

}  // namespace ddbsim::import
