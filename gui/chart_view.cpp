#include "chart_view.hpp"

#include <QToolTip>
#include <QtCharts/QBarSet>
#include <QtCharts/QXYSeries>

namespace ddbsim::gui {

ChartView::ChartView(QWidget* parent) : QChartView(parent) {
    setRenderHint(QPainter::Antialiasing);
    setRubberBand(QChartView::HorizontalRubberBand);
    setFocusPolicy(Qt::StrongFocus);
    setMinimumHeight(220);
}

void ChartView::set(QChart* chart) {
    QChart* old = this->chart();
    setChart(chart);
    if (old) old->deleteLater();
    for (auto* series : chart->series()) {
        if (auto* xy = qobject_cast<QXYSeries*>(series)) {
            connect(xy, &QXYSeries::hovered, this, [this, xy](const QPointF& p, bool state) {
                if (!state) return QToolTip::hideText();
                QToolTip::showText(QCursor::pos(),
                                   QString("%1\n%2: %3")
                                       .arg(xy->name())
                                       .arg(p.x(), 0, 'f', 2)
                                       .arg(p.y(), 0, 'f', 2),
                                   this);
            });
        }
    }
}

void ChartView::wheelEvent(QWheelEvent* event) {
    if (!chart()) return;
    chart()->zoom(event->angleDelta().y() > 0 ? 1.25 : 0.8);
    event->accept();
}

void ChartView::mousePressEvent(QMouseEvent* event) {
    if (event->button() == Qt::RightButton) {
        panning_ = true;
        last_ = event->pos();
        return;
    }
    QChartView::mousePressEvent(event);
}

void ChartView::mouseMoveEvent(QMouseEvent* event) {
    if (panning_ && chart()) {
        const QPoint d = event->pos() - last_;
        chart()->scroll(-d.x(), 0);
        last_ = event->pos();
        return;
    }
    QChartView::mouseMoveEvent(event);
}

void ChartView::mouseReleaseEvent(QMouseEvent* event) {
    if (event->button() == Qt::RightButton) {
        panning_ = false;
        return;
    }
    QChartView::mouseReleaseEvent(event);
}

void ChartView::mouseDoubleClickEvent(QMouseEvent*) {
    if (chart()) chart()->zoomReset();
}

void ChartView::keyPressEvent(QKeyEvent* event) {
    if (!chart()) return;
    switch (event->key()) {
        case Qt::Key_Left:
            chart()->scroll(-30, 0);
            break;
        case Qt::Key_Right:
            chart()->scroll(30, 0);
            break;
        case Qt::Key_Plus:
            chart()->zoomIn();
            break;
        case Qt::Key_Minus:
            chart()->zoomOut();
            break;
        default:
            QChartView::keyPressEvent(event);
    }
}

}  // namespace ddbsim::gui
