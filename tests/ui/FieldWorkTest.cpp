// Field work from the main window (issue: offline field work), over the real database and the
// officer's SoftHSM card: her PIN unlocks this computer's offline cache, her assigned open cases
// come into it, a sync runs, and the status bar says where things stand.
#include "core/sync/FieldWork.h"

#include "core/cache/DeviceAuditChain.h"
#include "core/cache/OfflineCache.h"
#include "core/sync/OfflineEdits.h"
#include "tests/support/Connections.h"
#include "tests/support/DevEnvironment.h"
#include "tests/support/SignedInCard.h"
#include "tests/ui/Screenshot.h"
#include "tests/ui/SignedInAs.h"
#include "tests/ui/WaitUntil.h"
#include "ui/CaseListModel.h"
#include "ui/CaseListView.h"
#include "ui/ConflictDialog.h"
#include "ui/FieldWorkController.h"

#include <QAction>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QRadioButton>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTableView>
#include <QTest>

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <random>

using cms::tests::must;
using cms::tests::waitUntil;

namespace {

// The officer's window whose field work asks for her PIN and gets the card's real one.
cms::ui::MainWindow::Seams officerAnswersPin()
{
    cms::ui::MainWindow::Seams seams;
    seams.askPin = [](QWidget*) -> std::optional<cms::SecureBuffer> {
        return cms::SecureBuffer(cms::tests::DevEnvironment::get().person("oortega").pin);
    };
    return seams;
}

// A case of the officer's with one product, and no cache of hers yet; the product's id.
std::string officersCaseWithProduct(const char* title, const char* product, const char* model)
{
    const auto admin = cms::tests::adminConnection();
    const auto caseId = cms::tests::newOfficerTeamCase(admin, title);
    must(admin, "UPDATE cms.cases SET assigned_to = 'oortega' WHERE id = $1", {caseId});
    std::filesystem::remove_all(cms::core::sync::FieldWork::cacheFolder("oortega"));
    return must(admin,
                "INSERT INTO cms.products (case_id, name, model) VALUES ($1, $2, $3) RETURNING id::text",
                {caseId, product, model})
        .text(0, 0);
}

// "Take my cases" from the menu, done: the cache is open.
cms::ui::FieldWorkController* takeMyCases(cms::tests::SignedInAs& officer)
{
    auto* fieldWork = officer.window.fieldWork();
    QSignalSpy finished(fieldWork, &cms::ui::FieldWorkController::finished);
    officer.window.findChild<QAction*>("actionTakeFieldWork")->trigger();
    REQUIRE(waitUntil([&] { return !finished.isEmpty(); }));
    REQUIRE(fieldWork->cache() != nullptr);
    return fieldWork;
}

} // namespace

