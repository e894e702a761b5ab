#include "ui/FirmsTab.h"

#include "ui/CaseFeed.h"
#include "ui/FieldLabels.h"
#include "ui_FirmsTab.h"

#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHeaderView>
#include <QLineEdit>
#include <QListWidget>

namespace cms::ui {

FirmsTab::FirmsTab(CaseFeed& feed, bool mayEdit, QWidget* parent)
    : QWidget(parent)
    , m_ui(std::make_unique<Ui::FirmsTab>())
    , m_feed(feed)
{
    m_ui->setupUi(this);
    m_ui->tableWidget->setColumnCount(4);
    m_ui->tableWidget->setHorizontalHeaderLabels({tr("Firm"), tr("Role in the case"), tr("City"), tr("Country")});
    m_ui->tableWidget->horizontalHeader()->setStretchLastSection(true);
    m_ui->tableWidget->verticalHeader()->hide();
    m_ui->problemLabel->hide();
    m_ui->addButton->setVisible(mayEdit);
    m_ui->removeButton->setVisible(mayEdit);
    connect(m_ui->addButton, &QPushButton::clicked, this, &FirmsTab::openAddDialog);
    connect(m_ui->removeButton, &QPushButton::clicked, this, &FirmsTab::removeSelected);
}

FirmsTab::~FirmsTab() = default;

const std::vector<core::cases::CaseFirm>& FirmsTab::firms() const
{
    return m_firms;
}

void FirmsTab::load(const std::string& caseId)
{
    m_caseId = caseId;
    m_feed.caseFirms(this, caseId, [this](Result<std::vector<core::cases::CaseFirm>> loaded) {
        if (!loaded) {
            showProblem(QString::fromStdString(loaded.error().message));
            return;
        }
        m_firms = std::move(*loaded);
        auto* table = m_ui->tableWidget;
        table->setRowCount(static_cast<int>(m_firms.size()));
        for (int r = 0; r < table->rowCount(); ++r) {
            const auto& firm = m_firms[static_cast<std::size_t>(r)];
            const QStringList cells{QString::fromStdString(firm.name),
                                    FieldLabels::of(firm.role),
                                    QString::fromStdString(firm.city),
                                    QString::fromStdString(firm.country)};
            for (int c = 0; c < cells.size(); ++c) {
                table->setItem(r, c, new QTableWidgetItem(cells[c]));
            }
        }
        table->resizeColumnsToContents();
        m_ui->removeButton->setEnabled(!m_firms.empty());
        showProblem({});
    });
}

void FirmsTab::openAddDialog()
{
    auto* dialog = new QDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("Add a firm to the case"));
    dialog->setAccessibleName(dialog->windowTitle());
    auto* form = new QFormLayout(dialog);
    auto* name = new QLineEdit;
    name->setObjectName(QStringLiteral("firmNameLineEdit"));
    name->setAccessibleName(tr("Firm name"));
    auto* matches = new QListWidget;
    matches->setObjectName(QStringLiteral("matchesListWidget"));
    matches->setAccessibleName(tr("Firms on record with that name"));
    auto* role = new QComboBox;
    role->setAccessibleName(tr("Role in the case"));
    for (const auto* value : core::cases::kFirmRoles) {
        role->addItem(FieldLabels::of(value), QString::fromLatin1(value));
    }
    if (m_feed.isOffline()) {
        matches->setToolTip(tr("Offline: the firms of the cases on this computer. A new firm needs the network."));
    }
    auto* city = new QLineEdit;
    city->setAccessibleName(tr("City"));
    auto* country = new QLineEdit(QStringLiteral("US"));
    country->setAccessibleName(tr("Country"));
    form->addRow(tr("Firm &name:"), name);
    form->addRow(tr("On &record:"), matches);
    form->addRow(tr("&Role:"), role);
    form->addRow(tr("&City (new firm):"), city);
    form->addRow(tr("C&ountry (new firm):"), country);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    form->addRow(buttons);
    connect(name, &QLineEdit::textEdited, dialog, [this, matches](const QString& text) {
        m_feed.firmsOnRecord(
            matches, text.trimmed().toStdString(), [matches](Result<std::vector<core::cases::FirmMatch>> found) {
                matches->clear();
                for (const auto& match : found ? *found : std::vector<core::cases::FirmMatch>{}) {
                    auto* item = new QListWidgetItem(
                        QString::fromStdString(match.name + (match.city.empty() ? "" : ", " + match.city)));
                    item->setData(Qt::UserRole, QString::fromStdString(match.id));
                    matches->addItem(item);
                }
            });
    });
    connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
    connect(buttons, &QDialogButtonBox::accepted, dialog, [=, this] {
        const auto* chosen = matches->currentItem();
        addFirm(chosen != nullptr ? chosen->data(Qt::UserRole).toString().toStdString() : std::string(),
                name->text().trimmed().toStdString(),
                city->text().trimmed().toStdString(),
                country->text().trimmed().toStdString(),
                role->currentData().toString().toStdString());
        dialog->accept();
    });
    dialog->open();
}

void FirmsTab::addFirm(const std::string& firmId,
                       const std::string& name,
                       const std::string& city,
                       const std::string& country,
                       const std::string& role)
{
    m_feed.linkFirm(this, m_caseId, {firmId, name, city, country, role}, [this](Result<void> added) {
        if (!added) {
            showProblem(QString::fromStdString(added.error().message));
            return;
        }
        load(m_caseId);
        emit changed();
    });
}

void FirmsTab::removeSelected()
{
    const int current = m_ui->tableWidget->currentRow();
    if (current < 0 || current >= static_cast<int>(m_firms.size())) {
        showProblem(tr("Choose the firm to remove first."));
        return;
    }
    m_feed.unlinkFirm(this, m_caseId, m_firms[static_cast<std::size_t>(current)], [this](Result<void> removed) {
        if (!removed) {
            showProblem(QString::fromStdString(removed.error().message));
            return;
        }
        load(m_caseId);
        emit changed();
    });
}

void FirmsTab::showProblem(const QString& text)
{
    m_ui->problemLabel->setText(text);
    m_ui->problemLabel->setVisible(!text.isEmpty());
}

} // namespace cms::ui
