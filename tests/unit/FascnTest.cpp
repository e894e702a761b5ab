#include "core/pki/Fascn.h"

#include "core/pki/CertificateInfo.h"

#include <catch2/catch.hpp>
#include <memory>
#include <openssl/evp.h>
#include <openssl/x509v3.h>

using cms::core::pki::Fascn;

namespace {

std::vector<std::uint8_t> bytesOf(const std::string& hex)
{
    std::vector<std::uint8_t> bytes;
    for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
        bytes.push_back(static_cast<std::uint8_t>(std::stoi(hex.substr(i, 2), nullptr, 16)));
    }
    return bytes;
}

} // namespace

TEST_CASE("The FASC-N of a PIV card is decoded from its 5-bit characters", "[unit][pki]")
{
    // The sample FASC-N of NIST SP 800-73 (a test card): agency 9999, system 9999, credential 999999.
    const auto fascn = Fascn::decode(bytesOf("D4E739DA739CED39CE739D836858210842108421C84210C3EB"));
    REQUIRE(fascn);
    CHECK(fascn->agencyCode == "9999");
    CHECK(fascn->systemCode == "9999");
    CHECK(fascn->credentialNumber == "999999");
    CHECK(fascn->credentialSeries == "0");
    CHECK(fascn->individualCredentialIssue == "1");
    CHECK(fascn->personIdentifier == "0000000000");
    CHECK(fascn->organizationalCategory == "3");
    CHECK(fascn->personOrganizationAssociation == "1");
    CHECK(fascn->describe().starts_with("agency 9999, system 9999, credential 999999 (series 0, issue 1)"));

    CHECK_FALSE(Fascn::decode(bytesOf("D4E739DA739CED39CE739D8368582108421084")));             // too short
    CHECK_FALSE(Fascn::decode(bytesOf("D5E739DA739CED39CE739D836858210842108421C84210C3EB"))); // parity
}

TEST_CASE("A certificate's FASC-N is read from its subjectAltName and shown in words", "[unit][pki]")
{
    // A throwaway self-signed certificate with the sample FASC-N, made here with OpenSSL.
    std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(EVP_EC_gen("P-256"), &EVP_PKEY_free);
    REQUIRE(key);
    std::unique_ptr<X509, decltype(&X509_free)> certificate(X509_new(), &X509_free);
    X509_set_version(certificate.get(), X509_VERSION_3);
    ASN1_INTEGER_set(X509_get_serialNumber(certificate.get()), 7);
    X509_gmtime_adj(X509_getm_notBefore(certificate.get()), 0);
    X509_gmtime_adj(X509_getm_notAfter(certificate.get()), 3600);
    X509_NAME_add_entry_by_txt(X509_get_subject_name(certificate.get()),
                               "CN",
                               MBSTRING_ASC,
                               reinterpret_cast<const unsigned char*>("FASC-N TEST"),
                               -1,
                               -1,
                               0);
    X509_set_issuer_name(certificate.get(), X509_get_subject_name(certificate.get()));
    X509_set_pubkey(certificate.get(), key.get());
    // subjectAltName = otherName 2.16.840.1.101.3.6.6 (FASC-N) holding the 25 bytes.
    const auto fascnBytes = bytesOf("D4E739DA739CED39CE739D836858210842108421C84210C3EB");
    std::unique_ptr<GENERAL_NAMES, decltype(&GENERAL_NAMES_free)> names(sk_GENERAL_NAME_new_null(),
                                                                        &GENERAL_NAMES_free);
    ASN1_OCTET_STRING* octets = ASN1_OCTET_STRING_new();
    ASN1_OCTET_STRING_set(octets, fascnBytes.data(), static_cast<int>(fascnBytes.size()));
    ASN1_TYPE* value = ASN1_TYPE_new();
    ASN1_TYPE_set(value, V_ASN1_OCTET_STRING, octets);
    GENERAL_NAME* name = GENERAL_NAME_new();
    REQUIRE(GENERAL_NAME_set0_othername(name, OBJ_txt2obj("2.16.840.1.101.3.6.6", 1), value) == 1);
    sk_GENERAL_NAME_push(names.get(), name);
    REQUIRE(X509_add1_ext_i2d(certificate.get(), NID_subject_alt_name, names.get(), 0, 0) == 1);
    REQUIRE(X509_sign(certificate.get(), key.get(), EVP_sha256()) > 0);
    unsigned char* der = nullptr;
    const int length = i2d_X509(certificate.get(), &der);
    REQUIRE(length > 0);
    const std::vector<std::uint8_t> bytes(der, der + length);
    OPENSSL_free(der);

    const auto info = cms::core::pki::CertificateInfo::fromDer(bytes);
    REQUIRE(info);
    REQUIRE(info->fascn);
    CHECK(info->fascn->starts_with("agency 9999, system 9999, credential 999999"));
    CHECK_FALSE(info->cardUuid); // the FASC-N is no stand-in for the card UUID
}
