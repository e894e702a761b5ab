#include "ui/SignInDialog.h"

#include "core/audit/SignInAudit.h"
#include "core/cache/OfflineSignIn.h"
#include "core/common/SecureBuffer.h"
#include "core/remote/SessionGate.h"
#include "core/sync/FieldWork.h"
#include "ui/OffGuiThread.h"
#include "ui_SignInDialog.h"

#include <QPushButton>

namespace cms::ui {

struct SignInDialog::Outcome
{
    Result<core::remote::CardConnection> connection;
    Result<core::remote::SignedInPerson> person;
};

struct SignInDialog::OfflineOutcome
{
    Result<core::cache::OfflineSession> session;
    Result<core::sync::CacheOwner> owner;
};

namespace {

// Where every person's offline cache is on this computer (FieldWork::cacheFolder's parent).
std::filesystem::path offlineCachesFolder()
{
    return core::sync::FieldWork::cacheFolder("-").parent_path();
}

bool anyOfflineCache()
{
    std::error_code unreadable;
    for (const auto& entry : std::filesystem::directory_iterator(offlineCachesFolder(), unreadable)) {
        if (entry.is_directory() && core::cache::OfflineCache::exists(entry.path())) {
            return true;
        }
    }
    return false;
}

} // namespace

SignInDialog::SignInDialog(core::config::AppConfig config, QWidget* parent, CardWatcher::Look cards)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::SignInDialog>())
    , m_config(std::move(config))
    , m_cards(cards ? std::move(cards) : CardWatcher::moduleLook(m_config.pkcs11.modulePath),
              std::chrono::milliseconds(m_config.pkcs11.watchIntervalMilliseconds))
{
    m_ui->setupUi(this);
    m_ui->buttonBox->button(QDialogButtonBox::Ok)->setText(tr("&Sign in"));
    m_ui->buttonBox->button(QDialogButtonBox::Ok)->setAccessibleName(tr("Sign in"));
    m_ui->buttonBox->button(QDialogButtonBox::Cancel)->setAccessibleName(tr("Cancel"));
    m_ui->workingProgressBar->hide();
    // Only where there is a cache to work from (made at an online sign-in by "Take my cases").
    if (anyOfflineCache()) {
        m_workOfflineButton = m_ui->buttonBox->addButton(tr("Work &offline"), QDialogButtonBox::ActionRole);
        m_workOfflineButton->setObjectName(QStringLiteral("workOfflineButton"));
        m_workOfflineButton->setAccessibleName(tr("Work offline"));
        m_workOfflineButton->setToolTip(tr("Open the cases you took for field work on this computer, without the "
                                           "network (your card and PIN unlock them)."));
        m_workOfflineButton->setAutoDefault(false);
        m_workOfflineButton->setEnabled(false);
        connect(m_workOfflineButton, &QPushButton::clicked, this, &SignInDialog::workOffline);
    }
    connect(&m_offlineWatcher,
            &QFutureWatcher<std::shared_ptr<OfflineOutcome>>::finished,
            this,
            &SignInDialog::finishWorkOffline);
    connect(m_ui->buttonBox, &QDialogButtonBox::accepted, this, &SignInDialog::signIn);
    connect(m_ui->buttonBox, &QDialogButtonBox::rejected, this, &SignInDialog::reject);
    connect(m_ui->refreshPushButton, &QPushButton::clicked, &m_cards, &CardWatcher::lookNow);
    connect(&m_cards, &CardWatcher::cardsChanged, this, &SignInDialog::showCards);
    connect(&m_cards, &CardWatcher::problem, this, &SignInDialog::showProblem);
    connect(&m_watcher, &QFutureWatcher<std::shared_ptr<Outcome>>::finished, this, &SignInDialog::finishSignIn);
    m_ui->buttonBox->button(QDialogButtonBox::Ok)->setEnabled(false);
    showProblem(tr("Looking for cards…"));
    m_cards.start();
    m_ui->pinLineEdit->setFocus();
}

SignInDialog::~SignInDialog()
{
    m_watcher.waitForFinished();
    m_offlineWatcher.waitForFinished();
}

std::optional<OfflineWork> SignInDialog::takeOfflineWork()
{
    auto offline = std::move(m_offline);
    m_offline.reset();
    return offline;
}

std::shared_ptr<core::remote::CardConnection> SignInDialog::takeConnection()
{
    return std::move(m_connection);
}

const core::remote::SignedInPerson& SignInDialog::person() const
{
    return m_person;
}

void SignInDialog::reject()
{
    // A sign-in under way finishes first: the card must not be left mid-operation.
    if (!m_watcher.isRunning() && !m_offlineWatcher.isRunning()) {
        QDialog::reject();
    }
}

void SignInDialog::showCards()
{
    const QString chosen = m_ui->cardComboBox->currentText();
    m_ui->cardComboBox->clear();
    for (const auto& card : m_cards.cards()) {
        m_ui->cardComboBox->addItem(QString::fromStdString(card.label));
    }
    if (const int index = m_ui->cardComboBox->findText(chosen); index >= 0) {
        m_ui->cardComboBox->setCurrentIndex(index);
    }
    const bool none = m_cards.cards().empty();
    if (!m_watcher.isRunning() && !m_offlineWatcher.isRunning()) {
        showProblem(none ? tr("No card found. Insert your PIV card.") : QString());
        m_ui->buttonBox->button(QDialogButtonBox::Ok)->setEnabled(!none);
        if (m_workOfflineButton != nullptr) {
            m_workOfflineButton->setEnabled(!none);
        }
    }
}

