// The case list in the main window, over the real database as the signed-in officer (issue: case
// work): the model passes Qt's model tester, pages arrive as they are needed, the search box finds
// by id (and refuses a mistyped one), Enter opens, and person-name search is offered to
// PII-holders only.
#include "core/model/CaseId.h"
#include "tests/support/Connections.h"
#include "tests/support/DevEnvironment.h"
#include "tests/ui/Screenshot.h"
#include "tests/ui/SignedInAs.h"
#include "tests/ui/WaitUntil.h"
#include "ui/CaseListModel.h"
#include "ui/CaseListView.h"
#include "ui/DatabaseWorker.h"
#include "ui/MainWindow.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>

#include <catch2/catch.hpp>
#include <random>

using cms::tests::DevEnvironment;
using cms::tests::must;
using cms::tests::waitUntil;

namespace {

// The main window's list, signed in, once its total has arrived.
struct ListAs : cms::tests::SignedInAs
{
    explicit ListAs(const std::string& login)
        : SignedInAs(login)
    {
        REQUIRE(window.caseList() != nullptr);
        REQUIRE(waitUntil([&] { return model().total() >= 0; }));
    }

    cms::ui::CaseListModel& model()
    {
        return window.caseList()->model();
    }
    QLineEdit* searchField()
    {
        return window.caseList()->findChild<QLineEdit*>("searchLineEdit");
    }
};

// A case of the officer's team with a firm, made by the operator for this test.
std::string newCaseWithFirm(const std::string& firm)
{
    const auto admin = cms::tests::adminConnection();
    const auto id = cms::tests::newOfficerTeamCase(admin, "Hair dryer sparks");
    const auto firmId = must(admin, "INSERT INTO cms.firms (name) VALUES ($1) RETURNING id", {firm}).text(0, 0);
    must(admin,
         "INSERT INTO cms.case_firms (case_id, firm_id, firm_role) VALUES ($1, $2, 'manufacturer')",
         {id, firmId});
    return id;
}

// Makes sure the list has more than one page for everyone: a fresh database (CI) holds only the
// few cases earlier tests made, and a one-page list cannot show a page fetched on demand.
void ensureSeveralPages()
{
    const auto admin = cms::tests::adminConnection();
    const int wanted = 3 * cms::ui::CaseListModel::kPageSize;
    const int have = std::stoi(must(admin, "SELECT count(*) FROM cms.cases WHERE NOT restricted").text(0, 0));
    if (have >= wanted) {
        return;
    }
    must(admin,
         "INSERT INTO cms.cases (title, case_type) SELECT 'Filler case ' || n, 'other' "
         "FROM generate_series(1, $1::int) AS n",
         {std::to_string(wanted - have)});
}

} // namespace

TEST_CASE("The case list model holds to Qt's model rules while pages arrive", "[ui][token][cases]")
{
    ensureSeveralPages();
    ListAs officer("oortega");
    QAbstractItemModelTester tester(&officer.model(), QAbstractItemModelTester::FailureReportingMode::Fatal);
    auto& model = officer.model();
    REQUIRE(model.total() > 2 * cms::ui::CaseListModel::kPageSize);
    CHECK(model.rowCount() == model.total());
    REQUIRE(waitUntil([&] { return model.isLoaded(0); }));
    CHECK_FALSE(model.caseIdAt(0).isEmpty());

    // A row far down is fetched when it is asked for, and only its page.
    const int last = model.rowCount() - 1;
    CHECK(model.data(model.index(last, 1)).toString() == QStringLiteral("Loading…"));
    REQUIRE(waitUntil([&] { return model.isLoaded(last); }));
    CHECK(model.data(model.index(last, 1)).toString() != QStringLiteral("Loading…"));

    // Sorting asks the server again.
    model.sort(static_cast<int>(cms::core::cases::CaseListColumn::Title), Qt::AscendingOrder);
    CHECK(model.total() == -1);
    REQUIRE(waitUntil([&] { return model.total() >= 0 && model.isLoaded(0); }));
    CHECK(model.filter().sortColumn == cms::core::cases::CaseListColumn::Title);
    QTest::qWait(100);
    cms::tests::saveScreenshot(officer.window, QStringLiteral("main-window-case-list"));
}

TEST_CASE("Find a case by its id from the keyboard, and open it with Enter", "[ui][token][cases]")
{
    const std::string firm = "Quillfeather Appliances " + std::to_string(std::random_device{}());
    const auto id = newCaseWithFirm(firm);
    ListAs officer("oortega");
    QSignalSpy opened(officer.window.caseList(), &cms::ui::CaseListView::openCaseRequested);

    QTest::keyClick(&officer.window, Qt::Key_F, Qt::ControlModifier);
    REQUIRE(officer.searchField()->hasFocus());
    const auto displayed = cms::core::model::CaseId::parse(id)->display();
    QTest::keyClicks(officer.searchField(), QString::fromStdString(displayed));
    QTest::keyClick(officer.searchField(), Qt::Key_Return);
    REQUIRE(waitUntil([&] { return officer.model().total() == 1 && officer.model().isLoaded(0); }));
    CHECK(officer.model().data(officer.model().index(0, 4)).toString() == QString::fromStdString(firm));

    auto* table = officer.window.caseList()->findChild<QTableView*>("tableView");
    table->setFocus();
    table->setCurrentIndex(officer.model().index(0, 0));
    QTest::keyClick(table, Qt::Key_Return);
    REQUIRE(opened.count() == 1);
    CHECK(opened.front().front().toString() == QString::fromStdString(id));
    CHECK(officer.window.openedCase(QString::fromStdString(id)) != nullptr); // in a tab of its own
    QTest::keyClick(&officer.window, Qt::Key_F, Qt::ControlModifier);        // back to the list
    REQUIRE(officer.searchField()->hasFocus());

    // By firm name, too; and a mistyped id is said to be mistyped.
    officer.searchField()->setText(QString::fromStdString(firm));
    QTest::keyClick(officer.searchField(), Qt::Key_Return);
    REQUIRE(waitUntil([&] { return officer.model().total() == 1; }));
    std::string typo = displayed;
    typo[0] = typo[0] == 'A' ? 'B' : 'A';
    officer.searchField()->setText(QString::fromStdString(typo));
    QTest::keyClick(officer.searchField(), Qt::Key_Return);
    auto* problem = officer.window.caseList()->findChild<QLabel*>("problemLabel");
    REQUIRE(waitUntil([&] { return problem->isVisible(); }));
    CHECK(problem->text().contains(QStringLiteral("mistyped")));
}

TEST_CASE("Person-name search is offered to PII-holders only", "[ui][token][cases][pii]")
{
    ListAs analyst("aalvarez");
    CHECK_FALSE(analyst.window.caseList()->findChild<QComboBox*>("searchKindComboBox")->isVisible());
    ListAs officer("oortega");
    auto* kind = officer.window.caseList()->findChild<QComboBox*>("searchKindComboBox");
    CHECK(kind->isVisible());
    CHECK(kind->count() == 2);
}
