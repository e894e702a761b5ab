#include "ui/LetterDialog.h"

#include "core/cases/CaseFirms.h"
#include "core/model/CaseId.h"
#include "core/print/LetterTemplate.h"
#include "ui/DatabaseWorker.h"
#include "ui/PdfSavePath.h"
#include "ui/RichTextPrinter.h"

#include <QComboBox>
#include <QDate>
#include <QDialogButtonBox>
#include <QFile>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPrintDialog>
#include <QPrinter>
#include <QPushButton>
#include <QTextEdit>
#include <QVBoxLayout>

namespace cms::ui {

namespace {

using core::print::LetterTemplate;

QString askSavePathInDialog(QWidget* parent, const QString& suggested)
{
    return askPdfSavePath(parent, QObject::tr("Save the letter as PDF"), suggested);
}

QString shownId(const QString& caseId)
{
    return QString::fromStdString(core::model::CaseId::displayOf(caseId.toStdString()));
}

std::string templateOf(const QString& letter)
{
    QFile file(QStringLiteral(":/cms/letters/%1.html").arg(letter));
    return file.open(QIODevice::ReadOnly) ? file.readAll().toStdString() : std::string();
}

} // namespace

LetterDialog::LetterDialog(
    DatabaseWorker& database, QString caseId, std::string officeName, SavePathPrompt askSavePath, QWidget* parent)
    : QDialog(parent)
    , m_database(database)
    , m_caseId(std::move(caseId))
    , m_officeName(std::move(officeName))
    , m_askSavePath(askSavePath ? std::move(askSavePath) : SavePathPrompt(askSavePathInDialog))
{
    setWindowTitle(tr("Letter for case %1").arg(shownId(m_caseId)));
    setAccessibleName(windowTitle());
    resize(720, 640);
    m_letter = new QComboBox;
    m_letter->setObjectName(QStringLiteral("letterComboBox"));
    m_letter->setAccessibleName(tr("Letter"));
    for (const auto& kind : LetterTemplate::kinds()) {
        m_letter->addItem(QString::fromUtf8(kind.title), QString::fromUtf8(kind.name));
    }
    m_firm = new QComboBox;
    m_firm->setObjectName(QStringLiteral("firmComboBox"));
    m_firm->setAccessibleName(tr("To"));
    m_subject = new QLineEdit;
    m_subject->setObjectName(QStringLiteral("subjectLineEdit"));
    m_subject->setAccessibleName(tr("Subject"));
    m_text = new QTextEdit;
    m_text->setObjectName(QStringLiteral("letterTextEdit"));
    m_text->setAccessibleName(tr("Letter text"));
    m_status = new QLabel;
    m_status->setObjectName(QStringLiteral("statusLabel"));
    m_status->setWordWrap(true);
    auto* form = new QFormLayout;
    form->addRow(tr("&Letter:"), m_letter);
    form->addRow(tr("&To:"), m_firm);
    form->addRow(tr("&Subject:"), m_subject);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_text, 1);
    layout->addWidget(m_status);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    m_pdfButton = buttons->addButton(tr("Issue as P&DF…"), QDialogButtonBox::ActionRole);
    m_pdfButton->setObjectName(QStringLiteral("issuePdfButton"));
    m_printButton = buttons->addButton(tr("Issue and p&rint…"), QDialogButtonBox::ActionRole);
    m_printButton->setObjectName(QStringLiteral("issuePrintButton"));
    layout->addWidget(buttons);
    for (QPushButton* button : {m_pdfButton, m_printButton}) {
        button->setEnabled(false);
    }
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_pdfButton, &QPushButton::clicked, this, &LetterDialog::issueAsPdf);
    connect(m_printButton, &QPushButton::clicked, this, &LetterDialog::issueAndPrint);
    connect(m_letter, &QComboBox::currentIndexChanged, this, &LetterDialog::fill);
    connect(m_firm, &QComboBox::activated, this, &LetterDialog::fill);

    // The case's firms, then the letter filled for the first of them.
    m_database.run<Result<std::vector<core::cases::CaseFirm>>>(
        this,
        [id = m_caseId.toStdString()](const core::remote::PgConnection& connection) {
            return core::cases::CaseFirms(connection).load(id);
        },
        [this](Result<std::vector<core::cases::CaseFirm>> firms) {
            if (firms) {
                for (const auto& firm : *firms) {
                    if (m_firm->findData(QString::fromStdString(firm.firmId)) < 0) {
                        m_firm->addItem(QString::fromStdString(firm.name), QString::fromStdString(firm.firmId));
                    }
                }
            }
            fill();
        });
}

