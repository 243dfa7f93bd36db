// The desktop app under Qt Test (QT_QPA_PLATFORM=offscreen): knobs edit the scenario, runs
// happen off the UI thread, charts and the cost table show exactly the engine's numbers for
// the same settings, A/B comparison, inline validation, cancel keeps the previous results.
#include <QCheckBox>
#include <QComboBox>
#include <QFile>
#include <QLineEdit>
#include <QListWidget>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPlainTextEdit>
#include <QProcess>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTextBrowser>
#include <QtCharts/QCategoryAxis>
#include <QtCharts/QLineSeries>
#include <QtTest/QtTest>

#include "chart_builder.hpp"
#include "chart_view.hpp"
#include "heat_map_widget.hpp"
#include "import_dialog.hpp"
#include "knobs.hpp"
#include "knobs_panel.hpp"
#include "live_metrics.hpp"
#include "live_view.hpp"
#include "main_window.hpp"
#include "reports/time_series.hpp"
#include "run/run_simulation.hpp"
#include "workload/scenario_file.hpp"

using namespace ddbsim;
using nlohmann::json;

namespace {

const QString kScenario = QString(DDBSIM_SOURCE_DIR) + "/tests/scenarios/report-check.json";

QLineSeries* series(gui::ChartView* view, const QString& name) {
    for (auto* s : view->chart()->series())
        if (s->name() == name) return qobject_cast<QLineSeries*>(s);
    return nullptr;
}

// The engine's own run of the document the window would run.
run::Outcome engine_run(const json& doc) {
    auto load = workload::load_scenario_file(doc);
    if (!load.ok()) qFatal("the effective document does not load");
    const auto& s = load.file->baseline;
    return run::make_outcome("current", "", s,
                             run::run_simulation(s.config, run::Fidelity::kRequest));
}

}  // namespace

class GuiTest : public QObject {
    Q_OBJECT
  private slots:
    void knobs_edit_the_document();
    void a_run_shows_the_engines_numbers();
    void a_b_comparison();
    void invalid_scenarios_are_shown_inline();
    void cancel_keeps_the_previous_results();
    void screenshot_renders_the_window();
    void tabs_are_found_by_name();
    void counts_are_labelled_like_the_report();
    void capacity_charts_show_the_demand();
    void the_heat_map_explains_a_cell();
    void import_from_aws_exports();
    void the_throttling_tab_says_why();
    void live_metrics_are_read_from_the_server_text();
    void the_live_view_follows_a_running_server();
    void a_global_table_shows_each_region();
};

void GuiTest::a_global_table_shows_each_region() {
    gui::MainWindow w;
    QVERIFY(w.open(QString(DDBSIM_SOURCE_DIR) + "/scenarios/examples/global-table.json"));
    // The failover knob reads the scenario's failover and writes it back.
    QVERIFY(w.knobs()->failover->isEnabled());
    QVERIFY(w.knobs()->failover->isChecked());
    QCOMPARE(w.knobs()->failover_at->value(), 10);
    w.knobs()->failover_at->setValue(1);
    w.knobs()->failover_length->setValue(1);
    QCOMPARE(w.effective_document()["failover"],
             json::parse(R"([{"region": "us-east-1", "at": "1min", "length": "1min",
                             "to": "eu-west-1"}])"));
    w.knobs()->failover->setChecked(false);
    QVERIFY(!w.effective_document().contains("failover"));
    w.knobs()->duration->setText("3min");
    QVERIFY(w.run());
    w.runner().wait();
    QVERIFY(w.current() != nullptr);
    // One entry per region; every chart follows the one chosen.
    QCOMPARE(w.region_selector()->count(), 2);
    QCOMPARE(w.region_selector()->currentData().toString(), QString("us-east-1"));
    auto* provisioned = series(w.chart("read"), gui::kProvisionedSeries);
    QVERIFY(provisioned);
    QCOMPARE(provisioned->at(0).y(), 300.0);  // the table's read capacity
    QVERIFY(series(w.chart("replication"), "ReplicationLatency max, ms"));
    w.region_selector()->setCurrentIndex(1);
    provisioned = series(w.chart("read"), gui::kProvisionedSeries);
    QCOMPARE(provisioned->at(0).y(), 100.0);  // eu-west-1's ProvisionedThroughputOverride
    // The cost table is eu-west-1's bill.
    const auto& eu = w.current()->regions.at(1).costs;
    QCOMPARE(w.cost_table()->item(0, 2)->text().toStdString(),
             cost::format_dollars(eu.alternatives.at(0).month.total));
    // A single-region scenario has no region to choose and no failover to set.
    QVERIFY(w.open(kScenario));
    QVERIFY(!w.knobs()->failover->isEnabled());
    QVERIFY(!w.effective_document().contains("failover"));
}

