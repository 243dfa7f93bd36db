#include "knobs_panel.hpp"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QLineEdit>
#include <QSpinBox>

namespace ddbsim::gui {

namespace {

QSpinBox* spin(int min, int max, const QString& tip) {
    auto* s = new QSpinBox;
    s->setRange(min, max);
    s->setToolTip(tip);
    s->setAccelerated(true);
    return s;
}

// Two fields side by side on one form row.
QWidget* side_by_side(QWidget* left, QWidget* right) {
    auto* w = new QWidget;
    auto* l = new QHBoxLayout(w);
    l->setContentsMargins(0, 0, 0, 0);
    l->addWidget(left);
    l->addWidget(right);
    return w;
}

}  // namespace

KnobsPanel::KnobsPanel(QWidget* parent) : QWidget(parent) {
    auto* form = new QFormLayout(this);
    mode = new QComboBox;
    mode->addItems({"provisioned", "on-demand"});
    mode->setToolTip(
        "BillingMode: PROVISIONED (pay per RCU/WCU-hour, throttles above capacity "
        "and burst) or PAY_PER_REQUEST (pay per request unit; instant up to double "
        "the previous peak)");
    rcu = spin(1, 40000,
               "Provisioned read capacity units: strongly consistent 4 KB reads per second");
    wcu = spin(1, 40000, "Provisioned write capacity units: 1 KB writes per second");
    auto_scaling = new QCheckBox("auto scaling");
    auto_scaling->setToolTip(
        "Application Auto Scaling target tracking: scales out after two "
        "minutes above target, in after fifteen below");
    min_rcu = spin(1, 40000, "MinCapacity for reads");
    max_rcu = spin(1, 40000, "MaxCapacity for reads");
    min_wcu = spin(1, 40000, "MinCapacity for writes");
    max_wcu = spin(1, 40000, "MaxCapacity for writes");
    target = new QDoubleSpinBox;
    target->setRange(20, 90);
    target->setSuffix(" %");
    target->setToolTip(
        "TargetTrackingScalingPolicyConfiguration.TargetValue: the utilisation "
        "auto scaling aims for (20–90 %)");
    table_class = new QComboBox;
    table_class->addItems({"Standard", "Standard-IA"});
    table_class->setToolTip(
        "TableClass: Standard-IA stores for less and charges more per request "
        "(priced from the scenario's catalog)");
    hot_key_share = new QDoubleSpinBox;
    hot_key_share->setRange(0, 1);
    hot_key_share->setSingleStep(0.05);
    hot_key_share->setDecimals(3);
    hot_key_share->setToolTip(
        "Share of the first stream's requests on one hot key (key 0): one "
        "key lives on one partition, limited to 3,000 RCU / 1,000 WCU");
    write_shards = spin(0, 1000,
                        "Write sharding (course): each write goes to key#<random "
                        "suffix> among N shards; reads of a key scatter-gather all N");
    dax = new QCheckBox("DAX cache");
    dax->setToolTip(
        "A DAX cluster in front of the table: eventually consistent GetItem/Query "
        "hits are served from its item/query cache and consume no RCU");
    dax_ttl = spin(1, 86400, "DAX item and query cache TTL, seconds");
    dax_ttl->setSuffix(" s");
    sqs_rate = new QDoubleSpinBox;
    sqs_rate->setRange(0, 1e6);
    sqs_rate->setSuffix(" /s");
    sqs_rate->setToolTip(
        "SQS write buffer: writes are queued and a consumer writes them at this "
        "rate (0 = no queue)");
    failover = new QCheckBox("fail over to the first replica");
    failover->setToolTip(
        "A global table: the table's own region's requests move to its first replica for a "
        "while (replication continues); the replica throttles until its auto scaling catches "
        "up. Replaces the scenario's failover list with this one.");
    failover_at = spin(0, 525600, "When the failover starts, minutes into the run");
    failover_at->setSuffix(" min");
    failover_length = spin(1, 525600, "How long the requests stay moved, minutes");
    failover_length->setSuffix(" min");
    duration = new QLineEdit;
    duration->setToolTip("Simulated time, e.g. 90s, 15min, 2h, 7d");
    seed = spin(0, 2147483647, "Random seed: the same scenario and seed give identical results");
    form->addRow("capacity mode", mode);
    form->addRow("provisioned RCU", rcu);
    form->addRow("provisioned WCU", wcu);
    form->addRow(auto_scaling);
    form->addRow("  min / max RCU", side_by_side(min_rcu, max_rcu));
    form->addRow("  min / max WCU", side_by_side(min_wcu, max_wcu));
    form->addRow("  target", target);
    form->addRow("table class", table_class);
    form->addRow("hot-key share", hot_key_share);
    form->addRow("write shards", write_shards);
    form->addRow(dax);
    form->addRow("  DAX TTL", dax_ttl);
    form->addRow("SQS consumer", sqs_rate);
    form->addRow(failover);
    form->addRow("  at / for", side_by_side(failover_at, failover_length));
    form->addRow("duration", duration);
    form->addRow("seed", seed);
    for (auto* s : findChildren<QSpinBox*>())
        connect(s, &QSpinBox::valueChanged, this, &KnobsPanel::changed);
    for (auto* s : findChildren<QDoubleSpinBox*>())
        connect(s, &QDoubleSpinBox::valueChanged, this, &KnobsPanel::changed);
    for (auto* c : findChildren<QComboBox*>())
        connect(c, &QComboBox::currentIndexChanged, this, [this] {
            update_enabled();
            emit changed();
        });
    for (auto* c : findChildren<QCheckBox*>())
        connect(c, &QCheckBox::toggled, this, [this] {
            update_enabled();
            emit changed();
        });
    connect(duration, &QLineEdit::textChanged, this, &KnobsPanel::changed);
    set(Knobs{});
}

void KnobsPanel::update_enabled() {
    const bool provisioned = mode->currentIndex() == 0;
    rcu->setEnabled(provisioned);
    wcu->setEnabled(provisioned);
    auto_scaling->setEnabled(provisioned);
    const bool as = provisioned && auto_scaling->isChecked();
    for (QWidget* w : {static_cast<QWidget*>(min_rcu), static_cast<QWidget*>(max_rcu),
                       static_cast<QWidget*>(min_wcu), static_cast<QWidget*>(max_wcu),
                       static_cast<QWidget*>(target)})
        w->setEnabled(as);
    dax_ttl->setEnabled(dax->isChecked());
    failover->setEnabled(global_table_);
    failover_at->setEnabled(global_table_ && failover->isChecked());
    failover_length->setEnabled(global_table_ && failover->isChecked());
}

Knobs KnobsPanel::knobs() const {
    Knobs k;
    k.on_demand = mode->currentIndex() == 1;
    k.rcu = rcu->value();
    k.wcu = wcu->value();
    k.auto_scaling = auto_scaling->isChecked();
    k.min_rcu = min_rcu->value();
    k.max_rcu = max_rcu->value();
    k.min_wcu = min_wcu->value();
    k.max_wcu = max_wcu->value();
    k.target = target->value();
    k.infrequent_access = table_class->currentIndex() == 1;
    k.hot_key_share = hot_key_share->value();
    k.write_shards = write_shards->value();
    k.dax = dax->isChecked();
    k.dax_ttl_seconds = dax_ttl->value();
    k.sqs_consumer_rate = sqs_rate->value();
    k.global_table = global_table_;
    k.failover = failover->isChecked();
    k.failover_at_minutes = failover_at->value();
    k.failover_minutes = failover_length->value();
    k.duration = duration->text().trimmed().toStdString();
    k.seed = seed->value();
    return k;
}

void KnobsPanel::set(const Knobs& k) {
    const QSignalBlocker block(this);
    const auto blockers = findChildren<QWidget*>();
    std::vector<std::unique_ptr<QSignalBlocker>> guards;
    for (auto* w : blockers)
        guards.push_back(std::make_unique<QSignalBlocker>(w));
    mode->setCurrentIndex(k.on_demand ? 1 : 0);
    rcu->setValue(static_cast<int>(k.rcu));
    wcu->setValue(static_cast<int>(k.wcu));
    auto_scaling->setChecked(k.auto_scaling);
    min_rcu->setValue(static_cast<int>(k.min_rcu));
    max_rcu->setValue(static_cast<int>(k.max_rcu));
    min_wcu->setValue(static_cast<int>(k.min_wcu));
    max_wcu->setValue(static_cast<int>(k.max_wcu));
    target->setValue(k.target);
    table_class->setCurrentIndex(k.infrequent_access ? 1 : 0);
    hot_key_share->setValue(k.hot_key_share);
    write_shards->setValue(k.write_shards);
    dax->setChecked(k.dax);
    dax_ttl->setValue(k.dax_ttl_seconds);
    sqs_rate->setValue(k.sqs_consumer_rate);
    global_table_ = k.global_table;
    failover->setChecked(k.failover);
    failover_at->setValue(k.failover_at_minutes);
    failover_length->setValue(k.failover_minutes);
    duration->setText(QString::fromStdString(k.duration));
    seed->setValue(static_cast<int>(k.seed));
    update_enabled();
}

}  // namespace ddbsim::gui
