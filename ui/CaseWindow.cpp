#include "ui/CaseWindow.h"

#include "core/cases/CaseRowSpec.h"
#include "core/cases/CaseStore.h"
#include "core/model/CaseId.h"
#include "ui/CaseChangeWatcher.h"
#include "ui/CaseFeed.h"
#include "ui/CaseRowsTab.h"
#include "ui/DatabaseWorker.h"
#include "ui/FirmsTab.h"
#include "ui/HistoryTab.h"
#include "ui/LetterDialog.h"
#include "ui/PeopleTab.h"
#include "ui/SummaryTab.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QShortcut>
#include <QTabWidget>
#include <QVBoxLayout>

namespace cms::ui {

namespace {

bool oneOf(const std::string& role, std::initializer_list<const char*> roles)
{
    return std::ranges::any_of(roles, [&](const char* r) { return role == r; });
}

} // namespace

CaseWindow::CaseWindow(CaseFeed& feed,
                       DatabaseWorker* database,
                       CaseChangeWatcher* changes,
                       const core::remote::SignedInPerson& person,
                       const QString& caseId,
                       QWidget* parent)
    : QWidget(parent)
    , m_feed(feed)
    , m_database(database)
    , m_person(person)
    , m_changes(changes)
    , m_caseId(caseId)
{
    setAccessibleName(tr("Case"));
    const bool mayEdit = oneOf(person.jobRole, {"officer", "investigator", "manager"});
    auto* layout = new QVBoxLayout(this);
    m_heading = new QLabel;
    m_heading->setObjectName(QStringLiteral("headingLabel"));
    m_heading->setAccessibleName(tr("Case"));
    m_printButton = new QPushButton(tr("&Print…"));
    m_printButton->setObjectName(QStringLiteral("printCaseButton"));
    m_printButton->setToolTip(tr("Print the case file or save it as PDF, with its CUI markings (Ctrl+P)"));
    m_printButton->hide();
    m_letterButton = new QPushButton(tr("&Letter…"));
    m_letterButton->setObjectName(QStringLiteral("letterButton"));
    m_letterButton->setToolTip(tr("A notification letter to a firm of the case, filled from the case"));
    m_letterButton->hide();
    m_mayWriteLetters = mayEdit;
    auto* headingRow = new QHBoxLayout;
    headingRow->addWidget(m_heading, 1);
    headingRow->addWidget(m_letterButton);
    headingRow->addWidget(m_printButton);
    layout->addLayout(headingRow);

    m_banner = new QWidget;
    m_banner->setObjectName(QStringLiteral("changedBanner"));
    auto* bannerLayout = new QHBoxLayout(m_banner);
    auto* bannerText = new QLabel(tr("<b>Someone else changed this case.</b> Reload to see their changes (unsaved "
                                     "summary edits are kept: saving them shows what differs)."));
    bannerText->setWordWrap(true);
    auto* reloadButton = new QPushButton(tr("&Reload"));
    reloadButton->setObjectName(QStringLiteral("reloadButton"));
    bannerLayout->addWidget(bannerText, 1);
    bannerLayout->addWidget(reloadButton);
    m_banner->hide();
    layout->addWidget(m_banner);

    m_tabs = new QTabWidget;
    m_tabs->setObjectName(QStringLiteral("caseTabs"));
    m_tabs->setAccessibleName(tr("Parts of the case"));
    m_summary = new SummaryTab(feed);
    m_summary->setEnabled(mayEdit || caseId.isEmpty());
    const auto needsNetwork = [this](const QString& what) {
        auto* waiting = new QLabel(tr("%1 of the case are shown when you are online.").arg(what));
        waiting->setAlignment(Qt::AlignCenter);
        waiting->setToolTip(tr("Needs the network"));
        waiting->setProperty("needsNetwork", true);
        return waiting;
    };
    using Spec = core::cases::CaseRowSpec;
    const auto rowTab = [&](const Spec& spec) {
        auto* tab = new CaseRowsTab(feed, database, spec, mayEdit);
        m_rowTabs.push_back(tab);
        return tab;
    };
    if (database != nullptr) {
        m_firms = new FirmsTab(feed, mayEdit);
        m_people = new PeopleTab(
            feed,
            *database,
            {mayEdit, person.piiAccess, person.piiAccess && oneOf(person.jobRole, {"officer", "investigator"})});
        m_history = new HistoryTab(*database);
    } else {
        // Offline the firms are linked and unlinked through the cache's outbox (a firm the cache
        // holds; a new firm needs the network). People are added and edited through it too (a new
        // person's PII, for a PII-holder, in the encrypted cache until the sync); the people are
        // shown from the cache (masked); a PII-holder reveals a field from the PII their cache
        // took at the last sync (recorded in the laptop's chain) and an officer or investigator
        // corrects it (applied at the sync only on the value it replaced).
        m_disconnected = std::make_unique<DatabaseWorker>(nullptr);
        m_firms = new FirmsTab(feed, mayEdit);
        m_people = new PeopleTab(
            feed,
            *m_disconnected,
            {mayEdit, person.piiAccess, person.piiAccess && oneOf(person.jobRole, {"officer", "investigator"})});
    }
    m_tabs->addTab(m_summary, tr("&Summary"));
    m_tabs->addTab(m_firms, tr("&Firms"));
    m_tabs->addTab(rowTab(Spec::products()), tr("&Products"));
    m_tabs->addTab(m_people, tr("P&eople"));
    m_tabs->addTab(rowTab(Spec::samples()), tr("Sa&mples"));
    m_tabs->addTab(rowTab(Spec::activities()), tr("&Activities && notes"));
    m_tabs->addTab(rowTab(Spec::determinations()), tr("&Determinations"));
    m_tabs->addTab(rowTab(Spec::correctiveActions()), tr("&Corrective actions"));
    m_tabs->addTab(rowTab(Spec::correspondence()), tr("Corres&pondence"));
    m_tabs->addTab(m_history != nullptr ? static_cast<QWidget*>(m_history) : needsNetwork(tr("The history")),
                   tr("&History"));
    layout->addWidget(m_tabs);

    connect(reloadButton, &QPushButton::clicked, this, &CaseWindow::reload);
    connect(m_printButton, &QPushButton::clicked, this, [this] { (void)openPrintDialog(); });
    connect(m_letterButton, &QPushButton::clicked, this, [this] { (void)openLetterDialog(); });
    auto* print = new QShortcut(QKeySequence::Print, this, this, [this] { (void)openPrintDialog(); });
    print->setContext(Qt::WidgetWithChildrenShortcut);
    auto* save = new QShortcut(QKeySequence::Save, this, m_summary, &SummaryTab::save);
    save->setContext(Qt::WidgetWithChildrenShortcut);
    connect(m_summary, &SummaryTab::saved, this, &CaseWindow::saved);
    if (m_changes != nullptr) {
        connect(m_changes, &CaseChangeWatcher::caseChanged, this, &CaseWindow::showChangedElsewhere);
    }
    for (auto* tab : m_rowTabs) {
        connect(tab, &CaseRowsTab::changed, this, [this] {
            if (m_history != nullptr) {
                m_history->load(m_caseId.toStdString());
            }
        });
    }
    if (m_caseId.isEmpty()) {
        core::cases::CaseSummary draft;
        draft.type = "establishment_inspection";
        loaded(draft);
    } else {
        reload();
    }
}

CaseWindow::~CaseWindow()
{
    if (!m_caseId.isEmpty() && m_changes != nullptr) {
        m_changes->unwatch(m_caseId);
    }
}

QString CaseWindow::caseId() const
{
    return m_caseId;
}

SummaryTab& CaseWindow::summary()
{
    return *m_summary;
}

FirmsTab& CaseWindow::firms()
{
    return *m_firms;
}

PeopleTab& CaseWindow::people()
{
    return *m_people;
}

HistoryTab& CaseWindow::history()
{
    return *m_history;
}

CaseRowsTab& CaseWindow::rowsTab(const char* table)
{
    const auto& specs = core::cases::CaseRowSpec::all();
    for (std::size_t i = 0; i < specs.size(); ++i) {
        if (std::string(specs[i]->table) == table) {
            return *m_rowTabs[i];
        }
    }
    return *m_rowTabs.front();
}

bool CaseWindow::changedElsewhere() const
{
    return m_banner->isVisible();
}

void CaseWindow::enablePrinting(core::config::PrintSettings markings, PrintCaseDialog::SavePathPrompt askSavePath)
{
    // Offline the case file prints from the cache (registered at the next sync); letters are
    // issued to the case's correspondence at the office.
    m_printMarkings = std::move(markings);
    m_askPdfPath = std::move(askSavePath);
    m_printButton->setVisible(!m_caseId.isEmpty());
    m_letterButton->setVisible(!m_caseId.isEmpty() && m_mayWriteLetters && m_database != nullptr);
}

LetterDialog* CaseWindow::openLetterDialog()
{
    if (!m_printMarkings || m_database == nullptr || m_caseId.isEmpty() || !m_mayWriteLetters) {
        return nullptr;
    }
    auto* dialog = new LetterDialog(*m_database, m_caseId, m_printMarkings->controlledBy, m_askPdfPath, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
    return dialog;
}

PrintCaseDialog* CaseWindow::openPrintDialog()
{
    if (!m_printMarkings || m_caseId.isEmpty()) {
        return nullptr;
    }
    auto* dialog = new PrintCaseDialog(m_feed, m_person, *m_printMarkings, m_caseId, m_askPdfPath, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
    return dialog;
}

bool CaseWindow::isOffline() const
{
    return m_feed.isOffline();
}

void CaseWindow::reload()
{
    m_banner->hide();
    const auto id = m_caseId.toStdString();
    m_feed.openCase(this, id, [this](Result<core::cases::CaseSummary> summary) {
        if (!summary) {
            m_heading->setText(QString::fromStdString(summary.error().message));
            return;
        }
        if (!m_summary->hasUnsavedChanges()) {
            m_summary->showCase(*summary);
        }
        loaded(*summary);
    });
}

void CaseWindow::loaded(const core::cases::CaseSummary& summary)
{
    const bool isNew = summary.id.empty();
    if (isNew) {
        m_summary->showCase(summary);
        setWindowTitle(tr("New case"));
        m_heading->setText(tr("<h2>New case</h2>"));
    } else {
        showHeading(summary);
        if (m_caseId.isEmpty()) { // just created
            m_caseId = QString::fromStdString(summary.id);
            m_printButton->setVisible(m_printMarkings.has_value());
            m_letterButton->setVisible(m_printMarkings.has_value() && m_mayWriteLetters && m_database != nullptr);
        }
        if (m_changes != nullptr) {
            m_changes->watch(m_caseId);
        }
        const auto caseId = summary.id;
        m_firms->load(caseId);
        m_people->load(caseId);
        if (m_history != nullptr) {
            m_history->load(caseId);
        }
        for (auto* tab : m_rowTabs) {
            tab->load(caseId);
        }
    }
    for (int i = 1; i < m_tabs->count(); ++i) {
        m_tabs->setTabEnabled(i, !isNew && !m_tabs->widget(i)->property("needsNetwork").toBool());
    }
}

// A save changes the case's own row: the heading and the History follow; the other tabs hold
// nothing it changed. The first save of a new case opens every tab.
void CaseWindow::saved(const core::cases::CaseSummary& summary)
{
    if (m_caseId.isEmpty()) {
        loaded(summary);
        return;
    }
    showHeading(summary);
    if (m_history != nullptr) {
        m_history->load(summary.id);
    }
}

void CaseWindow::showHeading(const core::cases::CaseSummary& summary)
{
    const auto id = core::model::CaseId::parse(summary.id);
    const QString shown = QString::fromStdString(id ? id->display() : summary.id);
    setWindowTitle(tr("Case %1 — %2").arg(shown, QString::fromStdString(summary.title)));
    m_heading->setText(tr("<h2>%1 — %2</h2>").arg(shown, QString::fromStdString(summary.title).toHtmlEscaped()));
}

void CaseWindow::showChangedElsewhere(const QString& caseId)
{
    if (caseId == m_caseId) {
        m_banner->show();
    }
}

} // namespace cms::ui
