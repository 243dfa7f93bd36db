#include "main_window.hpp"

#include "common/json_text.hpp"
#include "import_dialog.hpp"
#include "live_view.hpp"
#include "run/run_plan.hpp"
#include "throttle_panel.hpp"

#include <fstream>
#include <sstream>

#include <QApplication>
#include <QComboBox>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenuBar>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QSignalBlocker>
#include <QSplitter>
#include <QStatusBar>
#include <QSvgGenerator>
#include <QTabWidget>
#include <QTableWidget>
#include <QTextBrowser>
#include <QTimer>
#include <QVBoxLayout>

#include "chart_builder.hpp"
#include "chart_view.hpp"
#include "heat_map_widget.hpp"
#include "knobs_panel.hpp"
#include "reports/atomic_file.hpp"
#include "reports/format_util.hpp"
#include "reports/report.hpp"
#include "workload/scenario_file.hpp"

namespace ddbsim::gui {
namespace {

// The editor's text as JSON through the bounded reader (a pasted "[[[[…" must not overflow
// the stack); a discarded value when it is not JSON.
nlohmann::json parse_or_discarded(const std::string& text) {
    auto parsed = parse_json_text(text);
    if (!parsed) return nlohmann::json(nlohmann::json::value_t::discarded);
    return std::move(*parsed);
}

}  // namespace

using nlohmann::json;

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
    setWindowTitle("ddbsim — DynamoDB what-if");
    build_ui();
    build_menus();
    connect(&runner_, &RunController::progress, this,
            [this](double f) { progress_->setValue(static_cast<int>(f * 1000)); });
    connect(&runner_, &RunController::finished, this, &MainWindow::on_finished);
    connect(&runner_, &RunController::cancelled, this, [this] {
        progress_->setVisible(false);
        run_button_->setEnabled(true);
        cancel_button_->setEnabled(false);
        status_->setText("Run cancelled; the previous results are kept.");
    });
    resize(1400, 900);
}

