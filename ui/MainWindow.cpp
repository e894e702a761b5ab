#include "ui/MainWindow.h"

#include "core/auth/CardUnlock.h"
#include "core/cache/DeviceAuditChain.h"
#include "core/cases/CaseRowSpec.h"
#include "core/sync/FieldWork.h"
#include "ui/CacheWorker.h"
#include "ui/CachedCaseFeed.h"
#include "ui/CaseChangeWatcher.h"
#include "ui/CaseListView.h"
#include "ui/CaseRowsTab.h"
#include "ui/CaseWindow.h"
#include "ui/DatabaseWorker.h"
#include "ui/FirmsTab.h"
#include "ui/HardCopiesView.h"
#include "ui/LockScreen.h"
#include "ui/OffGuiThread.h"
#include "ui/PeopleTab.h"
#include "ui/ServerCaseFeed.h"
#include "ui/SummaryTab.h"
#include "ui_MainWindow.h"

#include <QApplication>
#include <QCloseEvent>
#include <QMessageBox>
#include <QPushButton>
#include <QStackedWidget>
#include <QTabBar>
#include <QTabWidget>

namespace cms::ui {

MainWindow::MainWindow(core::config::AppConfig config, QWidget* parent, Seams seams)
    : QMainWindow(parent)
    , m_ui(std::make_unique<Ui::MainWindow>())
    , m_config(std::move(config))
    , m_inactivity(std::chrono::minutes(m_config.session.lockAfterMinutes), this, std::move(seams.clock))
    , m_cards(seams.cards ? std::move(seams.cards) : CardWatcher::moduleLook(m_config.pkcs11.modulePath),
              std::chrono::milliseconds(m_config.pkcs11.watchIntervalMilliseconds))
    , m_askPin(std::move(seams.askPin))
    , m_askPreviousCard(std::move(seams.askPreviousCard))
    , m_askAuditExportPath(std::move(seams.askAuditExportPath))
    , m_askCasePdfPath(std::move(seams.askCasePdfPath))
{
    m_ui->setupUi(this);
    setWindowTitle(QApplication::applicationDisplayName());
    m_ui->statusbar->showMessage(tr("Not signed in"));
    // The content and the lock screen share the window; a locked window shows only the latter.
    m_content = takeCentralWidget();
    m_lockScreen = new LockScreen;
    m_pages = new QStackedWidget;
    m_pages->addWidget(m_content);
    m_pages->addWidget(m_lockScreen);
    setCentralWidget(m_pages);
    m_ui->actionLock->setEnabled(false);
    m_ui->actionSignOut->setEnabled(false);
    connect(m_ui->actionQuit, &QAction::triggered, this, &QWidget::close);
    connect(m_ui->actionAbout, &QAction::triggered, this, &MainWindow::showAbout);
    connect(m_ui->actionLock, &QAction::triggered, this, &MainWindow::lock);
    connect(m_ui->actionSignOut, &QAction::triggered, this, &MainWindow::signOut);
    m_ui->actionFind->setEnabled(false);
    m_ui->actionNewCase->setEnabled(false);
    connect(m_ui->actionNewCase, &QAction::triggered, this, [this] { openCase({}); });
    connect(m_ui->actionFind, &QAction::triggered, this, [this] {
        if (m_caseList != nullptr) {
            m_workTabs->setCurrentWidget(m_caseList);
            m_caseList->focusSearch();
        }
    });
    m_ui->actionHardCopies->setEnabled(false);
    connect(m_ui->actionHardCopies, &QAction::triggered, this, [this] { (void)openHardCopies(); });
    m_ui->actionAuditTrail->setEnabled(false);
    connect(m_ui->actionAuditTrail, &QAction::triggered, this, [this] { (void)openAuditTrail(); });
    connect(m_ui->actionTakeFieldWork, &QAction::triggered, this, [this] {
        if (m_fieldWork != nullptr) {
            m_fieldWork->takeCases();
        }
    });
    connect(m_ui->actionTakeSelected, &QAction::triggered, this, [this] {
        if (const auto chosen = selectedCases(); !chosen.empty()) {
            m_fieldWork->takeChosenCases(chosen);
        }
    });
    connect(m_ui->actionReturnSelected, &QAction::triggered, this, [this] {
        if (const auto chosen = selectedCases(); !chosen.empty()) {
            m_fieldWork->returnChosenCases(chosen);
        }
    });
    connect(m_ui->actionSyncNow, &QAction::triggered, this, [this] {
        if (m_fieldWork != nullptr) {
            m_fieldWork->syncNow();
        }
    });
    connect(m_ui->actionCancelSync, &QAction::triggered, this, [this] {
        if (m_fieldWork != nullptr) {
            m_fieldWork->cancel();
        }
    });
    connect(&m_inactivity, &InactivityWatcher::inactive, this, [this] { lockFor("inactivity"); });
    connect(&m_cards, &CardWatcher::cardRemoved, this, &MainWindow::cardRemoved);
    connect(&m_cards, &CardWatcher::cardsChanged, this, &MainWindow::showCardsOnLockScreen);
    connect(m_lockScreen, &LockScreen::unlockRequested, this, &MainWindow::unlockWith);
    connect(&m_unlocking, &QFutureWatcher<Result<void>>::finished, this, &MainWindow::finishUnlock);
}

MainWindow::~MainWindow()
{
    m_unlocking.waitForFinished();
    // The list, the cases and field work use the database worker: they go first, while it is
    // still there.
    delete m_workTabs;
    delete m_caseChanges;
    delete m_fieldWork;
    if (m_database) {
        m_database->flush();
    }
    if (m_cacheWorker) {
        m_cacheWorker->flush();
    }
}

void MainWindow::setSignedIn(std::shared_ptr<core::remote::CardConnection> connection,
                             core::remote::SignedInPerson person)
{
    m_connection = std::move(connection);
    m_person = std::move(person);
    QString who = tr("Signed in: %1 — %2")
                      .arg(QString::fromStdString(m_person.displayName), QString::fromStdString(m_person.jobRole));
    if (!m_person.team.empty()) {
        who += tr(", %1").arg(QString::fromStdString(m_person.team));
    }
    if (m_person.piiAccess) {
        who += tr(" (PII access)");
    }
    if (m_connection && m_connection->revocationListOverdue) {
        who += tr(" — this computer's list of revoked cards is past its renewal date");
    }
    m_ui->statusbar->showMessage(who);
    m_ui->actionLock->setEnabled(m_connection != nullptr);
    m_ui->actionSignOut->setEnabled(m_connection != nullptr);
    m_inactivity.setActive(m_connection != nullptr);
    if (m_connection) {
        m_card = SessionCard{m_connection->token.label,
                             m_connection->token.serialNumber,
                             m_connection->certificate.cardUuid.value_or("")};
        m_cards.start();
        m_database = std::make_unique<DatabaseWorker>(m_connection);
        m_feed = std::make_unique<ServerCaseFeed>(*m_database);
        m_caseChanges = new CaseChangeWatcher(*m_database, this);
        showCaseList(m_person.piiAccess);
        m_ui->actionFind->setEnabled(true);
        const bool mayCreate =
            m_person.jobRole == "officer" || m_person.jobRole == "investigator" || m_person.jobRole == "manager";
        m_ui->actionNewCase->setEnabled(mayCreate);
        // The server grants the trail to these roles only; the menu follows it.
        m_ui->actionAuditTrail->setEnabled(m_person.jobRole == "auditor" || m_person.jobRole == "manager");
        // The register is read by the roles that may print (the server's grants).
        m_ui->actionHardCopies->setEnabled(m_person.jobRole != "datalake_reader" && m_person.jobRole != "access_admin");
        m_fieldWorkStatus = new QLabel;
        m_fieldWorkStatus->setObjectName(QStringLiteral("fieldWorkStatus"));
        m_fieldWorkStatus->setAccessibleName(tr("Field work"));
        m_ui->statusbar->addPermanentWidget(m_fieldWorkStatus);
        m_fieldWork = new FieldWorkController(*m_database,
                                              m_config,
                                              m_connection->token.label,
                                              m_person.loginRole,
                                              *m_fieldWorkStatus,
                                              this,
                                              m_askPin,
                                              m_askPreviousCard);
        connect(m_fieldWork, &FieldWorkController::busyChanged, m_ui->actionCancelSync, &QAction::setEnabled);
        // Editing offline is for the roles that edit cases.
        m_ui->actionTakeFieldWork->setEnabled(mayCreate);
        m_ui->actionTakeSelected->setEnabled(mayCreate);
        m_ui->actionReturnSelected->setEnabled(mayCreate);
        if (mayCreate) {
            m_caseList->addListAction(m_ui->actionTakeSelected);
            m_caseList->addListAction(m_ui->actionReturnSelected);
        }
        m_ui->actionSyncNow->setEnabled(mayCreate);
    }
}

void MainWindow::setWorkingOffline(OfflineWork work)
{
    m_person = {};
    m_person.loginRole = work.owner.loginRole;
    m_person.displayName = work.owner.displayName;
    m_person.jobRole = work.owner.jobRole;
    m_person.team = work.owner.team;
    m_person.piiAccess = work.owner.piiHolder;
    m_card = SessionCard{work.cardLabel, work.cardSerialNumber, work.cardUuid};
    m_ui->statusbar->showMessage(
        tr("Working offline: %1 — %2")
            .arg(QString::fromStdString(m_person.displayName), QString::fromStdString(m_person.jobRole)));
    setWindowTitle(tr("%1 — offline").arg(QApplication::applicationDisplayName()));
    m_ui->actionLock->setEnabled(true);
    m_ui->actionSignOut->setEnabled(true);
    m_inactivity.setActive(true);
    m_cards.start();
    m_cacheWorker = std::make_unique<CacheWorker>(std::move(work.cache));
    m_feed = std::make_unique<CachedCaseFeed>(*m_cacheWorker, std::move(work.owner));
    recordEvent("auth.sign_in", "success", R"({"offline": true})");
    showCaseList(m_person.piiAccess); // a PII-holder searches the names the cache holds
    m_fieldWorkStatus = new QLabel;
    m_fieldWorkStatus->setObjectName(QStringLiteral("fieldWorkStatus"));
    m_fieldWorkStatus->setAccessibleName(tr("Field work"));
    m_ui->statusbar->addPermanentWidget(m_fieldWorkStatus);
    showOfflineStatus();
}

bool MainWindow::isOffline() const
{
    return m_cacheWorker != nullptr;
}

void MainWindow::showCaseList(bool piiHolder)
{
    m_caseList = new CaseListView(*m_feed, m_database.get(), piiHolder);
    connect(m_caseList, &CaseListView::openCaseRequested, this, &MainWindow::openCase);
    m_workTabs = new QTabWidget;
    m_workTabs->setObjectName(QStringLiteral("workTabs"));
    m_workTabs->setAccessibleName(tr("Open cases"));
    m_workTabs->setTabsClosable(true);
    m_workTabs->setDocumentMode(true);
    m_workTabs->addTab(m_caseList, tr("Cases"));
    m_workTabs->tabBar()->setTabButton(0, QTabBar::RightSide, nullptr); // the list stays
    connect(m_workTabs, &QTabWidget::tabCloseRequested, this, [this](int index) {
        if (index > 0) {
            delete m_workTabs->widget(index);
        }
    });
    m_ui->welcomeLabel->hide();
    m_ui->centralLayout->addWidget(m_workTabs);
    m_ui->actionFind->setEnabled(true);
}

// Offline, the status bar says so, with what waits for the next sync.
void MainWindow::showOfflineStatus()
{
    if (!m_cacheWorker || m_fieldWorkStatus == nullptr) {
        return;
    }
    m_cacheWorker->run<Result<core::sync::FieldWorkStatus>>(
        m_fieldWorkStatus,
        [](const core::cache::CacheDatabase& cache) { return core::sync::FieldWork::status(cache); },
        [label = m_fieldWorkStatus](Result<core::sync::FieldWorkStatus> status) {
            if (!status) {
                label->setText(tr("Offline — %1").arg(QString::fromStdString(status.error().message)));
                return;
            }
            label->setText(tr("Offline · field work: %1").arg(FieldWorkController::describe(*status)));
        });
}

HardCopiesView* MainWindow::openHardCopies()
{
    if (m_workTabs == nullptr || !m_ui->actionHardCopies->isEnabled() || !m_database) {
        return nullptr;
    }
    if (m_hardCopies == nullptr) {
        m_hardCopies =
            new HardCopiesView(*m_database, m_person.jobRole == "manager", m_config.print.outstandingAfterDays);
        connect(m_hardCopies, &HardCopiesView::openCaseRequested, this, &MainWindow::openCase);
        m_workTabs->addTab(m_hardCopies, tr("Hard copies"));
    }
    m_workTabs->setCurrentWidget(m_hardCopies);
    return m_hardCopies;
}

AuditView* MainWindow::openAuditTrail()
{
    if (m_workTabs == nullptr || !m_ui->actionAuditTrail->isEnabled()) {
        return nullptr;
    }
    if (m_auditView == nullptr) {
        m_auditView = new AuditView(*m_database, m_askAuditExportPath);
        connect(m_auditView, &AuditView::openCaseRequested, this, &MainWindow::openCase);
        m_workTabs->addTab(m_auditView, tr("Audit trail"));
    }
    m_workTabs->setCurrentWidget(m_auditView);
    return m_auditView;
}

std::vector<std::string> MainWindow::selectedCases()
{
    if (m_fieldWork == nullptr || m_caseList == nullptr) {
        return {};
    }
    auto chosen = m_caseList->selectedCaseIds();
    const auto selected = static_cast<std::size_t>(m_caseList->selectedRowCount());
    if (chosen.empty() && selected == 0) {
        m_ui->statusbar->showMessage(tr("Select the cases in the case list first."), 10000);
        m_workTabs->setCurrentWidget(m_caseList);
        return {};
    }
    if (chosen.size() < selected) {
        // Rows not yet loaded have no id here: nothing is done rather than part of the choice.
        m_ui->statusbar->showMessage(
            tr("%1 of the %2 selected cases are still loading: scroll to them, or narrow the search, and try again.")
                .arg(selected - chosen.size())
                .arg(selected),
            15000);
        return {};
    }
    return chosen;
}

FieldWorkController* MainWindow::fieldWork() const
{
    return m_fieldWork;
}

CaseListView* MainWindow::caseList() const
{
    return m_caseList;
}

CaseWindow* MainWindow::openedCase(const QString& caseId) const
{
    for (int i = 1; m_workTabs != nullptr && i < m_workTabs->count(); ++i) {
        auto* opened = qobject_cast<CaseWindow*>(m_workTabs->widget(i));
        if (opened != nullptr && !caseId.isEmpty() && opened->caseId() == caseId) {
            return opened;
        }
    }
    return nullptr;
}

CaseWindow* MainWindow::openCase(const QString& caseId)
{
    if (!m_feed || m_workTabs == nullptr || (caseId.isEmpty() && isOffline())) {
        return nullptr;
    }
    if (auto* opened = openedCase(caseId)) {
        m_workTabs->setCurrentWidget(opened);
        return opened;
    }
    auto* window = new CaseWindow(*m_feed, m_database.get(), m_caseChanges, m_person, caseId);
    if (isOffline()) {
        connect(&window->summary(), &SummaryTab::saved, this, &MainWindow::showOfflineStatus);
        for (const auto* spec : core::cases::CaseRowSpec::all()) {
            connect(&window->rowsTab(spec->table), &CaseRowsTab::changed, this, &MainWindow::showOfflineStatus);
        }
        connect(&window->firms(), &FirmsTab::changed, this, &MainWindow::showOfflineStatus);
        connect(&window->people(), &PeopleTab::changed, this, &MainWindow::showOfflineStatus);
    }
    window->enablePrinting(m_config.print, m_askCasePdfPath);
    const int index = m_workTabs->addTab(window, caseId.isEmpty() ? tr("New case") : caseId);
    connect(window, &QWidget::windowTitleChanged, this, [this, window](const QString& title) {
        m_workTabs->setTabText(m_workTabs->indexOf(window), title.section(QStringLiteral(" — "), 0, 0));
        m_workTabs->setTabToolTip(m_workTabs->indexOf(window), title);
    });
    m_workTabs->setCurrentIndex(index);
    window->summary().focusTitle();
    return window;
}

bool MainWindow::isLocked() const
{
    return m_pages->currentWidget() == m_lockScreen;
}

InactivityWatcher& MainWindow::inactivityWatcher()
{
    return m_inactivity;
}

CardWatcher& MainWindow::cardWatcher()
{
    return m_cards;
}

void MainWindow::flushEvents()
{
    if (m_database) {
        m_database->flush();
    }
}

void MainWindow::lock()
{
    lockFor("on_request");
}

void MainWindow::lockFor(const char* cause)
{
    if (!m_card || isLocked()) {
        return;
    }
    m_inactivity.setActive(false);
    showCardsOnLockScreen();
    m_lockScreen->showProblem({});
    m_lockScreen->reset();
    m_pages->setCurrentWidget(m_lockScreen);
    menuBar()->setEnabled(false);
    recordEvent("auth.lock", "success", std::string("{\"cause\": \"") + cause + "\"}");
}

void MainWindow::cardRemoved(const QString& label, const QString& serialNumber)
{
    if (m_card && label.toStdString() == m_card->label
        && (m_card->serialNumber.empty() || serialNumber.toStdString() == m_card->serialNumber)) {
        lockFor("card_removed");
    }
}

// The lock screen lists the cards of the watcher's last look: no reader is read on the GUI thread.
void MainWindow::showCardsOnLockScreen()
{
    if (!m_card) {
        return;
    }
    QStringList labels;
    for (const auto& card : m_cards.cards()) {
        labels << QString::fromStdString(card.label);
    }
    m_lockScreen->setCards(labels, QString::fromStdString(m_card->label));
}

void MainWindow::signOut()
{
    if (!m_card) {
        return;
    }
    if (m_config.offline.wipeAtSignOut && m_fieldWork != nullptr) {
        // A shared laptop: the person's offline cache goes with them, unless that would lose
        // edits; then they choose to keep it (encrypted to their card) or to stay signed in.
        if (auto wiped = m_fieldWork->wipeForSignOut(); wiped) {
            recordEvent("offline.cache_wiped", "success", R"({"how": "sign_out"})");
        } else {
            recordEvent("offline.cache_wiped", "refused", R"({"how": "sign_out"})");
            auto* ask = new QMessageBox(QMessageBox::Warning,
                                        tr("Sign out"),
                                        tr("This computer's offline cache of your cases cannot be removed: %1\n\n"
                                           "Sync before signing out to remove it, or sign out and leave it here "
                                           "(encrypted: only your card opens it).")
                                            .arg(QString::fromStdString(wiped.error().message)),
                                        QMessageBox::Cancel,
                                        this);
            ask->setObjectName(QStringLiteral("keepCacheQuestion"));
            auto* keep = ask->addButton(tr("Sign out and keep it"), QMessageBox::AcceptRole);
            keep->setObjectName(QStringLiteral("signOutKeepingCache"));
            ask->setAttribute(Qt::WA_DeleteOnClose);
            connect(ask, &QMessageBox::buttonClicked, this, [this, keep](QAbstractButton* clicked) {
                if (clicked == keep) {
                    endSession("sign_out");
                    emit signedOut();
                }
            });
            ask->open();
            return;
        }
    }
    endSession("sign_out");
    emit signedOut();
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    if (m_unlocking.isRunning()) { // the card must not be left mid-operation
        event->ignore();
        return;
    }
    endSession("quit");
    QMainWindow::closeEvent(event);
    emit closed();
}

// Closes the database session once the event is on its way (the card was signed out right after
// the TLS handshake, so no card session stays open) and forgets the person.
void MainWindow::endSession(const char* how)
{
    if (!m_card) {
        return;
    }
    recordEvent("auth.sign_out", "success", std::string("{\"how\": \"") + how + "\"}");
    m_inactivity.setActive(false);
    m_cards.stop();
    delete m_workTabs; // the list and every open case
    m_workTabs = nullptr;
    m_caseList = nullptr;
    delete m_caseChanges;
    m_caseChanges = nullptr;
    delete m_fieldWork;
    m_fieldWork = nullptr;
    delete m_fieldWorkStatus;
    m_fieldWorkStatus = nullptr;
    m_ui->actionTakeFieldWork->setEnabled(false);
    m_ui->actionTakeSelected->setEnabled(false);
    m_ui->actionReturnSelected->setEnabled(false);
    m_ui->actionSyncNow->setEnabled(false);
    m_ui->welcomeLabel->show();
    m_ui->actionFind->setEnabled(false);
    m_ui->actionNewCase->setEnabled(false);
    m_ui->actionAuditTrail->setEnabled(false);
    m_ui->actionHardCopies->setEnabled(false);
    if (m_database) {
        m_database->release(); // the queued event holds the connection until it is sent
    }
    if (m_cacheWorker) {
        m_cacheWorker->release(); // the cache closes once the work queued is done
    }
    m_connection.reset();
    m_card.reset();
    m_person = {};
    m_ui->actionLock->setEnabled(false);
    m_ui->actionSignOut->setEnabled(false);
    m_ui->statusbar->showMessage(tr("Not signed in"));
}

void MainWindow::unlockWith(const QString& card, std::shared_ptr<cms::SecureBuffer> pin)
{
    if (!m_card || m_unlocking.isRunning()) {
        return;
    }
    m_lockScreen->setWorking(true);
    m_unlocking.setFuture(
        runOffGuiThread([config = m_config, label = card.toStdString(), uuid = m_card->cardUuid, pin] {
            auto verified = core::auth::CardUnlock::verify(config, label, uuid, *pin);
            pin->clear();
            return verified;
        }));
}

void MainWindow::finishUnlock()
{
    const auto verified = m_unlocking.result();
    m_lockScreen->setWorking(false);
    if (!verified) {
        recordEvent("auth.unlock", "refused", std::string("{\"cause\": \"") + toString(verified.error().code) + "\"}");
        m_lockScreen->showProblem(QString::fromStdString(verified.error().message));
        m_lockScreen->reset();
        return;
    }
    recordEvent("auth.unlock", "success");
    m_pages->setCurrentWidget(m_content);
    menuBar()->setEnabled(true);
    m_inactivity.setActive(true);
}

void MainWindow::recordEvent(const char* type, const char* outcome, const std::string& detailsJson)
{
    if (m_cacheWorker) {
        // Offline: into the laptop's own chain, sent at the next sync.
        m_cacheWorker->run<Result<core::cache::DeviceEvent>>(
            this,
            [type = std::string(type), login = m_person.loginRole, outcome = std::string(outcome), detailsJson](
                const core::cache::CacheDatabase& cache) {
                return core::cache::DeviceAuditChain(cache).append(
                    type, "session", login, outcome, detailsJson, std::chrono::system_clock::now());
            });
        return;
    }
    if (!m_connection || !m_database) {
        return;
    }
    m_database->post(
        [type = std::string(type), login = m_person.loginRole, outcome = std::string(outcome), detailsJson](
            const core::remote::PgConnection& connection) {
            (void)connection.exec("SELECT cms_audit.record_event($1, 'session', $2, $3, $4::jsonb)",
                                  {type, login, outcome, detailsJson});
        });
}

void MainWindow::showAbout()
{
    QMessageBox::about(this,
                       tr("About %1").arg(QApplication::applicationDisplayName()),
                       tr("<p><b>%1</b> %2</p><p>Case Management System of the Office of Compliance.</p>"
                          "<p>Licensed under the Apache License 2.0.</p>")
                           .arg(QApplication::applicationDisplayName(), QApplication::applicationVersion()));
}

} // namespace cms::ui
