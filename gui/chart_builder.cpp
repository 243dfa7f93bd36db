#include "chart_builder.hpp"

#include <algorithm>
#include <cmath>

#include <QtCharts/QBarCategoryAxis>
#include <QtCharts/QBarSeries>
#include <QtCharts/QBarSet>
#include <QtCharts/QCategoryAxis>
#include <QtCharts/QLineSeries>
#include <QtCharts/QScatterSeries>
#include <QtCharts/QValueAxis>

#include "reports/svg_chart.hpp"
#include "reports/time_series.hpp"

namespace ddbsim::gui {
namespace {

struct TimeScale {
    double divisor = 1;
    QString unit = "s";
};

TimeScale scale_for(double seconds) {
    if (seconds > 3 * 3600) return {3600, "h"};
    if (seconds > 180) return {60, "min"};
    return {1, "s"};
}

double run_seconds(const run::Outcome& o) {
    return static_cast<double>(o.result.metrics.seconds().size());
}

QChart* new_chart(const QString& title) {
    auto* c = new QChart;
    c->setTitle(title);
    c->legend()->setAlignment(Qt::AlignBottom);
    c->setMargins(QMargins(4, 4, 4, 4));
    return c;
}

}  // namespace

QString axis_number(double v) {
    return QString::fromStdString(reports::short_number(v));
}

QAbstractAxis* count_axis(double y_max, const QString& title) {
    // Round ticks (1, 2, 2.5 or 5 × 10^k, about five of them) labelled "200k", "1.5M" as
    // the HTML report labels its axes.
    const double top = std::max(1.0, y_max * 1.1);
    const double raw = top / 5, power = std::pow(10.0, std::floor(std::log10(raw)));
    double step = power;
    for (const double m : {1.0, 2.0, 2.5, 5.0, 10.0}) {
        step = m * power;
        if (step >= raw) break;
    }
    auto* y = new QCategoryAxis;
    y->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
    const double end = std::ceil(top / step) * step;
    for (double v = 0; v <= end + step / 2; v += step)
        y->append(axis_number(v), v);
    y->setRange(0, end);
    y->setTitleText(title);
    return y;
}

namespace {

void axes(QChart* c, double seconds, const QString& y_label, double y_max) {
    const TimeScale ts = scale_for(seconds);
    auto* x = new QValueAxis;
    x->setRange(0, seconds / ts.divisor);
    x->setTitleText("time (" + ts.unit + ")");
    x->setLabelFormat("%.4g");
    auto* y = count_axis(y_max, y_label);
    c->addAxis(x, Qt::AlignBottom);
    c->addAxis(y, Qt::AlignLeft);
    for (auto* s : c->series()) {
        s->attachAxis(x);
        s->attachAxis(y);
    }
}

QLineSeries* line(const QString& name, const QColor& color, bool dashed) {
    auto* s = new QLineSeries;
    s->setName(name);
    QPen pen(color);
    pen.setWidthF(1.6);
    if (dashed) pen.setStyle(Qt::DashLine);
    s->setPen(pen);
    return s;
}

}  // namespace

std::int64_t chart_period(const run::Outcome& o) {
    return reports::choose_period(static_cast<std::int64_t>(o.result.metrics.seconds().size()),
                                  1500);
}

namespace {

// One value per period as a line: B solid, A (when given) dashed.
template <class Value>
QChart* period_chart(const QString& title, const QString& series, const QColor& colour,
                     const QString& unit, const run::Outcome& b, const run::Outcome* a,
                     Value value) {
    auto* c = new_chart(title);
    double y_max = 0;
    auto add = [&](const run::Outcome& o, bool is_a) {
        const TimeScale ts = scale_for(run_seconds(b));
        auto* s = line(series + (is_a ? " (A)" : ""), colour, is_a);
        for (const auto& p : reports::period_rows(o.result.metrics, chart_period(o))) {
            s->append(static_cast<double>(p.start_s) / ts.divisor, value(p));
            y_max = std::max(y_max, value(p));
        }
        c->addSeries(s);
    };
    add(b, false);
    if (a) add(*a, true);
    axes(c, run_seconds(b), unit, y_max);
    return c;
}

}  // namespace

QChart* capacity_chart(const run::Outcome& b, const run::Outcome* a, bool write) {
    auto* c =
        new_chart(write ? "Write capacity: requested, consumed and provisioned (WCU per second)"
                        : "Read capacity: requested, consumed and provisioned (RCU per second)");
    double y_max = 0, seconds = run_seconds(b);
    auto add = [&](const run::Outcome& o, bool is_a) {
        const auto period = chart_period(o);
        const TimeScale ts = scale_for(run_seconds(b));
        const QString suffix = is_a ? " (A)" : "";
        auto* consumed =
            line(kConsumedSeries + suffix, write ? QColor("#ff7f0e") : QColor("#1f77b4"), is_a);
        auto* provisioned = line(kProvisionedSeries + suffix, QColor("#5b6472"), true);
        // Requested: consumed plus what the throttled requests asked for.
        auto* requested = line(kRequestedSeries + suffix, QColor("#9467bd"), true);
        const double units = run::units_per_request(o, write);  // what a throttled one asked
        auto* throttles = new QScatterSeries;
        throttles->setName(kThrottleSeries + suffix);
        throttles->setMarkerSize(6);
        throttles->setColor(QColor("#d62728"));
        throttles->setBorderColor(QColor("#d62728"));
        const double n = static_cast<double>(o.result.metrics.seconds().size());
        for (const auto& p : reports::period_rows(o.result.metrics, period)) {
            const double len =
                std::min<double>(static_cast<double>(period), n - static_cast<double>(p.start_s));
            const double x = static_cast<double>(p.start_s) / ts.divisor;
            const double v = (write ? p.consumed_wcu : p.consumed_rcu) / len;
            const double prov = static_cast<double>(write ? p.provisioned_wcu : p.provisioned_rcu);
            const double asked =
                v + (write ? p.write_throttle_events : p.read_throttle_events) * units / len;
            consumed->append(x, v);
            provisioned->append(x, prov);
            requested->append(x, asked);
            y_max = std::max({y_max, v, prov, asked});
            if ((write ? p.write_throttle_events : p.read_throttle_events) > 0)
                throttles->append(x, 0);
        }
        c->addSeries(requested);
        c->addSeries(consumed);
        if (!is_a)
            c->addSeries(provisioned);
        else
            delete provisioned;
        if (!is_a)
            c->addSeries(throttles);
        else
            delete throttles;
    };
    add(b, false);
    if (a) {
        add(*a, true);
        seconds = std::max(seconds, run_seconds(*a));
    }
    axes(c, seconds, write ? "WCU / s" : "RCU / s", y_max);
    return c;
}

QChart* throttle_chart(const run::Outcome& b, const run::Outcome* a) {
    return period_chart("Throttled requests per period", "throttled requests", QColor("#d62728"),
                        "requests", b, a,
                        [](const auto& p) { return static_cast<double>(p.throttled_requests); });
}

QChart* partitions_chart(const run::Outcome& b, const run::Outcome* a) {
    return period_chart("Partitions", "partitions", QColor("#2ca02c"), "partitions", b, a,
                        [](const auto& p) { return static_cast<double>(p.partitions); });
}

QChart* latency_chart(const run::Outcome& b, const run::Outcome* a) {
    auto* c = new_chart("Latency percentiles per minute (ms, successful requests)");
    double y_max = 0;
    auto add = [&](const run::Outcome& o, bool is_a) {
        const TimeScale ts = scale_for(run_seconds(b));
        const char* names[] = {"p50", "p90", "p99"};
        const QColor colours[] = {QColor("#1f77b4"), QColor("#ff7f0e"), QColor("#d62728")};
        for (int k = 0; k < 3; ++k) {
            auto* s = line(QString(names[k]) + (is_a ? " (A)" : ""), colours[k], is_a);
            const auto& minutes = o.result.metrics.minutes();
            for (std::size_t m = 0; m < minutes.size(); ++m) {
                const auto v = k == 0   ? minutes[m].latency_p50
                               : k == 1 ? minutes[m].latency_p90
                                        : minutes[m].latency_p99;
                s->append(static_cast<double>(m) * 60 / ts.divisor, static_cast<double>(v) / 1000);
                y_max = std::max(y_max, static_cast<double>(v) / 1000);
            }
            c->addSeries(s);
        }
    };
    add(b, false);
    if (a) add(*a, true);
    axes(c, run_seconds(b), "ms", y_max);
    return c;
}

QChart* replication_chart(const run::Outcome& b, const run::Outcome* a) {
    if (b.result.metrics.replication().empty()) {
        auto* none = new_chart("Replication: none (a single-region table)");
        axes(none, run_seconds(b), "ms / writes", 1);
        return none;
    }
    auto* c = new_chart("Replication into this region: slowest write applied (ms) and backlog");
    double y_max = 0;
    auto add = [&](const run::Outcome& o, bool is_a) {
        if (o.result.metrics.replication().empty()) return;
        const TimeScale ts = scale_for(run_seconds(b));
        auto* latency = line(QString("ReplicationLatency max, ms") + (is_a ? " (A)" : ""),
                             QColor("#9467bd"), is_a);
        auto* backlog =
            line(QString("backlog, writes") + (is_a ? " (A)" : ""), QColor("#8c564b"), is_a);
        for (const auto& p : reports::period_rows(o.result.metrics, chart_period(o))) {
            const double x = static_cast<double>(p.start_s) / ts.divisor;
            latency->append(x, static_cast<double>(p.replication_latency_max_ms));
            backlog->append(x, static_cast<double>(p.replication_backlog));
            y_max = std::max({y_max, static_cast<double>(p.replication_latency_max_ms),
                              static_cast<double>(p.replication_backlog)});
        }
        c->addSeries(latency);
        c->addSeries(backlog);
    };
    add(b, false);
    if (a) add(*a, true);
    axes(c, run_seconds(b), "ms / writes", y_max);
    return c;
}

QChart* cost_chart(const run::Outcome& b, const run::Outcome* a) {
    auto* c = new_chart("Monthly cost by capacity mode (" +
                        QString::fromStdString(b.scenario.catalog.name) + " prices)");
    auto* series = new QBarSeries;
    QStringList categories;
    for (const auto& alt : b.costs.alternatives) {
        const std::string& k = alt.key;
        categories << (k == "as-run"                    ? "as run"
                       : k == "provisioned-fixed"       ? "provisioned fixed"
                       : k == "provisioned-autoscaling" ? "auto scaling"
                       : k == "on-demand"               ? "on-demand"
                       : k == "reserved-1y"             ? "reserved 1 year"
                       : k == "reserved-3y"             ? "reserved 3 years"
                                                        : QString::fromStdString(alt.label));
    }
    auto set_for = [&](const run::Outcome& o, const QString& name) {
        auto* set = new QBarSet(name);
        set->setLabelColor(Qt::black);
        for (const auto& alt : b.costs.alternatives) {
            const auto* x = o.costs.find(alt.key);
            *set << (x && x->available ? std::round(x->month.total.as_dollars() * 100) / 100
                                       : 0.0);  // to the cent
        }
        return set;
    };
    if (a) series->append(set_for(*a, "A"));
    series->append(set_for(b, a ? "B (current)" : "current"));
    series->setLabelsVisible(true);
    series->setLabelsFormat("$@value");
    series->setLabelsPrecision(12);
    series->setLabelsPosition(QAbstractBarSeries::LabelsOutsideEnd);
    c->addSeries(series);
    auto* x = new QBarCategoryAxis;
    x->append(categories);
    double y_max = 1;
    for (auto* set : series->barSets())
        for (int i = 0; i < set->count(); ++i)
            y_max = std::max(y_max, set->at(i));
    auto* y = count_axis(y_max * 1.1, "$ per month");
    c->addAxis(x, Qt::AlignBottom);
    c->addAxis(y, Qt::AlignLeft);
    series->attachAxis(x);
    series->attachAxis(y);
    return c;
}

}  // namespace ddbsim::gui
