#include "tests/support/SignedInCard.h"

#include "tests/support/DevEnvironment.h"

#include <catch2/catch.hpp>

namespace cms::tests {

SignedInCard SignedInCard::of(const std::string& tokenLabel)
{
    const auto& person = DevEnvironment::get().person(tokenLabel);
    auto module = core::auth::Pkcs11Module::load(DevEnvironment::get().config().pkcs11.modulePath);
    REQUIRE(module);
    auto token = (*module)->tokenByLabel(person.tokenLabel);
    REQUIRE(token);
    auto session = core::auth::TokenSession::open(*module, *token);
    REQUIRE(session);
    REQUIRE(session->login(SecureBuffer(person.pin)));
    auto certificate = session->certificateDer(kPivAuthentication);
    REQUIRE(certificate);
    return {*module, std::move(*session), std::move(*certificate)};
}

} // namespace cms::tests
