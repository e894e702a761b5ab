#include "tests/ui/SignedInAs.h"

#include "tests/support/Connections.h"
#include "tests/support/DevEnvironment.h"
#include "tests/ui/WaitUntil.h"
#include "ui/CaseWindow.h"

#include <QLineEdit>

#include <catch2/catch.hpp>

namespace cms::tests {

SignedInAs::SignedInAs(const std::string& login,
                       ui::MainWindow::Seams seams,
                       std::optional<core::config::AppConfig> config)
    : window(config ? std::move(*config) : DevEnvironment::get().config(), nullptr, std::move(seams))
{
    auto connection = std::make_shared<core::remote::CardConnection>(connectAs(login));
    auto person = core::remote::SignedInPerson::load(connection->connection);
    REQUIRE(person);
    window.setSignedIn(std::move(connection), *person);
    window.resize(1366, 768);
    window.show();
}

ui::CaseWindow& SignedInAs::open(const std::string& caseId)
{
    auto* opened = window.openCase(QString::fromStdString(caseId));
    REQUIRE(opened != nullptr);
    REQUIRE(waitUntil([&] { return !titleField(*opened)->text().isEmpty(); }));
    return *opened;
}

QLineEdit* SignedInAs::titleField(ui::CaseWindow& opened)
{
    return opened.findChild<QLineEdit*>("titleLineEdit");
}

} // namespace cms::tests
