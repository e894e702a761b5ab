#include "tests/bench/WindowSession.h"

#include "core/remote/SignedInPerson.h"
#include "tests/bench/BenchDatabase.h"
#include "tests/bench/PaintWait.h"
#include "tests/support/DevEnvironment.h"

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
}

} // namespace cms::bench
