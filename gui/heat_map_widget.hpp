// HeatMapWidget: per-partition consumption over time — each cell the busier side's share
// of the partition's hard limit (3,000 RCU / 1,000 WCU per second), minutes across,
// partitions up — painted from the run's per-minute partition rows, with partition and
// time axes, a colour bar, and a tooltip naming the cell's partition, time, consumption
// against the limit and the minute's throttles.
#pragma once

#include <QImage>
#include <QWidget>

#include "run/outcome.hpp"

namespace ddbsim::gui {

class HeatMapWidget : public QWidget {
    Q_OBJECT
  public:
    explicit HeatMapWidget(QWidget* parent = nullptr);
    void set(const run::Outcome* outcome);
    const QImage& image() const { return image_; }
    // The tooltip text for a point in widget coordinates ("" outside the map).
    QString tip_at(QPoint at) const;
    // Where the map is drawn (tests hover over it).
    QRect map_area() const;

  protected:
    void paintEvent(QPaintEvent* event) override;
    bool event(QEvent* event) override;

  private:
    struct Cell {
        double read_rcu = 0, write_wcu = 0;  // per second, the busiest minute of the cell
        double use = 0;                      // the busier side's share of its limit
        int first_partition = 0, last_partition = 0;
    };
    QImage image_;
    std::vector<Cell> cells_;              // rows × cols, row 0 = partition 1
    std::vector<std::int64_t> throttles_;  // per column: the minutes' throttled attempts
    int cols_ = 0, rows_ = 0;
    double seconds_ = 0, minutes_per_col_ = 1;
    int partitions_ = 0;
};

}  // namespace ddbsim::gui
