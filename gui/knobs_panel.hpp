// KnobsPanel: the side panel of what-if knobs, each with a tooltip saying what it models.
#pragma once

#include <QWidget>

#include "knobs.hpp"

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLineEdit;
class QSpinBox;

namespace ddbsim::gui {

class KnobsPanel : public QWidget {
    Q_OBJECT
  public:
    explicit KnobsPanel(QWidget* parent = nullptr);
    Knobs knobs() const;
    void set(const Knobs& k);

    // Exposed for tests and the app's shortcuts.
    QComboBox* mode;
    QSpinBox *rcu, *wcu;
    QCheckBox* auto_scaling;
    QSpinBox *min_rcu, *max_rcu, *min_wcu, *max_wcu;
    QDoubleSpinBox* target;
    QComboBox* table_class;
    QDoubleSpinBox* hot_key_share;
    QSpinBox* write_shards;
    QCheckBox* dax;
    QSpinBox* dax_ttl;
    QDoubleSpinBox* sqs_rate;
    QCheckBox* failover;  // a global table's: its own region's requests to its first replica
    QSpinBox *failover_at, *failover_length;  // minutes
    QLineEdit* duration;
    QSpinBox* seed;

  signals:
    void changed();

  private:
    void update_enabled();
    bool global_table_ = false;  // the document set last has replicas
};

}  // namespace ddbsim::gui
