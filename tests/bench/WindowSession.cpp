#include "tests/bench/WindowSession.h"

#include "core/remote/SignedInPerson.h"
#include "tests/bench/BenchDatabase.h"
#include "tests/bench/PaintWait.h"
#include "tests/support/DevEnvironment.h"
#include "ui/CaseListModel.h"
#include "ui/CaseListView.h"

#include <memory>
#include <stdexcept>

namespace cms::bench {

WindowSession::WindowSession(const std::string& tokenLabel)
    : window((PaintWait::ensureApplication(), tests::DevEnvironment::get().config()))
{
    BenchDatabase::ensure();
    auto connection = std::make_shared<core::remote::CardConnection>(BenchDatabase::connectAs(tokenLabel));
    auto person = core::remote::SignedInPerson::load(connection->connection);
    if (!person) {
        throw std::runtime_error("loading the signed-in person failed: " + person.error().message);
    }
    window.setSignedIn(std::move(connection), *person);
    window.resize(1366, 768);
    PaintWait::show(window);
    // The list asks for its first page and its total at sign-in; the total of a million cases
    // keeps the window's one connection busy for a while, and is not what is measured.
    PaintWait::until([&] { return window.caseList()->model().total() >= 0; });
}

} // namespace cms::bench