void MainWindow::build_ui() {
    knobs_ = new KnobsPanel;
    run_button_ = new QPushButton("Run");
    run_button_->setShortcut(QKeySequence("Ctrl+R"));
    run_button_->setToolTip("Run the scenario with these settings (Ctrl+R)");
    cancel_button_ = new QPushButton("Cancel");
    cancel_button_->setEnabled(false);
    keep_a_ = new QPushButton("Keep as A");
    keep_a_->setToolTip("Keep this run as A; change knobs and run again to compare B against it");
    clear_a_ = new QPushButton("Clear A");
    connect(run_button_, &QPushButton::clicked, this, [this] { run(); });
    connect(cancel_button_, &QPushButton::clicked, this, &MainWindow::cancel);
    connect(keep_a_, &QPushButton::clicked, this, &MainWindow::keep_as_a);
    connect(clear_a_, &QPushButton::clicked, this, &MainWindow::clear_a);
    connect(knobs_, &KnobsPanel::changed, this, &MainWindow::knobs_changed);

    // A global table's region: every chart, the heat map and the tables show the one chosen.
    region_ = new QComboBox;
    region_->setObjectName("region");
    region_->setToolTip("A global table: the region whose charts and bill are shown");
    connect(region_, &QComboBox::currentIndexChanged, this, [this] { refresh(); });
    region_box_ = new QWidget;
    auto* region_row = new QHBoxLayout(region_box_);
    region_row->setContentsMargins(0, 0, 0, 0);
    region_row->addWidget(new QLabel("Region:"));
    region_row->addWidget(region_, 1);
    region_box_->setVisible(false);

    auto* side = new QWidget;
    auto* side_layout = new QVBoxLayout(side);
    side_layout->addWidget(region_box_);
    side_layout->addWidget(knobs_);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(run_button_);
    buttons->addWidget(cancel_button_);
    side_layout->addLayout(buttons);
    auto* ab = new QHBoxLayout;
    ab->addWidget(keep_a_);
    ab->addWidget(clear_a_);
    side_layout->addLayout(ab);
    side_layout->addStretch();
    auto* dock = new QDockWidget("What-if knobs");
    dock->setObjectName("knobs");
    dock->setWidget(side);
    dock->setFeatures(QDockWidget::DockWidgetMovable);
    addDockWidget(Qt::LeftDockWidgetArea, dock);

    read_ = new ChartView;
    write_ = new ChartView;
    throttles_ = new ChartView;
    partitions_ = new ChartView;
    latency_ = new ChartView;
    replication_ = new ChartView;
    replication_->setVisible(false);
    cost_ = new ChartView;
    heat_ = new HeatMapWidget;
    cost_table_ = new QTableWidget;
    compare_table_ = new QTableWidget;
    for (auto* t : {cost_table_, compare_table_}) {
        t->setEditTriggers(QAbstractItemView::NoEditTriggers);
        t->horizontalHeader()->setStretchLastSection(true);
        t->verticalHeader()->setVisible(false);
    }
    json_ = new QPlainTextEdit;
    json_->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    problems_ = new QListWidget;
    problems_->setMaximumHeight(140);
    validate_timer_ = new QTimer(this);
    validate_timer_->setSingleShot(true);
    validate_timer_->setInterval(300);
    connect(validate_timer_, &QTimer::timeout, this, &MainWindow::validate);
    connect(json_, &QPlainTextEdit::textChanged, this, [this] {
        if (!updating_text_) validate_timer_->start();
    });

    tabs_ = new QTabWidget;
    auto* capacity = new QSplitter(Qt::Vertical);
    capacity->addWidget(read_);
    capacity->addWidget(write_);
    tabs_->addTab(capacity, "Capacity");
    auto* throttling = new QSplitter(Qt::Vertical);
    throttling->addWidget(throttles_);
    throttling->addWidget(partitions_);
    explain_ = new QTextBrowser;
    explain_->setObjectName("throttle-explanation");
    explain_->setHtml("<h3>What throttled and why</h3><p>Run the scenario to see.</p>");
    throttling->addWidget(explain_);
    tabs_->addTab(throttling, "Throttling && partitions");
    tabs_->addTab(heat_, "Heat map");
    auto* latency = new QSplitter(Qt::Vertical);
    latency->addWidget(latency_);
    latency->addWidget(replication_);
    tabs_->addTab(latency, "Latency && replication");
    auto* costs = new QSplitter(Qt::Vertical);
    costs->addWidget(cost_);
    costs->addWidget(cost_table_);
    tabs_->addTab(costs, "Cost");
    tabs_->addTab(compare_table_, "Compare A/B");
    auto* scenario = new QWidget;
    auto* sl = new QVBoxLayout(scenario);
    sl->addWidget(json_);
    sl->addWidget(new QLabel("Problems (JSON pointer: what was found, what was expected):"));
    sl->addWidget(problems_);
    tabs_->addTab(scenario, "Scenario JSON");
    live_ = new LiveView;
    tabs_->addTab(live_, "Live");
    setCentralWidget(tabs_);

    progress_ = new QProgressBar;
    progress_->setRange(0, 1000);
    progress_->setMaximumWidth(260);
    progress_->setVisible(false);
    status_ = new QLabel("Open a scenario (File ▸ Open) and press Run.");
    statusBar()->addWidget(status_, 1);
    statusBar()->addPermanentWidget(progress_);
}

