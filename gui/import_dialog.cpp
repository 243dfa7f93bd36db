#include "import_dialog.hpp"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

#include "import/scenario_import.hpp"
#include "reports/atomic_file.hpp"

namespace ddbsim::gui {

const QList<QPair<QString, QString>>& ImportDialog::roles() {
    static const QList<QPair<QString, QString>> r = {
        {"describe-table", "aws dynamodb describe-table (required)"},
        {"metrics", "aws cloudwatch get-metric-data (required)"},
        {"scalable-targets", "aws application-autoscaling describe-scalable-targets"},
        {"scaling-policies", "aws application-autoscaling describe-scaling-policies"},
        {"contributor-insights", "aws dynamodb describe-contributor-insights"},
        {"insight-report", "aws cloudwatch get-insight-rule-report (hot keys)"},
        {"items", "aws dynamodb scan --max-items N (item sizes)"}};
    return r;
}

QString import_aws_exports(const ImportRequest& r) {
    auto read = [&](const QString& role, QString& error) -> std::optional<import::InputFile> {
        const QString path = r.inputs.value(role);
        if (path.isEmpty()) return std::nullopt;
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly)) {
            error = path + ": cannot read it";
            return std::nullopt;
        }
        return import::InputFile{path.toStdString(), f.readAll().toStdString()};
    };
    QString error;
    import::ImportInputs in;
    auto table = read("describe-table", error);
    if (!error.isEmpty()) return error;
    if (!table) return "describe-table: choose the output of aws dynamodb describe-table";
    in.describe_table = *table;
    const std::pair<const char*, std::optional<import::InputFile>*> optional[] = {
        {"metrics", &in.metrics},
        {"scalable-targets", &in.scalable_targets},
        {"scaling-policies", &in.scaling_policies},
        {"contributor-insights", &in.contributor_insights},
        {"insight-report", &in.insight_report},
        {"items", &in.items}};
    for (const auto& [role, slot] : optional) {
        *slot = read(role, error);
        if (!error.isEmpty()) return error;
    }
    if (r.out.isEmpty()) return "choose where to write the scenario";
    const QFileInfo out(r.out);
    import::ImportOptions options;
    options.strong_reads = r.strong_reads;
    options.missing_as_zero = r.missing_as_zero;
    options.sidecar_prefix = out.completeBaseName().toStdString();
    auto imported = import::import_scenario(in, options);
    if (!imported) return QString::fromStdString(imported.error().message);
    std::vector<std::pair<std::string, std::string>> files;
    for (const auto& [name, text] : imported->sidecars)
        files.emplace_back(out.dir().filePath(QString::fromStdString(name)).toStdString(), text);
    files.emplace_back(r.out.toStdString(), imported->scenario.dump(2) + "\n");
    if (auto st = reports::write_files_atomically(files); !st.ok())
        return QString::fromStdString(st.error().message);
    return {};
}

ImportDialog::ImportDialog(QWidget* parent) : QDialog(parent) {
    setWindowTitle("Import from AWS exports");
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(
        "The JSON the AWS CLI prints for your table (README: \"Start from your production "
        "table\"). The scenario replays the demand CloudWatch recorded, beside on-demand, "
        "auto scaling and provisioned what-ifs."));
    auto* form = new QFormLayout;
    auto picker = [this](QLineEdit* edit, bool save) {
        auto* row = new QWidget;
        auto* h = new QHBoxLayout(row);
        h->setContentsMargins(0, 0, 0, 0);
        h->addWidget(edit, 1);
        auto* browse = new QPushButton("…");
        h->addWidget(browse);
        connect(browse, &QPushButton::clicked, this, [this, edit, save] {
            const QString p = save ? QFileDialog::getSaveFileName(this, "Scenario", edit->text(),
                                                                  "Scenarios (*.json)")
                                   : QFileDialog::getOpenFileName(this, "AWS CLI output",
                                                                  edit->text(), "JSON (*.json)");
            if (!p.isEmpty()) edit->setText(p);
        });
        return row;
    };
    for (const auto& [role, command] : roles()) {
        auto* edit = new QLineEdit;
        edit->setPlaceholderText(command);
        edit->setObjectName(role);
        inputs_[role] = edit;
        form->addRow(role, picker(edit, false));
    }
    out_ = new QLineEdit;
    out_->setObjectName("out");
    out_->setPlaceholderText("where to write SCENARIO.json");
    form->addRow("scenario", picker(out_, true));
    layout->addLayout(form);
    strong_ = new QCheckBox("reads are strongly consistent");
    missing_ = new QCheckBox("count CloudWatch periods without a data point as 0");
    missing_->setChecked(true);
    layout->addWidget(strong_);
    layout->addWidget(missing_);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    buttons->button(QDialogButtonBox::Ok)->setText("Import");
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
}

ImportRequest ImportDialog::request() const {
    ImportRequest r;
    for (auto it = inputs_.begin(); it != inputs_.end(); ++it)
        if (!it.value()->text().isEmpty()) r.inputs[it.key()] = it.value()->text();
    r.out = out_->text();
    r.strong_reads = strong_->isChecked();
    r.missing_as_zero = missing_->isChecked();
    return r;
}

}  // namespace ddbsim::gui