std::shared_ptr<SecureBuffer> SignInDialog::takePin()
{
    if (m_ui->cardComboBox->currentIndex() < 0) {
        showProblem(tr("No card is chosen."));
        return nullptr;
    }
    if (m_ui->pinLineEdit->text().isEmpty()) {
        showProblem(tr("Enter your card's PIN."));
        m_ui->pinLineEdit->setFocus();
        return nullptr;
    }
    // The PIN leaves the field for a wiping buffer at once.
    QByteArray typed = m_ui->pinLineEdit->text().toUtf8();
    auto pin =
        std::make_shared<SecureBuffer>(std::string_view(typed.constData(), static_cast<std::size_t>(typed.size())));
    typed.fill('\0');
    m_ui->pinLineEdit->clear();
    return pin;
}

void SignInDialog::signIn()
{
    auto pin = takePin();
    if (!pin) {
        return;
    }
    core::remote::CardConnectRequest request;
    request.tokenLabel = m_ui->cardComboBox->currentText().toStdString();
    showProblem({});
    setWorking(true);
    m_watcher.setFuture(runOffGuiThread([config = m_config, request, pin] {
        auto outcome = std::make_shared<Outcome>(
            Outcome{core::remote::CardConnector(config).connect(request, *pin), std::unexpected(Error{})});
        pin->clear();
        const core::audit::SignInAudit audit(core::audit::SignInAudit::defaultPendingFile());
        if (!outcome->connection) {
            // Kept for the audit trail; a failure to keep it must not hide the sign-in's own error.
            (void)audit.recordFailure(
                request.tokenLabel, toString(outcome->connection.error().code), std::chrono::system_clock::now());
            return outcome;
        }
        outcome->person = core::remote::SessionGate::enter(outcome->connection->connection, request.tokenLabel, audit);
        return outcome;
    }));
}

void SignInDialog::finishSignIn()
{
    const auto outcome = m_watcher.result();
    setWorking(false);
    if (!outcome->connection) {
        QString problem = QString::fromStdString(outcome->connection.error().message);
        if (outcome->connection.error().code == ErrorCode::ServerUnreachable && m_workOfflineButton != nullptr) {
            problem += tr(" To work on the cases you took for field work, enter your PIN and choose Work offline.");
        }
        showProblem(problem);
        m_ui->pinLineEdit->setFocus();
        return;
    }
    if (!outcome->person) {
        showProblem(QString::fromStdString(outcome->person.error().message));
        return;
    }
    m_person = std::move(*outcome->person);
    m_connection = std::make_shared<core::remote::CardConnection>(std::move(*outcome->connection));
    accept();
}

void SignInDialog::workOffline()
{
    auto pin = takePin();
    if (!pin) {
        return;
    }
    const std::string label = m_ui->cardComboBox->currentText().toStdString();
    showProblem({});
    setWorking(true);
    m_offlineWatcher.setFuture(runOffGuiThread([config = m_config, label, pin] {
        auto session = core::cache::OfflineSignIn(config).signIn(
            label, *pin, offlineCachesFolder(), std::chrono::system_clock::now());
        pin->clear();
        auto outcome = std::make_shared<OfflineOutcome>(OfflineOutcome{std::move(session), std::unexpected(Error{})});
        if (!outcome->session) {
            // Kept for the audit trail, sent at the next online sign-in (as a failed online one).
            const core::audit::SignInAudit audit(core::audit::SignInAudit::defaultPendingFile());
            (void)audit.recordFailure(label, toString(outcome->session.error().code), std::chrono::system_clock::now());
            return outcome;
        }
        outcome->owner = core::sync::CacheOwner::read(outcome->session->cache.database());
        return outcome;
    }));
}

void SignInDialog::finishWorkOffline()
{
    const auto outcome = m_offlineWatcher.result();
    setWorking(false);
    if (!outcome->session || !outcome->owner) {
        showProblem(QString::fromStdString(!outcome->session ? outcome->session.error().message
                                                             : outcome->owner.error().message));
        m_ui->pinLineEdit->setFocus();
        return;
    }
    OfflineWork work;
    work.cache = std::make_shared<core::cache::OfflineCache>(std::move(outcome->session->cache));
    work.owner = std::move(*outcome->owner);
    work.cardLabel = m_ui->cardComboBox->currentText().toStdString();
    for (const auto& card : m_cards.cards()) {
        if (card.label == work.cardLabel) {
            work.cardSerialNumber = card.serialNumber;
        }
    }
    work.cardUuid = outcome->session->certificate.cardUuid.value_or("");
    m_offline = std::move(work);
    accept();
}

void SignInDialog::setWorking(bool working)
{
    m_ui->workingProgressBar->setVisible(working);
    m_ui->cardComboBox->setEnabled(!working);
    m_ui->pinLineEdit->setEnabled(!working);
    m_ui->refreshPushButton->setEnabled(!working);
    m_ui->buttonBox->setEnabled(!working);
}

void SignInDialog::showProblem(const QString& text)
{
    m_ui->errorLabel->setText(text);
    m_ui->errorLabel->setVisible(!text.isEmpty());
}

} // namespace cms::ui