void GuiTest::live_metrics_are_read_from_the_server_text() {
    const QString text = R"(# HELP ddbsim_model_time_seconds Model time
ddbsim_model_time_seconds 12.5
ddbsim_consumed_write_capacity_units_total{table="orders",index=""} 30
ddbsim_consumed_write_capacity_units_total{table="orders",index="by_status"} 9
ddbsim_provisioned_write_capacity_units{table="orders",index=""} 5
ddbsim_write_throttle_events_total{table="orders",index=""} 4
ddbsim_throttle_events_by_reason_total{table="orders",reason="TableWriteProvisionedThroughputExceeded"} 4
ddbsim_requests_total{table="orders",operation="PutItem"} 14
ddbsim_throttled_requests_total{table="orders",operation="PutItem"} 4
ddbsim_partitions{table="orders",index=""} 1
)";
    QString error;
    const auto r = gui::parse_live_metrics(text, error);
    QVERIFY(r);
    QCOMPARE(r->model_seconds, 12.5);
    const auto& t = r->tables.at("orders");
    QCOMPARE(t.consumed_write, 30.0);  // the table's own, not its index's
    QCOMPARE(t.write_requests, 14.0);
    QCOMPARE(t.by_reason.at("TableWriteProvisionedThroughputExceeded"), 4.0);
    // Over 10 s from zero: 30 units on 10 served puts = 3 units each; 4 throttled → 12 more.
    const auto rates = gui::live_rates(gui::LiveTable{}, t, 10);
    QCOMPARE(rates.consumed_write, 3.0);
    QCOMPARE(rates.requested_write, 4.2);
    QVERIFY(!gui::parse_live_metrics("<html>not metrics</html>", error));
    QVERIFY(error.contains("not ddbsim serve"));
}

void GuiTest::the_live_view_follows_a_running_server() {
    // A real `ddbsim serve` on a free loopback port; the live view polls it as writes arrive.
    QProcess server;
    server.start(DDBSIM_CLI, {"serve", "--port", "0", "--quiet"});
    QVERIFY(server.waitForStarted());
    QVERIFY(server.waitForReadyRead(15000));
    const QString line = QString::fromUtf8(server.readLine());
    QVERIFY2(line.contains("listening on "), qPrintable(line));
    const QUrl url(line.split("listening on ").last().trimmed());
    QCOMPARE(url.host(), QString("127.0.0.1"));
    QNetworkAccessManager network;
    auto call = [&](const QString& operation, const QByteArray& body) {
        QNetworkRequest request(url);
        request.setHeader(QNetworkRequest::ContentTypeHeader, "application/x-amz-json-1.0");
        request.setRawHeader("X-Amz-Target", ("DynamoDB_20120810." + operation).toUtf8());
        request.setRawHeader("Authorization",
                             "AWS4-HMAC-SHA256 Credential=test/20261204/us-east-1/dynamodb/"
                             "aws4_request, SignedHeaders=host, Signature=0");
        QNetworkReply* reply = network.post(request, body);
        QSignalSpy done(reply, &QNetworkReply::finished);
        if (!reply->isFinished()) done.wait(10000);
        const QByteArray out = reply->readAll();
        reply->deleteLater();
        return out;
    };
    const QByteArray created = call(
        "CreateTable",
        R"({"TableName": "live", "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
            "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
            "ProvisionedThroughput": {"ReadCapacityUnits": 5, "WriteCapacityUnits": 5}})");
    QVERIFY2(created.contains("TableDescription"), created.constData());
    gui::MainWindow w;
    w.connect_live(url, 200);
    QTRY_VERIFY_WITH_TIMEOUT(w.live_view()->readings() >= 2, 10000);
    QCOMPARE(w.live_view()->selected_table(), QString("live"));
    for (int i = 0; i < 20; ++i)
        call("PutItem",
             QString(R"({"TableName": "live", "Item": {"pk": {"S": "k%1"}}})").arg(i).toUtf8());
    // 20 one-unit writes show up as consumed write capacity in the chart.
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            auto* s = series(w.live_view()->write_chart(), gui::kConsumedSeries);
            if (!s) return false;
            double total = 0;
            for (int i = 0; i < s->count(); ++i)
                total += s->at(i).y();
            return total > 0;
        }(),
        10000);
    QVERIFY(w.live_view()->status().startsWith("Live: "));
    server.terminate();
    QVERIFY(server.waitForFinished(30000));
}

