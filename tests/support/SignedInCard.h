#pragma once

#include "core/auth/PivKeys.h"
#include "core/auth/Pkcs11Module.h"
#include "core/auth/TokenSession.h"

#include <memory>
#include <optional>
#include <string>

namespace cms::tests {

// A dev person's SoftHSM card, signed in with its PIN, and its PIV Authentication certificate.
struct SignedInCard
{
    std::shared_ptr<core::auth::Pkcs11Module> module;
    std::optional<core::auth::TokenSession> session;
    core::auth::Bytes certificate;

    static constexpr std::uint8_t kPivAuthentication = core::auth::kPivAuthenticationId;

    // Throws if the card cannot be signed in (tests and benchmarks alike).
    [[nodiscard]] static SignedInCard of(const std::string& tokenLabel);
};

} // namespace cms::tests