void MainWindow::build_menus() {
    QMenu* file = menuBar()->addMenu("&File");
    file->addAction("&Open…", QKeySequence::Open, this, [this] {
        const QString p =
            QFileDialog::getOpenFileName(this, "Open scenario", QString(), "Scenarios (*.json)");
        if (!p.isEmpty()) open(p);
    });
    file->addAction("&Import from AWS exports…", QKeySequence("Ctrl+I"), this, [this] {
        ImportDialog dialog(this);
        while (dialog.exec() == QDialog::Accepted) {
            const ImportRequest request = dialog.request();
            const QString error = import_aws_exports(request);
            if (error.isEmpty()) {
                open(request.out);
                break;
            }
            QMessageBox::warning(this, "Import from AWS exports", error);
        }
    });
    file->addAction("&Connect to ddbsim serve…", QKeySequence("Ctrl+L"), this, [this] {
        bool ok = false;
        const QString url = QInputDialog::getText(
            this, "Connect to ddbsim serve",
            "The server's URL (ddbsim serve prints it: listening on …):", QLineEdit::Normal,
            "http://127.0.0.1:8000", &ok);
        if (ok && !url.isEmpty()) connect_live(QUrl(url));
    });
    recent_menu_ = file->addMenu("Open &Recent");
    update_recent_menu();
    file->addAction("Save &As…", QKeySequence::SaveAs, this, [this] {
        const QString p =
            QFileDialog::getSaveFileName(this, "Save scenario as", path_, "Scenarios (*.json)");
        if (!p.isEmpty()) save_as(p);
    });
    file->addSeparator();
    file->addAction("&Export Report…", QKeySequence("Ctrl+E"), this, [this] {
        const QString p =
            QFileDialog::getSaveFileName(this, "Export report", "report.html", "HTML (*.html)");
        if (!p.isEmpty()) export_report(p);
    });
    file->addAction("Export &Chart as PNG/SVG…", QKeySequence("Ctrl+Shift+E"), this, [this] {
        const QString p = QFileDialog::getSaveFileName(this, "Export chart", "chart.png",
                                                       "PNG (*.png);;SVG (*.svg)");
        if (!p.isEmpty()) export_chart(p);
    });
    file->addSeparator();
    file->addAction("&Quit", QKeySequence::Quit, qApp, &QApplication::quit);
}

void MainWindow::add_recent(const QString& path) {
    QSettings settings("ddbsim", "ddbsim-gui");
    QStringList recent = settings.value("recent").toStringList();
    recent.removeAll(path);
    recent.prepend(path);
    while (recent.size() > 8)
        recent.removeLast();
    settings.setValue("recent", recent);
    update_recent_menu();
}

void MainWindow::update_recent_menu() {
    if (!recent_menu_) return;
    recent_menu_->clear();
    QSettings settings("ddbsim", "ddbsim-gui");
    for (const QString& p : settings.value("recent").toStringList())
        recent_menu_->addAction(p, this, [this, p] { open(p); });
    recent_menu_->setEnabled(!recent_menu_->isEmpty());
}

bool MainWindow::open(const QString& path) {
    std::ifstream in(path.toStdString());
    if (!in) {
        status_->setText("Cannot read " + path);
        return false;
    }
    std::stringstream text;
    text << in.rdbuf();
    auto doc = parse_or_discarded(text.str());
    path_ = path;
    updating_text_ = true;
    json_->setPlainText(QString::fromStdString(text.str()));
    updating_text_ = false;
    if (!doc.is_discarded()) knobs_->set(Knobs::from_document(doc));
    add_recent(path);
    setWindowTitle("ddbsim — " + QFileInfo(path).fileName());
    validate();
    status_->setText("Opened " + path + ". Turn the knobs and press Run.");
    return true;
}

json MainWindow::effective_document() const {
    auto doc = parse_or_discarded(json_->toPlainText().toStdString());
    if (doc.is_discarded() || !doc.is_object()) return json();
    return knobs_->knobs().apply(doc);
}

void MainWindow::knobs_changed() {
    auto doc = parse_or_discarded(json_->toPlainText().toStdString());
    if (doc.is_discarded() || !doc.is_object()) return;
    updating_text_ = true;
    json_->setPlainText(QString::fromStdString(knobs_->knobs().apply(doc).dump(2)));
    updating_text_ = false;
    validate();
}

void MainWindow::validate() {
    problems_->clear();
    const std::string text = json_->toPlainText().toStdString();
    if (auto parsed = parse_json_text(text); !parsed) {
        problems_->addItem(QString::fromStdString(parsed.error().message + " (at line:column " +
                                                  parsed.error().location + ")"));
        return;
    }
    const auto load = workload::load_scenario_file(effective_document(),
                                                   QFileInfo(path_).absolutePath().toStdString());
    for (const auto& p : load.problems)
        problems_->addItem(
            QString::fromStdString((p.pointer.empty() ? "/" : p.pointer) + ": " + p.message));
}