void GuiTest::the_throttling_tab_says_why() {
    // The hot collection throttles on its partition's 1,000 WCU hard limit: the panel names
    // the reason, the partition and the fix; a run that does not throttle says so.
    gui::MainWindow w;
    QVERIFY(w.open(QString(DDBSIM_SOURCE_DIR) + "/scenarios/examples/hot-collection.json"));
    QVERIFY(w.run());
    w.runner().wait();
    const QString text = w.throttle_explanation()->toPlainText();
    QVERIFY2(text.contains("TableWriteKeyRangeThroughputExceeded"), qPrintable(text));
    QVERIFY2(text.contains("35,946") || text.contains("35946"), qPrintable(text));
    QVERIFY2(text.contains("write sharding"), qPrintable(text));
    QVERIFY2(text.contains("partition 3 for"), qPrintable(text));
    QVERIFY2(text.contains("customer#0"), qPrintable(text));  // 1,400 WCU/s on one key
    QVERIFY2(text.contains("shard it 2 ways"), qPrintable(text));
    auto doc = w.effective_document();
    doc["workload"][0]["traffic"]["constant"] = 500;
    doc.erase("whatIf");
    doc.erase("expect");
    QTemporaryDir dir;
    const QString calm = dir.filePath("calm.json");
    QFile f(calm);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(QByteArray::fromStdString(doc.dump()));
    f.close();
    QVERIFY(w.open(calm));
    QVERIFY(w.run());
    w.runner().wait();
    QVERIFY(w.throttle_explanation()->toPlainText().contains("Nothing throttled"));
}

void GuiTest::import_from_aws_exports() {
    // The same importer as `ddbsim import`: the sample exports give a scenario that opens.
    QTemporaryDir dir;
    const QString samples = QString(DDBSIM_SOURCE_DIR) + "/tests/import/samples/";
    gui::ImportRequest r;
    r.inputs["describe-table"] = samples + "describe-table.json";
    r.inputs["metrics"] = samples + "metrics.json";
    r.inputs["scalable-targets"] = samples + "scalable-targets.json";
    r.inputs["scaling-policies"] = samples + "scaling-policies.json";
    r.inputs["items"] = samples + "scan.json";
    r.out = dir.filePath("orders.json");
    QCOMPARE(gui::import_aws_exports(r), QString());
    QVERIFY(QFile::exists(dir.filePath("orders.reads.csv")));
    gui::MainWindow w;
    QVERIFY(w.open(r.out));
    QCOMPARE(w.effective_document()["table"]["TableName"], json("orders"));
    // A mismatched file: the error names the file and the field; nothing is written.
    r.inputs["scalable-targets"] = samples + "scaling-policies.json";
    r.out = dir.filePath("again.json");
    const QString error = gui::import_aws_exports(r);
    QVERIFY2(error.contains("scaling-policies.json: /ScalableTargets: missing"), qPrintable(error));
    QVERIFY(!QFile::exists(r.out));
    // The dialog offers every input the CLI takes.
    gui::ImportDialog dialog;
    QCOMPARE(gui::ImportDialog::roles().size(), 7);
    QVERIFY(dialog.findChild<QLineEdit*>("describe-table"));
    QVERIFY(dialog.findChild<QLineEdit*>("out"));
}

