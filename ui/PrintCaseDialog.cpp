#include "ui/PrintCaseDialog.h"

#include "core/model/CaseId.h"
#include "core/print/CaseFileContent.h"
#include "ui/CaseFeed.h"
#include "ui/CaseFilePrinter.h"
#include "ui/PdfSavePath.h"

#include <QAction>
#include <QCheckBox>
#include <QDateTime>
#include <QDialogButtonBox>
#include <QFile>
#include <QFormLayout>
#include <QFutureWatcher>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QPrintDialog>
#include <QPrintPreviewDialog>
#include <QPrinter>
#include <QPushButton>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace cms::ui {

namespace {

QString askSavePathInDialog(QWidget* parent, const QString& suggested)
{
    return askPdfSavePath(parent, QObject::tr("Save the case file as PDF"), suggested);
}

QString shownId(const QString& caseId)
{
    return QString::fromStdString(core::model::CaseId::displayOf(caseId.toStdString()));
}

} // namespace

PrintCaseDialog::PrintCaseDialog(CaseFeed& feed,
                                 core::remote::SignedInPerson person,
                                 core::config::PrintSettings markings,
                                 QString caseId,
                                 SavePathPrompt askSavePath,
                                 QWidget* parent)
    : QDialog(parent)
    , m_feed(feed)
    , m_person(std::move(person))
    , m_markings(std::move(markings))
    , m_caseId(std::move(caseId))
    , m_askSavePath(askSavePath ? std::move(askSavePath) : SavePathPrompt(askSavePathInDialog))
{
    setWindowTitle(tr("Print case %1").arg(shownId(m_caseId)));
    setAccessibleName(windowTitle());
    auto* layout = new QVBoxLayout(this);
    auto* sections = new QGroupBox(tr("Sections"));
    auto* sectionsLayout = new QVBoxLayout(sections);
    for (const auto& section : core::print::caseFileSections()) {
        auto* box = new QCheckBox(QString::fromStdString(core::print::sectionTitle(section)));
        box->setObjectName(QStringLiteral("section_") + QString::fromStdString(section));
        box->setChecked(section != "history");
        if (section == "history" && m_feed.isOffline()) {
            box->setEnabled(false);
            box->setToolTip(tr("The history is the server's audit trail: print it when you are online."));
        }
        sectionsLayout->addWidget(box);
        m_sections[section] = box;
    }
    layout->addWidget(sections);

    auto* form = new QFormLayout;
    m_purpose = new QLineEdit;
    m_purpose->setObjectName(QStringLiteral("purposeLineEdit"));
    m_purpose->setAccessibleName(tr("Purpose"));
    m_purpose->setPlaceholderText(tr("What the copy is for (kept in the register)"));
    form->addRow(tr("&Purpose:"), m_purpose);
    m_leaves = new QCheckBox(tr("The copy &leaves the office (telework, field work)"));
    m_leaves->setObjectName(QStringLiteral("leavesOfficeCheckBox"));
    form->addRow(QString(), m_leaves);
    m_redacted = new QCheckBox(tr("&Redacted: personal information masked"));
    m_redacted->setObjectName(QStringLiteral("redactedCheckBox"));
    // The server holds the PII back from anyone without the grant; the box says so.
    m_redacted->setChecked(!m_person.piiAccess);
    m_redacted->setEnabled(m_person.piiAccess);
    if (!m_person.piiAccess) {
        m_redacted->setToolTip(tr("Without the PII grant every copy is redacted."));
    }
    form->addRow(QString(), m_redacted);
    // Offline the laptop is away from the office: its copies leave it unless the person says not,
    // and so are redacted unless a PII-holder chooses (the cache's PII then prints, recorded).
    if (m_feed.isOffline()) {
        m_leaves->setChecked(true);
        m_redacted->setChecked(true);
    }
    layout->addLayout(form);
    auto* banner = new QLabel(tr("Every page is marked %1, with the case, your name, the time, the copy number and "
                                 "the page number. The copy goes in the register of hard copies: mark it returned or "
                                 "destroyed there.")
                                  .arg(QString::fromStdString(m_markings.banner).toHtmlEscaped()));
    banner->setWordWrap(true);
    layout->addWidget(banner);
    if (m_feed.isOffline()) {
        auto* offline = new QLabel(tr("Working offline: the copy is numbered by this computer (its label is on every "
                                      "page) and goes in the office's register at the next sync."));
        offline->setObjectName(QStringLiteral("offlineLabel"));
        offline->setWordWrap(true);
        layout->addWidget(offline);
    }
    m_status = new QLabel;
    m_status->setObjectName(QStringLiteral("statusLabel"));
    m_status->setWordWrap(true);
    m_status->hide();
    layout->addWidget(m_status);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    m_previewButton = buttons->addButton(tr("Pre&view…"), QDialogButtonBox::ActionRole);
    m_previewButton->setObjectName(QStringLiteral("previewButton"));
    m_printButton = buttons->addButton(tr("P&rint…"), QDialogButtonBox::ActionRole);
    m_printButton->setObjectName(QStringLiteral("printButton"));
    m_pdfButton = buttons->addButton(tr("Save as P&DF…"), QDialogButtonBox::ActionRole);
    m_pdfButton->setObjectName(QStringLiteral("pdfButton"));
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_previewButton, &QPushButton::clicked, this, &PrintCaseDialog::preview);
    connect(m_printButton, &QPushButton::clicked, this, &PrintCaseDialog::printToPrinter);
    connect(m_pdfButton, &QPushButton::clicked, this, &PrintCaseDialog::saveAsPdf);
    connect(m_leaves, &QCheckBox::toggled, this, &PrintCaseDialog::followLeaving);
    m_purpose->setFocus();
}