bool MainWindow::run() {
    if (runner_.running()) return false;
    validate();
    const auto doc = effective_document();
    if (doc.is_null()) {
        tabs_->setCurrentIndex(tabs_->count() - 1);
        status_->setText("The scenario JSON is not valid JSON; see the Scenario JSON tab.");
        return false;
    }
    const auto load =
        workload::load_scenario_file(doc, QFileInfo(path_).absolutePath().toStdString());
    if (!load.ok()) {
        tabs_->setCurrentIndex(tabs_->count() - 1);
        status_->setText(QString("%1 problem(s) in the scenario; see the Scenario JSON tab.")
                             .arg(load.problems.size()));
        return false;
    }
    // The run plan refuses what cannot fit (too many partitions, series, requests) before
    // the worker starts, as the CLI does.
    const auto& baseline = load.file->baseline;
    const auto fidelity = baseline.fidelity == "request"     ? run::Fidelity::kRequest
                          : baseline.fidelity == "aggregate" ? run::Fidelity::kAggregate
                                                             : run::Fidelity::kAuto;
    if (const auto plan = run::plan_run(baseline.config, fidelity); !plan.ok()) {
        tabs_->setCurrentIndex(tabs_->count() - 1);
        problems_->addItem(
            QString::fromStdString(plan.problem->pointer + ": " + plan.problem->message));
        status_->setText("This run cannot go ahead; see the Scenario JSON tab.");
        return false;
    }
    if (!runner_.start(baseline)) return false;
    progress_->setValue(0);
    progress_->setVisible(true);
    run_button_->setEnabled(false);
    cancel_button_->setEnabled(true);
    status_->setText("Running…");
    return true;
}

void MainWindow::cancel() {
    runner_.cancel();
}

void MainWindow::on_finished(std::shared_ptr<const run::Outcome> outcome) {
    current_ = std::move(outcome);
    progress_->setVisible(false);
    run_button_->setEnabled(true);
    cancel_button_->setEnabled(false);
    const auto& m = current_->metrics;
    auto get = [&](const char* k) { return m.count(k) ? m.at(k) : 0.0; };
    status_->setText(
        QString("%1 fidelity: %2 requests, %3 throttled, %4 a month as run")
            .arg(QString::fromStdString(current_->result.fidelity))
            .arg(QString::fromStdString(reports::grouped(get("requests.sum"))))
            .arg(QString::fromStdString(reports::grouped(get("throttledRequests.sum"))))
            .arg(QString::fromStdString("$" + reports::grouped(get("monthlyCost.as-run"), 2))));
    fill_regions();
    refresh();
}

void MainWindow::keep_as_a() {
    if (!current_) return;
    a_ = current_;
    status_->setText("Kept this run as A. Change knobs and run B to compare.");
    refresh();
}

void MainWindow::clear_a() {
    a_.reset();
    refresh();
}

void MainWindow::refresh() {
    if (!current_) return;
    // A global table's charts show the region chosen (run::region_outcome), A's too.
    const std::string region = region_->currentData().toString().toStdString();
    view_b_ = region.empty()
                  ? current_
                  : std::make_shared<const run::Outcome>(run::region_outcome(*current_, region));
    view_a_.reset();
    if (a_ && a_ != current_)
        view_a_ = region.empty()
                      ? a_
                      : std::make_shared<const run::Outcome>(run::region_outcome(*a_, region));
    const run::Outcome& b = *view_b_;
    const run::Outcome* a = view_a_.get();
    read_->set(capacity_chart(b, a, false));
    write_->set(capacity_chart(b, a, true));
    throttles_->set(throttle_chart(b, a));
    partitions_->set(partitions_chart(b, a));
    latency_->set(latency_chart(b, a));
    replication_->set(replication_chart(b, a));
    replication_->setVisible(!current_->regions.empty());
    cost_->set(cost_chart(b, a));
    heat_->set(view_b_.get());
    explain_->setHtml(throttle_explanation_html(b));
    fill_cost_table();
    fill_compare_table();
}