void GuiTest::tabs_are_found_by_name() {
    gui::MainWindow w;
    QCOMPARE(w.tab_names().at(1), QString("Throttling & partitions"));
    QCOMPARE(w.find_tab("Throttling & partitions"), 1);  // "&&" in the tab text
    QCOMPARE(w.find_tab("heat MAP"), 2);                 // any case
    QCOMPARE(w.find_tab("lat"), 3);                      // a unique start
    QCOMPARE(w.find_tab("C"), -1);                       // Capacity, Cost, Compare: ambiguous
    QCOMPARE(w.find_tab("nope"), -1);
}

void GuiTest::counts_are_labelled_like_the_report() {
    QCOMPARE(gui::axis_number(200000), QString("200k"));
    QCOMPARE(gui::axis_number(1500000), QString("1.5M"));
    QCOMPARE(gui::axis_number(950), QString("950"));
    // A count axis up to 180,000: round ticks of 50k, labelled as the HTML report does.
    auto* axis = qobject_cast<QCategoryAxis*>(gui::count_axis(180000, "requests"));
    QVERIFY(axis);
    QCOMPARE(axis->categoriesLabels().first(), QString("0"));
    QVERIFY(axis->categoriesLabels().contains("200k"));
    QVERIFY(!axis->categoriesLabels().join(" ").contains("e+"));
    delete axis;
}

void GuiTest::capacity_charts_show_the_demand() {
    // One customer at 1,400 WCU/s throttles at its partition's 1,000 until a split: the
    // requested line stands ~400 WCU/s above the consumed one while it throttles.
    gui::MainWindow w;
    QVERIFY(w.open(QString(DDBSIM_SOURCE_DIR) + "/scenarios/examples/hot-collection.json"));
    QVERIFY(w.run());
    w.runner().wait();
    auto* requested = series(w.chart("write"), gui::kRequestedSeries);
    auto* consumed = series(w.chart("write"), gui::kConsumedSeries);
    QVERIFY(requested && consumed);
    QCOMPARE(requested->count(), consumed->count());
    double gap_early = 0, gap_late = 0;
    for (int i = 0; i < requested->count(); ++i) {
        QVERIFY(requested->at(i).y() >= consumed->at(i).y() - 1e-9);
        const double gap = requested->at(i).y() - consumed->at(i).y();
        (consumed->at(i).x() < 1.0 ? gap_early : gap_late) =
            std::max(consumed->at(i).x() < 1.0 ? gap_early : gap_late, gap);
        if (consumed->at(i).x() >= 2.0) QCOMPARE(gap, 0.0);
    }
    QVERIFY(gap_early > 300);
}

