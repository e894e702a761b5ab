#include "core/pki/X509Bundle.h"

#include <fstream>
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <optional>

namespace cms::core::pki {

namespace {

using BioPtr = std::unique_ptr<BIO, decltype(&BIO_free)>;

std::optional<std::string> readWhole(const std::filesystem::path& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return std::nullopt;
    }
    return std::string(std::istreambuf_iterator<char>(in), {});
}

} // namespace

Result<std::vector<X509Ptr>> X509Bundle::readCertificates(const std::filesystem::path& path, const char* what)
{
    const auto bytes = readWhole(path);
    if (!bytes) {
        return fail(ErrorCode::Config, std::string("The ") + what + " file " + path.string() + " cannot be read.");
    }
    std::vector<X509Ptr> certificates;
    if (bytes->find("-----BEGIN") != std::string::npos) {
        BioPtr memory(BIO_new_mem_buf(bytes->data(), static_cast<int>(bytes->size())), &BIO_free);
        while (X509* certificate = PEM_read_bio_X509(memory.get(), nullptr, nullptr, nullptr)) {
            certificates.emplace_back(certificate, &X509_free);
        }
        ERR_clear_error(); // the end of the PEM data reads as an error
    } else if (!bytes->empty()) {
        const auto* cursor = reinterpret_cast<const unsigned char*>(bytes->data());
        X509* certificate = d2i_X509(nullptr, &cursor, static_cast<long>(bytes->size()));
        if (certificate == nullptr) {
            ERR_clear_error();
            return fail(ErrorCode::Config,
                        std::string("The ") + what + " file " + path.string() + " holds no certificate (PEM or DER).");
        }
        certificates.emplace_back(certificate, &X509_free);
    }
    return certificates;
}

Result<std::vector<X509CrlPtr>> X509Bundle::readCrlFile(const std::filesystem::path& path)
{
    const auto bytes = readWhole(path);
    if (!bytes) {
        return fail(ErrorCode::Config, "The CRL file " + path.string() + " cannot be read.");
    }
    auto crls = parseCrls(*bytes);
    if (!crls) {
        return fail(ErrorCode::Config, "The file " + path.string() + " holds no CRL (PEM or DER).");
    }
    return crls;
}

std::vector<X509CrlPtr> X509Bundle::readCrls(const std::filesystem::path& path)
{
    if (path.empty()) {
        return {};
    }
    auto crls = readCrlFile(path);
    return crls ? std::move(*crls) : std::vector<X509CrlPtr>{};
}

Result<std::vector<X509CrlPtr>> X509Bundle::parseCrls(std::string_view bytes)
{
    std::vector<X509CrlPtr> crls;
    if (bytes.find("-----BEGIN X509 CRL-----") != std::string_view::npos) {
        BioPtr memory(BIO_new_mem_buf(bytes.data(), static_cast<int>(bytes.size())), &BIO_free);
        while (X509_CRL* crl = PEM_read_bio_X509_CRL(memory.get(), nullptr, nullptr, nullptr)) {
            crls.emplace_back(crl, &X509_CRL_free);
        }
        ERR_clear_error();
    } else {
        const auto* cursor = reinterpret_cast<const unsigned char*>(bytes.data());
        if (X509_CRL* crl = d2i_X509_CRL(nullptr, &cursor, static_cast<long>(bytes.size()));
            crl != nullptr && cursor == reinterpret_cast<const unsigned char*>(bytes.data()) + bytes.size()) {
            crls.emplace_back(crl, &X509_CRL_free);
        } else {
            X509_CRL_free(crl);
            ERR_clear_error();
        }
    }
    if (crls.empty()) {
        return fail(ErrorCode::CertificateRefused, "What was received is not a certificate revocation list (CRL).");
    }
    return crls;
}

Result<std::string> X509Bundle::toPem(const std::vector<X509CrlPtr>& crls)
{
    BioPtr memory(BIO_new(BIO_s_mem()), &BIO_free);
    for (const auto& crl : crls) {
        if (memory == nullptr || PEM_write_bio_X509_CRL(memory.get(), crl.get()) != 1) {
            return fail(ErrorCode::Internal, "A revocation list could not be written as PEM.");
        }
    }
    char* data = nullptr;
    const long size = BIO_get_mem_data(memory.get(), &data);
    return std::string(data, static_cast<std::size_t>(size));
}

} // namespace cms::core::pki
