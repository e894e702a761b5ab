#pragma once

#include "core/common/Result.h"

#include <QDialog>

#include <filesystem>
#include <memory>

namespace Ui {
class NoticeDialog;
}

namespace cms::ui {

// A text the person must see and agree to before going on (PIA Q23): the system-use notice
// before sign-in, the rules of behavior once a year after it. With a confirmation, the accept
// button waits for its box to be ticked. Accepting is the dialog's accept(); the other button
// (Exit, Decline) its reject().
class NoticeDialog : public QDialog
{
    Q_OBJECT

public:
    struct Wording
    {
        QString title;
        QString intro;
        QString confirmation; // empty: no box to tick
        QString acceptText;
        QString rejectText;
    };

    NoticeDialog(const Wording& wording, const QString& text, QWidget* parent = nullptr);
    ~NoticeDialog() override;

    [[nodiscard]] static Wording systemUseNotice();
    [[nodiscard]] static Wording rulesOfBehavior();
    // The configured file's text, or the one built in (`resource`, a Qt resource path) when none
    // is configured. A configured file that cannot be read is an error naming it: the notice is
    // required, so there is no silent fallback.
    [[nodiscard]] static Result<QString> loadText(const std::filesystem::path& configured, const QString& resource);
    // What the audit trail records as the version of a text: the start of its SHA-256.
    [[nodiscard]] static std::string versionOf(const QString& text);

private:
    std::unique_ptr<Ui::NoticeDialog> m_ui;
};

} // namespace cms::ui
