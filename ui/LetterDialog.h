#pragma once

#include "core/print/LetterFacts.h"

#include <QDialog>

#include <functional>
#include <optional>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTextEdit;

namespace cms::ui {

class DatabaseWorker;

// A notification letter from the case (issue: hard copies; PIA Q8): choose the letter and the
// firm; the template (resources/letters) is filled from the case and shown for editing; a value
// the case does not hold is named and the letter cannot be issued until the case holds it.
// Issuing keeps the letter in the case's correspondence as issued (recorded) and makes its PDF
// and/or sends it to a printer.
class LetterDialog : public QDialog
{
    Q_OBJECT

public:
    using SavePathPrompt = std::function<QString(QWidget* parent, const QString& suggested)>;

    LetterDialog(DatabaseWorker& database,
                 QString caseId,
                 std::string officeName,
                 SavePathPrompt askSavePath = {},
                 QWidget* parent = nullptr);

    // Chooses the letter (a template name) and fills it from the case.
    void choose(const QString& letter);
    void issueAsPdf();
    void issueAndPrint();

signals:
    // Filled, refused or issued: what happened, in words.
    void finished(const QString& outcome);

private:
    void fill();
    void issue(std::function<void(const QString& html, const QString& footer)> output);
    void say(const QString& outcome);

    DatabaseWorker& m_database;
    QString m_caseId;
    std::string m_officeName;
    SavePathPrompt m_askSavePath;
    std::optional<core::print::LetterFacts> m_facts;
    QComboBox* m_letter = nullptr;
    QComboBox* m_firm = nullptr;
    QLineEdit* m_subject = nullptr;
    QTextEdit* m_text = nullptr;
    QPushButton* m_pdfButton = nullptr;
    QPushButton* m_printButton = nullptr;
    QLabel* m_status = nullptr;
};

} // namespace cms::ui