void LetterDialog::choose(const QString& letter)
{
    const int index = m_letter->findData(letter);
    if (index == m_letter->currentIndex()) {
        fill();
    } else {
        m_letter->setCurrentIndex(index);
    }
}

void LetterDialog::fill()
{
    for (QPushButton* button : {m_pdfButton, m_printButton}) {
        button->setEnabled(false);
    }
    const QString letter = m_letter->currentData().toString();
    m_database.run<Result<core::print::LetterFacts>>(
        this,
        [id = m_caseId.toStdString(), firm = m_firm->currentData().toString().toStdString(), office = m_officeName](
            const core::remote::PgConnection& connection) {
            return core::print::LetterFacts::load(connection, id, firm, office);
        },
        [this, letter](Result<core::print::LetterFacts> facts) {
            if (letter != m_letter->currentData().toString()) {
                return; // another letter was chosen meanwhile
            }
            if (!facts) {
                say(QString::fromStdString(facts.error().message));
                return;
            }
            m_facts = std::move(*facts);
            auto merged = LetterTemplate::merge(templateOf(letter), m_facts->values);
            if (!merged) {
                m_text->clear();
                say(QString::fromStdString(merged.error().message));
                return;
            }
            m_text->setHtml(QString::fromStdString(*merged));
            m_subject->setText(QStringLiteral("%1 — case %2").arg(m_letter->currentText(), shownId(m_caseId)));
            for (QPushButton* button : {m_pdfButton, m_printButton}) {
                button->setEnabled(true);
            }
            say(tr("Filled from the case. Edit it if needed, then issue it: the letter is kept in the case's "
                   "correspondence as issued."));
        });
}

void LetterDialog::issue(std::function<void(const QString& html, const QString& footer)> output)
{
    if (!m_facts) {
        return;
    }
    if (m_subject->text().trimmed().isEmpty()) {
        say(tr("Subject: give the letter a subject."));
        return;
    }
    const QString html = m_text->toHtml();
    for (QPushButton* button : {m_pdfButton, m_printButton}) {
        button->setEnabled(false);
    }
    m_database.run<Result<std::string>>(
        this,
        [facts = *m_facts,
         id = m_caseId.toStdString(),
         letter = m_letter->currentData().toString().toStdString(),
         subject = m_subject->text().trimmed().toStdString(),
         html = html.toStdString()](const core::remote::PgConnection& connection) {
            return facts.issue(connection, id, letter, subject, html);
        },
        [this, html, output = std::move(output)](Result<std::string> issued) {
            if (!issued) {
                for (QPushButton* button : {m_pdfButton, m_printButton}) {
                    button->setEnabled(true);
                }
                say(QString::fromStdString(issued.error().message));
                return;
            }
            output(html,
                   tr("Case %1 · %2 · issued %3")
                       .arg(shownId(m_caseId), m_letter->currentText(), QDate::currentDate().toString(Qt::ISODate)));
        });
}

void LetterDialog::issueAsPdf()
{
    const QString path =
        m_askSavePath(this, QStringLiteral("%1-%2.pdf").arg(m_letter->currentData().toString(), shownId(m_caseId)));
    if (path.isEmpty()) {
        return;
    }
    issue([this, path](const QString& html, const QString& footer) {
        PageMarkings markings;
        markings.footer = footer;
        int pages = 0;
        const bool written = RichTextPrinter(html, markings).toPdf(path, m_letter->currentText(), &pages);
        say(written ? tr("Issued and saved as %1 (%2 pages); kept in the case's correspondence.").arg(path).arg(pages)
                    : tr("Issued and kept in the case's correspondence, but %1 cannot be written.").arg(path));
    });
}

void LetterDialog::issueAndPrint()
{
    auto printer = std::make_shared<QPrinter>(QPrinter::HighResolution);
    QPrintDialog choose(printer.get(), this);
    if (choose.exec() != QDialog::Accepted) {
        return;
    }
    issue([this, printer](const QString& html, const QString& footer) {
        PageMarkings markings;
        markings.footer = footer;
        const int pages = RichTextPrinter(html, markings).print(*printer);
        say(pages > 0 ? tr("Issued and sent to the printer; kept in the case's correspondence.")
                      : tr("Issued and kept in the case's correspondence, but the printer could not be opened."));
    });
}

void LetterDialog::say(const QString& outcome)
{
    m_status->setText(outcome);
    emit finished(outcome);
}

} // namespace cms::ui
