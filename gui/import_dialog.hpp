// File → Import from AWS exports…: the desktop app's face of `ddbsim import` (the same
// engine/import code): pick the AWS CLI output files and where the scenario goes; the
// scenario and its demand CSVs are written (atomically) and opened.
#pragma once

#include <QDialog>
#include <QMap>
#include <QString>

class QCheckBox;
class QLineEdit;

namespace ddbsim::gui {

// What to import: input role (describe-table, metrics, scalable-targets, scaling-policies,
// contributor-insights, insight-report, items) → file path; and where to write.
struct ImportRequest {
    QMap<QString, QString> inputs;
    QString out;
    bool strong_reads = false;
    bool missing_as_zero = true;
};

// Imports and writes the scenario and its CSVs; returns "" or the error to show (naming
// the file and the field, as the CLI does).
QString import_aws_exports(const ImportRequest& request);

class ImportDialog : public QDialog {
    Q_OBJECT
  public:
    explicit ImportDialog(QWidget* parent = nullptr);
    ImportRequest request() const;
    // The input roles in the dialog's order, with the AWS CLI command each comes from.
    static const QList<QPair<QString, QString>>& roles();

  private:
    QMap<QString, QLineEdit*> inputs_;
    QLineEdit* out_ = nullptr;
    QCheckBox* strong_ = nullptr;
    QCheckBox* missing_ = nullptr;
};

}  // namespace ddbsim::gui
