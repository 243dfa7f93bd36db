#include "heat_map_widget.hpp"

#include <algorithm>

#include <QPainter>

namespace ddbsim::gui {

HeatMapWidget::HeatMapWidget(QWidget* parent) : QWidget(parent) {
    setMinimumHeight(200);
}

void HeatMapWidget::set(const run::Outcome* o) {
    image_ = QImage();
    if (!o) return update();
    const auto& minutes = o->result.metrics.minutes();
    std::size_t parts = 0;
    for (const auto& m : minutes)
        parts = std::max({parts, m.partition_read_halves.size(), m.partition_write_halves.size()});
    if (minutes.empty() || parts == 0) return update();
    const int cols = static_cast<int>(std::min<std::size_t>(minutes.size(), 1200));
    const int rows = static_cast<int>(std::min<std::size_t>(parts, 400));
    image_ = QImage(cols, rows, QImage::Format_RGB32);
    image_.fill(Qt::white);
    std::vector<double> cells(static_cast<std::size_t>(cols * rows), 0.0);
    for (std::size_t m = 0; m < minutes.size(); ++m) {
        const int c = static_cast<int>(m * static_cast<std::size_t>(cols) / minutes.size());
        for (std::size_t p = 0; p < parts; ++p) {
            const auto& row = minutes[m];
            const double r =
                p < row.partition_read_halves.size() ? row.partition_read_halves[p] : 0;
            const double w =
                p < row.partition_write_halves.size() ? row.partition_write_halves[p] : 0;
            const double use = std::max(r / 2 / 60 / 3000, w / 2 / 60 / 1000);
            const int rr = static_cast<int>(p * static_cast<std::size_t>(rows) / parts);
            auto& cell = cells[static_cast<std::size_t>(rr * cols + c)];
            cell = std::max(cell, use);
        }
    }
    for (int y = 0; y < rows; ++y) {
        for (int x = 0; x < cols; ++x) {
            const double v = std::clamp(cells[static_cast<std::size_t>(y * cols + x)], 0.0, 1.0);
            const int g = static_cast<int>(245 - 200 * v);
            const int b = std::max(0, static_cast<int>(235 - 225 * std::min(1.0, v * 1.5)));
            image_.setPixel(x, rows - 1 - y,
                            qRgb(v > 0 ? 255 : 255, v > 0 ? g : 255, v > 0 ? b : 255));
        }
    }
    seconds_ = static_cast<double>(o->result.metrics.seconds().size());
    partitions_ = static_cast<int>(parts);
    update();
}

void HeatMapWidget::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.fillRect(rect(), palette().window());
    const QRect area = rect().adjusted(60, 26, -12, -28);
    p.drawText(
        QRect(8, 2, width() - 16, 22), Qt::AlignLeft | Qt::AlignVCenter,
        "Partition heat: the busier side's share of a partition's limit (white 0 → red 100 %)");
    if (image_.isNull()) {
        p.drawText(area, Qt::AlignCenter, "no per-partition data yet — run the scenario");
        return;
    }
    p.drawImage(area, image_);
    p.setPen(Qt::gray);
    p.drawRect(area);
    p.setPen(palette().text().color());
    p.drawText(QRect(0, area.top(), 56, 16), Qt::AlignRight, QString::number(partitions_));
    p.drawText(QRect(0, area.bottom() - 16, 56, 16), Qt::AlignRight, "1");
    p.drawText(QRect(area.left(), area.bottom() + 4, 80, 18), Qt::AlignLeft, "0");
    p.drawText(QRect(area.right() - 160, area.bottom() + 4, 160, 18), Qt::AlignRight,
               QString("%1 h").arg(seconds_ / 3600, 0, 'f', 2));
}

}  // namespace ddbsim::gui
