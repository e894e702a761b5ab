// The way through the application: notice, card, rules of behavior once a year, window, and back
// to the card after signing out (PIA Q22, Q23), driven like a person would, on the real token and
// the real database.
#include "ui/SessionFlow.h"

#include "tests/support/Connections.h"
#include "tests/support/DevEnvironment.h"
#include "tests/support/HttpTestServer.h"
#include "tests/support/TestCrl.h"
#include "tests/ui/WaitUntil.h"
#include "ui/NoticeDialog.h"
#include "ui/SignInDialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTest>

#include <catch2/catch.hpp>

using cms::tests::DevEnvironment;
using cms::tests::must;
using cms::tests::waitUntil;
using cms::ui::SessionFlow;

namespace {

QPushButton* button(QDialog* dialog, QDialogButtonBox::StandardButton which)
{
    return dialog->findChild<QDialogButtonBox*>("buttonBox")->button(which);
}

void signInWith(SessionFlow& flow, const std::string& login)
{
    REQUIRE(waitUntil([&] { return flow.signInDialog() != nullptr && flow.signInDialog()->isVisible(); }));
    auto* dialog = flow.signInDialog();
    auto* cards = dialog->findChild<QComboBox*>("cardComboBox");
    const auto& person = DevEnvironment::get().person(login);
    REQUIRE(waitUntil([&] { return cards->findText(QString::fromStdString(person.tokenLabel)) >= 0; }));
    cards->setCurrentIndex(cards->findText(QString::fromStdString(person.tokenLabel)));
    auto* pin = dialog->findChild<QLineEdit*>("pinLineEdit");
    QTest::keyClicks(pin, QString::fromStdString(person.pin));
    QTest::keyClick(pin, Qt::Key_Return);
}

void passNotice(SessionFlow& flow)
{
    REQUIRE(flow.notice() != nullptr);
    QTest::mouseClick(button(flow.notice(), QDialogButtonBox::Ok), Qt::LeftButton);
}

// A person's training date for the length of a test, restored to today's afterwards.
struct TrainingOn
{
    std::string login;
    TrainingOn(std::string who, const std::string& date)
        : login(std::move(who))
    {
        must(cms::tests::adminConnection(),
             "UPDATE cms.staff SET privacy_training_on = $2::date WHERE login_role = $1",
             {login, date});
    }
    ~TrainingOn()
    {
        must(cms::tests::adminConnection(),
             "UPDATE cms.staff SET privacy_training_on = current_date WHERE login_role = $1",
             {login});
    }
};

// The person's own last event of the kind (not a failure kept on this computer and handed over
// with their sign-in).
std::string lastEvent(const std::string& actor, const std::string& like)
{
    const auto auditor = cms::tests::connectAs("aunger");
    const auto row = must(auditor.connection,
                          "SELECT event_type || ':' || outcome || ':' || coalesce(details->>'cause', '') FROM "
                          "cms_audit.events WHERE actor = $1 AND event_type LIKE $2 "
                          "AND NOT details ? 'reported_by_next_sign_in' ORDER BY id DESC LIMIT 1",
                          {actor, like});
    return row.rows() == 1 ? row.text(0, 0) : std::string();
}

} // namespace

TEST_CASE("The system-use notice comes before the sign-in, and Exit leaves", "[ui]")
{
    SessionFlow flow(DevEnvironment::get().config());
    int exitCode = -1;
    QObject::connect(&flow, &SessionFlow::finished, [&](int code) { exitCode = code; });
    flow.start();
    REQUIRE(flow.notice() != nullptr);
    CHECK(flow.notice()->isVisible());
    CHECK(flow.signInDialog() == nullptr);
    CHECK(flow.notice()
              ->findChild<QPlainTextEdit*>("textView")
              ->toPlainText()
              .contains(QStringLiteral("U.S. Government information system")));
    QTest::mouseClick(button(flow.notice(), QDialogButtonBox::Cancel), Qt::LeftButton);
    CHECK(exitCode == 0);
    CHECK(flow.signInDialog() == nullptr);
}

