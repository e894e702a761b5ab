#include "core/auth/PossessionProof.h"

#include "core/auth/Pkcs11Module.h"
#include "core/auth/TokenSession.h"
#include "tests/support/DevEnvironment.h"
#include "tests/support/SignedInCard.h"

#include <catch2/catch.hpp>

using cms::ErrorCode;
using cms::SecureBuffer;
using namespace cms::core;
using cms::tests::DevEnvironment;
using Padding = auth::PossessionProof::RsaPadding;

namespace {

constexpr std::uint8_t kPivAuthentication = cms::tests::SignedInCard::kPivAuthentication;

cms::tests::SignedInCard signIn(const std::string& label)
{
    return cms::tests::SignedInCard::of(label);
}

} // namespace

TEST_CASE("The card proves it holds its certificate's key: RSA (PKCS#1 v1.5 and PSS) and EC P-256", "[token][pki]")
{
    const auto rsa = signIn("oortega");
    CHECK(auth::PossessionProof::prove(*rsa.session, kPivAuthentication, rsa.certificate, Padding::Pss));
    CHECK(auth::PossessionProof::prove(*rsa.session, kPivAuthentication, rsa.certificate, Padding::Pkcs1v15));
    const auto ec = signIn("iibarra");
    CHECK(auth::PossessionProof::prove(*ec.session, kPivAuthentication, ec.certificate));
}

TEST_CASE("A card presenting someone else's certificate fails the proof", "[token][pki]")
{
    const auto card = signIn("oortega");
    const auto other = signIn("aalvarez");
    for (const auto padding : {Padding::Pss, Padding::Pkcs1v15}) {
        const auto proof = auth::PossessionProof::prove(*card.session, kPivAuthentication, other.certificate, padding);
        REQUIRE_FALSE(proof);
        CHECK(proof.error().code == ErrorCode::CertificateRefused);
        CHECK_THAT(proof.error().message, Catch::Contains("could not prove"));
    }
    // An EC card with an RSA certificate cannot even sign for it.
    const auto ec = signIn("iibarra");
    CHECK_FALSE(auth::PossessionProof::prove(*ec.session, kPivAuthentication, card.certificate));
}
