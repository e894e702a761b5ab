// The case form, offscreen over the real database as the people who use it (issue: case work):
// open from the list, edit and save, add a firm and find it again, a stale save's per-field
// choice, PII that a non-holder never receives, a recorded reveal, the keyboard path from search
// to save, and a screenshot of every tab.
#include "core/model/CaseId.h"
#include "tests/support/Connections.h"
#include "tests/support/DevEnvironment.h"
#include "tests/ui/Screenshot.h"
#include "tests/ui/SignedInAs.h"
#include "tests/ui/WaitUntil.h"
#include "ui/CaseListModel.h"
#include "ui/CaseListView.h"
#include "ui/CaseRowDialog.h"
#include "ui/CaseRowsTab.h"
#include "ui/CaseWindow.h"
#include "ui/ConflictDialog.h"
#include "ui/FirmsTab.h"
#include "ui/HistoryTab.h"
#include "ui/MainWindow.h"
#include "ui/PeopleTab.h"
#include "ui/SummaryTab.h"

#include <QDialogButtonBox>
#include <QLineEdit>
#include <QPushButton>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QTest>

#include <catch2/catch.hpp>
#include <random>

using cms::tests::DevEnvironment;
using cms::tests::must;
using cms::tests::SignedInAs;
using cms::tests::waitUntil;

namespace {

std::string unique(const std::string& text)
{
    return text + " " + std::to_string(std::random_device{}() % 1000000);
}

// A case of the Port team (the officer's), with one person and their PII, made by the operator.
struct PortCase
{
    std::string id;
    std::string personName = unique("Evangeline Marchetti");
    std::string personEmail = "e.marchetti@example.net";

    PortCase()
    {
        const auto admin = cms::tests::adminConnection();
        const auto team = must(admin, "SELECT team_id FROM cms.staff WHERE login_role = 'oortega'").text(0, 0);
        id = must(admin,
                  "INSERT INTO cms.cases (title, case_type, team_id) VALUES ($1, 'import_sample', $2) RETURNING id",
                  {unique("Baby walker tips over"), team})
                 .text(0, 0);
        const auto person = must(admin,
                                 "INSERT INTO cms.people (case_id, kind, source) VALUES ($1, 'purchaser', "
                                 "'individual') RETURNING id",
                                 {id})
                                .text(0, 0);
        must(admin,
             "INSERT INTO cms.people_pii (person_id, case_id, full_name, email) VALUES ($1, $2, $3, $4)",
             {person, id, personName, personEmail});
    }

    // Waits until the server holds the title (a save goes through the window's database thread).
    [[nodiscard]] bool titleBecomes(const std::string& title) const
    {
        return waitUntil([&] {
            return must(cms::tests::adminConnection(), "SELECT title FROM cms.cases WHERE id = $1", {id}).text(0, 0)
                   == title;
        });
    }
};

} // namespace

TEST_CASE("Open a case, edit it, add a firm, save, and see both when it is opened again", "[ui][token][cases]")
{
    const PortCase portCase;
    SignedInAs officer("oortega");
    auto* opened = &officer.open(portCase.id);

    const std::string title = unique("Baby walker tips over on carpet");
    SignedInAs::titleField(*opened)->setText(QString::fromStdString(title));
    opened->summary().save();
    REQUIRE(portCase.titleBecomes(title));
    const std::string firm = unique("Tallowmere Juvenile Products");
    opened->firms().addFirm("", firm, "Dover", "US", "manufacturer");
    REQUIRE(waitUntil([&] { return opened->firms().firms().size() == 1; }));
    // The firm became the case's lead firm, which moved the case to a new version: an edit of the
    // summary made after it saves as it is, with nothing to choose.
    const std::string retitled = unique("Baby walker tips over on rugs");
    SignedInAs::titleField(*opened)->setText(QString::fromStdString(retitled));
    opened->summary().save();
    REQUIRE(portCase.titleBecomes(retitled));
    CHECK(opened->findChild<cms::ui::ConflictDialog*>() == nullptr);

    // Every tab at 1366x768, for a person to look at.
    auto* tabs = opened->findChild<QTabWidget*>("caseTabs");
    for (int i = 0; i < tabs->count(); ++i) {
        tabs->setCurrentIndex(i);
        QTest::qWait(150);
        cms::tests::saveScreenshot(
            officer.window, QStringLiteral("case-tab-%1-%2").arg(i).arg(tabs->tabText(i).remove(QLatin1Char('&'))));
    }

    delete opened; // the tab closes
    opened = &officer.open(portCase.id);
    CHECK(SignedInAs::titleField(*opened)->text() == QString::fromStdString(retitled));
    REQUIRE(waitUntil([&] { return opened->firms().firms().size() == 1; }));
    CHECK(opened->firms().firms().front().name == firm);
    REQUIRE(waitUntil([&] { return !opened->history().entries().empty(); }));
}

