// Case-file hard copies (issue: hard copies), rendered to real PDFs through Qt's print system from
// the dev database as each person may read it, and read back with poppler's pdftotext: the CUI
// banner on every page, the designation block on page 1, the footer's copy number and page
// numbers, PII present only in an unredacted copy of a PII-holder, and a long table repeating its
// header on every page it spans.
#include "core/print/CaseFileContent.h"
#include "core/print/CaseFileCopy.h"
#include "tests/support/Connections.h"
#include "tests/support/DevEnvironment.h"
#include "tests/support/ProcessRunner.h"
#include "tests/ui/Screenshot.h"
#include "tests/ui/SignedInAs.h"
#include "tests/ui/WaitUntil.h"
#include "ui/CaseFilePrinter.h"
#include "ui/CaseWindow.h"
#include "ui/HardCopiesView.h"
#include "ui/PrintCaseDialog.h"

#include <QAction>
#include <QCheckBox>
#include <QDir>
#include <QFile>
#include <QLineEdit>
#include <QPrintPreviewDialog>
#include <QPrinter>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cctype>
#include <filesystem>
#include <iterator>
#include <sstream>

using cms::core::print::CaseFileCopy;
using cms::core::print::CopyRequest;
using cms::tests::must;
using cms::tests::runProcess;

