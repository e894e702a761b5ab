#include "tests/support/Connections.h"
#include "tests/support/DevEnvironment.h"
#include "ui/MainWindow.h"

#include <QApplication>
#include <QComboBox>
#include <QElapsedTimer>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QTest>

#include <catch2/catch.hpp>

using cms::tests::DevEnvironment;
using namespace std::chrono_literals;

namespace {

bool waitUntil(const std::function<bool()>& done, int timeoutMs = 20000)
{
    QElapsedTimer timer;
    timer.start();
    while (!done() && timer.elapsed() < timeoutMs) {
        QTest::qWait(20);
    }
    return done();
}

// A window signed in as the officer, with a clock the test moves.
struct SignedInWindow
{
    std::chrono::steady_clock::time_point now = std::chrono::steady_clock::now();
    cms::ui::MainWindow window{DevEnvironment::get().config(), nullptr, [this] {
                                   return now;
                               }};

    SignedInWindow()
    {
        auto connection = std::make_shared<cms::core::remote::CardConnection>(cms::tests::connectAs("oortega"));
        auto person = cms::core::remote::SignedInPerson::load(connection->connection);
        REQUIRE(person);
        window.setSignedIn(std::move(connection), *person);
        window.show();
    }

    void unlockWith(const std::string& card, const std::string& pin)
    {
        auto* cards = window.findChild<QComboBox*>("cardComboBox");
        REQUIRE(cards);
        cards->setCurrentIndex(cards->findText(QString::fromStdString(card)));
        auto* pinField = window.findChild<QLineEdit*>("pinLineEdit");
        QTest::keyClicks(pinField, QString::fromStdString(pin));
        QTest::keyClick(pinField, Qt::Key_Return);
        REQUIRE(waitUntil([&] { return pinField->isEnabled(); }));
        QTest::qWait(50);
    }

    [[nodiscard]] QString problem() const
    {
        const auto labels = window.findChildren<QLabel*>("errorLabel");
        return labels.isEmpty() ? QString() : labels.first()->text();
    }
};

} // namespace

TEST_CASE("The window locks after the configured time without use, and not before", "[ui][token]")
{
    SignedInWindow signedIn;
    const auto limit = std::chrono::minutes(DevEnvironment::get().config().session.lockAfterMinutes);
    signedIn.now += limit - 1s;
    signedIn.window.inactivityWatcher().check();
    CHECK_FALSE(signedIn.window.isLocked());
    signedIn.now += 2s;
    signedIn.window.inactivityWatcher().check();
    CHECK(signedIn.window.isLocked());
    CHECK_FALSE(signedIn.window.menuBar()->isEnabled());
}

TEST_CASE("Only the card that signed in unlocks, with its PIN", "[ui][token]")
{
    SignedInWindow signedIn;
    signedIn.window.lock();
    REQUIRE(signedIn.window.isLocked());

    const auto& analyst = DevEnvironment::get().person("aalvarez");
    signedIn.unlockWith(analyst.tokenLabel, analyst.pin);
    CHECK(signedIn.window.isLocked());
    CHECK(signedIn.problem().contains(QStringLiteral("not the card that signed in")));

    signedIn.unlockWith("oortega", "000000");
    CHECK(signedIn.window.isLocked());
    CHECK(signedIn.problem().contains(QStringLiteral("PIN is wrong")));

    signedIn.unlockWith("oortega", DevEnvironment::get().person("oortega").pin);
    CHECK_FALSE(signedIn.window.isLocked());
    CHECK(signedIn.window.menuBar()->isEnabled());

    const auto auditor = cms::tests::connectAs("aunger");
    const auto events = cms::tests::must(auditor.connection,
                                         "SELECT string_agg(event_type || ':' || outcome, ',' ORDER BY id) FROM "
                                         "(SELECT * FROM cms_audit.events WHERE actor = 'oortega' AND event_type "
                                         "IN ('auth.lock', 'auth.unlock') ORDER BY id DESC LIMIT 4) e");
    CHECK(events.text(0, 0) == "auth.lock:success,auth.unlock:refused,auth.unlock:refused,auth.unlock:success");
}
