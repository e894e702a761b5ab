#pragma once

#include "core/auth/TokenInfo.h"
#include "core/common/Result.h"

#include <QFutureWatcher>
#include <QObject>
#include <QTimer>

#include <chrono>
#include <filesystem>
#include <functional>
#include <vector>

namespace cms::ui {

// Watches the card readers: looks at them off the GUI thread every interval (PKCS#11 offers no
// event every module supports; SoftHSM has none) and says which cards came and went. Where the
// look comes from is a seam: the PKCS#11 module in the application, a list the test controls in
// UI tests (SoftHSM's tokens cannot be unplugged).
class CardWatcher : public QObject
{
    Q_OBJECT

public:
    using Cards = std::vector<core::auth::TokenInfo>;
    using Look = std::function<Result<Cards>()>;

    CardWatcher(Look look, std::chrono::milliseconds interval, QObject* parent = nullptr);
    ~CardWatcher() override;

    // The cards of the PKCS#11 module at `modulePath`, loaded at the first look.
    [[nodiscard]] static Look moduleLook(const std::filesystem::path& modulePath);

    void start();
    void stop();
    // Looks now, unless a look is already under way.
    void lookNow();
    // The cards of the last look; `hasLooked()` is false until one finished.
    [[nodiscard]] const Cards& cards() const;
    [[nodiscard]] bool hasLooked() const;

signals:
    // After every look that changed the list, or that failed (`problem` then says why).
    void cardsChanged();
    void cardRemoved(const QString& label, const QString& serialNumber);
    void problem(const QString& text);

private:
    void finishLook();

    Look m_look;
    QTimer m_timer;
    QFutureWatcher<Result<Cards>> m_looking;
    Cards m_cards;
    bool m_hasLooked = false;
    QString m_problem;
};

} // namespace cms::ui
