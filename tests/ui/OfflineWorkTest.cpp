// Working offline from the desktop (issue: offline field work), on the officer's SoftHSM card and
// a real SQLCipher cache filled from the dev server: "Work offline" at the sign-in opens the
// cache with her card and PIN, the same case list and case form work from it, a save goes to the
// outbox, and the next sync online takes it to the office.
#include "core/sync/FieldWork.h"
#include "tests/support/Connections.h"
#include "tests/support/DevEnvironment.h"
#include "tests/support/ProcessRunner.h"
#include "tests/ui/Screenshot.h"
#include "tests/ui/WaitUntil.h"
#include "ui/CaseListModel.h"
#include "ui/CaseListView.h"
#include "ui/CaseRowDialog.h"
#include "ui/CaseRowsTab.h"
#include "ui/CaseWindow.h"
#include "ui/FirmsTab.h"
#include "ui/MainWindow.h"
#include "ui/PeopleTab.h"
#include "ui/PrintCaseDialog.h"
#include "ui/SignInDialog.h"
#include "ui/SummaryTab.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

#include <catch2/catch.hpp>
#include <filesystem>

using cms::tests::DevEnvironment;
using cms::tests::must;
using cms::tests::waitUntil;

namespace {

// Chooses the card and types the PIN, then presses "Work offline" instead of Enter.
void workOfflineWith(cms::ui::SignInDialog& dialog, const std::string& login)
{
    const auto& person = DevEnvironment::get().person(login);
    auto* cards = dialog.findChild<QComboBox*>("cardComboBox");
    REQUIRE(waitUntil([&] { return cards->findText(QString::fromStdString(person.tokenLabel)) >= 0; }));
    cards->setCurrentIndex(cards->findText(QString::fromStdString(person.tokenLabel)));
    auto* offline = dialog.findChild<QPushButton*>("workOfflineButton");
    REQUIRE(offline != nullptr);
    REQUIRE(waitUntil([&] { return offline->isEnabled(); }));
    QTest::keyClicks(dialog.findChild<QLineEdit*>("pinLineEdit"), QString::fromStdString(person.pin));
    QTest::mouseClick(offline, Qt::LeftButton);
}

} // namespace

