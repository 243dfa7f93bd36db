// Replay traffic: a request rate over time read from a recorded series — a CloudWatch
// `aws cloudwatch get-metric-data` JSON export (MetricDataResults with Timestamps and
// Values) or a CSV of `timestamp,value` rows (ISO 8601 timestamps or seconds from the start).
// Values are per period (CloudWatch's Sum over its Period, e.g. SuccessfulRequestLatency
// SampleCount per minute) unless `per_second`; the period is the spacing of the timestamps.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/result.hpp"
#include "sim/time.hpp"

namespace ddbsim::workload {

struct ReplayOptions {
    enum class Format { kCloudWatch, kCsv };
    Format format = Format::kCloudWatch;
    std::string id;           // CloudWatch: the result's Id or Label ("" = the first)
    bool per_second = false;  // values are rates already
    double scale = 1;         // multiply every rate (e.g. 1 / units per request)
};

// (time from the series' first timestamp, requests per second), ascending in time.
using ReplayPoints = std::vector<std::pair<sim::TimeUs, double>>;

Result<ReplayPoints> parse_replay(const std::string& text, const ReplayOptions& options);

// "2024-03-01T12:00:00Z", "2024-03-01T12:00:00.000+00:00", "2024-03-01 12:00:00" → seconds
// since the Unix epoch (UTC); nullopt when not such a timestamp.
std::optional<double> parse_iso8601(const std::string& text);

}  // namespace ddbsim::workload