TEST_CASE("The officer takes her cases for field work with her PIN, syncs, and the status bar says so",
          "[ui][token][sync]")
{
    const auto admin = cms::tests::adminConnection();
    const auto caseId = cms::tests::newOfficerTeamCase(admin, "Field visit: toy chest lid");
    must(admin, "UPDATE cms.cases SET assigned_to = 'oortega' WHERE id = $1", {caseId});
    std::filesystem::remove_all(cms::core::sync::FieldWork::cacheFolder("oortega"));

    int asked = 0;
    bool cancel = true;
    cms::ui::MainWindow::Seams seams;
    seams.askPin = [&](QWidget*) -> std::optional<cms::SecureBuffer> {
        ++asked;
        if (cancel) {
            return std::nullopt;
        }
        return cms::SecureBuffer(cms::tests::DevEnvironment::get().person("oortega").pin);
    };
    cms::tests::SignedInAs officer("oortega", std::move(seams));
    auto* fieldWork = officer.window.fieldWork();
    REQUIRE(fieldWork != nullptr);
    auto* status = officer.window.findChild<QLabel*>("fieldWorkStatus");
    REQUIRE(status != nullptr);
    CHECK(status->text().contains(QStringLiteral("no cases taken")));
    auto* take = officer.window.findChild<QAction*>("actionTakeFieldWork");
    auto* sync = officer.window.findChild<QAction*>("actionSyncNow");
    REQUIRE(take->isEnabled());
    QSignalSpy finished(fieldWork, &cms::ui::FieldWorkController::finished);

    take->trigger(); // the person cancels the PIN: nothing happens
    CHECK(asked == 1);
    CHECK_FALSE(fieldWork->busy());
    CHECK(finished.isEmpty());

    cancel = false;
    take->trigger();
    REQUIRE(waitUntil([&] { return !finished.isEmpty(); }));
    INFO(status->text().toStdString());
    CHECK_FALSE(status->text().contains(QStringLiteral("failed")));
    CHECK(status->text().contains(QStringLiteral("case")));
    CHECK(status->text().contains(QStringLiteral("0 edits waiting")));
    CHECK(status->text().contains(QStringLiteral("last sync")));
    CHECK(std::filesystem::exists(cms::core::sync::FieldWork::cacheFolder("oortega") / "cache.key"));

    // A sync later needs no PIN: the cache stays open for the session.
    sync->trigger();
    REQUIRE(waitUntil([&] { return finished.size() == 2; }));
    CHECK(asked == 2);
    CHECK_FALSE(status->text().contains(QStringLiteral("failed")));
    for (const char* type : {"sync.check_out", "sync.run"}) {
        INFO(type);
        CHECK(must(admin,
                   "SELECT count(*) FROM cms_audit.events WHERE event_type = $1 AND actor = 'oortega' "
                   "AND occurred_at > now() - interval '5 minutes'",
                   {type})
                  .text(0, 0)
              != "0");
    }

    // Events recorded offline wait in the laptop's chain: the sync asks the PIN for the card to
    // sign them; refused, they wait (and the status says so); given, they go, signed.
    const auto* cache = fieldWork->cache();
    REQUIRE(cache != nullptr);
    const cms::core::cache::DeviceAuditChain chain(*cache);
    REQUIRE(chain.append("case.open",
                         "cms.cases",
                         caseId,
                         "success",
                         R"({"case_id": ")" + caseId + "\"}",
                         std::chrono::system_clock::now()));
    const auto device = chain.deviceId().value();
    cancel = true;
    sync->trigger();
    REQUIRE(waitUntil([&] { return finished.size() == 3; }));
    CHECK(asked == 3);
    CHECK(finished.at(2).at(0).toString().contains(QStringLiteral("wait for your card's signature")));
    CHECK(chain.pending()->size() == 1);
    cancel = false;
    sync->trigger();
    REQUIRE(waitUntil([&] { return finished.size() == 4; }));
    CHECK(asked == 4);
    CHECK(chain.pending()->empty());
    CHECK(must(admin,
               "SELECT count(*) FROM cms_audit.device_batches WHERE device = $1::uuid AND person = 'oortega'",
               {device})
              .text(0, 0)
          == "1");
    cms::tests::saveScreenshot(officer.window, QStringLiteral("main-window-field-work"));
}

TEST_CASE("An offline edit that meets a change at the office opens the three-way view, and the person's choice is "
          "synced",
          "[ui][token][sync]")
{
    const auto admin = cms::tests::adminConnection();
    const auto product = officersCaseWithProduct("Field visit: baby walker", "Baby walker", "BW-1");
    cms::tests::SignedInAs officer("oortega", officerAnswersPin());
    auto* fieldWork = takeMyCases(officer);

    REQUIRE(cms::core::sync::OfflineEdits(*fieldWork->cache()).edit("products", product, {{"model", "Field model"}}));
    must(cms::tests::connectAs("iibarra").connection,
         "UPDATE cms.products SET model = 'Office model', version = 1 WHERE id = $1::bigint",
         {product});
    officer.window.findChild<QAction*>("actionSyncNow")->trigger();
    cms::ui::ConflictDialog* dialog = nullptr;
    REQUIRE(waitUntil([&] {
        dialog = officer.window.findChild<cms::ui::ConflictDialog*>();
        return dialog != nullptr && dialog->isVisible();
    }));
    auto* field = dialog->findChild<QWidget*>("model");
    REQUIRE(field != nullptr);
    CHECK(field->findChild<QLabel*>("base")->text() == QStringLiteral("Before: BW-1"));
    CHECK(field->findChild<QRadioButton*>("theirs")->text() == QStringLiteral("Theirs: Office model"));
    CHECK(field->findChild<QRadioButton*>("mine")->text() == QStringLiteral("Mine: Field model"));
    CHECK(field->findChild<QRadioButton*>("theirs")->isChecked()); // nothing of theirs lost by default
    cms::tests::saveScreenshot(*dialog, QStringLiteral("sync-conflict-three-way"));

    dialog->chooseMine("model");
    auto* keep = dialog->findChild<QDialogButtonBox*>("buttonBox")->button(QDialogButtonBox::Save);
    CHECK(keep->text() == QStringLiteral("Keep these and sync"));
    QTest::mouseClick(keep, Qt::LeftButton);
    REQUIRE(waitUntil([&] {
        return must(admin, "SELECT model FROM cms.products WHERE id = $1::bigint", {product}).text(0, 0)
               == "Field model";
    }));
    REQUIRE(waitUntil([&] { return !fieldWork->busy() && fieldWork->cache() != nullptr; }));
    auto* status = officer.window.findChild<QLabel*>("fieldWorkStatus");
    INFO(status->text().toStdString());
    CHECK(status->text().contains(QStringLiteral("0 edits waiting")));
    CHECK(must(admin,
               "SELECT count(*) FROM cms_audit.events WHERE event_type = 'sync.conflict_resolved' AND object_id = $1",
               {product})
              .text(0, 0)
          == "1");
}