void GuiTest::the_heat_map_explains_a_cell() {
    gui::MainWindow w;
    QVERIFY(w.open(QString(DDBSIM_SOURCE_DIR) + "/scenarios/examples/hot-collection.json"));
    QVERIFY(w.run());
    w.runner().wait();
    auto* heat = w.heat_map();
    heat->resize(900, 400);
    const QRect area = heat->map_area();
    QVERIFY(!heat->image().isNull());
    QVERIFY(heat->tip_at(area.topLeft() - QPoint(5, 5)).isEmpty());  // outside the map
    // The top row early in the run: the split's new partition, 4 of 4, idle at first.
    const QString top = heat->tip_at(QPoint(area.left() + 2, area.top() + 2));
    QVERIFY2(top.startsWith("partition 4, 0"), qPrintable(top));
    // Partition 3 in the first minute: the hot customer at the 1,000 WCU limit, throttled.
    const QString hot = heat->tip_at(QPoint(area.left() + 2, area.top() + area.height() * 3 / 8));
    QVERIFY2(hot.startsWith("partition 3"), qPrintable(hot));
    QVERIFY2(hot.contains("% of the limit"), qPrintable(hot));
    QVERIFY2(!hot.contains("throttled attempts in the table that minute: 0"), qPrintable(hot));
    // The rendered widget carries the colour bar: red (100 %) at its top, white at its foot.
    QImage shot(heat->size(), QImage::Format_RGB32);
    heat->render(&shot);
    const QColor top_of_bar = shot.pixelColor(area.right() + 29, area.top() + 2);
    const QColor foot_of_bar = shot.pixelColor(area.right() + 29, area.bottom() - 2);
    QVERIFY2(top_of_bar.red() > 240 && top_of_bar.green() < 80, qPrintable(top_of_bar.name()));
    QVERIFY2(foot_of_bar.green() > 230 && foot_of_bar.blue() > 200, qPrintable(foot_of_bar.name()));
}

void GuiTest::knobs_edit_the_document() {
    const json doc = json::parse(R"({"duration": "2m", "table": {"TableName": "t01",
        "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
        "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
        "BillingMode": "PROVISIONED", "ProvisionedThroughput": {"ReadCapacityUnits": 50, "WriteCapacityUnits": 100}},
        "workload": [{"name": "w", "operation": "PutItem", "traffic": {"constant": 5}, "keys": {"count": 10}}]})");
    auto k = gui::Knobs::from_document(doc);
    QCOMPARE(k.rcu, std::int64_t{50});
    QCOMPARE(k.wcu, std::int64_t{100});
    QCOMPARE(QString::fromStdString(k.duration), QString("2m"));
    QCOMPARE(k.apply(doc)["table"]["ProvisionedThroughput"], doc["table"]["ProvisionedThroughput"]);
    k.on_demand = true;
    k.hot_key_share = 0.25;
    k.write_shards = 4;
    k.sqs_consumer_rate = 30;
    const json od = k.apply(doc);
    QCOMPARE(od["table"]["BillingMode"], json("PAY_PER_REQUEST"));
    QVERIFY(!od["table"].contains("ProvisionedThroughput"));
    QCOMPARE(od["workload"][0]["keys"]["hot"][0]["share"], json(0.25));
    QCOMPARE(od["workload"][0]["sharding"]["shards"], json(4));
    QCOMPARE(od["sqs"]["consumerRate"], json(30.0));
    QVERIFY(workload::load_scenario_file(od).ok());
    // Knobs read back what they wrote.
    const auto back = gui::Knobs::from_document(od);
    QVERIFY(back.on_demand);
    QCOMPARE(back.hot_key_share, 0.25);
    QCOMPARE(back.write_shards, 4);
}

void GuiTest::a_run_shows_the_engines_numbers() {
    gui::MainWindow w;
    QVERIFY(w.open(kScenario));
    w.knobs()->wcu->setValue(200);  // a knob turned: 200 WCU instead of the file's 100
    QCOMPARE(w.effective_document()["table"]["ProvisionedThroughput"]["WriteCapacityUnits"],
             json(200));
    QVERIFY(w.run());
    QVERIFY(w.runner().running());
    w.runner().wait();
    QVERIFY(w.current() != nullptr);
    const auto expected = engine_run(w.effective_document());
    // The write chart's consumed series is the engine's per-second consumption.
    auto* consumed = series(w.chart("write"), gui::kConsumedSeries);
    QVERIFY(consumed);
    const auto rows = reports::period_rows(expected.result.metrics, gui::chart_period(expected));
    QCOMPARE(consumed->count(), static_cast<int>(rows.size()));
    for (int i = 0; i < consumed->count(); ++i)
        QCOMPARE(consumed->at(i).y(), rows[static_cast<std::size_t>(i)].consumed_wcu /
                                          static_cast<double>(gui::chart_period(expected)));
    auto* provisioned = series(w.chart("write"), gui::kProvisionedSeries);
    QCOMPARE(provisioned->at(0).y(), 200.0);
    // The cost table is the engine's comparison, mode by mode.
    QCOMPARE(w.cost_table()->rowCount(), static_cast<int>(expected.costs.alternatives.size()));
    for (int i = 0; i < w.cost_table()->rowCount(); ++i) {
        const auto& alt = expected.costs.alternatives[static_cast<std::size_t>(i)];
        if (!alt.available) continue;
        QCOMPARE(w.cost_table()->item(i, 2)->text().toStdString(),
                 cost::format_dollars(alt.month.total));
    }
    QCOMPARE(w.current()->metrics.at("monthlyCost.as-run"),
             expected.metrics.at("monthlyCost.as-run"));
}

