#pragma once

#include "core/common/SecureBuffer.h"
#include "core/config/AppConfig.h"
#include "core/remote/CardConnector.h"
#include "core/remote/SignedInPerson.h"
#include "ui/CardWatcher.h"
#include "ui/OfflineWork.h"

#include <QDialog>
#include <QFutureWatcher>

class QPushButton;

#include <memory>
#include <optional>

namespace Ui {
class SignInDialog;
}

namespace cms::ui {

// The card sign-in (PIA Q22: PIV only): choose the card (one card is preselected), enter the
// PIN, and the core does the rest off the GUI thread (PIN check on the card, certificate
// validation, proof of possession, the TLS connection signed by the card, the person on record).
// A refusal shows the core's own words and leaves the dialog ready for another try. Cards
// inserted or removed while it is open come and go in the list (CardWatcher). Keyboard alone
// works: the PIN field has focus, Enter signs in, Escape cancels.
class SignInDialog : public QDialog
{
    Q_OBJECT

public:
    // `cards`: where the cards in the readers come from (empty: the configured PKCS#11 module).
    explicit SignInDialog(core::config::AppConfig config, QWidget* parent = nullptr, CardWatcher::Look cards = {});
    ~SignInDialog() override;

    // After acceptance: the connection and who it belongs to.
    [[nodiscard]] std::shared_ptr<core::remote::CardConnection> takeConnection();
    [[nodiscard]] const core::remote::SignedInPerson& person() const;
    // After "Work offline" was accepted: the cache the card opened (empty after an online sign-in).
    [[nodiscard]] std::optional<OfflineWork> takeOfflineWork();

    void reject() override;

private:
    struct Outcome;
    struct OfflineOutcome;

    void showCards();
    void signIn();
    void finishSignIn();
    // The same card and PIN open this computer's offline cache instead (OfflineSignIn): the
    // certificate checked against the cached CRL, nothing from the network.
    void workOffline();
    void finishWorkOffline();
    [[nodiscard]] std::shared_ptr<SecureBuffer> takePin();
    void setWorking(bool working);
    void showProblem(const QString& text);

    std::unique_ptr<Ui::SignInDialog> m_ui;
    core::config::AppConfig m_config;
    CardWatcher m_cards;
    QFutureWatcher<std::shared_ptr<Outcome>> m_watcher;
    QFutureWatcher<std::shared_ptr<OfflineOutcome>> m_offlineWatcher;
    QPushButton* m_workOfflineButton = nullptr;
    std::optional<OfflineWork> m_offline;
    std::shared_ptr<core::remote::CardConnection> m_connection;
    core::remote::SignedInPerson m_person;
};

} // namespace cms::ui
