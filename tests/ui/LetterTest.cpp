// Notification letters (issue: hard copies; PIA Q8) from the case form, on the dev database: each
// template filled from a seeded case, issued as a PDF (read back with pdftotext, page 1 saved as
// a PNG), kept in the correspondence as issued and recorded; a missing merge value is named and
// nothing is issued.
#include "core/model/CaseId.h"
#include "tests/support/Connections.h"
#include "tests/support/ProcessRunner.h"
#include "tests/ui/Screenshot.h"
#include "tests/ui/SignedInAs.h"
#include "tests/ui/WaitUntil.h"
#include "ui/CaseWindow.h"
#include "ui/LetterDialog.h"

#include <QDir>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <catch2/catch.hpp>
#include <regex>

using cms::tests::must;
using cms::tests::runProcess;
using cms::tests::waitUntil;

namespace {

// A case with everything a letter names: a manufacturer with its address, a product, a tested
// sample, a violation with its citation, an inspection and a requested recall.
std::string completeCase()
{
    const auto admin = cms::tests::adminConnection();
    const auto caseId = cms::tests::newOfficerTeamCase(admin, "Crib slats too far apart");
    const auto firm = must(admin,
                           "INSERT INTO cms.firms (name, address, city, region, postal_code, country) VALUES "
                           "('Harborline Nursery Goods', '1200 Key Highway', 'Baltimore', 'MD', '21230', 'US') "
                           "RETURNING id::text")
                          .text(0, 0);
    must(admin,
         "INSERT INTO cms.case_firms (case_id, firm_id, firm_role) VALUES ($1, $2::bigint, 'manufacturer')",
         {caseId, firm});
    const auto product = must(admin,
                              "INSERT INTO cms.products (case_id, name, brand, model) VALUES ($1, 'Convertible crib', "
                              "'Harborline', 'HC-44') RETURNING id::text",
                              {caseId})
                             .text(0, 0);
    must(admin,
         "INSERT INTO cms.samples (case_id, product_id, sample_number, collected_on, test_result) VALUES ($1, "
         "$2::bigint, 'S-' || substr(md5(random()::text), 1, 8), current_date - 20, 'Slat spacing 7.1 cm')",
         {caseId, product});
    must(admin,
         "INSERT INTO cms.determinations (case_id, product_id, outcome, citation, rationale) VALUES ($1, $2::bigint, "
         "'violation', '16 CFR 1219', 'The slat spacing exceeds 6 cm.')",
         {caseId, product});
    must(admin,
         "INSERT INTO cms.activities (case_id, kind, occurred_at, summary) VALUES ($1, 'inspection', now() - "
         "interval '30 days', 'Records reviewed; no further samples needed.')",
         {caseId});
    must(admin,
         "INSERT INTO cms.corrective_actions (case_id, firm_id, action, respond_by, details) VALUES ($1, $2::bigint, "
         "'recall', current_date + 30, 'Recall every unit sold since 2025.')",
         {caseId, firm});
    return caseId;
}

cms::ui::LetterDialog* letterDialogOf(cms::ui::CaseWindow& opened)
{
    auto* button = opened.findChild<QPushButton*>("letterButton");
    REQUIRE(button != nullptr);
    CHECK(button->isVisible());
    auto* dialog = opened.openLetterDialog();
    REQUIRE(dialog != nullptr);
    return dialog;
}

} // namespace