void GuiTest::a_b_comparison() {
    gui::MainWindow w;
    QVERIFY(w.open(kScenario));
    QVERIFY(w.run());
    w.runner().wait();
    w.keep_as_a();
    w.knobs()->mode->setCurrentIndex(1);  // on-demand
    QVERIFY(w.run());
    w.runner().wait();
    QVERIFY(w.kept() != nullptr && w.current() != w.kept());
    QVERIFY(series(w.chart("write"), QString(gui::kConsumedSeries) + " (A)") != nullptr);
    auto* t = w.compare_table();
    QCOMPARE(t->item(0, 0)->text(), QString("monthly cost as run, $"));
    QVERIFY(t->item(0, 1)->text() != "–");
    QVERIFY(t->item(0, 2)->text() != t->item(0, 1)->text());  // provisioned vs on-demand differ
    QVERIFY(t->item(0, 3)->text() != "–");
}

void GuiTest::invalid_scenarios_are_shown_inline() {
    gui::MainWindow w;
    QVERIFY(w.open(kScenario));
    w.knobs()->duration->setText("ten minutes");
    QVERIFY(!w.run());
    QVERIFY(w.problems()->count() >= 1);
    QVERIFY(w.problems()->item(0)->text().startsWith("/duration: found \"ten minutes\""));
    w.json_editor()->setPlainText("{ not json");
    QVERIFY(!w.run());
    QTRY_VERIFY(w.problems()->count() == 1 &&
                w.problems()->item(0)->text().startsWith("invalid JSON"));
}

void GuiTest::cancel_keeps_the_previous_results() {
    gui::MainWindow w;
    QVERIFY(w.open(kScenario));
    QVERIFY(w.run());
    w.runner().wait();
    const run::Outcome* before = w.current();
    const int points = series(w.chart("write"), gui::kConsumedSeries)->count();
    w.knobs()->duration->setText("12h");  // a long request-level run
    QSignalSpy cancelled(&w.runner(), &gui::RunController::cancelled);
    QVERIFY(w.run());
    w.cancel();
    w.runner().wait();
    QCOMPARE(cancelled.count(), 1);
    QVERIFY(!w.runner().running());
    QCOMPARE(w.current(), before);  // the previous results stay, nothing partial
    QCOMPARE(series(w.chart("write"), gui::kConsumedSeries)->count(), points);
}

void GuiTest::screenshot_renders_the_window() {
    QTemporaryDir dir;
    gui::MainWindow w;
    QVERIFY(w.open(kScenario));
    QVERIFY(w.run());
    w.runner().wait();
    w.show();
    const QString png = dir.filePath("window.png");
    QVERIFY(w.screenshot(png));
    QVERIFY(QFile(png).size() > 10000);
    const QString svg = dir.filePath("chart.svg");
    QVERIFY(w.export_chart(svg));
    QVERIFY(QFile(svg).size() > 1000);
    const QString html = dir.filePath("report.html");
    QVERIFY(w.export_report(html));
    QVERIFY(QFile(html).size() > 10000);
}

QTEST_MAIN(GuiTest)
#include "gui_test.moc"