TEST_CASE("A product removed offline that the office changed meanwhile asks whether it still goes, and the choice "
          "is synced",
          "[ui][token][sync]")
{
    const auto admin = cms::tests::adminConnection();
    const auto product = officersCaseWithProduct("Field visit: high chair", "High chair", "HC-1");
    cms::tests::SignedInAs officer("oortega", officerAnswersPin());
    auto* fieldWork = takeMyCases(officer);

    REQUIRE(cms::core::sync::OfflineEdits(*fieldWork->cache()).remove("products", product));
    must(cms::tests::connectAs("iibarra").connection,
         "UPDATE cms.products SET model = 'HC-2', version = 1 WHERE id = $1::bigint",
         {product});
    officer.window.findChild<QAction*>("actionSyncNow")->trigger();
    cms::ui::ConflictDialog* dialog = nullptr;
    REQUIRE(waitUntil([&] {
        dialog = officer.window.findChild<cms::ui::ConflictDialog*>();
        return dialog != nullptr && dialog->isVisible();
    }));
    CHECK(dialog->windowTitle() == QStringLiteral("A product you removed offline was changed at the office"));
    CHECK(dialog->findChild<QLabel*>()->text().contains(QStringLiteral("Model: HC-1 → HC-2")));
    auto* choice = dialog->findChild<QWidget*>(cms::core::sync::PushConflict::kRemoveAnyway);
    REQUIRE(choice != nullptr);
    CHECK(choice->findChild<QRadioButton*>("theirs")->isChecked()); // kept unless the person says so
    CHECK(dialog->choices() == std::map<std::string, bool>{{cms::core::sync::PushConflict::kRemoveAnyway, false}});
    cms::tests::saveScreenshot(*dialog, QStringLiteral("sync-conflict-removed-row"));

    dialog->chooseMine(cms::core::sync::PushConflict::kRemoveAnyway);
    QTest::mouseClick(dialog->findChild<QDialogButtonBox*>("buttonBox")->button(QDialogButtonBox::Save),
                      Qt::LeftButton);
    REQUIRE(waitUntil([&] {
        return must(admin, "SELECT count(*) FROM cms.products WHERE id = $1::bigint", {product}).text(0, 0) == "0";
    }));
    REQUIRE(waitUntil([&] { return !fieldWork->busy() && fieldWork->cache() != nullptr; }));
    CHECK(officer.window.findChild<QLabel*>("fieldWorkStatus")->text().contains(QStringLiteral("0 edits waiting")));
}

