// ChartView: a QChartView with zoom and pan on the time axis — drag a band to zoom,
// mouse wheel to zoom, drag with the right button or arrow keys to pan, double-click to
// reset — and hover tooltips showing the value under the pointer.
#pragma once

#include <QtCharts/QChartView>

namespace ddbsim::gui {

class ChartView : public QChartView {
    Q_OBJECT
  public:
    explicit ChartView(QWidget* parent = nullptr);
    // Replaces the chart (the old one is deleted) and wires hover tooltips to its series.
    void set(QChart* chart);

  protected:
    void wheelEvent(QWheelEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void mouseDoubleClickEvent(QMouseEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;

  private:
    bool panning_ = false;
    QPoint last_;
};

}  // namespace ddbsim::gui
