#include "tests/support/SignedInCard.h"

#include "tests/support/DevEnvironment.h"

#include <stdexcept>

namespace cms::tests {

namespace {

template <typename T> T required(Result<T> result, const std::string& what)
{
    if (!result) {
        throw std::runtime_error(what + ": " + result.error().message + " (" + result.error().detail + ")");
    }
    return std::move(*result);
}

} // namespace

SignedInCard SignedInCard::of(const std::string& tokenLabel)
{
    const auto& person = DevEnvironment::get().person(tokenLabel);
    auto module = required(core::auth::Pkcs11Module::load(DevEnvironment::get().config().pkcs11.modulePath),
                           "loading the PKCS#11 module");
    auto token = required(module->tokenByLabel(person.tokenLabel), "finding card " + tokenLabel);
    auto session = required(core::auth::TokenSession::open(module, token), "opening card " + tokenLabel);
    if (auto login = session.login(SecureBuffer(person.pin)); !login) {
        throw std::runtime_error("signing in to card " + tokenLabel + ": " + login.error().message);
    }
    auto certificate = required(session.certificateDer(kPivAuthentication), "reading the card's certificate");
    return {std::move(module), std::move(session), std::move(certificate)};
}

} // namespace cms::tests
