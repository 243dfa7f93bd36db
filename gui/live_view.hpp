// The live view: a running `ddbsim serve`'s tables plotted from its GET /metrics, read every
// second — consumed, requested (consumed + throttled) and provisioned capacity, throttles by
// ThrottlingReason, partitions — so a developer watches their load test hit the table
// (File ▸ Connect to ddbsim serve…, or `ddbsim-gui --connect URL`). Loopback only by intent:
// the URL is the user's.
#pragma once

#include <deque>

#include <QLabel>
#include <QNetworkAccessManager>
#include <QTimer>
#include <QUrl>
#include <QWidget>

#include "live_metrics.hpp"

class QComboBox;
class QTextBrowser;

namespace ddbsim::gui {

class ChartView;

class LiveView : public QWidget {
    Q_OBJECT
  public:
    explicit LiveView(QWidget* parent = nullptr);
    // Starts polling `base` (e.g. http://127.0.0.1:8000) every `interval_ms`.
    void connect_to(const QUrl& base, int interval_ms = 1000);
    void disconnect_from();
    int readings() const { return static_cast<int>(history_.size()); }
    QString status() const { return status_->text(); }
    ChartView* read_chart() const { return read_; }
    ChartView* write_chart() const { return write_; }
    QString selected_table() const;

  private:
    void poll();
    void take(const QString& text);
    void redraw();

    QNetworkAccessManager network_;
    QTimer timer_;
    QUrl url_;
    bool in_flight_ = false;
    std::deque<LiveReading> history_;  // at most kHistory readings
    static constexpr std::size_t kHistory = 900;
    QComboBox* tables_ = nullptr;
    QLabel* status_ = nullptr;
    ChartView *read_ = nullptr, *write_ = nullptr;
    QTextBrowser* reasons_ = nullptr;
};

}  // namespace ddbsim::gui
