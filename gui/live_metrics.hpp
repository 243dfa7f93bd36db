// The live view's data: `ddbsim serve`'s GET /metrics (Prometheus text, docs/server.md
// "Metrics") read into per-table figures, and rates between two readings. Pure functions.
#pragma once

#include <map>
#include <optional>
#include <string>

#include <QString>

namespace ddbsim::gui {

// One reading of one table (the table's own unit; its indexes are not shown live).
struct LiveTable {
    double consumed_read = 0, consumed_write = 0;  // units, since the server started
    double provisioned_read = 0, provisioned_write = 0;
    double read_throttles = 0, write_throttles = 0;  // throttle events
    double read_requests = 0, write_requests = 0;    // answered, by operation kind
    double throttled_read_requests = 0, throttled_write_requests = 0;
    double partitions = 0;
    std::map<std::string, double> by_reason;  // ThrottlingReason → events
};

struct LiveReading {
    double model_seconds = 0;
    std::map<std::string, LiveTable> tables;
};

// Parses the /metrics text; nullopt (and `error`) when it is not ddbsim's metrics.
std::optional<LiveReading> parse_live_metrics(const QString& text, QString& error);

// Per-second figures of one table between two readings.
struct LiveRates {
    double consumed_read = 0, consumed_write = 0;
    double requested_read = 0, requested_write = 0;  // consumed + throttled × units a request
    double provisioned_read = 0, provisioned_write = 0;
    double read_throttles = 0, write_throttles = 0;
};
LiveRates live_rates(const LiveTable& before, const LiveTable& after, double seconds);

}  // namespace ddbsim::gui