core::print::CopyRequest PrintCaseDialog::request(const char* kind) const
{
    core::print::CopyRequest request;
    request.caseId = m_caseId.toStdString();
    request.kind = kind;
    for (const auto& [section, box] : m_sections) {
        if (box->isChecked()) {
            request.sections.push_back(section);
        }
    }
    request.redacted = m_redacted->isChecked();
    request.purpose = m_purpose->text().trimmed().toStdString();
    request.leavesOffice = m_leaves->isChecked();
    return request;
}

// A copy that leaves the office is redacted by default; the PII-holder may still choose.
void PrintCaseDialog::followLeaving(bool leaves)
{
    if (m_person.piiAccess) {
        m_redacted->setChecked(leaves);
    }
}

void PrintCaseDialog::preview()
{
    setWorking(true);
    m_feed.caseFileCopy(this, request("print"), false, [this](Result<core::print::CaseFileCopy> previewed) {
        setWorking(false);
        if (!previewed) {
            say(QString::fromStdString(previewed.error().message));
            return;
        }
        auto content =
            core::print::CaseFileContent::of(previewed->file, previewed->copy, m_markings, m_person.displayName);
        const PageMarkings markings{QString::fromStdString(m_markings.banner),
                                    shownId(m_caseId),
                                    QString::fromStdString(m_person.displayName),
                                    QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyy-MM-dd HH:mm 'UTC'")),
                                    tr("Preview, not a registered copy"),
                                    m_markings.watermark ? QString::fromStdString(m_person.displayName) : QString()};
        auto* printer = new QPrinter(QPrinter::HighResolution);
        auto* dialog = new QPrintPreviewDialog(printer, this);
        dialog->setObjectName(QStringLiteral("casePreview"));
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        connect(dialog, &QObject::destroyed, this, [printer] { delete printer; });
        connect(dialog,
                &QPrintPreviewDialog::paintRequested,
                this,
                [content = std::move(content), markings](QPrinter* target) {
                    CaseFilePrinter(content, markings).print(*target);
                });
        // A preview is not a copy: printing goes through Print…, which registers it.
        for (auto* action : dialog->findChildren<QAction*>()) {
            const QString text = action->text().remove(QLatin1Char('&'));
            if (text.startsWith(QStringLiteral("Print")) || text.startsWith(QStringLiteral("Page setup"))) {
                action->setEnabled(false);
                action->setVisible(false);
            }
        }
        dialog->open();
        say(tr("Preview of the case file: personal information is masked, and nothing is registered."));
    });
}

