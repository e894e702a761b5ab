// The audit trail in the desktop (issue: audit trail, review in the client): the auditor filters
// by case and type, opens the case of an event, and exports what is shown to CSV; the export is
// on record. Real database, the auditor's SoftHSM card.
#include "ui/AuditView.h"

#include "core/cases/CaseStore.h"
#include "tests/support/Connections.h"
#include "tests/ui/Screenshot.h"
#include "tests/ui/SignedInAs.h"
#include "tests/ui/WaitUntil.h"

#include <QAction>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTest>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

using cms::tests::must;
using cms::tests::waitUntil;

TEST_CASE("The auditor finds a case's events, opens the case from one, and exports them to CSV on record",
          "[ui][token][audit]")
{
    const auto admin = cms::tests::adminConnection();
    const auto caseId = cms::tests::newOfficerTeamCase(admin, "Audited: stroller brake");
    REQUIRE(cms::core::cases::CaseStore(cms::tests::connectAs("oortega").connection).open(caseId));
    const auto exportPath = std::filesystem::temp_directory_path()
                            / ("cms-audit-export-" + std::to_string(std::random_device{}()) + ".csv");

    cms::ui::MainWindow::Seams seams;
    seams.askAuditExportPath = [&](QWidget*) {
        return QString::fromStdString(exportPath.string());
    };
    cms::tests::SignedInAs auditor("aunger", std::move(seams));
    auto* action = auditor.window.findChild<QAction*>("actionAuditTrail");
    REQUIRE(action->isEnabled());
    action->trigger();
    auto* view = auditor.window.findChild<cms::ui::AuditView*>("auditView");
    REQUIRE(view != nullptr);
    QSignalSpy finished(view, &cms::ui::AuditView::finished);

    view->findChild<QLineEdit*>("auditCase")->setText(QString::fromStdString(caseId).toLower()); // typed as it comes
    view->findChild<QLineEdit*>("auditType")->setText(QStringLiteral("case"));
    QTest::mouseClick(view->findChild<QPushButton*>("auditSearch"), Qt::LeftButton);
    REQUIRE(waitUntil([&] { return !finished.isEmpty(); }));
    INFO(finished.front().front().toString().toStdString());
    REQUIRE(view->shown().size() == 1);
    CHECK(view->shown().front().eventType == "case.open");
    CHECK(view->shown().front().actor == "oortega");
    auto* table = view->findChild<QTableWidget*>("auditEvents");
    CHECK(table->item(0, 3)->text() == QStringLiteral("case.open"));
    cms::tests::saveScreenshot(auditor.window, QStringLiteral("audit-trail-view"));

    QSignalSpy openAsked(view, &cms::ui::AuditView::openCaseRequested);
    table->selectRow(0);
    QTest::mouseClick(view->findChild<QPushButton*>("auditOpenCase"), Qt::LeftButton);
    REQUIRE(openAsked.size() == 1);
    CHECK(openAsked.front().front().toString() == QString::fromStdString(caseId));

    QTest::mouseClick(view->findChild<QPushButton*>("auditExport"), Qt::LeftButton);
    REQUIRE(waitUntil([&] { return finished.size() == 2; }));
    INFO(finished.back().front().toString().toStdString());
    REQUIRE(std::filesystem::exists(exportPath));
    CHECK((std::filesystem::status(exportPath).permissions() & std::filesystem::perms::all)
          == (std::filesystem::perms::owner_read | std::filesystem::perms::owner_write));
    std::ifstream in(exportPath);
    std::stringstream csv;
    csv << in.rdbuf();
    CHECK_THAT(csv.str(), Catch::StartsWith("id,occurred_at_utc,") && Catch::Contains(",case.open,"));
    CHECK_THAT(csv.str(), Catch::Contains(caseId));
    std::filesystem::remove(exportPath);
    CHECK(must(admin,
               "SELECT details ->> 'rows' FROM cms_audit.events WHERE event_type = 'audit.export' AND actor = 'aunger' "
               "AND details ->> 'case_id' = $1",
               {caseId})
              .text(0, 0)
          == "1");
}

TEST_CASE("The audit trail is not offered to an officer", "[ui][token][audit]")
{
    cms::tests::SignedInAs officer("oortega");
    CHECK_FALSE(officer.window.findChild<QAction*>("actionAuditTrail")->isEnabled());
    CHECK(officer.window.openAuditTrail() == nullptr);
}