TEST_CASE("A stale save shows who changed what, and the person chooses per field", "[ui][token][cases]")
{
    const PortCase portCase;
    SignedInAs officer("oortega");
    auto& opened = officer.open(portCase.id);
    const auto investigator = cms::tests::connectAs("iibarra");
    must(investigator.connection, "UPDATE cms.cases SET title = 'Changed by Ivan' WHERE id = $1", {portCase.id});

    SignedInAs::titleField(opened)->setText(QStringLiteral("Changed by Olivia"));
    opened.summary().save();
    cms::ui::ConflictDialog* dialog = nullptr;
    REQUIRE(waitUntil([&] {
        dialog = opened.findChild<cms::ui::ConflictDialog*>();
        return dialog != nullptr && dialog->isVisible();
    }));
    CHECK(dialog->findChild<QObject*>("title") != nullptr); // the one field both changed
    dialog->chooseMine("title");
    QTest::mouseClick(dialog->findChild<QDialogButtonBox*>("buttonBox")->button(QDialogButtonBox::Save),
                      Qt::LeftButton);
    REQUIRE(portCase.titleBecomes("Changed by Olivia"));

    // The banner: someone else changed the case while it is open here.
    must(investigator.connection, "UPDATE cms.cases SET case_type = 'other' WHERE id = $1", {portCase.id});
    REQUIRE(waitUntil([&] { return opened.changedElsewhere(); }, 10000));
}

TEST_CASE("A product changed by someone else while it is edited: their other fields stay, and the person chooses "
          "where both changed",
          "[ui][token][cases]")
{
    const PortCase portCase;
    const auto product = must(cms::tests::adminConnection(),
                              "INSERT INTO cms.products (case_id, name, model) VALUES ($1, 'Baby walker', 'BW-1') "
                              "RETURNING id",
                              {portCase.id})
                             .text(0, 0);
    SignedInAs officer("oortega");
    auto& opened = officer.open(portCase.id);
    auto& products = opened.rowsTab("products");
    REQUIRE(waitUntil([&] { return products.rows().size() == 1; }));
    products.findChild<QTableWidget*>("tableWidget")->setCurrentCell(0, 0);
    auto* dialog = products.openDialog(false);
    REQUIRE(dialog != nullptr);
    dialog->setValue("model", QStringLiteral("BW-2 (Olivia)"));

    const auto investigator = cms::tests::connectAs("iibarra");
    must(investigator.connection,
         "UPDATE cms.products SET model = 'BW-2 (Ivan)', brand = 'Strollwell', version = version WHERE id = $1::bigint",
         {product});
    dialog->accept();
    cms::ui::ConflictDialog* conflict = nullptr;
    REQUIRE(waitUntil([&] {
        conflict = products.findChild<cms::ui::ConflictDialog*>();
        return conflict != nullptr && conflict->isVisible();
    }));
    CHECK(conflict->findChild<QObject*>("model") != nullptr);
    CHECK(conflict->findChild<QObject*>("brand") == nullptr); // theirs alone: nothing to choose
    conflict->chooseMine("model");
    QTest::mouseClick(conflict->findChild<QDialogButtonBox*>("buttonBox")->button(QDialogButtonBox::Save),
                      Qt::LeftButton);
    const auto saved = [&](const char* column) {
        return must(cms::tests::adminConnection(),
                    std::string("SELECT ") + column + " FROM cms.products WHERE id = $1::bigint",
                    {product})
            .text(0, 0);
    };
    REQUIRE(waitUntil([&] { return saved("model") == "BW-2 (Olivia)"; }));
    CHECK(saved("brand") == "Strollwell");
}

