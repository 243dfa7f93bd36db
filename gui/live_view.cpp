#include "live_view.hpp"

#include <algorithm>

#include <QComboBox>
#include <QHBoxLayout>
#include <QNetworkReply>
#include <QSplitter>
#include <QTextBrowser>
#include <QVBoxLayout>
#include <QtCharts/QLineSeries>
#include <QtCharts/QValueAxis>

#include "chart_builder.hpp"
#include "chart_view.hpp"

namespace ddbsim::gui {

LiveView::LiveView(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    auto* top = new QHBoxLayout;
    top->addWidget(new QLabel("table:"));
    tables_ = new QComboBox;
    tables_->setMinimumWidth(200);
    top->addWidget(tables_);
    status_ = new QLabel("Not connected: File ▸ Connect to ddbsim serve…");
    top->addWidget(status_, 1);
    layout->addLayout(top);
    auto* split = new QSplitter(Qt::Vertical);
    read_ = new ChartView;
    write_ = new ChartView;
    reasons_ = new QTextBrowser;
    split->addWidget(read_);
    split->addWidget(write_);
    split->addWidget(reasons_);
    reasons_->setMaximumHeight(150);
    layout->addWidget(split, 1);
    connect(&timer_, &QTimer::timeout, this, &LiveView::poll);
    connect(tables_, &QComboBox::currentTextChanged, this, [this] { redraw(); });
}

void LiveView::connect_to(const QUrl& base, int interval_ms) {
    url_ = base;
    url_.setPath("/metrics");
    history_.clear();
    status_->setText("Connecting to " + base.toString() + "…");
    timer_.start(interval_ms);
    poll();
}

void LiveView::disconnect_from() {
    timer_.stop();
    status_->setText("Disconnected.");
}

QString LiveView::selected_table() const {
    return tables_->currentText();
}

void LiveView::poll() {
    if (in_flight_) return;
    in_flight_ = true;
    QNetworkRequest request(url_);
    request.setTransferTimeout(3000);
    QNetworkReply* reply = network_.get(request);
    connect(reply, &QNetworkReply::finished, this, [this, reply] {
        in_flight_ = false;
        reply->deleteLater();
        if (reply->error() != QNetworkReply::NoError) {
            status_->setText("Cannot read " + url_.toString() + ": " + reply->errorString());
            return;
        }
        take(QString::fromUtf8(reply->readAll()));
    });
}

void LiveView::take(const QString& text) {
    QString error;
    auto reading = parse_live_metrics(text, error);
    if (!reading) {
        status_->setText(url_.toString() + ": " + error);
        return;
    }
    if (!history_.empty() && reading->model_seconds < history_.back().model_seconds)
        history_.clear();  // the server restarted
    history_.push_back(std::move(*reading));
    while (history_.size() > kHistory)
        history_.pop_front();
    // Keep the table list current without losing the selection.
    const QString selected = tables_->currentText();
    QStringList names;
    for (const auto& [name, t] : history_.back().tables)
        names << QString::fromStdString(name);
    QStringList shown;
    for (int i = 0; i < tables_->count(); ++i)
        shown << tables_->itemText(i);
    if (names != shown) {
        const QSignalBlocker block(tables_);
        tables_->clear();
        tables_->addItems(names);
        const int keep = names.indexOf(selected);
        tables_->setCurrentIndex(keep >= 0 ? keep : 0);
    }
    status_->setText(QString("Live: %1 · model time %2 s · %3 readings")
                         .arg(url_.toString())
                         .arg(history_.back().model_seconds, 0, 'f', 0)
                         .arg(history_.size()));
    redraw();
}

void LiveView::redraw() {
    const std::string table = tables_->currentText().toStdString();
    if (table.empty() || history_.size() < 2) return;
    for (const bool write : {false, true}) {
        auto* chart = new QChart;
        chart->setTitle(write ? "Writes (WCU per second): requested, consumed, provisioned"
                              : "Reads (RCU per second): requested, consumed, provisioned");
        chart->legend()->setAlignment(Qt::AlignBottom);
        auto* requested = new QLineSeries;
        requested->setName(kRequestedSeries);
        requested->setPen(QPen(QColor("#9467bd"), 1.6, Qt::DashLine));
        auto* consumed = new QLineSeries;
        consumed->setName(kConsumedSeries);
        consumed->setPen(QPen(write ? QColor("#ff7f0e") : QColor("#1f77b4"), 1.6));
        auto* provisioned = new QLineSeries;
        provisioned->setName(kProvisionedSeries);
        provisioned->setPen(QPen(QColor("#5b6472"), 1.6, Qt::DashLine));
        double y_max = 1, x0 = history_.front().model_seconds, x1 = x0;
        for (std::size_t i = 1; i < history_.size(); ++i) {
            const auto& a = history_[i - 1];
            const auto& b = history_[i];
            auto ta = a.tables.find(table), tb = b.tables.find(table);
            if (ta == a.tables.end() || tb == b.tables.end()) continue;
            const LiveRates r =
                live_rates(ta->second, tb->second, b.model_seconds - a.model_seconds);
            const double x = b.model_seconds;
            x1 = x;
            requested->append(x, write ? r.requested_write : r.requested_read);
            consumed->append(x, write ? r.consumed_write : r.consumed_read);
            provisioned->append(x, write ? r.provisioned_write : r.provisioned_read);
            y_max = std::max({y_max, write ? r.requested_write : r.requested_read,
                              write ? r.provisioned_write : r.provisioned_read});
        }
        chart->addSeries(requested);
        chart->addSeries(consumed);
        chart->addSeries(provisioned);
        auto* x = new QValueAxis;
        x->setRange(x0, std::max(x1, x0 + 1));
        x->setTitleText("model time (s)");
        x->setLabelFormat("%.0f");
        auto* y = count_axis(y_max, write ? "WCU / s" : "RCU / s");
        chart->addAxis(x, Qt::AlignBottom);
        chart->addAxis(y, Qt::AlignLeft);
        for (auto* s : chart->series()) {
            s->attachAxis(x);
            s->attachAxis(y);
        }
        (write ? write_ : read_)->set(chart);
    }
    // Throttles by reason since the server started, and the partitions now.
    const auto& now = history_.back().tables.at(table);
    QString html = QString(
                       "<b>%1</b>: %2 partitions. Throttle events by ThrottlingReason since "
                       "the server started:")
                       .arg(QString::fromStdString(table).toHtmlEscaped())
                       .arg(now.partitions);
    bool any = false;
    html += "<ul>";
    for (const auto& [reason, n] : now.by_reason) {
        if (n <= 0) continue;
        any = true;
        html += QString("<li>%1: %2</li>").arg(QString::fromStdString(reason)).arg(n, 0, 'f', 0);
    }
    html += any ? "</ul>" : "<li>none</li></ul>";
    reasons_->setHtml(html);
}

}  // namespace ddbsim::gui