TEST_CASE("Each notification letter is filled from the case, issued as PDF, and kept as issued", "[ui][token][print]")
{
    QTemporaryDir folder;
    const auto caseId = completeCase();
    const auto shown = cms::core::model::CaseId::parse(caseId)->display();
    QString path;
    cms::ui::MainWindow::Seams seams;
    seams.askCasePdfPath = [&](QWidget*, const QString& suggested) {
        path = QDir(folder.path()).filePath(suggested);
        return path;
    };
    cms::tests::SignedInAs officer("oortega", std::move(seams));
    auto& opened = officer.open(caseId);
    for (const char* letter :
         {"inspection_outcome", "testing_determination", "corrective_action_request", "letter_of_advice"}) {
        INFO(letter);
        auto* dialog = letterDialogOf(opened);
        QSignalSpy finished(dialog, &cms::ui::LetterDialog::finished);
        dialog->choose(QString::fromUtf8(letter));
        REQUIRE(waitUntil([&] {
            return !finished.isEmpty() && finished.last().at(0).toString().startsWith(QStringLiteral("Filled"));
        }));
        QTest::mouseClick(dialog->findChild<QPushButton*>("issuePdfButton"), Qt::LeftButton);
        REQUIRE(waitUntil([&] { return finished.last().at(0).toString().startsWith(QStringLiteral("Issued")); }));
        INFO(finished.last().at(0).toString().toStdString());
        CHECK(finished.last().at(0).toString().contains(QStringLiteral("saved as")));
        auto text = runProcess({"/usr/bin/pdftotext", path.toStdString(), "-"});
        REQUIRE(text.exitCode == 0);
        // One space for every run of spaces and line ends: a value may wrap.
        text.out = std::regex_replace(text.out, std::regex(R"(\s+)"), " ");
        CHECK(text.out.find("Harborline Nursery Goods") != std::string::npos);
        CHECK(text.out.find("1200 Key Highway") != std::string::npos);
        CHECK(text.out.find(shown) != std::string::npos);
        CHECK(text.out.find("{{") == std::string::npos);
        if (std::string(letter) != "inspection_outcome") {
            CHECK(text.out.find("16 CFR 1219") != std::string::npos);
        }
        cms::tests::savePdfFirstPage(path.toStdString(), std::string("letter-") + letter);
        dialog->close();
    }

    const auto admin = cms::tests::adminConnection();
    CHECK(must(admin,
               "SELECT string_agg(kind::text, ',' ORDER BY id) FROM cms.correspondence WHERE case_id = $1 AND "
               "issued_at IS NOT NULL AND direction = 'outgoing' AND body LIKE '%Harborline Nursery Goods%'",
               {caseId})
              .text(0, 0)
          == "notification_letter,notification_letter,notification_letter,letter_of_advice");
    CHECK(must(admin,
               "SELECT count(*) FROM cms_audit.events WHERE event_type = 'letter.issued' AND details->>'case_id' = $1",
               {caseId})
              .text(0, 0)
          == "4");
    // As issued: the officer cannot change or remove it afterwards.
    const auto writer = cms::tests::connectAs("oortega");
    const auto changed = writer.connection.exec(
        "UPDATE cms.correspondence SET body = 'changed' WHERE case_id = $1 AND issued_at IS NOT NULL", {caseId});
    REQUIRE_FALSE(changed);
    CHECK_THAT(changed.error().message, Catch::Contains("stays as it was issued"));
}

TEST_CASE("A letter whose merge data the case lacks names what is missing and cannot be issued", "[ui][token][print]")
{
    const auto admin = cms::tests::adminConnection();
    const auto caseId = cms::tests::newOfficerTeamCase(admin, "Stroller brake, no determination yet");
    const auto firm = must(admin,
                           "INSERT INTO cms.firms (name, city, country) VALUES ('Pram Works', 'Dover', 'US') RETURNING "
                           "id::text")
                          .text(0, 0);
    must(admin,
         "INSERT INTO cms.case_firms (case_id, firm_id, firm_role) VALUES ($1, $2::bigint, 'importer')",
         {caseId, firm});
    cms::tests::SignedInAs officer("oortega");
    auto& opened = officer.open(caseId);
    auto* dialog = letterDialogOf(opened);
    QSignalSpy finished(dialog, &cms::ui::LetterDialog::finished);
    dialog->choose(QStringLiteral("testing_determination"));
    REQUIRE(waitUntil([&] {
        return !finished.isEmpty() && finished.last().at(0).toString().contains(QStringLiteral("cannot be made"));
    }));
    const auto said = finished.last().at(0).toString().toStdString();
    INFO(said);
    CHECK_THAT(said, Catch::Contains("the firm's address"));
    CHECK_THAT(said, Catch::Contains("the determination's outcome"));
    CHECK_THAT(said, Catch::Contains("the product's name"));
    CHECK_FALSE(dialog->findChild<QPushButton*>("issuePdfButton")->isEnabled());
    CHECK(must(admin, "SELECT count(*) FROM cms.correspondence WHERE case_id = $1", {caseId}).text(0, 0) == "0");

    // An analyst does not write to firms: no letter button.
    cms::tests::SignedInAs analyst("aalvarez");
    auto& seen = analyst.open(caseId);
    CHECK(seen.openLetterDialog() == nullptr);
    CHECK_FALSE(seen.findChild<QPushButton*>("letterButton")->isVisible());
}