TEST_CASE("Without the PII grant the form never holds a real value, and a reveal is recorded",
          "[ui][token][cases][pii]")
{
    const PortCase portCase;
    {
        SignedInAs analyst("aalvarez"); // Headquarters: the case is not restricted, so visible
        auto& opened = analyst.open(portCase.id);
        REQUIRE(waitUntil([&] { return opened.people().people().size() == 1; }));
        auto* table = opened.people().findChild<QTableWidget*>("tableWidget");
        for (int r = 0; r < table->rowCount(); ++r) {
            for (int c = 0; c < table->columnCount(); ++c) {
                const QString text = table->item(r, c)->text();
                CHECK_FALSE(text.contains(QString::fromStdString(portCase.personName).section(' ', 0, 0)));
                CHECK_FALSE(text.contains(QString::fromStdString(portCase.personEmail)));
            }
        }
        CHECK(opened.people().findChild<QPushButton*>("revealButton")->isHidden());
    }
    SignedInAs officer("oortega");
    auto& opened = officer.open(portCase.id);
    REQUIRE(waitUntil([&] { return opened.people().people().size() == 1; }));
    opened.people().reveal(0, "email");
    auto* table = opened.people().findChild<QTableWidget*>("tableWidget");
    REQUIRE(waitUntil([&] { return table->item(0, 4)->text() == QString::fromStdString(portCase.personEmail); }));
    const auto auditor = cms::tests::connectAs("aunger");
    CHECK(must(auditor.connection,
               "SELECT count(*) FROM cms_audit.events WHERE event_type = 'pii.reveal' AND actor = 'oortega' AND "
               "object_id = $1 AND details->>'field' = 'email'",
               {opened.people().people().front().id})
              .text(0, 0)
          == "1");
}

TEST_CASE("From search to save by keyboard alone", "[ui][token][cases]")
{
    const PortCase portCase;
    SignedInAs officer("oortega");
    REQUIRE(waitUntil([&] { return officer.window.caseList()->model().total() >= 0; }));
    QTest::keyClick(&officer.window, Qt::Key_F, Qt::ControlModifier);
    auto* search = officer.window.caseList()->findChild<QLineEdit*>("searchLineEdit");
    REQUIRE(search->hasFocus());
    QTest::keyClicks(search, QString::fromStdString(cms::core::model::CaseId::parse(portCase.id)->display()));
    QTest::keyClick(search, Qt::Key_Return);
    REQUIRE(waitUntil([&] { return officer.window.caseList()->model().total() == 1; }));
    QTest::keyClick(search, Qt::Key_Down);
    auto* list = officer.window.caseList()->findChild<QTableView*>("tableView");
    REQUIRE(list->hasFocus());
    QTest::keyClick(list, Qt::Key_Return);
    cms::ui::CaseWindow* opened = nullptr;
    REQUIRE(waitUntil([&] {
        opened = officer.window.openedCase(QString::fromStdString(portCase.id));
        return opened != nullptr && !SignedInAs::titleField(*opened)->text().isEmpty();
    }));
    auto* title = SignedInAs::titleField(*opened);
    REQUIRE(title->hasFocus());
    title->selectAll();
    QTest::keyClicks(title, QStringLiteral("Typed without a mouse"));
    QTest::keyClick(title, Qt::Key_S, Qt::ControlModifier);
    REQUIRE(waitUntil([&] {
        return must(cms::tests::adminConnection(), "SELECT title FROM cms.cases WHERE id = $1", {portCase.id})
                   .text(0, 0)
               == "Typed without a mouse";
    }));
}

TEST_CASE("A new case from Ctrl+N gets its id from the server when saved", "[ui][token][cases]")
{
    SignedInAs officer("oortega");
    REQUIRE(QTest::qWaitForWindowActive(&officer.window));
    QTest::keyClick(&officer.window, Qt::Key_N, Qt::ControlModifier);
    auto* tabs = officer.window.findChild<QTabWidget*>("workTabs");
    REQUIRE(tabs->count() == 2);
    auto* created = qobject_cast<cms::ui::CaseWindow*>(tabs->widget(1));
    REQUIRE(created != nullptr);
    CHECK(created->caseId().isEmpty());
    CHECK_FALSE(created->findChild<QTabWidget*>("caseTabs")->isTabEnabled(1)); // firms wait for the id
    const std::string title = unique("Night light overheats");
    SignedInAs::titleField(*created)->setText(QString::fromStdString(title));
    created->summary().save();
    REQUIRE(waitUntil([&] { return !created->caseId().isEmpty(); }));
    CHECK(created->findChild<QTabWidget*>("caseTabs")->isTabEnabled(1));
    CHECK(must(cms::tests::adminConnection(),
               "SELECT title FROM cms.cases WHERE id = $1",
               {created->caseId().toStdString()})
              .text(0, 0)
          == title);
}