// The regions of the current run in the selector (hidden for a single-region table),
// keeping the region chosen when the new run has it.
void MainWindow::fill_regions() {
    const QString chosen = region_->currentData().toString();
    QSignalBlocker block(region_);
    region_->clear();
    for (std::size_t i = 0; i < current_->regions.size(); ++i) {
        const auto name = QString::fromStdString(current_->regions[i].region);
        region_->addItem(i == 0 ? name + " (the table's own)" : name, name);
    }
    const int at = region_->findData(chosen);
    region_->setCurrentIndex(at >= 0 ? at : 0);
    region_box_->setVisible(!current_->regions.empty());
}

void MainWindow::fill_cost_table() {
    const auto& alts = view_b_->costs.alternatives;
    cost_table_->clear();
    cost_table_->setColumnCount(4);
    cost_table_->setHorizontalHeaderLabels(
        {"mode", "cost of the run", "monthly (projected)", "basis"});
    cost_table_->setRowCount(static_cast<int>(alts.size()));
    for (int i = 0; i < static_cast<int>(alts.size()); ++i) {
        const auto& a = alts[static_cast<std::size_t>(i)];
        const bool best = a.key == view_b_->costs.cheapest;
        cost_table_->setItem(
            i, 0,
            new QTableWidgetItem(QString::fromStdString(a.label) + (best ? "  ★ cheapest" : "")));
        cost_table_->setItem(
            i, 1,
            new QTableWidgetItem(
                a.available ? QString::fromStdString(cost::format_dollars(a.run.total)) : "n/a"));
        cost_table_->setItem(
            i, 2,
            new QTableWidgetItem(
                a.available ? QString::fromStdString(cost::format_dollars(a.month.total)) : "n/a"));
        cost_table_->setItem(
            i, 3, new QTableWidgetItem(QString::fromStdString(a.available ? a.basis : a.why_not)));
    }
    cost_table_->resizeColumnsToContents();
}

void MainWindow::fill_compare_table() {
    struct Row {
        const char* label;
        const char* key;
        int decimals;
    };
    const Row rows[] = {{"monthly cost as run, $", "monthlyCost.as-run", 2},
                        {"monthly cost, provisioned fixed, $", "monthlyCost.provisioned-fixed", 2},
                        {"monthly cost, auto scaling, $", "monthlyCost.provisioned-autoscaling", 2},
                        {"monthly cost, on-demand, $", "monthlyCost.on-demand", 2},
                        {"monthly cost, reserved 1 year, $", "monthlyCost.reserved-1y", 2},
                        {"throttled requests", "throttledRequests.sum", 0},
                        {"requests given up", "gaveUpRequests.sum", 0},
                        {"consumed RCU", "consumedRCU.sum", 0},
                        {"consumed WCU", "consumedWCU.sum", 0},
                        {"peak partitions", "partitions.max", 0},
                        {"p99 latency, ms", "latencyMs.p99", 2}};
    const run::Outcome* a = view_a_ ? view_a_.get() : (a_ == current_ ? view_b_.get() : nullptr);
    const run::Outcome* b = view_b_.get();
    compare_table_->clear();
    compare_table_->setColumnCount(4);
    compare_table_->setHorizontalHeaderLabels({"metric", "A (kept)", "B (current)", "B − A"});
    compare_table_->setRowCount(static_cast<int>(std::size(rows)));
    int r = 0;
    for (const auto& row : rows) {
        auto text = [&](const run::Outcome* o) -> QString {
            if (!o || !o->metrics.count(row.key)) return "–";
            return QString::fromStdString(reports::grouped(o->metrics.at(row.key), row.decimals));
        };
        compare_table_->setItem(r, 0, new QTableWidgetItem(row.label));
        compare_table_->setItem(r, 1, new QTableWidgetItem(text(a)));
        compare_table_->setItem(r, 2, new QTableWidgetItem(text(b)));
        QString diff = "–";
        if (a && a->metrics.count(row.key) && b->metrics.count(row.key)) {
            const double d = b->metrics.at(row.key) - a->metrics.at(row.key);
            diff = QString::fromStdString((d > 0 ? "+" : "") + reports::grouped(d, row.decimals));
        }
        compare_table_->setItem(r, 3, new QTableWidgetItem(diff));
        ++r;
    }
    compare_table_->resizeColumnsToContents();
}

