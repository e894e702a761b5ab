#pragma once

#include "ui/MainWindow.h"

#include <optional>
#include <string>

class QLineEdit;

namespace cms::ui {
class CaseWindow;
}

namespace cms::tests {

// A main window signed in as a dev person over their card's connection, at 1366x768, as the
// case-work tests use it.
struct SignedInAs
{
    ui::MainWindow window;

    explicit SignedInAs(const std::string& login,
                        ui::MainWindow::Seams seams = {},
                        std::optional<core::config::AppConfig> config = std::nullopt);

    // Opens the case in its tab and waits until its summary is shown.
    ui::CaseWindow& open(const std::string& caseId);
    [[nodiscard]] static QLineEdit* titleField(ui::CaseWindow& opened);
};

} // namespace cms::tests
