// Hard copies (issue: hard copies): a 200-page case file made into a PDF (register, read from the
// dev server, lay out, paint, write), and its preview up to the first page shown, both through
// the desktop's own code (core::print, ui::CaseFilePrinter) offscreen.
#include "core/print/CaseFileContent.h"
#include "core/print/CaseFileCopy.h"
#include "tests/bench/Benchmark.h"
#include "tests/bench/PaintWait.h"
#include "tests/support/Connections.h"
#include "tests/support/DevEnvironment.h"
#include "ui/CaseFilePrinter.h"

#include <QElapsedTimer>
#include <QPrintPreviewWidget>
#include <QPrinter>
#include <QTemporaryDir>

#include <stdexcept>

namespace cms::bench {

namespace {

constexpr int kActivities = 10'000; // about 46 rows a page (Letter): a little over 200 pages

// A case of the officer's team with kActivities notes, made once per run.
const std::string& longCase()
{
    static const std::string caseId = [] {
        const auto admin = tests::adminConnection();
        const auto id = tests::newOfficerTeamCase(admin, "Benchmark: a long case file");
        tests::must(admin,
                    "INSERT INTO cms.activities (case_id, kind, occurred_at, summary, author) SELECT $1, 'note', "
                    "now() - make_interval(mins => g), 'Note ' || g || ' of the long case', 'oortega' "
                    "FROM generate_series(1, $2::int) g",
                    {id, std::to_string(kActivities)});
        return id;
    }();
    return caseId;
}

core::print::CopyRequest requestOf()
{
    core::print::CopyRequest request;
    request.caseId = longCase();
    request.sections = {"summary", "activities"};
    request.purpose = "Benchmark";
    return request;
}

ui::PageMarkings markingsOf(const core::print::HardCopy& copy)
{
    return {QStringLiteral("CUI"),
            QString::fromStdString(copy.caseId),
            QStringLiteral("OLIVIA ORTEGA"),
            QString::fromStdString(copy.madeAt),
            QStringLiteral("Copy %1").arg(copy.copyNumber),
            {}};
}

const Registration kPdf{{
    "case_file_pdf_200_pages",
    "a case file of over 200 pages (10,000 activity rows) registered, read, laid out and written as PDF, median of 3",
    5000,
    "ms",
    [] {
        PaintWait::ensureApplication();
        const auto officer = tests::connectAs("oortega");
        QTemporaryDir folder;
        int pages = 0;
        const double ms = medianMilliseconds(3, [&] {
            auto made = core::print::CaseFileCopy::make(officer.connection, requestOf());
            if (!made) {
                throw std::runtime_error(made.error().message);
            }
            auto content = core::print::CaseFileContent::of(
                made->file, made->copy, tests::DevEnvironment::get().config().print, "OLIVIA ORTEGA");
            if (!ui::CaseFilePrinter(std::move(content), markingsOf(made->copy))
                     .toPdf(folder.filePath(QStringLiteral("long.pdf")), &pages)) {
                throw std::runtime_error("the PDF could not be written");
            }
        });
        if (pages < 200) {
            throw std::runtime_error("the case file has " + std::to_string(pages) + " pages, not 200");
        }
        return Measurement{ms, "ms"};
    },
}};

const Registration kPreview{{
    "case_file_preview_first_page",
    "the preview of the same case file, from the request to its first page in the preview widget, median of 3",
    1000,
    "ms",
    [] {
        PaintWait::ensureApplication();
        const auto officer = tests::connectAs("oortega");
        const double ms = medianMilliseconds(3, [&] {
            auto previewed = core::print::CaseFileCopy::preview(officer.connection, requestOf());
            if (!previewed) {
                throw std::runtime_error(previewed.error().message);
            }
            const auto content = core::print::CaseFileContent::of(
                previewed->file, previewed->copy, tests::DevEnvironment::get().config().print, "OLIVIA ORTEGA");
            QPrinter printer(QPrinter::HighResolution);
            QPrintPreviewWidget preview(&printer);
            QObject::connect(&preview, &QPrintPreviewWidget::paintRequested, [&](QPrinter* target) {
                ui::CaseFilePrinter(content, markingsOf(previewed->copy)).print(*target);
            });
            preview.updatePreview();
            if (preview.pageCount() < 200) {
                throw std::runtime_error("the preview has " + std::to_string(preview.pageCount()) + " pages");
            }
        });
        return Measurement{ms, "ms"};
    },
}};

} // namespace

} // namespace cms::bench
