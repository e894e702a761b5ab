#include "ui/SignInDialog.h"

#include "tests/support/DevEnvironment.h"
#include "tests/ui/WaitUntil.h"
#include "ui/MainWindow.h"

#include <QApplication>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QStatusBar>
#include <QTest>

#include <catch2/catch.hpp>

using cms::tests::DevEnvironment;
using cms::tests::waitUntil;
using cms::ui::SignInDialog;

namespace {

// Types like a person: chooses the card, types the PIN, presses Enter.
void signInWith(SignInDialog& dialog, const std::string& card, const std::string& pin)
{
    auto* cards = dialog.findChild<QComboBox*>("cardComboBox");
    REQUIRE(cards);
    // The readers are looked at off the GUI thread: the list fills in shortly after opening.
    REQUIRE(waitUntil([&] { return cards->findText(QString::fromStdString(card)) >= 0; }));
    const int index = cards->findText(QString::fromStdString(card));
    cards->setCurrentIndex(index);
    auto* pinField = dialog.findChild<QLineEdit*>("pinLineEdit");
    REQUIRE(pinField);
    QTest::keyClicks(pinField, QString::fromStdString(pin));
    QTest::keyClick(pinField, Qt::Key_Return);
}

QString problemOf(const SignInDialog& dialog)
{
    return dialog.findChild<QLabel*>("errorLabel")->text();
}

bool idle(const SignInDialog& dialog)
{
    return dialog.findChild<QLineEdit*>("pinLineEdit")->isEnabled();
}

} // namespace

TEST_CASE("The sign-in dialog takes a real card and PIN to the main window", "[ui][token]")
{
    SignInDialog dialog(DevEnvironment::get().config());
    dialog.show();
    const auto& officer = DevEnvironment::get().person("oortega");
    signInWith(dialog, officer.tokenLabel, officer.pin);
    // The PIN left the field as soon as it was handed off.
    CHECK(dialog.findChild<QLineEdit*>("pinLineEdit")->text().isEmpty());
    REQUIRE(waitUntil([&] { return dialog.result() == QDialog::Accepted; }));
    CHECK(dialog.person().loginRole == "oortega");
    CHECK(dialog.person().jobRole == "officer");
    CHECK(dialog.person().piiAccess);

    cms::ui::MainWindow window;
    window.setSignedIn(dialog.takeConnection(), dialog.person());
    const auto status = window.statusBar()->currentMessage();
    CHECK(status.contains(QString::fromStdString(officer.commonName)));
    CHECK(status.contains(QStringLiteral("officer")));
}

TEST_CASE("The sign-in dialog shows the card's refusal in words and stays ready", "[ui][token]")
{
    SignInDialog dialog(DevEnvironment::get().config());
    dialog.show();
    SECTION("a wrong PIN")
    {
        signInWith(dialog, "aalvarez", "000000");
        REQUIRE(waitUntil([&] { return idle(dialog); }));
        CHECK(problemOf(dialog).contains(QStringLiteral("PIN is wrong")));
    }
    SECTION("a revoked card")
    {
        const auto& card = DevEnvironment::get().person("bad-revoked");
        signInWith(dialog, card.tokenLabel, card.pin);
        REQUIRE(waitUntil([&] { return idle(dialog); }));
        CHECK(problemOf(dialog).contains(QStringLiteral("revoked")));
    }
    SECTION("no PIN typed")
    {
        REQUIRE(waitUntil([&] { return dialog.findChild<QComboBox*>("cardComboBox")->count() > 0; }));
        QTest::keyClick(dialog.findChild<QLineEdit*>("pinLineEdit"), Qt::Key_Return);
        CHECK(problemOf(dialog).contains(QStringLiteral("PIN")));
    }
    CHECK(dialog.isVisible());
    CHECK(dialog.result() != QDialog::Accepted);
}

TEST_CASE("Every control of the sign-in dialog has an accessible name or text", "[ui]")
{
    SignInDialog dialog(DevEnvironment::get().config());
    for (const QWidget* widget : dialog.findChildren<QWidget*>()) {
        const auto* label = qobject_cast<const QLabel*>(widget);
        const auto* button = qobject_cast<const QPushButton*>(widget);
        if ((label != nullptr && !label->text().isEmpty()) || (button != nullptr && !button->text().isEmpty())
            || qobject_cast<const QDialogButtonBox*>(widget) != nullptr || widget->objectName().startsWith("qt_")
            || widget->objectName().isEmpty()) {
            continue;
        }
        INFO(widget->objectName().toStdString());
        CHECK_FALSE(widget->accessibleName().isEmpty());
    }
    // Keyboard first: the PIN field has the focus, and the card's label leads to its combo box.
    CHECK(dialog.focusWidget() == dialog.findChild<QLineEdit*>("pinLineEdit"));
    CHECK(dialog.findChild<QLabel*>("cardLabel")->buddy() == dialog.findChild<QComboBox*>("cardComboBox"));
    CHECK(dialog.findChild<QLabel*>("pinLabel")->buddy() == dialog.findChild<QLineEdit*>("pinLineEdit"));
}
