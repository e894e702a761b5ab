#include "core/pki/CertificateInfo.h"

#include "core/pki/Fascn.h"

#include <algorithm>
#include <cctype>
#include <memory>
#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

namespace cms::core::pki {

namespace {

using X509Ptr = std::unique_ptr<X509, decltype(&X509_free)>;
using BioPtr = std::unique_ptr<BIO, decltype(&BIO_free)>;
using NamesPtr = std::unique_ptr<GENERAL_NAMES, decltype(&GENERAL_NAMES_free)>;

constexpr std::string_view kUuidUrnPrefix = "urn:uuid:";
constexpr const char* kUpnOid = "1.3.6.1.4.1.311.20.2.3";
constexpr const char* kFascnOid = "2.16.840.1.101.3.6.6"; // PIV FASC-N

Result<X509Ptr> parse(const std::vector<std::uint8_t>& der)
{
    const unsigned char* cursor = der.data();
    X509Ptr cert(d2i_X509(nullptr, &cursor, static_cast<long>(der.size())), &X509_free);
    if (!cert || cursor != der.data() + der.size()) {
        return fail(ErrorCode::CertificateRefused, "The card's certificate is damaged and cannot be read.");
    }
    return cert;
}

std::string nameText(const X509_NAME* name)
{
    BioPtr bio(BIO_new(BIO_s_mem()), &BIO_free);
    X509_NAME_print_ex(bio.get(), name, 0, XN_FLAG_RFC2253);
    char* data = nullptr;
    const long length = BIO_get_mem_data(bio.get(), &data);
    return {data, static_cast<std::size_t>(length)};
}

std::string serialText(const ASN1_INTEGER* serial)
{
    std::unique_ptr<BIGNUM, decltype(&BN_free)> number(ASN1_INTEGER_to_BN(serial, nullptr), &BN_free);
    std::unique_ptr<char, void (*)(char*)> hex(BN_bn2hex(number.get()), [](char* p) { OPENSSL_free(p); });
    return hex ? std::string(hex.get()) : std::string{};
}

std::chrono::system_clock::time_point timeOf(const ASN1_TIME* time)
{
    struct tm parts
    {
    };
    ASN1_TIME_to_tm(time, &parts);
    return std::chrono::system_clock::from_time_t(timegm(&parts));
}

std::string asString(const ASN1_STRING* text)
{
    return {reinterpret_cast<const char*>(ASN1_STRING_get0_data(text)),
            static_cast<std::size_t>(ASN1_STRING_length(text))};
}

bool startsWithNoCase(std::string_view text, std::string_view prefix)
{
    return text.size() >= prefix.size() && std::equal(prefix.begin(), prefix.end(), text.begin(), [](char a, char b) {
               return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
           });
}

void readSubjectAltName(X509* cert, CertificateInfo& info)
{
    NamesPtr names(static_cast<GENERAL_NAMES*>(X509_get_ext_d2i(cert, NID_subject_alt_name, nullptr, nullptr)),
                   &GENERAL_NAMES_free);
    if (!names) {
        return;
    }
    const std::unique_ptr<ASN1_OBJECT, decltype(&ASN1_OBJECT_free)> upnOid(OBJ_txt2obj(kUpnOid, 1), &ASN1_OBJECT_free);
    const std::unique_ptr<ASN1_OBJECT, decltype(&ASN1_OBJECT_free)> fascnOid(OBJ_txt2obj(kFascnOid, 1),
                                                                             &ASN1_OBJECT_free);
    for (int i = 0; i < sk_GENERAL_NAME_num(names.get()); ++i) {
        const GENERAL_NAME* name = sk_GENERAL_NAME_value(names.get(), i);
        if (name->type == GEN_URI) {
            const std::string uri = asString(name->d.uniformResourceIdentifier);
            if (startsWithNoCase(uri, kUuidUrnPrefix) && !info.cardUuid) {
                std::string uuid = uri.substr(kUuidUrnPrefix.size());
                std::ranges::transform(uuid, uuid.begin(), [](unsigned char c) { return std::tolower(c); });
                info.cardUuid = uuid;
            }
        } else if (name->type == GEN_OTHERNAME && OBJ_cmp(name->d.otherName->type_id, upnOid.get()) == 0
                   && name->d.otherName->value->type == V_ASN1_UTF8STRING) {
            info.userPrincipalName = asString(name->d.otherName->value->value.utf8string);
        } else if (name->type == GEN_OTHERNAME && OBJ_cmp(name->d.otherName->type_id, fascnOid.get()) == 0
                   && name->d.otherName->value->type == V_ASN1_OCTET_STRING) {
            const ASN1_OCTET_STRING* octets = name->d.otherName->value->value.octet_string;
            const unsigned char* data = ASN1_STRING_get0_data(octets);
            const auto decoded = Fascn::decode({data, data + ASN1_STRING_length(octets)});
            info.fascn = decoded ? decoded->describe() : std::string("(unreadable)");
        }
    }
}

} // namespace

Result<CertificateInfo> CertificateInfo::fromDer(const std::vector<std::uint8_t>& der)
{
    auto cert = parse(der);
    if (!cert) {
        return std::unexpected(cert.error());
    }
    CertificateInfo info;
    info.subject = nameText(X509_get_subject_name(cert->get()));
    info.issuer = nameText(X509_get_issuer_name(cert->get()));
    info.serialNumber = serialText(X509_get0_serialNumber(cert->get()));
    info.notBefore = timeOf(X509_get0_notBefore(cert->get()));
    info.notAfter = timeOf(X509_get0_notAfter(cert->get()));
    readSubjectAltName(cert->get(), info);
    return info;
}

Result<std::string> CertificateInfo::derToPem(const std::vector<std::uint8_t>& der)
{
    auto cert = parse(der);
    if (!cert) {
        return std::unexpected(cert.error());
    }
    BioPtr bio(BIO_new(BIO_s_mem()), &BIO_free);
    if (PEM_write_bio_X509(bio.get(), cert->get()) != 1) {
        return fail(ErrorCode::Internal, "The card's certificate could not be prepared for the connection.");
    }
    char* data = nullptr;
    const long length = BIO_get_mem_data(bio.get(), &data);
    return std::string(data, static_cast<std::size_t>(length));
}

} // namespace cms::core::pki