ChartView* MainWindow::chart(const QString& name) const {
    if (name == "read") return read_;
    if (name == "write") return write_;
    if (name == "throttles") return throttles_;
    if (name == "partitions") return partitions_;
    if (name == "latency") return latency_;
    if (name == "replication") return replication_;
    if (name == "cost") return cost_;
    return nullptr;
}

bool MainWindow::save_as(const QString& path) {
    const auto doc = effective_document();
    if (doc.is_null()) return false;
    auto st = reports::write_files_atomically({{path.toStdString(), doc.dump(2) + "\n"}});
    if (!st.ok()) {
        status_->setText(QString::fromStdString(st.error().message));
        return false;
    }
    path_ = path;
    add_recent(path);
    status_->setText("Saved " + path);
    return true;
}

bool MainWindow::export_report(const QString& path) {
    if (!current_) return false;
    const auto doc = effective_document();
    auto load = workload::load_scenario_file(doc, QFileInfo(path_).absolutePath().toStdString());
    if (!load.ok()) return false;
    reports::Report report;
    report.source = path_.toStdString();
    report.file = &*load.file;
    report.outcomes.push_back(*current_);
    report.outcomes.front().name = "baseline";
    if (a_ && a_ != current_) {
        report.outcomes.push_back(*a_);
        report.outcomes.back().name = "A (kept)";
    }
    auto st = reports::write_files_atomically({{path.toStdString(), reports::render_html(report)}});
    status_->setText(st.ok() ? "Exported " + path : QString::fromStdString(st.error().message));
    return st.ok();
}

bool MainWindow::export_chart(const QString& path) {
    ChartView* view = nullptr;
    switch (tabs_->currentIndex()) {
        case 1:
            view = throttles_;
            break;
        case 3:
            view = latency_;
            break;
        case 4:
            view = cost_;
            break;
        default:
            view = read_;
    }
    if (path.endsWith(".svg", Qt::CaseInsensitive)) {
        QSvgGenerator svg;
        svg.setFileName(path);
        svg.setSize(view->size());
        svg.setViewBox(view->rect());
        svg.setTitle("ddbsim chart");
        QPainter painter(&svg);
        view->render(&painter);
        return true;
    }
    return view->grab().save(path);
}

bool MainWindow::screenshot(const QString& path) {
    return grab().save(path);
}

void MainWindow::connect_live(const QUrl& url, int interval_ms) {
    live_->connect_to(url, interval_ms);
    tabs_->setCurrentWidget(live_);
}

QStringList MainWindow::tab_names() const {
    QStringList names;
    for (int i = 0; i < tabs_->count(); ++i) {
        QString text = tabs_->tabText(i);
        text.replace("&&", QString(QChar(1)));  // "&&" shows "&"; a lone "&" marks a shortcut
        text.remove('&');
        text.replace(QChar(1), '&');
        names << text;
    }
    return names;
}

int MainWindow::find_tab(const QString& name) const {
    const QStringList names = tab_names();
    const QString want = name.trimmed();
    for (int i = 0; i < names.size(); ++i)
        if (names[i].compare(want, Qt::CaseInsensitive) == 0) return i;
    int found = -1;
    for (int i = 0; i < names.size(); ++i) {
        if (!want.isEmpty() && names[i].startsWith(want, Qt::CaseInsensitive)) {
            if (found >= 0) return -1;  // ambiguous
            found = i;
        }
    }
    return found;
}

}  // namespace ddbsim::gui