namespace {

constexpr const char* kPurchaser = "Wilhelmina Quarterfield";
constexpr const char* kEmail = "w.quarterfield@example.org";

// A case of the Port team with a firm, a product, a purchaser (with PII) and `activities` notes.
std::string seededCase(int activities)
{
    const auto admin = cms::tests::adminConnection();
    const auto caseId = cms::tests::newOfficerTeamCase(admin, "Bunk bed guardrail gap");
    must(admin,
         "INSERT INTO cms.products (case_id, name, brand, model) VALUES ($1, 'Twin bunk bed', 'Sleepwell', "
         "'BB-200')",
         {caseId});
    const auto person = must(admin,
                             "INSERT INTO cms.people (case_id, kind, source) VALUES ($1, 'purchaser', 'individual') "
                             "RETURNING id",
                             {caseId})
                            .text(0, 0);
    must(admin,
         "INSERT INTO cms.people_pii (person_id, case_id, full_name, email, phone) VALUES ($1, $2, $3, $4, "
         "'(410) 555-0199')",
         {person, caseId, kPurchaser, kEmail});
    must(admin,
         "INSERT INTO cms.activities (case_id, kind, occurred_at, summary, body, author) SELECT $1, 'note', "
         "now() - make_interval(mins => g), 'Field note number ' || g, CASE WHEN g % 3 = 0 THEN "
         "repeat('The guardrail gap was measured again with the probe. ', 4) || 'Endnote' || g || '.' END, "
         "'oortega' FROM generate_series(1, $2::int) g",
         {caseId, std::to_string(activities)});
    return caseId;
}

// Whether any piece of the purchaser's PII is in the text, in any case and however a line broke
// it (a name wraps between its words, an address after its dots).
bool holdsPii(std::string text)
{
    std::ranges::transform(text, text.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text.find("wilhelmina") != std::string::npos || text.find("quarterfield") != std::string::npos
           || text.find("555-0199") != std::string::npos;
}

struct Printed
{
    std::string path;
    int pages = 0;
    int copyNumber = 0;
    std::vector<std::string> pageTexts; // pdftotext of each page
};

std::string textOf(const std::string& pdf, int page = 0)
{
    std::vector<std::string> argv{"/usr/bin/pdftotext", "-layout"};
    if (page > 0) {
        argv.insert(argv.end(), {"-f", std::to_string(page), "-l", std::to_string(page)});
    }
    argv.insert(argv.end(), {pdf, "-"});
    const auto text = runProcess(argv);
    REQUIRE(text.exitCode == 0);
    // The typesetting's ligatures (fi, fl, ffi...) read back as their letters, so that a PII string
    // is found however it was set.
    std::string plain = text.out;
    for (const auto& [ligature, letters] :
         std::initializer_list<std::pair<std::string, std::string>>{{"\xEF\xAC\x80", "ff"},
                                                                    {"\xEF\xAC\x81", "fi"},
                                                                    {"\xEF\xAC\x82", "fl"},
                                                                    {"\xEF\xAC\x83", "ffi"},
                                                                    {"\xEF\xAC\x84", "ffl"}}) {
        for (auto at = plain.find(ligature); at != std::string::npos; at = plain.find(ligature, at)) {
            plain.replace(at, ligature.size(), letters);
        }
    }
    return plain;
}

Printed printAs(const std::string& login, const CopyRequest& request, const QString& folder)
{
    const auto person = cms::tests::connectAs(login);
    auto made = CaseFileCopy::make(person.connection, request);
    INFO((made ? std::string() : made.error().message));
    REQUIRE(made);
    auto content = cms::core::print::CaseFileContent::of(
        made->file, made->copy, cms::tests::DevEnvironment::get().config().print, login);
    cms::ui::PageMarkings markings{QStringLiteral("CUI"),
                                   QString::fromStdString(request.caseId),
                                   QString::fromStdString(login),
                                   QString::fromStdString(made->copy.madeAt) + QStringLiteral(" UTC"),
                                   QStringLiteral("Copy %1").arg(made->copy.copyNumber),
                                   {}};
    Printed printed;
    printed.path =
        QDir(folder)
            .filePath(QStringLiteral("%1-%2.pdf").arg(QString::fromStdString(login)).arg(made->copy.copyNumber))
            .toStdString();
    REQUIRE(cms::ui::CaseFilePrinter(std::move(content), markings)
                .toPdf(QString::fromStdString(printed.path), &printed.pages));
    printed.copyNumber = made->copy.copyNumber;
    for (int page = 1; page <= printed.pages; ++page) {
        printed.pageTexts.push_back(textOf(printed.path, page));
    }
    return printed;
}

int occurrences(const std::string& text, const std::string& word)
{
    int count = 0;
    for (auto at = text.find(word); at != std::string::npos; at = text.find(word, at + word.size())) {
        ++count;
    }
    return count;
}

} // namespace

TEST_CASE("A case file prints with the CUI markings on every page, its copy number, and PII only where the copy "
          "may hold it",
          "[ui][token][print]")
{
    QTemporaryDir folder;
    const auto caseId = seededCase(3);
    CopyRequest request;
    request.caseId = caseId;
    request.sections = {"summary", "firms", "products", "people", "activities", "history"};
    request.purpose = "Inspection follow-up at home";

    // The officer (a PII-holder), a copy that stays in the office, unredacted.
    request.redacted = false;
    const auto full = printAs("oortega", request, folder.path());
    REQUIRE(full.pages >= 1);
    const auto all = textOf(full.path);
    CHECK(all.find("Wilhelmina") != std::string::npos);
    CHECK(all.find("Quarterfield") != std::string::npos);
    CHECK(all.find("quarterfield@example.org") != std::string::npos);
    CHECK(all.find("555-0199") != std::string::npos);
    CHECK(full.pageTexts.front().find("Controlled by:") != std::string::npos);
    CHECK(full.pageTexts.front().find("CUI category: PRVCY") != std::string::npos);
    for (int page = 1; page <= full.pages; ++page) {
        const auto& text = full.pageTexts[static_cast<std::size_t>(page - 1)];
        INFO("page " << page);
        CHECK(occurrences(text, "CUI") >= 2); // top and bottom banners (the block adds one on page 1)
        CHECK(text.find("page " + std::to_string(page) + " of " + std::to_string(full.pages)) != std::string::npos);
        CHECK(text.find("Copy " + std::to_string(full.copyNumber)) != std::string::npos);
        CHECK(text.find("printed by oortega") != std::string::npos);
    }

    // The same officer, a redacted copy leaving the office: the next number, no PII.
    request.redacted = true;
    request.leavesOffice = true;
    const auto redacted = printAs("oortega", request, folder.path());
    CHECK(redacted.copyNumber == full.copyNumber + 1);
    const auto masked = textOf(redacted.path);
    CHECK_FALSE(holdsPii(masked));
    CHECK(masked.find("Twin bunk bed") != std::string::npos);
    CHECK(masked.find("leaves the") != std::string::npos);

    // The analyst holds no PII grant: an unredacted copy is refused (and recorded), a redacted one
    // holds no PII at all.
    const auto analyst = cms::tests::connectAs("aalvarez");
    CopyRequest unredacted = request;
    unredacted.redacted = false;
    const auto refused = CaseFileCopy::make(analyst.connection, unredacted);
    REQUIRE_FALSE(refused);
    CHECK(refused.error().message == "An unredacted copy needs the PII grant.");
    const auto analysts = printAs("aalvarez", request, folder.path());
    const auto theirs = textOf(analysts.path);
    CHECK_FALSE(holdsPii(theirs));

    // The register and the trail hold each copy, and the refusal.
    const auto admin = cms::tests::adminConnection();
    CHECK(must(admin, "SELECT count(*) FROM cms.hard_copies WHERE case_id = $1", {caseId}).text(0, 0) == "3");
    CHECK(must(admin,
               "SELECT string_agg(outcome || ':' || (details->>'redacted'), ',' ORDER BY id) FROM cms_audit.events "
               "WHERE event_type = 'hard_copy.made' AND details->>'case_id' = $1",
               {caseId})
              .text(0, 0)
          == "success:false,success:true,refused:false,success:true");
    CHECK(must(admin,
               "SELECT count(*) FROM cms_audit.events WHERE event_type = 'hard_copy.pii_read' AND outcome = 'success' "
               "AND details->>'case_id' = $1",
               {caseId})
              .text(0, 0)
          == "1");

    // Fonts are embedded (pdffonts: the "emb" column).
    const auto fonts = runProcess({"/usr/bin/pdffonts", full.path});
    REQUIRE(fonts.exitCode == 0);
    INFO(fonts.out);
    std::istringstream lines(fonts.out);
    int embedded = 0;
    int fontLines = 0;
    for (std::string line; std::getline(lines, line);) {
        std::istringstream words(line);
        const std::vector<std::string> tokens{std::istream_iterator<std::string>(words), {}};
        if (tokens.size() < 8 || line.starts_with("name") || line.starts_with("---")) {
            continue;
        }
        ++fontLines;
        embedded += tokens[tokens.size() - 5] == "yes" ? 1 : 0; // emb, sub, uni, object, ID
    }
    CHECK(fontLines > 0);
    CHECK(embedded == fontLines);
    cms::tests::savePdfFirstPage(full.path, "case-file-page1");
}

TEST_CASE("A 300-row activity table paginates cleanly with its header on every page", "[ui][token][print]")
{
    QTemporaryDir folder;
    CopyRequest request;
    request.caseId = seededCase(300);
    request.sections = {"activities"};
    request.purpose = "Pagination check";
    const auto printed = printAs("oortega", request, folder.path());
    INFO("pages: " << printed.pages);
    cms::tests::savePdfFirstPage(printed.path, "case-file-long-table");
    REQUIRE(printed.pages >= 5);
    int withHeader = 0;
    int notes = 0;
    for (const auto& text : printed.pageTexts) {
        withHeader += text.find("Kind") != std::string::npos && text.find("When") != std::string::npos
                              && text.find("Summary") != std::string::npos
                          ? 1
                          : 0;
        notes += occurrences(text, "Field note number ");
    }
    CHECK(withHeader == printed.pages);
    CHECK(notes == 300); // every row once: none lost
    // A note of several lines stays on one page with its row: its first and last lines together.
    for (int note = 3; note <= 300; note += 3) {
        const std::string first = "Field note number " + std::to_string(note) + " ";
        const std::string last = "Endnote" + std::to_string(note) + ".";
        int pagesWithFirst = 0;
        int pagesWithBoth = 0;
        for (const auto& text : printed.pageTexts) {
            const bool hasFirst = text.find(first) != std::string::npos;
            pagesWithFirst += hasFirst ? 1 : 0;
            pagesWithBoth += hasFirst && text.find(last) != std::string::npos ? 1 : 0;
        }
        INFO("note " << note);
        CHECK(pagesWithFirst == 1);
        CHECK(pagesWithBoth == 1);
    }
}

TEST_CASE("A row taller than a page runs on under its header, and a word wider than its column breaks, losing nothing",
          "[ui][print]")
{
    using cms::core::print::ContentBlock;
    ContentBlock heading;
    heading.kind = ContentBlock::Kind::Heading;
    heading.text = "Activities and notes";
    ContentBlock table;
    table.kind = ContentBlock::Kind::Table;
    table.labels = {"Kind", "Summary", "Details"};
    table.widths = {15, 25, 60};
    std::string details;
    for (int line = 1; line <= 150; ++line) {
        details += "Line" + std::to_string(line) + " of the long note.\n";
    }
    table.rows = {{"note", "Short", "Before"},
                  {"note", "Long", details},
                  {"note", "Unbroken", "Start" + std::string(300, 'x') + "End"},
                  {"note", "Last", "After"}};
    QTemporaryDir folder;
    const auto path = folder.filePath(QStringLiteral("long-row.pdf")).toStdString();
    int pages = 0;
    REQUIRE(cms::ui::CaseFilePrinter({heading, table},
                                     {QStringLiteral("CUI"), QStringLiteral("X"), QStringLiteral("tester"), {}, {}, {}})
                .toPdf(QString::fromStdString(path), &pages));
    REQUIRE(pages >= 3);
    std::string all;
    for (int page = 1; page <= pages; ++page) {
        const auto text = textOf(path, page);
        INFO("page " << page);
        CHECK(text.find("Summary") != std::string::npos);    // the header on every page the table spans
        CHECK(occurrences(text, " of the long note") <= 70); // what a page's body holds, no more
        all += text;
    }
    for (int line = 1; line <= 150; ++line) {
        CHECK(occurrences(all, "Line" + std::to_string(line) + " of") == 1);
    }
    CHECK(all.find("Before") < all.find("Line1 of"));
    CHECK(all.find("Line150 of") < all.find("After"));
    // The long word in pieces, every x of it printed.
    std::string word;
    for (const char c : all.substr(all.find("Start"), all.find("End") - all.find("Start"))) {
        word += c == 'x' ? "x" : "";
    }
    CHECK(word.size() == 300);
}

TEST_CASE("A section's heading and a table's header are never left alone at the foot of a page", "[ui][print]")
{
    using cms::core::print::ContentBlock;
    std::vector<ContentBlock> content;
    for (int section = 1; section <= 40; ++section) {
        ContentBlock heading;
        heading.kind = ContentBlock::Kind::Heading;
        heading.text = "Section" + std::to_string(section) + " heading";
        ContentBlock table;
        table.kind = ContentBlock::Kind::Table;
        table.labels = {"Kind", "Details"};
        table.widths = {20, 80};
        std::string details = "First" + std::to_string(section) + " row";
        for (int line = 0; line < 1 + section % 7; ++line) {
            details += "\nmore of it";
        }
        table.rows = {{"note", details}, {"note", "Second row"}};
        content.push_back(std::move(heading));
        content.push_back(std::move(table));
    }
    QTemporaryDir folder;
    const auto path = folder.filePath(QStringLiteral("headings.pdf")).toStdString();
    int pages = 0;
    REQUIRE(cms::ui::CaseFilePrinter(std::move(content),
                                     {QStringLiteral("CUI"), QStringLiteral("X"), QStringLiteral("tester"), {}, {}, {}})
                .toPdf(QString::fromStdString(path), &pages));
    REQUIRE(pages >= 3);
    std::vector<std::string> texts;
    for (int page = 1; page <= pages; ++page) {
        texts.push_back(textOf(path, page));
    }
    for (int section = 1; section <= 40; ++section) {
        const std::string heading = "Section" + std::to_string(section) + " heading";
        const std::string first = "First" + std::to_string(section) + " row";
        INFO("section " << section);
        CHECK(std::ranges::count_if(texts,
                                    [&](const std::string& text) {
                                        return text.find(heading) != std::string::npos
                                               && text.find(first) != std::string::npos;
                                    })
              == 1);
    }
}

TEST_CASE("From the case form: Print… previews without registering, and saves a registered PDF only its owner "
          "reads",
          "[ui][token][print]")
{
    QTemporaryDir folder;
    const auto caseId = seededCase(2);
    const QString pdf = QDir(folder.path()).filePath(QStringLiteral("copy.pdf"));
    cms::ui::MainWindow::Seams seams;
    seams.askCasePdfPath = [&](QWidget*, const QString& suggested) {
        CHECK(suggested.endsWith(QStringLiteral(".pdf")));
        return pdf;
    };
    cms::tests::SignedInAs analyst("aalvarez", std::move(seams));
    auto& opened = analyst.open(caseId);
    auto* button = opened.findChild<QPushButton*>("printCaseButton");
    REQUIRE(button != nullptr);
    CHECK(button->isVisible());
    auto* dialog = opened.openPrintDialog();
    REQUIRE(dialog != nullptr);
    // No PII grant: every copy is redacted, and the box says so.
    auto* redacted = dialog->findChild<QCheckBox*>("redactedCheckBox");
    CHECK(redacted->isChecked());
    CHECK_FALSE(redacted->isEnabled());
    QSignalSpy finished(dialog, &cms::ui::PrintCaseDialog::finished);

    // A copy without a purpose is not made.
    QTest::mouseClick(dialog->findChild<QPushButton*>("pdfButton"), Qt::LeftButton);
    REQUIRE(cms::tests::waitUntil([&] { return !finished.isEmpty(); }));
    CHECK(finished.takeFirst().at(0).toString().contains(QStringLiteral("Purpose")));
    CHECK_FALSE(QFile::exists(pdf));

    // The preview: nothing registered, and it cannot be printed from there.
    const auto admin = cms::tests::adminConnection();
    const auto copies = [&] {
        return must(admin, "SELECT count(*) FROM cms.hard_copies WHERE case_id = $1", {caseId}).text(0, 0);
    };
    QTest::mouseClick(dialog->findChild<QPushButton*>("previewButton"), Qt::LeftButton);
    REQUIRE(cms::tests::waitUntil([&] { return !finished.isEmpty(); }));
    finished.clear();
    auto* preview = dialog->findChild<QPrintPreviewDialog*>("casePreview");
    REQUIRE(preview != nullptr);
    for (auto* action : preview->findChildren<QAction*>()) {
        if (action->text().remove(QLatin1Char('&')).startsWith(QStringLiteral("Print"))) {
            CHECK_FALSE(action->isEnabled());
        }
    }
    cms::tests::saveScreenshot(*preview, QStringLiteral("case-file-preview"));
    preview->close();
    CHECK(copies() == "0");

    dialog->findChild<QLineEdit*>("purposeLineEdit")->setText(QStringLiteral("Desk review"));
    QTest::mouseClick(dialog->findChild<QPushButton*>("pdfButton"), Qt::LeftButton);
    // "Writing…" first: the PDF is written off the GUI thread.
    REQUIRE(cms::tests::waitUntil([&] {
        return !finished.isEmpty() && !finished.last().at(0).toString().startsWith(QStringLiteral("Writing"));
    }));
    CHECK(finished.first().at(0).toString().startsWith(QStringLiteral("Writing")));
    const auto said = finished.last().at(0).toString();
    INFO(said.toStdString());
    CHECK(said.contains(QStringLiteral("Copy 1 saved")));
    REQUIRE(QFile::exists(pdf));
    namespace fs = std::filesystem;
    CHECK(fs::status(pdf.toStdString()).permissions() == (fs::perms::owner_read | fs::perms::owner_write));
    CHECK(copies() == "1");
    const auto text = textOf(pdf.toStdString());
    CHECK(text.find("Copy 1") != std::string::npos);
    CHECK_FALSE(holdsPii(text));
    CHECK(text.find("page 1 of") != std::string::npos);
}

TEST_CASE("A copy sent to a printer is registered and painted off the GUI thread, the dialog waiting meanwhile",
          "[ui][token][print]")
{
    QTemporaryDir folder;
    const auto caseId = seededCase(120);
    cms::tests::SignedInAs analyst("aalvarez");
    auto& opened = analyst.open(caseId);
    auto* dialog = opened.openPrintDialog();
    REQUIRE(dialog != nullptr);
    dialog->findChild<QLineEdit*>("purposeLineEdit")->setText(QStringLiteral("Desk review"));
    QSignalSpy finished(dialog, &cms::ui::PrintCaseDialog::finished);
    std::vector<bool> printEnabled; // the Print… button as each outcome is said
    QObject::connect(dialog, &cms::ui::PrintCaseDialog::finished, dialog, [&](const QString&) {
        printEnabled.push_back(dialog->findChild<QPushButton*>("printButton")->isEnabled());
    });
    // The printer the system's dialog would have given: here one that prints to a file.
    auto printer = std::make_shared<QPrinter>(QPrinter::HighResolution);
    printer->setOutputFormat(QPrinter::PdfFormat);
    const QString printed = QDir(folder.path()).filePath(QStringLiteral("printer.pdf"));
    printer->setOutputFileName(printed);
    dialog->printOn(printer);
    REQUIRE(cms::tests::waitUntil([&] { return !finished.isEmpty(); }));
    CHECK(finished.first().at(0).toString().startsWith(QStringLiteral("Sending Copy 1 to the printer")));
    REQUIRE(cms::tests::waitUntil([&] { return finished.size() == 2; }));
    CHECK(printEnabled == std::vector<bool>{false, true}); // waiting while it paints, not frozen
    const auto said = finished.last().at(0).toString();
    INFO(said.toStdString());
    CHECK(said.startsWith(QStringLiteral("Copy 1 sent to the printer")));
    printer.reset(); // the file is complete once the printer is gone
    CHECK(textOf(printed.toStdString()).find("Copy 1") != std::string::npos);
}

TEST_CASE("My hard copies lists the person's copies, marks one returned, and shows a manager the copies held too long",
          "[ui][token][print]")
{
    const auto caseId = seededCase(1);
    {
        const auto officer = cms::tests::connectAs("oortega");
        CopyRequest request;
        request.caseId = caseId;
        request.sections = {"summary"};
        request.purpose = "Telework";
        REQUIRE(cms::core::print::HardCopyRegister(officer.connection).registerCopy(request));
        REQUIRE(cms::core::print::HardCopyRegister(officer.connection).registerCopy(request));
    }
    const auto admin = cms::tests::adminConnection();
    must(admin,
         "UPDATE cms.hard_copies SET made_at = now() - interval '45 days' WHERE case_id = $1 AND copy_number = 2",
         {caseId});
    const auto ofCase = [&](const std::vector<cms::core::print::HardCopy>& copies, int number) {
        const auto found = std::ranges::find_if(
            copies, [&](const auto& copy) { return copy.caseId == caseId && copy.copyNumber == number; });
        return found == copies.end() ? -1 : static_cast<int>(found - copies.begin());
    };

    cms::tests::SignedInAs officer("oortega");
    auto* view = officer.window.openHardCopies();
    REQUIRE(view != nullptr);
    REQUIRE(cms::tests::waitUntil([&] { return ofCase(view->shown(), 1) >= 0; }));
    CHECK_FALSE(view->findChild<QCheckBox*>("outstandingCheckBox")->isVisible()); // managers only
    auto* table = view->findChild<QTableWidget*>("hardCopies");
    table->selectRow(ofCase(view->shown(), 1));
    QSignalSpy finished(view, &cms::ui::HardCopiesView::finished);
    QTest::mouseClick(view->findChild<QPushButton*>("markReturnedButton"), Qt::LeftButton);
    REQUIRE(cms::tests::waitUntil([&] {
        const int row = ofCase(view->shown(), 1);
        return row >= 0 && view->shown()[static_cast<std::size_t>(row)].status == "returned";
    }));
    cms::tests::saveScreenshot(officer.window, QStringLiteral("hard-copies"));
    CHECK(must(admin,
               "SELECT count(*) FROM cms_audit.events e JOIN cms.hard_copies h ON h.id::text = e.object_id WHERE "
               "e.event_type = 'hard_copy.settled' AND e.outcome = 'success' AND h.case_id = $1",
               {caseId})
              .text(0, 0)
          == "1");

    cms::tests::SignedInAs manager("mmoore");
    auto* review = manager.window.openHardCopies();
    REQUIRE(review != nullptr);
    auto* outstanding = review->findChild<QCheckBox*>("outstandingCheckBox");
    CHECK(outstanding->isVisibleTo(review));
    outstanding->setChecked(true);
    REQUIRE(cms::tests::waitUntil([&] { return ofCase(review->shown(), 2) >= 0; }));
    CHECK(ofCase(review->shown(), 1) < 0); // returned, and not held too long anyway
    CHECK(review->shown()[static_cast<std::size_t>(ofCase(review->shown(), 2))].holder == "oortega");
}
