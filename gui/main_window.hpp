// MainWindow: the what-if app — open a scenario, turn the knobs, run off the UI thread, and
// compare runs A and B in charts and tables. Thin: the engine loads, runs and prices; the
// reports room renders exports.
#pragma once

#include <memory>

#include <QMainWindow>
#include <nlohmann/json.hpp>

#include "run/outcome.hpp"
#include "run_controller.hpp"

class QComboBox;
class QLabel;
class QListWidget;
class QMenu;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QTableWidget;
class QTabWidget;
class QTimer;

class QTextBrowser;

class QUrl;

namespace ddbsim::gui {

class LiveView;

class ChartView;
class HeatMapWidget;
class KnobsPanel;

class MainWindow : public QMainWindow {
    Q_OBJECT
  public:
    explicit MainWindow(QWidget* parent = nullptr);

    bool open(const QString& path);
    // Validates the edited scenario with the knobs applied and starts a run; false (with the
    // problems listed inline) when it does not validate or a run is going.
    bool run();
    void cancel();
    void keep_as_a();
    void clear_a();
    bool save_as(const QString& path);
    bool export_report(const QString& path);
    bool export_chart(const QString& path);  // .png or .svg, the current tab's first chart
    bool screenshot(const QString& path);

    // For tests and --screenshot.
    RunController& runner() { return runner_; }
    KnobsPanel* knobs() { return knobs_; }
    const run::Outcome* current() const { return current_.get(); }
    const run::Outcome* kept() const { return a_.get(); }
    // read, write, throttles, partitions, latency, replication, cost
    ChartView* chart(const QString& name) const;
    // A global table's region selector (hidden for a single-region table).
    QComboBox* region_selector() const { return region_; }
    QTableWidget* cost_table() const { return cost_table_; }
    QTableWidget* compare_table() const { return compare_table_; }
    QListWidget* problems() const { return problems_; }
    QPlainTextEdit* json_editor() const { return json_; }
    QTabWidget* tabs() const { return tabs_; }
    HeatMapWidget* heat_map() const { return heat_; }
    LiveView* live_view() const { return live_; }
    // Plots a running `ddbsim serve` at `url` live (the Live tab), polling its /metrics.
    void connect_live(const QUrl& url, int interval_ms = 1000);
    QTextBrowser* throttle_explanation() const { return explain_; }
    // The tabs' names as shown ("Throttling & partitions"), in order.
    QStringList tab_names() const;
    // The tab called `name` (any case), else the only one whose name starts with it; -1 when
    // none or several do.
    int find_tab(const QString& name) const;
    // The scenario as it would run now (JSON with knobs applied); null if the JSON is invalid.
    nlohmann::json effective_document() const;

  private:
    void build_menus();
    void build_ui();
    void knobs_changed();
    void validate();
    void refresh();
    void fill_cost_table();
    void fill_compare_table();
    void fill_regions();
    void add_recent(const QString& path);
    void update_recent_menu();
    void on_finished(std::shared_ptr<const run::Outcome> outcome);

    KnobsPanel* knobs_ = nullptr;
    QTabWidget* tabs_ = nullptr;
    ChartView *read_ = nullptr, *write_ = nullptr, *throttles_ = nullptr, *partitions_ = nullptr,
              *latency_ = nullptr, *replication_ = nullptr, *cost_ = nullptr;
    QComboBox* region_ = nullptr;
    QWidget* region_box_ = nullptr;
    HeatMapWidget* heat_ = nullptr;
    QTextBrowser* explain_ = nullptr;  // what throttled and why
    LiveView* live_ = nullptr;
    QTableWidget *cost_table_ = nullptr, *compare_table_ = nullptr;
    QPlainTextEdit* json_ = nullptr;
    QListWidget* problems_ = nullptr;
    QProgressBar* progress_ = nullptr;
    QPushButton *run_button_ = nullptr, *cancel_button_ = nullptr, *keep_a_ = nullptr,
                *clear_a_ = nullptr;
    QLabel* status_ = nullptr;
    QMenu* recent_menu_ = nullptr;
    QTimer* validate_timer_ = nullptr;
    QString path_;
    RunController runner_;
    std::shared_ptr<const run::Outcome> current_, a_;
    // What the charts show: the region chosen of the current run and of A.
    std::shared_ptr<const run::Outcome> view_b_, view_a_;
    bool updating_text_ = false;
};

}  // namespace ddbsim::gui