TEST_CASE("Rules of behavior once a year: declined ends the session, accepted opens the window, and sign-out "
          "comes back to the card",
          "[ui][token]")
{
    must(cms::tests::adminConnection(), "UPDATE cms.staff SET rules_accepted_at = NULL WHERE login_role = 'oortega'");
    SessionFlow flow(DevEnvironment::get().config());
    flow.start();
    passNotice(flow);
    signInWith(flow, "oortega");

    // Due: the rules, and accepting waits for the box.
    REQUIRE(waitUntil([&] {
        return flow.notice() != nullptr && flow.notice()->isVisible()
               && flow.notice()->windowTitle() == "Rules of behavior";
    }));
    auto* accept = button(flow.notice(), QDialogButtonBox::Ok);
    CHECK_FALSE(accept->isEnabled());
    QTest::mouseClick(button(flow.notice(), QDialogButtonBox::Cancel), Qt::LeftButton);
    CHECK(flow.window() == nullptr);
    REQUIRE(waitUntil([&] { return flow.signInDialog() != nullptr && flow.signInDialog()->isVisible(); }));
    CHECK(lastEvent("oortega", "auth.rules_%") == "auth.rules_declined:refused:");

    signInWith(flow, "oortega");
    REQUIRE(waitUntil([&] {
        return flow.notice() != nullptr && flow.notice()->isVisible()
               && flow.notice()->windowTitle() == "Rules of behavior";
    }));
    flow.notice()->findChild<QCheckBox*>("confirmCheckBox")->setChecked(true);
    accept = button(flow.notice(), QDialogButtonBox::Ok);
    REQUIRE(accept->isEnabled());
    QTest::mouseClick(accept, Qt::LeftButton);
    REQUIRE(waitUntil([&] { return flow.window() != nullptr; }));
    CHECK(flow.window()->isVisible());
    CHECK(lastEvent("oortega", "auth.rules_%") == "auth.rules_accepted:success:");
    CHECK(must(cms::tests::adminConnection(),
               "SELECT rules_accepted_at > now() - interval '1 minute' FROM cms.staff WHERE login_role = 'oortega'")
              .text(0, 0)
          == "t");

    // Signing out comes back to the card; this year's rules are not asked for again.
    flow.window()->signOut();
    signInWith(flow, "oortega");
    REQUIRE(waitUntil([&] { return flow.window() != nullptr && flow.window()->isVisible(); }));
    CHECK((flow.notice() == nullptr || !flow.notice()->isVisible()));
}

TEST_CASE("A person whose privacy training is over a year old is refused at sign-in, with that reason", "[ui][token]")
{
    const TrainingOn lapsed("aalvarez", "2025-01-02");
    SessionFlow flow(DevEnvironment::get().config());
    flow.start();
    passNotice(flow);
    signInWith(flow, "aalvarez");
    auto* dialog = flow.signInDialog();
    REQUIRE(waitUntil([&] { return dialog->findChild<QLineEdit*>("pinLineEdit")->isEnabled(); }));
    const auto problem = dialog->findChild<QLabel*>("errorLabel")->text();
    CHECK(problem.contains(QStringLiteral("privacy training was on 2025-01-02")));
    CHECK(flow.window() == nullptr);
    CHECK(lastEvent("aalvarez", "auth.sign_in") == "auth.sign_in:refused:training-overdue");
}

TEST_CASE("The client refreshes the CRL cache in the background from the start", "[ui][token]")
{
    const auto pki = DevEnvironment::get().devDir() / "pki";
    const auto cachePath = DevEnvironment::get().devDir() / "state" / "crl-flow-test.pem";
    std::filesystem::create_directories(cachePath.parent_path());
    std::filesystem::copy_file(pki / "crl.pem", cachePath, std::filesystem::copy_options::overwrite_existing);
    cms::tests::HttpTestServer server;
    const cms::tests::TestCrl intermediate{pki / "intermediate.crt", pki / "intermediate.key"};
    server.serve("/crl",
                 intermediate.issue(cms::tests::TestCrl::numberOf(pki / "intermediate.crl.pem") + 1,
                                    std::chrono::system_clock::now()));
    auto config = DevEnvironment::get().config();
    config.pki.crlCache = cachePath;
    config.pki.crlUrls = {server.url("/crl")};

    SessionFlow flow(config);
    bool replaced = false;
    QObject::connect(&flow.revocationListRefresh(),
                     &cms::ui::RevocationListRefresh::refreshed,
                     [&](bool cacheReplaced) { replaced = cacheReplaced; });
    flow.start();
    CHECK(flow.notice() != nullptr); // the notice did not wait for the network
    CHECK(waitUntil([&] { return replaced; }, 10000));
    CHECK(server.requests() == 1);
    std::filesystem::remove(cachePath);
}
