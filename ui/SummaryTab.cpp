#include "ui/SummaryTab.h"

#include "core/model/CaseId.h"
#include "core/model/CaseVocabulary.h"
#include "ui/CaseFeed.h"
#include "ui/ConflictDialog.h"
#include "ui/FieldLabels.h"
#include "ui_SummaryTab.h"

#include <utility>
#include <vector>

namespace cms::ui {

namespace {

using core::cases::CaseSummary;
using Choices = std::vector<std::pair<std::string, std::string>>; // value, label

void fill(QComboBox* box, const Choices& choices, const QString& none)
{
    box->clear();
    box->addItem(none, QString());
    for (const auto& [value, label] : choices) {
        box->addItem(QString::fromStdString(label), QString::fromStdString(value));
    }
}

void select(QComboBox* box, const std::string& value)
{
    const int index = box->findData(QString::fromStdString(value));
    box->setCurrentIndex(index >= 0 ? index : 0);
}

// Selects the value, adding it when the box does not offer it: someone no longer active may
// still be assigned, and offline only the person's own team and themselves are offered. A value
// missing from the box would otherwise read as none, and a save would clear it.
void selectKeeping(QComboBox* box, const std::string& value)
{
    if (!value.empty() && box->findData(QString::fromStdString(value)) < 0) {
        box->addItem(QString::fromStdString(value), QString::fromStdString(value));
    }
    select(box, value);
}

std::string selected(const QComboBox* box)
{
    return box->currentData().toString().toStdString();
}

} // namespace

SummaryTab::SummaryTab(CaseFeed& feed, QWidget* parent)
    : QWidget(parent)
    , m_ui(std::make_unique<Ui::SummaryTab>())
    , m_feed(feed)
{
    m_ui->setupUi(this);
    for (const auto& type : core::model::CaseVocabulary::types()) {
        m_ui->typeComboBox->addItem(FieldLabels::of(type), QString::fromStdString(type));
    }
    for (const auto& status : core::model::CaseVocabulary::statuses()) {
        m_ui->statusComboBox->addItem(FieldLabels::of(status), QString::fromStdString(status));
    }
    m_ui->problemLabel->hide();
    connect(m_ui->statusComboBox, &QComboBox::currentIndexChanged, this, &SummaryTab::followStatus);
    connect(m_ui->saveButton, &QPushButton::clicked, this, &SummaryTab::save);
    loadChoices();
}

SummaryTab::~SummaryTab() = default;

void SummaryTab::loadChoices()
{
    m_feed.summaryChoices(this, [this](Result<SummaryChoices> choices) {
        if (!choices) {
            showProblem(QString::fromStdString(choices.error().message));
            return;
        }
        const auto keep = edited();
        fill(m_ui->teamComboBox, choices->teams, tr("(no team)"));
        fill(m_ui->assignedToComboBox, choices->staff, tr("(nobody)"));
        selectKeeping(m_ui->teamComboBox, keep.teamId);
        selectKeeping(m_ui->assignedToComboBox, keep.assignedTo);
    });
}

void SummaryTab::showCase(const CaseSummary& summary)
{
    m_base = summary;
    m_shown = true;
    const auto id = core::model::CaseId::parse(summary.id);
    m_ui->idValueLabel->setText(summary.id.empty() ? tr("(new: the server gives it when saved)")
                                                   : QString::fromStdString(id ? id->display() : summary.id));
    m_ui->titleLineEdit->setText(QString::fromStdString(summary.title));
    select(m_ui->typeComboBox, summary.type);
    select(m_ui->statusComboBox, summary.status);
    m_ui->openedDateEdit->setDate(summary.openedOn.empty()
                                      ? QDate::currentDate()
                                      : QDate::fromString(QString::fromStdString(summary.openedOn), Qt::ISODate));
    m_ui->closedDateEdit->setDate(summary.closedOn.empty()
                                      ? QDate::currentDate()
                                      : QDate::fromString(QString::fromStdString(summary.closedOn), Qt::ISODate));
    m_ui->closureReasonLineEdit->setText(QString::fromStdString(summary.closureReason));
    if (m_ui->assignedToComboBox->findData(QString::fromStdString(summary.assignedTo)) < 0
        && !summary.assignedTo.empty()) {
        m_ui->assignedToComboBox->addItem(QString::fromStdString(summary.assignedTo),
                                          QString::fromStdString(summary.assignedTo));
    }
    selectKeeping(m_ui->assignedToComboBox, summary.assignedTo);
    selectKeeping(m_ui->teamComboBox, summary.teamId);
    m_ui->restrictedCheckBox->setChecked(summary.restricted);
    m_ui->legalHoldCheckBox->setChecked(summary.legalHold);
    m_ui->updatedValueLabel->setText(
        summary.updatedAt.empty()
            ? QString()
            : tr("%1 by %2").arg(QString::fromStdString(summary.updatedAt), QString::fromStdString(summary.updatedBy)));
    followStatus();
    showProblem({});
}

CaseSummary SummaryTab::edited() const
{
    CaseSummary summary = m_base;
    summary.title = m_ui->titleLineEdit->text().trimmed().toStdString();
    summary.type = selected(m_ui->typeComboBox);
    summary.status = selected(m_ui->statusComboBox);
    summary.openedOn = m_ui->openedDateEdit->date().toString(Qt::ISODate).toStdString();
    const bool closed = summary.status == "closed";
    summary.closedOn = closed ? m_ui->closedDateEdit->date().toString(Qt::ISODate).toStdString() : std::string();
    summary.closureReason = closed ? m_ui->closureReasonLineEdit->text().trimmed().toStdString() : std::string();
    summary.assignedTo = selected(m_ui->assignedToComboBox);
    summary.teamId = selected(m_ui->teamComboBox);
    summary.restricted = m_ui->restrictedCheckBox->isChecked();
    summary.legalHold = m_ui->legalHoldCheckBox->isChecked();
    return summary;
}

bool SummaryTab::hasUnsavedChanges() const
{
    if (!m_shown) {
        return false;
    }
    const auto now = edited();
    return std::ranges::any_of(CaseSummary::editableFields(),
                               [&](const std::string& field) { return now.field(field) != m_base.field(field); });
}

// Closing asks for the date and the reason; an open case has neither.
void SummaryTab::followStatus()
{
    const bool closed = selected(m_ui->statusComboBox) == "closed";
    m_ui->closedDateEdit->setEnabled(closed);
    m_ui->closureReasonLineEdit->setEnabled(closed);
}

void SummaryTab::showProblem(const QString& text)
{
    m_ui->problemLabel->setText(text);
    m_ui->problemLabel->setVisible(!text.isEmpty());
}

void SummaryTab::focusTitle()
{
    m_ui->titleLineEdit->setFocus(Qt::OtherFocusReason);
}

void SummaryTab::save()
{
    saveResolved(m_base, edited());
}

void SummaryTab::saveResolved(const CaseSummary& base, const CaseSummary& changed)
{
    if (auto problem = changed.problem()) {
        showProblem(QString::fromStdString(*problem));
        return;
    }
    showProblem({});
    m_ui->saveButton->setEnabled(false);
    if (base.id.empty()) {
        m_feed.createCase(this, changed, [this](Result<CaseSummary> created) {
            m_ui->saveButton->setEnabled(true);
            if (!created) {
                showProblem(QString::fromStdString(created.error().message));
                return;
            }
            showCase(*created);
            emit saved(*created);
        });
        return;
    }
    m_feed.saveCase(this, base, changed, [this, changed](Result<core::cases::SaveOutcome> outcome) {
        handle(std::move(outcome), changed);
    });
}

void SummaryTab::handle(Result<core::cases::SaveOutcome> outcome, const CaseSummary& changed)
{
    m_ui->saveButton->setEnabled(true);
    if (!outcome) {
        showProblem(QString::fromStdString(outcome.error().message));
        return;
    }
    if (const auto* saved = std::get_if<CaseSummary>(&*outcome)) {
        showCase(*saved);
        emit this->saved(*saved);
        return;
    }
    const auto conflict = std::get<core::cases::SaveConflict>(*outcome);
    if (conflict.changedByThem.empty()) {
        // The case moved on without touching the summary (a firm added, which changes its lead
        // firm): nothing to choose, so the edit goes on top of the current version.
        const auto base = m_base;
        m_base = conflict.current;
        saveResolved(conflict.current, core::cases::CaseStore::resolve(conflict, base, changed, {}));
        return;
    }
    auto* dialog = new ConflictDialog(conflict, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    const auto base = m_base;
    connect(dialog, &QDialog::accepted, this, [this, dialog, conflict, base, changed] {
        const auto resolved = core::cases::CaseStore::resolve(conflict, base, changed, dialog->choices());
        m_base = conflict.current;
        saveResolved(conflict.current, resolved);
    });
    dialog->open();
}

} // namespace cms::ui
