#pragma once

#include "core/config/AppConfig.h"
#include "core/print/CaseFileContent.h"
#include "core/print/CaseFileCopy.h"
#include "core/remote/SignedInPerson.h"

#include <QDialog>

#include <functional>
#include <map>
#include <memory>

class QCheckBox;
class QLabel;
class QLineEdit;
class QPrinter;
class QPushButton;

namespace cms::ui {

class CaseFeed;
struct PageMarkings;

// A hard copy of a case file (issue: hard copies; PIA Q28): the sections, whether it is redacted
// (always, for a person without the PII grant; the default for a copy that leaves the office),
// its purpose and whether it leaves the office; then a preview (nothing registered: PII masked,
// and the preview cannot be printed), a print through the system's printers (QPrintDialog), or a
// PDF (readable by its owner only). A print or PDF is registered first: its copy number is on
// every page, and the register and the audit trail hold it.
class PrintCaseDialog : public QDialog
{
    Q_OBJECT

public:
    // Where the PDF goes; an empty path cancels. Tests give their own.
    using SavePathPrompt = std::function<QString(QWidget* parent, const QString& suggested)>;

    // Offline (the feed is the cache) a copy has no history, leaves the office and is redacted
    // unless the person says otherwise, and it is registered at the office at the next sync.
    PrintCaseDialog(CaseFeed& feed,
                    core::remote::SignedInPerson person,
                    core::config::PrintSettings markings,
                    QString caseId,
                    SavePathPrompt askSavePath = {},
                    QWidget* parent = nullptr);

    [[nodiscard]] core::print::CopyRequest request(const char* kind) const;
    void preview();
    void printToPrinter();
    // Prints on a printer already chosen (printToPrinter asks with the system's dialog).
    void printOn(std::shared_ptr<QPrinter> printer);
    void saveAsPdf();

signals:
    // A copy was made or refused, or the preview opened: what happened, in words (shown in the
    // dialog, and to tests).
    void finished(const QString& outcome);

private:
    void followLeaving(bool leaves);
    void setWorking(bool working);
    void say(const QString& outcome);
    // Runs `paint` (it returns the pages painted, 0 when the device could not be opened) on the
    // thread pool, saying `saying` meanwhile, then `painted` on the GUI thread.
    void paintOffGuiThread(const QString& saying, std::function<int()> paint, std::function<void(int pages)> painted);
    // Runs `render` with the copy's HTML and page markings once the server has registered it.
    using Content = std::vector<core::print::ContentBlock>;
    void make(const char* kind, std::function<void(Content content, const PageMarkings& markings)> render);

    CaseFeed& m_feed;
    core::remote::SignedInPerson m_person;
    core::config::PrintSettings m_markings;
    QString m_caseId;
    SavePathPrompt m_askSavePath;
    std::map<std::string, QCheckBox*> m_sections;
    QCheckBox* m_redacted = nullptr;
    QCheckBox* m_leaves = nullptr;
    QLineEdit* m_purpose = nullptr;
    QPushButton* m_previewButton = nullptr;
    QPushButton* m_printButton = nullptr;
    QPushButton* m_pdfButton = nullptr;
    QLabel* m_status = nullptr;
};

} // namespace cms::ui