TEST_CASE("On a shared laptop sign-out wipes the person's offline cache, but never with edits still to send",
          "[ui][token][sync]")
{
    const auto admin = cms::tests::adminConnection();
    const auto caseId = cms::tests::newOfficerTeamCase(admin, "Field visit: shared laptop");
    must(admin, "UPDATE cms.cases SET assigned_to = 'oortega' WHERE id = $1", {caseId});
    const auto folder = cms::core::sync::FieldWork::cacheFolder("oortega");
    std::filesystem::remove_all(folder);
    auto config = cms::tests::DevEnvironment::get().config();
    config.offline.wipeAtSignOut = true;
    cms::tests::SignedInAs officer("oortega", officerAnswersPin(), config);
    bool signedOut = false;
    QObject::connect(&officer.window, &cms::ui::MainWindow::signedOut, [&] { signedOut = true; });
    auto* fieldWork = officer.window.fieldWork();
    QSignalSpy finished(fieldWork, &cms::ui::FieldWorkController::finished);
    officer.window.findChild<QAction*>("actionTakeFieldWork")->trigger();
    REQUIRE(waitUntil([&] { return finished.size() == 1; }));
    REQUIRE(fieldWork->cache() != nullptr);
    REQUIRE(cms::core::sync::OfflineEdits(*fieldWork->cache()).edit("cases", caseId, {{"title", "Edited offline"}}));
    const auto wipes = [&](const char* outcome) {
        return must(admin,
                    "SELECT count(*) FROM cms_audit.events WHERE event_type = 'offline.cache_wiped' AND outcome = $1 "
                    "AND actor = 'oortega' AND occurred_at > now() - interval '5 minutes'",
                    {outcome})
            .text(0, 0);
    };
    const auto refusedBefore = wipes("refused");

    // An edit waits: the person is asked, and staying signed in keeps everything.
    officer.window.signOut();
    auto* question = officer.window.findChild<QMessageBox*>("keepCacheQuestion");
    REQUIRE(question != nullptr);
    CHECK(question->text().contains(QStringLiteral("1 edit made offline has not been sent yet")));
    question->button(QMessageBox::Cancel)->click();
    CHECK_FALSE(signedOut);
    CHECK(std::filesystem::exists(folder / "cache.key"));
    CHECK(waitUntil([&] { return wipes("refused") != refusedBefore; }));

    // Synced: sign-out removes the cache.
    officer.window.findChild<QAction*>("actionSyncNow")->trigger();
    REQUIRE(waitUntil([&] { return finished.size() == 2 && !fieldWork->busy(); }));
    REQUIRE(must(admin, "SELECT title FROM cms.cases WHERE id = $1", {caseId}).text(0, 0) == "Edited offline");
    officer.window.signOut();
    CHECK(signedOut);
    CHECK_FALSE(std::filesystem::exists(folder / "cache.key"));
    CHECK_FALSE(std::filesystem::exists(folder / "cache.db"));
    officer.window.flushEvents();
    CHECK(waitUntil([&] { return wipes("success") != "0"; }));
}

TEST_CASE("A reissued card takes over the cache of the previous card, with that card's PIN", "[ui][token][sync]")
{
    const auto admin = cms::tests::adminConnection();
    const auto caseId = cms::tests::newOfficerTeamCase(admin, "Field visit: reissued card");
    must(admin, "UPDATE cms.cases SET assigned_to = 'iibarra' WHERE id = $1", {caseId});
    const auto folder = cms::core::sync::FieldWork::cacheFolder("iibarra");
    std::filesystem::remove_all(folder);
    const auto& dev = cms::tests::DevEnvironment::get();
    std::vector<std::string> offered;
    cms::ui::MainWindow::Seams seams;
    seams.askPin = [&](QWidget*) -> std::optional<cms::SecureBuffer> {
        return cms::SecureBuffer(dev.person("iibarra").pin);
    };
    seams.askPreviousCard = [&](const std::vector<std::string>& others,
                                QWidget*) -> std::optional<cms::ui::FieldWorkController::PreviousCard> {
        offered = others;
        return cms::ui::FieldWorkController::PreviousCard{"oortega", cms::SecureBuffer(dev.person("oortega").pin)};
    };
    cms::tests::SignedInAs investigator("iibarra", std::move(seams));
    {
        // The cache as the previous card (here: another dev card) made it.
        const auto previous = cms::tests::SignedInCard::of("oortega");
        auto made = cms::core::cache::OfflineCache::open(folder, *previous.session);
        REQUIRE(made);
        REQUIRE(made->database().query("INSERT INTO cache_meta VALUES ('kept', 'from the previous card')"));
    }
    auto* fieldWork = investigator.window.fieldWork();
    QSignalSpy finished(fieldWork, &cms::ui::FieldWorkController::finished);
    investigator.window.findChild<QAction*>("actionTakeFieldWork")->trigger();
    REQUIRE(waitUntil([&] { return finished.size() == 2; }, 20000));
    CHECK(finished.at(0).at(0).toString().contains(QStringLiteral("another card")));
    INFO(finished.at(1).at(0).toString().toStdString());
    CHECK(finished.at(1).at(0).toString().contains(QStringLiteral("now opens with the card you signed in with")));
    CHECK(std::find(offered.begin(), offered.end(), "oortega") != offered.end());
    CHECK(std::find(offered.begin(), offered.end(), "iibarra") == offered.end());
    REQUIRE(waitUntil([&] { return fieldWork->cache() != nullptr; }));
    CHECK(fieldWork->cache()->queryValue("SELECT value FROM cache_meta WHERE name = 'kept'").value()
          == std::optional<std::string>("from the previous card"));
    CHECK(fieldWork->cache()->queryValue("SELECT count(*) FROM checked_out WHERE case_id = ?1", {caseId}).value()
          == std::optional<std::string>("1"));
    CHECK(must(admin,
               "SELECT count(*) FROM cms_audit.events WHERE event_type = 'offline.cache_moved' AND actor = 'iibarra' "
               "AND outcome = 'success' AND details ->> 'previous_card' = 'oortega'")
              .text(0, 0)
          != "0");
}

