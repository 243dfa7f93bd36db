// HeatMapWidget: per-partition consumption over time — each cell the busier side's share
// of the partition's hard limit (3,000 RCU / 1,000 WCU per second), minutes across,
// partitions up — painted from the run's per-minute partition rows.
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

  protected:
    void paintEvent(QPaintEvent* event) override;

  private:
    QImage image_;
    double seconds_ = 0;
    int partitions_ = 0;
};

}  // namespace ddbsim::gui
