#include "ui/SignInDialog.h"

#include "core/audit/SignInAudit.h"
#include "core/common/SecureBuffer.h"
#include "core/remote/SessionGate.h"
#include "ui_SignInDialog.h"

#include <QPushButton>
#include <QtConcurrent/QtConcurrentRun>

namespace cms::ui {

struct SignInDialog::Outcome
{
    Result<core::remote::CardConnection> connection;
    Result<core::remote::SignedInPerson> person;
};

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
    if (!m_watcher.isRunning()) {
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
    if (!m_watcher.isRunning()) {
        showProblem(none ? tr("No card found. Insert your PIV card.") : QString());
        m_ui->buttonBox->button(QDialogButtonBox::Ok)->setEnabled(!none);
    }
}

void SignInDialog::signIn()
{
    if (m_ui->cardComboBox->currentIndex() < 0) {
        showProblem(tr("No card is chosen."));
        return;
    }
    if (m_ui->pinLineEdit->text().isEmpty()) {
        showProblem(tr("Enter your card's PIN."));
        m_ui->pinLineEdit->setFocus();
        return;
    }
    // The PIN leaves the field for a wiping buffer at once.
    QByteArray typed = m_ui->pinLineEdit->text().toUtf8();
    auto pin =
        std::make_shared<SecureBuffer>(std::string_view(typed.constData(), static_cast<std::size_t>(typed.size())));
    typed.fill('\0');
    m_ui->pinLineEdit->clear();

    core::remote::CardConnectRequest request;
    request.tokenLabel = m_ui->cardComboBox->currentText().toStdString();
    showProblem({});
    setWorking(true);
    m_watcher.setFuture(QtConcurrent::run([config = m_config, request, pin] {
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
        showProblem(QString::fromStdString(outcome->connection.error().message));
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