TEST_CASE("The officer picks cases in the case list for field work and gives them back: a colleague's is "
          "taken, a closed one is named, one with an edit waiting stays",
          "[ui][token][sync]")
{
    const auto admin = cms::tests::adminConnection();
    const auto since = must(admin, "SELECT clock_timestamp()::text").text(0, 0);
    // A list of several pages for everyone (a fresh database holds only the cases tests made).
    must(admin,
         "INSERT INTO cms.cases (title, case_type) SELECT 'Filler case ' || n, 'other' FROM generate_series(1, "
         "greatest(0, $1::int - (SELECT count(*) FROM cms.cases WHERE NOT restricted)::int)) AS n",
         {std::to_string(3 * cms::ui::CaseListModel::kPageSize)});
    const std::string firm = "Marrowgate Toys " + std::to_string(std::random_device{}());
    const auto firmId = must(admin, "INSERT INTO cms.firms (name) VALUES ($1) RETURNING id", {firm}).text(0, 0);
    const auto colleagues = cms::tests::newOfficerTeamCase(admin, "Field visit: rocking horse");
    const auto unassigned = cms::tests::newOfficerTeamCase(admin, "Field visit: toy drum");
    const auto closed = cms::tests::newOfficerTeamCase(admin, "Field visit: kite string");
    for (const auto& id : {colleagues, unassigned, closed}) {
        must(admin,
             "INSERT INTO cms.case_firms (case_id, firm_id, firm_role) VALUES ($1, $2, 'manufacturer')",
             {id, firmId});
    }
    must(admin, "UPDATE cms.cases SET assigned_to = 'iibarra' WHERE id = $1", {colleagues});
    must(admin,
         "UPDATE cms.cases SET status = 'closed', closed_on = current_date, closure_reason = 'No violation found' "
         "WHERE id = $1",
         {closed});
    std::filesystem::remove_all(cms::core::sync::FieldWork::cacheFolder("oortega"));
    cms::tests::SignedInAs officer("oortega", officerAnswersPin());
    auto* fieldWork = officer.window.fieldWork();
    QSignalSpy finished(fieldWork, &cms::ui::FieldWorkController::finished);
    auto* takeSelected = officer.window.findChild<QAction*>("actionTakeSelected");
    REQUIRE(takeSelected->isEnabled());
    auto* table = officer.window.caseList()->findChild<QTableView*>("tableView");
    REQUIRE(table->actions().contains(takeSelected)); // on the list's context menu too

    // Everything selected in a list of several pages: the pages not scrolled to are not loaded,
    // so nothing is taken rather than part of the choice.
    auto& list = officer.window.caseList()->model();
    REQUIRE(waitUntil([&] { return list.total() > 2 * cms::ui::CaseListModel::kPageSize && list.isLoaded(0); }));
    table->selectAll();
    takeSelected->trigger();
    CHECK(officer.window.statusBar()->currentMessage().contains(QStringLiteral("still loading")));

    auto* search = officer.window.caseList()->findChild<QLineEdit*>("searchLineEdit");
    search->setText(QString::fromStdString(firm));
    QTest::keyClick(search, Qt::Key_Return);
    auto& model = officer.window.caseList()->model();
    REQUIRE(waitUntil([&] { return model.total() == 3 && model.isLoaded(0) && model.isLoaded(2); }));

    table->clearSelection();
    takeSelected->trigger(); // nothing selected: said, nothing taken
    CHECK(officer.window.statusBar()->currentMessage().contains(QStringLiteral("Select the cases")));
    QTest::qWait(50);
    CHECK(finished.isEmpty());

    table->setFocus();
    table->selectAll();
    REQUIRE(officer.window.caseList()->selectedCaseIds().size() == 3);
    takeSelected->trigger();
    REQUIRE(waitUntil([&] { return !finished.isEmpty(); }));
    const QString said = finished.front().front().toString();
    INFO(said.toStdString());
    CHECK(said.contains(QStringLiteral("not taken")));
    CHECK(said.contains(QString::fromStdString(closed)));
    CHECK_FALSE(said.contains(QString::fromStdString(colleagues)));
    REQUIRE(fieldWork->cache() != nullptr);
    const auto taken = fieldWork->cache()
                           ->queryValue("SELECT group_concat(case_id || ':' || assigned_to_me) FROM "
                                        "(SELECT * FROM checked_out ORDER BY case_id)")
                           .value()
                           .value_or("");
    std::vector<std::string> expected{colleagues + ":0", unassigned + ":0"};
    std::sort(expected.begin(), expected.end());
    CHECK(taken == expected[0] + "," + expected[1]);
    CHECK(must(admin,
               "SELECT count(*) FROM cms_audit.events WHERE event_type = 'sync.check_out' AND actor = 'oortega' "
               "AND details->>'chosen' = 'true' AND details->>'cases_not_taken' = '1' "
               "AND occurred_at > $1::timestamptz",
               {since})
              .text(0, 0)
          == "1");

    // The next sync keeps the colleague's case: it was chosen, not taken as the officer's own.
    officer.window.findChild<QAction*>("actionSyncNow")->trigger();
    REQUIRE(waitUntil([&] { return finished.size() == 2; }));
    const auto cached = [&](const std::string& sql) {
        return fieldWork->cache()->queryValue(sql).value().value_or("");
    };
    CHECK(cached("SELECT count(*) FROM checked_out") == "2");

    // Given back, all three: the one with an edit waiting stays whole; the closed one was never here.
    REQUIRE(
        cms::core::sync::OfflineEdits(*fieldWork->cache()).edit("cases", unassigned, {{"title", "Toy drum (field)"}}));
    auto* giveBack = officer.window.findChild<QAction*>("actionReturnSelected");
    REQUIRE(table->actions().contains(giveBack));
    table->selectAll();
    giveBack->trigger();
    REQUIRE(waitUntil([&] { return finished.size() == 3; }));
    const QString given = finished.at(2).front().toString();
    INFO(given.toStdString());
    CHECK(given.contains(QStringLiteral("1 case given back")));
    CHECK(given.contains(QStringLiteral("sync first): ") + QString::fromStdString(unassigned)));
    CHECK(given.contains(QStringLiteral("not on this computer: ") + QString::fromStdString(closed)));
    CHECK(cached("SELECT group_concat(case_id) FROM checked_out") == unassigned);
    CHECK(cached("SELECT count(*) FROM cached_rows WHERE case_id = '" + colleagues + "'") == "0");
    CHECK(cached("SELECT count(*) FROM cached_rows WHERE case_id = '" + unassigned + "'") != "0");
    CHECK(must(admin,
               "SELECT details->>'cases' FROM cms_audit.events WHERE event_type = 'sync.return' AND actor = "
               "'oortega' AND occurred_at > $1::timestamptz",
               {since})
              .text(0, 0)
          == "[\"" + colleagues + "\"]");
}
