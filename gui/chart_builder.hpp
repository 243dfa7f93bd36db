// Charts of a run (and, for what-if comparison, of a kept run "A" overlaid dashed): consumed
// vs provisioned capacity with throttle events marked, throttled requests, partitions,
// latency percentiles, and monthly cost by capacity mode. Data come from the engine's
// Outcome through the reports room's period rows — the same numbers as the HTML report.
#pragma once

#include <QtCharts/QAbstractAxis>
#include <QtCharts/QChart>

#include "run/outcome.hpp"

namespace ddbsim::gui {

// Series names the charts use (tests look series up by them).
inline const char* kConsumedSeries = "consumed";
inline const char* kProvisionedSeries = "provisioned";
inline const char* kThrottleSeries = "throttle events";
inline const char* kRequestedSeries = "requested";

// "0", "950", "200k", "1.5M": how the charts label counts (as the HTML report does).
QString axis_number(double v);
// A count axis from 0 past `y_max` with about five round ticks labelled by axis_number.
QAbstractAxis* count_axis(double y_max, const QString& title);

QChart* capacity_chart(const run::Outcome& b, const run::Outcome* a, bool write);
QChart* throttle_chart(const run::Outcome& b, const run::Outcome* a);
QChart* partitions_chart(const run::Outcome& b, const run::Outcome* a);
QChart* latency_chart(const run::Outcome& b, const run::Outcome* a);
// A global table region's replication: the slowest write applied per period (ms,
// CloudWatch's ReplicationLatency) and the writes waiting (backlog); null when the run has no
// replication.
QChart* replication_chart(const run::Outcome& b, const run::Outcome* a);
// Monthly cost of each capacity mode, a bar set per run, the monthly total on each bar.
QChart* cost_chart(const run::Outcome& b, const run::Outcome* a);

// The period (seconds) the time-series charts plot a run at.
std::int64_t chart_period(const run::Outcome& o);

}  // namespace ddbsim::gui
