#include "live_metrics.hpp"

#include <QStringList>

namespace ddbsim::gui {
namespace {

bool is_read_operation(const std::string& op) {
    return op == "GetItem" || op == "Query" || op == "Scan" || op == "BatchGetItem" ||
           op == "TransactGetItems";
}

bool is_write_operation(const std::string& op) {
    return op == "PutItem" || op == "UpdateItem" || op == "DeleteItem" || op == "BatchWriteItem" ||
           op == "TransactWriteItems";
}

// `name{a="x",b="y"} value` → name, labels, value.
bool sample_line(const QString& line, std::string& name, std::map<std::string, std::string>& labels,
                 double& value) {
    const int brace = line.indexOf('{');
    const int space = line.lastIndexOf(' ');
    if (space <= 0) return false;
    bool ok = false;
    value = line.mid(space + 1).toDouble(&ok);
    if (!ok) return false;
    labels.clear();
    if (brace < 0 || brace > space) {
        name = line.left(space).trimmed().toStdString();
        return true;
    }
    name = line.left(brace).toStdString();
    const int close = line.lastIndexOf('}', space);
    if (close < brace) return false;
    const QString body = line.mid(brace + 1, close - brace - 1);
    int i = 0;
    while (i < body.size()) {
        const int eq = body.indexOf("=\"", i);
        if (eq < 0) break;
        int end = eq + 2;
        QString v;
        while (end < body.size() && body[end] != '"') {
            if (body[end] == '\\' && end + 1 < body.size()) ++end;
            v += body[end++];
        }
        labels[body.mid(i, eq - i).trimmed().toStdString()] = v.toStdString();
        i = end + 1;
        if (i < body.size() && body[i] == ',') ++i;
    }
    return true;
}

}  // namespace

std::optional<LiveReading> parse_live_metrics(const QString& text, QString& error) {
    LiveReading r;
    bool seen_time = false;
    for (const QString& raw : text.split('\n')) {
        const QString line = raw.trimmed();
        if (line.isEmpty() || line.startsWith('#')) continue;
        std::string name;
        std::map<std::string, std::string> labels;
        double v = 0;
        if (!sample_line(line, name, labels, v)) continue;
        if (name == "ddbsim_model_time_seconds") {
            r.model_seconds = v;
            seen_time = true;
            continue;
        }
        const auto table = labels.find("table");
        if (table == labels.end()) continue;
        if (labels.count("index") && !labels.at("index").empty()) continue;  // an index's
        LiveTable& t = r.tables[table->second];
        const std::string op = labels.count("operation") ? labels.at("operation") : "";
        if (name == "ddbsim_consumed_read_capacity_units_total")
            t.consumed_read = v;
        else if (name == "ddbsim_consumed_write_capacity_units_total")
            t.consumed_write = v;
        else if (name == "ddbsim_provisioned_read_capacity_units")
            t.provisioned_read = v;
        else if (name == "ddbsim_provisioned_write_capacity_units")
            t.provisioned_write = v;
        else if (name == "ddbsim_read_throttle_events_total")
            t.read_throttles = v;
        else if (name == "ddbsim_write_throttle_events_total")
            t.write_throttles = v;
        else if (name == "ddbsim_partitions")
            t.partitions = v;
        else if (name == "ddbsim_throttle_events_by_reason_total" && labels.count("reason"))
            t.by_reason[labels.at("reason")] = v;
        else if (name == "ddbsim_requests_total") {
            if (is_read_operation(op)) t.read_requests += v;
            if (is_write_operation(op)) t.write_requests += v;
        } else if (name == "ddbsim_throttled_requests_total") {
            if (is_read_operation(op)) t.throttled_read_requests += v;
            if (is_write_operation(op)) t.throttled_write_requests += v;
        }
    }
    if (!seen_time) {
        error = "not ddbsim serve's /metrics (no ddbsim_model_time_seconds)";
        return std::nullopt;
    }
    return r;
}

LiveRates live_rates(const LiveTable& a, const LiveTable& b, double seconds) {
    LiveRates r;
    if (seconds <= 0) return r;
    // Units a served request took in the interval (1 when none was served).
    auto per_request = [](double units, double requests, double throttled) {
        const double served = requests - throttled;
        return served > 0 && units > 0 ? units / served : 1.0;
    };
    const double cr = b.consumed_read - a.consumed_read, cw = b.consumed_write - a.consumed_write;
    const double tr = b.read_throttles - a.read_throttles,
                 tw = b.write_throttles - a.write_throttles;
    r.consumed_read = cr / seconds;
    r.consumed_write = cw / seconds;
    r.read_throttles = tr / seconds;
    r.write_throttles = tw / seconds;
    r.requested_read =
        (cr + tr * per_request(cr, b.read_requests - a.read_requests,
                               b.throttled_read_requests - a.throttled_read_requests)) /
        seconds;
    r.requested_write =
        (cw + tw * per_request(cw, b.write_requests - a.write_requests,
                               b.throttled_write_requests - a.throttled_write_requests)) /
        seconds;
    r.provisioned_read = b.provisioned_read;
    r.provisioned_write = b.provisioned_write;
    return r;
}

}  // namespace ddbsim::gui