TEST_CASE("Offline the officer signs in with her card, finds her case in the cache, edits it, and the next sync "
          "takes the edit to the office",
          "[ui][token][sync]")
{
    const auto admin = cms::tests::adminConnection();
    const auto caseId = cms::tests::newOfficerTeamCase(admin, "Crib slat spacing, field visit");
    must(admin, "UPDATE cms.cases SET assigned_to = 'oortega' WHERE id = $1", {caseId});
    // A model of its own: the officer's earlier cases are in the cache too.
    const std::string model = "CR-" + caseId.substr(0, 6);
    must(admin, "INSERT INTO cms.products (case_id, name, model) VALUES ($1, 'Slatted crib', $2)", {caseId, model});
    const auto firm =
        must(admin, "INSERT INTO cms.firms (name, city) VALUES ('Cradle Row Ltd', 'Dundalk') RETURNING id").text(0, 0);
    must(admin,
         "INSERT INTO cms.case_firms (case_id, firm_id, firm_role) VALUES ($1, $2::bigint, 'importer')",
         {caseId, firm});
    const auto person =
        must(admin,
             "INSERT INTO cms.people (case_id, kind, source) VALUES ($1, 'purchaser', 'individual') RETURNING id",
             {caseId})
            .text(0, 0);
    must(admin,
         "INSERT INTO cms.people_pii (person_id, case_id, full_name) VALUES ($1, $2, 'Philippa Ravensworth')",
         {person, caseId});
    const auto folder = cms::core::sync::FieldWork::cacheFolder("oortega");
    std::filesystem::remove_all(folder);
    const auto& config = DevEnvironment::get().config();
    const auto& officer = DevEnvironment::get().person("oortega");
    {
        // Online, earlier: her cases into the cache ("Take my cases"). The connection first: its
        // sign-in ends with a logout of every session of the process on the card.
        const auto online = cms::tests::connectAs("oortega");
        auto cache =
            cms::core::sync::FieldWork::unlock(config, officer.tokenLabel, cms::SecureBuffer(officer.pin), folder);
        REQUIRE(cache);
        REQUIRE(cms::core::sync::FieldWork::takeAssignedCases(cache->database(), online.connection));
    }

    cms::ui::SignInDialog dialog(config);
    dialog.show();
    workOfflineWith(dialog, "oortega");
    REQUIRE(waitUntil([&] { return dialog.result() == QDialog::Accepted; }, 30000));
    auto work = dialog.takeOfflineWork();
    REQUIRE(work.has_value());
    CHECK(work->owner.loginRole == "oortega");

    QTemporaryDir pdfFolder;
    const QString pdf = QDir(pdfFolder.path()).filePath(QStringLiteral("field-copy.pdf"));
    cms::ui::MainWindow::Seams seams;
    seams.askCasePdfPath = [&](QWidget*, const QString&) {
        return pdf;
    };
    cms::ui::MainWindow window(config, nullptr, seams);
    window.setWorkingOffline(std::move(*work));
    window.resize(1200, 760);
    window.show();
    CHECK(window.isOffline());
    auto* status = window.findChild<QLabel*>("fieldWorkStatus");
    REQUIRE(status != nullptr);
    REQUIRE(waitUntil([&] { return status->text().contains(QStringLiteral("edits waiting")); }));
    CHECK(status->text().startsWith(QStringLiteral("Offline")));
    CHECK(status->text().contains(QStringLiteral("0 edits waiting")));

    // The same list, over the cache: a product's model finds the case.
    auto* list = window.caseList();
    REQUIRE(list != nullptr);
    REQUIRE(waitUntil([&] { return list->model().total() >= 1; }));
    cms::core::cases::CaseListFilter byProduct;
    byProduct.search = model;
    list->applyFilter(byProduct);
    REQUIRE(waitUntil([&] { return list->model().total() == 1 && list->model().isLoaded(0); }));
    CHECK(list->model().caseIdAt(0).toStdString() == caseId);
    // A PII-holder searches by a person's name over the names her cache holds.
    CHECK(list->findChild<QComboBox*>("searchKindComboBox")->isVisible());
    cms::core::cases::CaseListFilter byName;
    byName.search = model;
    byName.personName = "ravensworth PHILIPPA";
    list->applyFilter(byName);
    REQUIRE(waitUntil([&] { return list->model().total() == 1 && list->model().isLoaded(0); }));
    CHECK(list->model().caseIdAt(0).toStdString() == caseId);
    byName.personName = "Philippa Thackeray";
    list->applyFilter(byName);
    REQUIRE(waitUntil([&] { return list->model().total() == 0; }));
    CHECK_FALSE(list->findChild<QComboBox*>("savedSearchComboBox")->isVisible());

    // The same form: the summary from the cache, the products and the firms shown and changed.
    auto* opened = window.openCase(QString::fromStdString(caseId));
    REQUIRE(opened != nullptr);
    CHECK(opened->isOffline());
    REQUIRE(waitUntil([&] { return opened->summary().edited().title == "Crib slat spacing, field visit"; }));
    auto& products = opened->rowsTab("products");
    REQUIRE(waitUntil([&] { return products.rows().size() == 1; }));
    CHECK(products.rows().front().value("model") == model);
    for (const char* button : {"addButton", "editButton", "removeButton"}) {
        CHECK_FALSE(products.findChild<QPushButton*>(button)->isHidden()); // rows change in the cache offline
    }
    auto* tabs = opened->findChild<QTabWidget*>("caseTabs");
    CHECK(tabs->isTabEnabled(1)); // Firms, from the cache
    REQUIRE(waitUntil([&] { return opened->firms().firms().size() == 1; }));
    CHECK(opened->firms().firms().front().name == "Cradle Row Ltd");
    CHECK_FALSE(opened->firms().findChild<QPushButton*>("addButton")->isHidden());
    REQUIRE(waitUntil([&] { return opened->people().people().size() == 1; }));
    const auto masked = opened->people().people().front().masked[0];
    CHECK_FALSE(masked.empty());
    CHECK(masked.find("Ravensworth") == std::string::npos); // masked, as online
    // She holds the PII grant: her cache took the PII at the check-out, and a field is revealed
    // from it, recorded in the laptop's chain.
    CHECK_FALSE(opened->people().findChild<QPushButton*>("revealButton")->isHidden());
    auto* peopleTable = opened->people().findChild<QTableWidget*>("tableWidget");
    opened->people().reveal(0, "full_name");
    REQUIRE(waitUntil(
        [&] { return peopleTable->findItems(QStringLiteral("Philippa Ravensworth"), Qt::MatchExactly).size() == 1; }));
    CHECK_FALSE(tabs->isTabEnabled(9));    // History: the server's trail
    CHECK(tabs->isTabEnabled(2));          // Products
    CHECK(window.openCase({}) == nullptr); // a new case needs the server's id

    auto* title = opened->summary().findChild<QLineEdit*>("titleLineEdit");
    REQUIRE(title != nullptr);
    title->setText(QStringLiteral("Crib slat spacing, measured on site"));
    opened->summary().save();
    REQUIRE(waitUntil([&] { return status->text().contains(QStringLiteral("1 edit waiting")); }));
    // An existing product edited offline: into the outbox, shown at once from the cache.
    products.findChild<QTableWidget*>("tableWidget")->setCurrentCell(0, 0);
    auto* productDialog = products.openDialog(false);
    REQUIRE(productDialog != nullptr);
    productDialog->setValue("model", QStringLiteral("CR-9 (measured)"));
    productDialog->accept();
    REQUIRE(waitUntil([&] { return products.rows().front().value("model") == "CR-9 (measured)"; }));
    REQUIRE(waitUntil([&] { return status->text().contains(QStringLiteral("2 edits waiting")); }));
    // New products added offline (a local id until the sync), one of them removed again.
    const auto addProduct = [&](const char* name) {
        auto* added = products.openDialog(true);
        REQUIRE(added != nullptr);
        added->setValue("name", QString::fromUtf8(name));
        added->accept();
    };
    addProduct("Crib mattress");
    REQUIRE(waitUntil([&] { return products.rows().size() == 2; }));
    addProduct("Spare slat");
    REQUIRE(waitUntil([&] { return products.rows().size() == 3; }));
    const auto rowOf = [&](const std::string& name) {
        for (std::size_t row = 0; row < products.rows().size(); ++row) {
            if (products.rows()[row].value("name") == name) {
                return static_cast<int>(row);
            }
        }
        return -1;
    };
    products.findChild<QTableWidget*>("tableWidget")->setCurrentCell(rowOf("Spare slat"), 0);
    products.removeSelected(false);
    REQUIRE(waitUntil([&] { return products.rows().size() == 2 && rowOf("Spare slat") < 0; }));
    REQUIRE(waitUntil([&] { return status->text().contains(QStringLiteral("5 edits waiting")); }));
    // A firm the cache holds linked in a second role; a new firm needs the network.
    auto& firmsTab = opened->firms();
    firmsTab.addFirm({}, "Brand New Cribs", "Towson", "US", "retailer");
    auto* firmProblem = firmsTab.findChild<QLabel*>("problemLabel");
    REQUIRE(waitUntil([&] { return firmProblem->text().contains(QStringLiteral("needs the network")); }));
    firmsTab.addFirm(firm, "Cradle Row Ltd", {}, {}, "retailer");
    REQUIRE(waitUntil([&] { return firmsTab.firms().size() == 2; }));
    REQUIRE(waitUntil([&] { return status->text().contains(QStringLiteral("6 edits waiting")); }));
    // A person met on site added, with her name (she holds the PII grant), and the purchaser's
    // title corrected with a reason; people are edited offline too (pg OfflinePeopleTest).
    auto& peopleTab = opened->people();
    CHECK_FALSE(peopleTab.findChild<QPushButton*>("addButton")->isHidden());
    CHECK_FALSE(peopleTab.findChild<QPushButton*>("editButton")->isHidden());
    CHECK_FALSE(peopleTab.findChild<QPushButton*>("correctButton")->isHidden());
    peopleTab.correct(0, "title", "Parent", "Told us at the site visit");
    REQUIRE(waitUntil([&] { return status->text().contains(QStringLiteral("7 edits waiting")); }));
    peopleTab.addPerson({"contact", "individual", {"email"}, {"Ambrose Kettleworth", "Store manager", "", "", ""}});
    REQUIRE(waitUntil([&] { return peopleTab.people().size() == 2; }));
    REQUIRE(waitUntil([&] { return status->text().contains(QStringLiteral("8 edits waiting")); }));
    tabs->setCurrentIndex(2); // Products
    cms::tests::saveScreenshot(window, QStringLiteral("offline-case-form"));

    // A case file printed from the cache: by default leaving the office and so redacted, no
    // history, the laptop's label on its pages.
    auto* print = opened->openPrintDialog();
    REQUIRE(print != nullptr);
    CHECK(print->findChild<QLabel*>("offlineLabel") != nullptr);
    CHECK_FALSE(print->findChild<QCheckBox*>("section_history")->isEnabled());
    auto* redactedBox = print->findChild<QCheckBox*>("redactedCheckBox");
    CHECK(print->findChild<QCheckBox*>("leavesOfficeCheckBox")->isChecked());
    CHECK(redactedBox->isChecked());
    CHECK(redactedBox->isEnabled()); // she holds the PII grant: hers to choose
    print->findChild<QLineEdit*>("purposeLineEdit")->setText(QStringLiteral("Site visit"));
    QSignalSpy printed(print, &cms::ui::PrintCaseDialog::finished);
    QTest::mouseClick(print->findChild<QPushButton*>("pdfButton"), Qt::LeftButton);
    REQUIRE(waitUntil(
        [&] { return !printed.isEmpty() && !printed.last().at(0).toString().startsWith(QStringLiteral("Writing")); }));
    const auto said = printed.last().at(0).toString();
    INFO(said.toStdString());
    CHECK(said.contains(QStringLiteral("Offline copy")));
    const auto pdfText = cms::tests::runProcess({"/usr/bin/pdftotext", pdf.toStdString(), "-"});
    REQUIRE(pdfText.exitCode == 0);
    // "Offline" is typeset with the ffl ligature: its letters are looked for around it.
    const auto label = said.section(QLatin1Char(' '), 2, 2).toStdString(); // "Offline copy 769F-1 saved…"
    CHECK(pdfText.out.find("copy " + label) != std::string::npos);
    CHECK(pdfText.out.find("CR-9 (measured)") != std::string::npos);
    CHECK(pdfText.out.find("Ravensworth") == std::string::npos);
    // Unredacted, her choice: the name her cache holds is on the paper.
    redactedBox->setChecked(false);
    printed.clear();
    QTest::mouseClick(print->findChild<QPushButton*>("pdfButton"), Qt::LeftButton);
    REQUIRE(waitUntil(
        [&] { return !printed.isEmpty() && !printed.last().at(0).toString().startsWith(QStringLiteral("Writing")); }));
    INFO(printed.last().at(0).toString().toStdString());
    const auto unredactedText = cms::tests::runProcess({"/usr/bin/pdftotext", pdf.toStdString(), "-"});
    REQUIRE(unredactedText.exitCode == 0);
    CHECK(unredactedText.out.find("Philippa Ravensworth") != std::string::npos);
    CHECK(unredactedText.out.find("Ambrose Kettleworth") != std::string::npos); // added here
    CHECK(unredactedText.out.find("not redacted") != std::string::npos);
    print->close();

    window.signOut(); // closes the cache
    CHECK_FALSE(window.isLocked());

    // Online again: the sync takes the edit to the office.
    const auto online = cms::tests::connectAs("oortega");
    auto cache = cms::core::sync::FieldWork::unlock(config, officer.tokenLabel, cms::SecureBuffer(officer.pin), folder);
    REQUIRE(cache);
    auto signer = cms::core::sync::FieldWork::cardSigner(config, officer.tokenLabel, cms::SecureBuffer(officer.pin));
    REQUIRE(signer);
    const auto synced = cms::core::sync::FieldWork::sync(cache->database(), online.connection, *signer);
    INFO((synced ? std::string() : synced.error().message));
    REQUIRE(synced);
    CHECK(synced->pushed.applied == 8);
    CHECK(must(admin,
               "SELECT i.title || ' / ' || c.reason FROM cms.people_pii i JOIN cms.pii_corrections c ON c.person_id = "
               "i.person_id WHERE i.person_id = $1::uuid",
               {person})
              .text(0, 0)
          == "Parent / Told us at the site visit");
    CHECK(must(admin,
               "SELECT i.full_name || ' / ' || p.name_masked FROM cms.people p JOIN cms.people_pii i ON i.person_id = "
               "p.id WHERE p.case_id = $1 AND p.kind = 'contact'",
               {caseId})
              .text(0, 0)
          == "Ambrose Kettleworth / A****** K**********");
    CHECK(must(admin,
               "SELECT string_agg(firm_role::text, ',' ORDER BY firm_role) FROM cms.case_firms WHERE case_id = $1",
               {caseId})
              .text(0, 0)
          == "importer,retailer");
    CHECK(synced->copiesRegistered == 2);
    CHECK(
        must(admin,
             "SELECT string_agg(redacted::text, ',' ORDER BY copy_number) FROM cms.hard_copies WHERE case_id = $1 AND "
             "holder = 'oortega' AND offline_label IS NOT NULL",
             {caseId})
            .text(0, 0)
        == "true,false");
    CHECK(must(admin,
               "SELECT count(*) FROM cms_audit.events WHERE event_type = 'hard_copy.pii_read' AND actor = 'oortega' "
               "AND (details->>'offline')::boolean AND details->>'case_id' = $1 AND details->>'people' = '2'",
               {caseId})
              .text(0, 0)
          == "1");
    CHECK(must(admin, "SELECT title FROM cms.cases WHERE id = $1", {caseId}).text(0, 0)
          == "Crib slat spacing, measured on site");
    CHECK(must(admin,
               "SELECT string_agg(name || ':' || coalesce(model, ''), ',' ORDER BY name) FROM cms.products "
               "WHERE case_id = $1",
               {caseId})
              .text(0, 0)
          == "Crib mattress:,Slatted crib:CR-9 (measured)");
    // What she did offline is in the central trail, from her laptop's chain, with its fields' names.
    CHECK(synced->audit.refusal.empty());
    CHECK(must(admin,
               "SELECT string_agg(event_type || ':' || outcome, ',' ORDER BY id) FROM cms_audit.events WHERE "
               "(details->>'offline')::boolean AND actor = 'oortega' AND (object_id = $1 OR event_type LIKE 'auth.%') "
               "AND id > (SELECT coalesce(max(id), 0) FROM cms_audit.events WHERE event_type = 'sync.check_out' AND "
               "actor = 'oortega')",
               {caseId})
              .text(0, 0)
          == "auth.sign_in:success,case.open:success,case.edit_offline:success,case.edit_offline:success,"
             "case.edit_offline:success,case.edit_offline:success,case.edit_offline:success,"
             "case.edit_offline:refused,case.edit_offline:success,case.edit_offline:success,case.edit_offline:success,"
             "auth.sign_out:success");
    CHECK(must(admin,
               "SELECT string_agg(coalesce(details->>'table', 'cases') || ':' || (details->'fields'->>0), ',' ORDER BY "
               "id) FROM cms_audit.events WHERE event_type = 'case.edit_offline' AND object_id = $1",
               {caseId})
              .text(0, 0)
          == "cases:title,products:model,products:name,products:name,case_firms:firm_id,case_firms:firm_id,"
             "people_pii:title,people:kind");
    CHECK(must(admin,
               "SELECT string_agg(details->>'action', ',' ORDER BY id) FROM cms_audit.events WHERE event_type = "
               "'case.edit_offline' AND object_id = $1",
               {caseId})
              .text(0, 0)
          == "add,add,remove,add,add,correct,add");
    CHECK(must(admin,
               "SELECT string_agg(outcome || ':' || (details->>'field') || ':' || (details->>'offline'), ',') FROM "
               "cms_audit.events WHERE event_type = 'pii.reveal' AND object_id = $1",
               {person})
              .text(0, 0)
          == "success:full_name:true");
    // The searches made offline, by name too, came with the sync: their filters, no name, no words.
    const auto searches = must(admin,
                               "SELECT count(*) FILTER (WHERE event_type = 'search.person_name'), count(*) FILTER "
                               "(WHERE details->>'person_name' = 'true' AND details->>'text' = 'true'), "
                               "bool_or(details::text ILIKE '%ravensworth%' OR details::text ILIKE $1) FROM "
                               "cms_audit.events WHERE (details->>'offline')::boolean AND actor = 'oortega' AND "
                               "event_type IN ('search.cases', 'search.person_name') AND id > (SELECT max(id) FROM "
                               "cms_audit.events WHERE event_type = 'sync.check_out' AND actor = 'oortega')",
                               {"%" + model + "%"});
    CHECK(searches.text(0, 0) == "2");
    CHECK(searches.text(0, 1) == "2");
    CHECK(searches.text(0, 2) == "f");
}
