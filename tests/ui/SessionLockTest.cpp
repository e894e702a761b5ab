#include "tests/support/Connections.h"
#include "tests/support/DevEnvironment.h"
#include "tests/ui/PluggableReaders.h"
#include "tests/ui/WaitUntil.h"
#include "ui/MainWindow.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QStatusBar>
#include <QTest>

#include <catch2/catch.hpp>

using cms::tests::DevEnvironment;
using cms::tests::PluggableReaders;
using cms::tests::waitUntil;
using namespace std::chrono_literals;

namespace {

// A window signed in as the officer, with a clock the test moves and card readers it can unplug.
struct SignedInWindow
{
    std::chrono::steady_clock::time_point now = std::chrono::steady_clock::now();
    PluggableReaders readers{DevEnvironment::get().config().pkcs11.modulePath};
    cms::ui::MainWindow window{
        DevEnvironment::get().config(), nullptr, {[this] { return now; }, readers.look(), {}, {}, {}, {}}};

    SignedInWindow()
    {
        auto connection = std::make_shared<cms::core::remote::CardConnection>(cms::tests::connectAs("oortega"));
        auto person = cms::core::remote::SignedInPerson::load(connection->connection);
        REQUIRE(person);
        window.setSignedIn(std::move(connection), *person);
        window.show();
        REQUIRE(waitUntil([&] { return window.cardWatcher().hasLooked(); }));
    }

    // The watcher's next look, now rather than at its interval.
    void lookAtReaders()
    {
        auto& watcher = window.cardWatcher();
        const auto before = watcher.cards().size();
        watcher.lookNow();
        REQUIRE(waitUntil([&] { return watcher.cards().size() != before; }));
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

    signedIn.window.flushEvents();
    const auto auditor = cms::tests::connectAs("aunger");
    const auto events = cms::tests::must(auditor.connection,
                                         "SELECT string_agg(event_type || ':' || outcome, ',' ORDER BY id) FROM "
                                         "(SELECT * FROM cms_audit.events WHERE actor = 'oortega' AND event_type "
                                         "IN ('auth.lock', 'auth.unlock') ORDER BY id DESC LIMIT 4) e");
    CHECK(events.text(0, 0) == "auth.lock:success,auth.unlock:refused,auth.unlock:refused,auth.unlock:success");
}

TEST_CASE("Taking the card that signed in out of its reader locks the window at once", "[ui][token]")
{
    SignedInWindow signedIn;
    SECTION("another card leaving changes nothing")
    {
        signedIn.readers.unplug("aalvarez");
        signedIn.lookAtReaders();
        CHECK_FALSE(signedIn.window.isLocked());
    }
    SECTION("the signed-in card leaving locks; back in, it unlocks with its PIN")
    {
        signedIn.readers.unplug("oortega");
        signedIn.lookAtReaders();
        REQUIRE(signedIn.window.isLocked());
        auto* cards = signedIn.window.findChild<QComboBox*>("cardComboBox");
        CHECK(cards->findText(QStringLiteral("oortega")) < 0);

        signedIn.readers.plugIn("oortega");
        signedIn.lookAtReaders();
        CHECK(cards->currentText() == QStringLiteral("oortega"));
        signedIn.unlockWith("oortega", DevEnvironment::get().person("oortega").pin);
        CHECK_FALSE(signedIn.window.isLocked());

        signedIn.window.flushEvents();
        const auto auditor = cms::tests::connectAs("aunger");
        const auto lock = cms::tests::must(auditor.connection,
                                           "SELECT details->>'cause' FROM cms_audit.events WHERE actor = 'oortega' "
                                           "AND event_type = 'auth.lock' ORDER BY id DESC LIMIT 1");
        CHECK(lock.text(0, 0) == "card_removed");
    }
}

TEST_CASE("Signing out ends the database session and records it", "[ui][token]")
{
    SignedInWindow signedIn;
    bool signedOut = false;
    QObject::connect(&signedIn.window, &cms::ui::MainWindow::signedOut, [&] { signedOut = true; });
    const auto admin = cms::tests::adminConnection();
    const auto sessions = [&] {
        return cms::tests::must(admin, "SELECT count(*) FROM pg_stat_activity WHERE usename = 'oortega'").text(0, 0);
    };
    const auto before = std::stoi(sessions());
    signedIn.window.signOut();
    CHECK(signedOut);
    signedIn.window.flushEvents();
    CHECK(waitUntil([&] { return std::stoi(sessions()) == before - 1; }, 5000));
    CHECK(signedIn.window.statusBar()->currentMessage().contains(QStringLiteral("Not signed in")));
    CHECK_FALSE(signedIn.window.findChild<QAction*>("actionSignOut")->isEnabled());
}
