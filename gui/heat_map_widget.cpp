#include "heat_map_widget.hpp"

#include <algorithm>
#include <cmath>

#include <QHelpEvent>
#include <QLocale>
#include <QPainter>
#include <QToolTip>

#include "reports/svg_chart.hpp"

namespace ddbsim::gui {
namespace {

// White (idle) → yellow → red (at the limit).
QRgb colour(double v) {
    v = std::clamp(v, 0.0, 1.0);
    if (v <= 0) return qRgb(255, 255, 255);
    const int g = static_cast<int>(245 - 200 * v);
    const int b = std::max(0, static_cast<int>(235 - 225 * std::min(1.0, v * 1.5)));
    return qRgb(255, g, b);
}

// A round step for about `want` ticks over `span` (1, 2 or 5 × 10^k, at least 1).
int partition_step(int span, int want) {
    const double raw = std::max(1.0, static_cast<double>(span) / want);
    const double p = std::pow(10.0, std::floor(std::log10(raw)));
    for (const double m : {1.0, 2.0, 5.0, 10.0})
        if (m * p >= raw) return static_cast<int>(m * p);
    return static_cast<int>(10 * p);
}

constexpr int kLeft = 64, kTop = 26, kRight = 86, kBottom = 44;

}  // namespace

HeatMapWidget::HeatMapWidget(QWidget* parent) : QWidget(parent) {
    setMinimumHeight(200);
    setMouseTracking(true);
}

QRect HeatMapWidget::map_area() const {
    return rect().adjusted(kLeft, kTop, -kRight, -kBottom);
}

void HeatMapWidget::set(const run::Outcome* o) {
    image_ = QImage();
    cells_.clear();
    throttles_.clear();
    if (!o) return update();
    const auto& minutes = o->result.metrics.minutes();
    std::size_t parts = 0;
    for (const auto& m : minutes)
        parts = std::max({parts, m.partition_read_halves.size(), m.partition_write_halves.size()});
    if (minutes.empty() || parts == 0) return update();
    cols_ = static_cast<int>(std::min<std::size_t>(minutes.size(), 1200));
    rows_ = static_cast<int>(std::min<std::size_t>(parts, 400));
    minutes_per_col_ = static_cast<double>(minutes.size()) / cols_;
    cells_.assign(static_cast<std::size_t>(cols_ * rows_), Cell{});
    throttles_.assign(static_cast<std::size_t>(cols_), 0);
    for (int r = 0; r < rows_; ++r) {
        for (int c = 0; c < cols_; ++c) {
            auto& cell = cells_[static_cast<std::size_t>(r * cols_ + c)];
            cell.first_partition =
                static_cast<int>(static_cast<std::size_t>(r) * parts / rows_) + 1;
            cell.last_partition = static_cast<int>(static_cast<std::size_t>(r + 1) * parts / rows_);
        }
    }
    for (std::size_t m = 0; m < minutes.size(); ++m) {
        const int c = static_cast<int>(m * static_cast<std::size_t>(cols_) / minutes.size());
        const auto& row = minutes[m];
        for (const auto n : row.throttles_by_reason)
            throttles_[static_cast<std::size_t>(c)] += n;
        for (std::size_t p = 0; p < parts; ++p) {
            const double r =
                p < row.partition_read_halves.size() ? row.partition_read_halves[p] : 0;
            const double w =
                p < row.partition_write_halves.size() ? row.partition_write_halves[p] : 0;
            const double rcu = r / 2 / 60, wcu = w / 2 / 60;
            const double use = std::max(rcu / 3000, wcu / 1000);
            const int rr = static_cast<int>(p * static_cast<std::size_t>(rows_) / parts);
            auto& cell = cells_[static_cast<std::size_t>(rr * cols_ + c)];
            if (use >= cell.use) {
                cell.use = use;
                cell.read_rcu = rcu;
                cell.write_wcu = wcu;
            }
        }
    }
    image_ = QImage(cols_, rows_, QImage::Format_RGB32);
    for (int y = 0; y < rows_; ++y)
        for (int x = 0; x < cols_; ++x)
            image_.setPixel(x, rows_ - 1 - y,
                            colour(cells_[static_cast<std::size_t>(y * cols_ + x)].use));
    seconds_ = static_cast<double>(o->result.metrics.seconds().size());
    partitions_ = static_cast<int>(parts);
    update();
}

QString HeatMapWidget::tip_at(QPoint at) const {
    const QRect area = map_area();
    if (cells_.empty() || !area.contains(at)) return {};
    const int c =
        std::clamp((at.x() - area.left()) * cols_ / std::max(1, area.width()), 0, cols_ - 1);
    const int r =
        std::clamp((area.bottom() - at.y()) * rows_ / std::max(1, area.height()), 0, rows_ - 1);
    const Cell& cell = cells_[static_cast<std::size_t>(r * cols_ + c)];
    const double from = c * minutes_per_col_ * 60;
    const QString parts =
        cell.first_partition == cell.last_partition
            ? QString("partition %1").arg(cell.first_partition)
            : QString("partitions %1–%2").arg(cell.first_partition).arg(cell.last_partition);
    return QString(
               "%1, %2\nreads %3 RCU/s of 3,000 · writes %4 WCU/s of 1,000 (%5 % of the limit)\n"
               "throttled attempts in the table that minute: %6")
        .arg(parts)
        .arg(QString::fromStdString(reports::time_label(from, seconds_)))
        .arg(cell.read_rcu, 0, 'f', 1)
        .arg(cell.write_wcu, 0, 'f', 1)
        .arg(std::round(cell.use * 100))
        .arg(QLocale().toString(static_cast<qlonglong>(throttles_[static_cast<std::size_t>(c)])));
}

bool HeatMapWidget::event(QEvent* e) {
    if (e->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(e);
        const QString tip = tip_at(help->pos());
        if (tip.isEmpty())
            QToolTip::hideText();
        else
            QToolTip::showText(help->globalPos(), tip, this);
        return true;
    }
    return QWidget::event(e);
}

void HeatMapWidget::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.fillRect(rect(), palette().window());
    const QRect area = map_area();
    p.setPen(palette().text().color());
    p.drawText(QRect(8, 2, width() - 16, 22), Qt::AlignLeft | Qt::AlignVCenter,
               "Partition heat: the busier side's share of a partition's hard limit per minute "
               "(hover a cell for its numbers)");
    if (image_.isNull()) {
        p.drawText(area, Qt::AlignCenter, "no per-partition data yet — run the scenario");
        return;
    }
    p.drawImage(area, image_);
    p.setPen(Qt::gray);
    p.drawRect(area);
    p.setPen(palette().text().color());
    // Partition axis: round partition numbers, bottom-up.
    const int step = partition_step(partitions_, std::max(2, area.height() / 28));
    for (int n = 1; n <= partitions_; n = (n == 1 && step > 1) ? step : n + step) {
        const double frac = (n - 0.5) / partitions_;
        const int y = area.bottom() - static_cast<int>(frac * area.height());
        p.drawLine(area.left() - 4, y, area.left(), y);
        p.drawText(QRect(0, y - 8, kLeft - 8, 16), Qt::AlignRight | Qt::AlignVCenter,
                   QString::number(n));
    }
    p.save();
    p.translate(12, area.center().y());
    p.rotate(-90);
    p.drawText(QRect(-60, -10, 120, 20), Qt::AlignCenter, "partition");
    p.restore();
    // Time axis: round ticks in the run's units.
    const double tick = reports::time_tick(seconds_);
    for (double t = 0; t <= seconds_ + 1e-9; t += tick) {
        const int x = area.left() + static_cast<int>(t / std::max(1.0, seconds_) * area.width());
        p.drawLine(x, area.bottom(), x, area.bottom() + 4);
        p.drawText(QRect(x - 40, area.bottom() + 5, 80, 16), Qt::AlignHCenter,
                   QString::fromStdString(reports::time_label(t, seconds_)));
    }
    p.drawText(QRect(area.left(), area.bottom() + 22, area.width(), 18), Qt::AlignHCenter, "time");
    // Colour bar: 0 to 100 % of the limit.
    const QRect bar(area.right() + 22, area.top(), 14, area.height());
    for (int y = 0; y < bar.height(); ++y) {
        p.setPen(QColor(colour(1.0 - static_cast<double>(y) / std::max(1, bar.height() - 1))));
        p.drawLine(bar.left(), bar.top() + y, bar.right(), bar.top() + y);
    }
    p.setPen(Qt::gray);
    p.drawRect(bar);
    p.setPen(palette().text().color());
    for (const int pct : {0, 50, 100}) {
        const int y = bar.bottom() - pct * bar.height() / 100;
        p.drawText(QRect(bar.right() + 3, y - 8, 44, 16), Qt::AlignLeft | Qt::AlignVCenter,
                   QString("%1 %").arg(pct));
    }
}

}  // namespace ddbsim::gui
