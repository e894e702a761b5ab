#include "ui/MainWindow.h"

#include <QApplication>
#include <QLabel>
#include <QMenuBar>
#include <QStatusBar>

#include <catch2/catch.hpp>

TEST_CASE("The main window opens with the application's name", "[ui]")
{
    cms::ui::MainWindow window;
    window.show();
    CHECK(window.isVisible());
    CHECK(window.windowTitle() == QApplication::applicationDisplayName());
    CHECK(window.statusBar()->currentMessage() == QStringLiteral("Not signed in"));
}

TEST_CASE("Every control of the main window has an accessible name or text", "[ui]")
{
    cms::ui::MainWindow window;
    CHECK_FALSE(window.accessibleName().isEmpty());
    for (const QLabel* label : window.findChildren<QLabel*>()) {
        if (!label->text().isEmpty()) {
            continue;
        }
        INFO(label->objectName().toStdString());
        CHECK_FALSE(label->accessibleName().isEmpty());
    }
    CHECK_FALSE(window.statusBar()->accessibleName().isEmpty());
    for (const QAction* action : window.menuBar()->actions()) {
        CHECK_FALSE(action->text().isEmpty());
    }
}
