#include "throttle_panel.hpp"

#include <QLocale>

#include "run/throttle_explanation.hpp"

namespace ddbsim::gui {

QString throttle_explanation_html(const run::Outcome& o) {
    const run::ThrottleExplanation e = run::explain_throttles(o);
    const QLocale locale;
    auto text = [](const std::string& s) { return QString::fromStdString(s).toHtmlEscaped(); };
    QString html = "<h3>What throttled and why</h3>";
    if (e.total_events == 0) {
        html += "<p>Nothing throttled in this run.</p>";
    } else {
        html += "<p>" + locale.toString(static_cast<qlonglong>(e.total_events)) +
                " throttle events by ThrottlingReason:</p><table cellspacing=6>"
                "<tr><th align=left>reason</th><th align=right>events</th><th align=left>why</th>"
                "<th align=left>what would fix it</th></tr>";
        for (const auto& r : e.reasons)
            html += "<tr><td><b>" + text(r.code) + "</b></td><td align=right>" +
                    locale.toString(static_cast<qlonglong>(r.events)) + "</td><td>" + text(r.why) +
                    "</td><td>" + text(r.fix) + "</td></tr>";
        html += "</table>";
    }
    if (!e.partitions.empty()) {
        html += "<p><b>Partitions at ≥ 90 % of their hard limit</b> (heat map numbering): ";
        QStringList parts;
        for (const auto& p : e.partitions)
            parts << QString("partition %1 for %2 min (peak %3 %)")
                         .arg(p.partition)
                         .arg(p.minutes)
                         .arg(std::round(p.peak_use * 100));
        html += parts.join("; ") + "</p>";
    }
    if (!e.keys.empty()) {
        html += "<p><b>Keys above one partition's limit</b>:</p><ul>";
        for (const auto& k : e.keys)
            html += "<li>" + text(k.key) + " (stream " + text(k.stream) +
                    "): " + QString::number(k.units_per_second, 'f', 0) +
                    " units/s at peak against " + QString::number(k.limit, 'f', 0) + " — " +
                    QString("shard it %1 ways (sharding.shards)").arg(k.shards_needed) + "</li>";
        html += "</ul>";
    }
    return html;
}

}  // namespace ddbsim::gui