void PrintCaseDialog::make(const char* kind, std::function<void(Content content, const PageMarkings& markings)> render)
{
    setWorking(true);
    m_feed.caseFileCopy(
        this, request(kind), true, [this, render = std::move(render)](Result<core::print::CaseFileCopy> made) {
            setWorking(false);
            if (!made) {
                say(QString::fromStdString(made.error().message));
                return;
            }
            render(core::print::CaseFileContent::of(made->file, made->copy, m_markings, m_person.displayName),
                   PageMarkings{QString::fromStdString(m_markings.banner),
                                shownId(m_caseId),
                                QString::fromStdString(m_person.displayName),
                                QString::fromStdString(made->copy.madeAt) + QStringLiteral(" UTC"),
                                QString::fromStdString(made->copy.shownAs()),
                                m_markings.watermark ? QString::fromStdString(m_person.displayName) : QString()});
        });
}

void PrintCaseDialog::printToPrinter()
{
    auto printer = std::make_shared<QPrinter>(QPrinter::HighResolution);
    QPrintDialog choose(printer.get(), this);
    choose.setOptions(QAbstractPrintDialog::PrintToFile | QAbstractPrintDialog::PrintShowPageSize);
    if (choose.exec() != QDialog::Accepted) {
        return;
    }
    printOn(std::move(printer));
}

void PrintCaseDialog::printOn(std::shared_ptr<QPrinter> printer)
{
    make("print", [this, printer = std::move(printer)](Content content, const PageMarkings& markings) {
        paintOffGuiThread(
            tr("Sending %1 to the printer…").arg(markings.copy),
            [content = std::move(content), markings, printer] {
                return CaseFilePrinter(content, markings).print(*printer);
            },
            [this, copy = markings.copy](int pages) {
                say(pages > 0 ? tr("%1 sent to the printer: %2 pages.").arg(copy).arg(pages)
                              : tr("%1 is registered but the printer could not be opened: mark it destroyed in the "
                                   "register of hard copies.")
                                    .arg(copy));
            });
    });
}

void PrintCaseDialog::saveAsPdf()
{
    const QString path = m_askSavePath(this, QStringLiteral("case-%1.pdf").arg(shownId(m_caseId)));
    if (path.isEmpty()) {
        return;
    }
    make("pdf", [this, path](Content content, const PageMarkings& markings) {
        // Readable by its owner only from the start: it may hold PII.
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate)
            || !file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner)) {
            say(tr("%1 is registered but %2 cannot be written: mark it destroyed in the register of hard copies.")
                    .arg(markings.copy, path));
            return;
        }
        file.close();
        paintOffGuiThread(
            tr("Writing %1…").arg(path),
            [content = std::move(content), markings, path] {
                int pages = 0;
                return CaseFilePrinter(content, markings).toPdf(path, &pages) ? pages : 0;
            },
            [this, path, copy = markings.copy](int pages) {
                say(pages > 0 ? tr("%1 saved as %2: %3 pages.").arg(copy, path).arg(pages)
                              : tr("%1 is registered but %2 cannot be written: mark it destroyed in the register of "
                                   "hard copies.")
                                    .arg(copy, path));
            });
    });
}

void PrintCaseDialog::paintOffGuiThread(const QString& saying,
                                        std::function<int()> paint,
                                        std::function<void(int pages)> painted)
{
    // A long file takes seconds to lay out and paint: off the GUI thread (QPainter paints on a
    // printer or a PDF writer in any thread; the QTextDocument belongs to the thread that makes
    // it), the dialog waiting meanwhile.
    setWorking(true);
    say(saying);
    auto* painting = new QFutureWatcher<int>(this);
    connect(painting, &QFutureWatcher<int>::finished, this, [this, painting, painted = std::move(painted)] {
        const int pages = painting->result();
        painting->deleteLater();
        setWorking(false);
        painted(pages);
    });
    painting->setFuture(QtConcurrent::run(std::move(paint)));
}

void PrintCaseDialog::setWorking(bool working)
{
    for (QPushButton* button : {m_previewButton, m_printButton, m_pdfButton}) {
        button->setEnabled(!working);
    }
}

void PrintCaseDialog::say(const QString& outcome)
{
    m_status->setText(outcome);
    m_status->setVisible(!outcome.isEmpty());
    emit finished(outcome);
}

} // namespace cms::ui
