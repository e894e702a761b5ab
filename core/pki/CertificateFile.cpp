#include "core/pki/CertificateFile.h"

#include <fstream>
#include <iterator>
#include <memory>
#include <openssl/bio.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

namespace cms::core::pki {

Result<std::vector<std::uint8_t>> readCertificateFile(const std::filesystem::path& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return fail(ErrorCode::Io, "The certificate file " + path.string() + " cannot be read.");
    }
    const std::vector<std::uint8_t> bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    const std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new_mem_buf(bytes.data(), static_cast<int>(bytes.size())),
                                                        &BIO_free);
    std::unique_ptr<X509, decltype(&X509_free)> cert(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr),
                                                     &X509_free);
    if (!cert) {
        const unsigned char* cursor = bytes.data();
        cert.reset(d2i_X509(nullptr, &cursor, static_cast<long>(bytes.size())));
    }
    if (!cert) {
        return fail(ErrorCode::InvalidArgument,
                    "The file " + path.string() + " holds no certificate (neither PEM nor DER).");
    }
    unsigned char* der = nullptr;
    const int length = i2d_X509(cert.get(), &der);
    if (length <= 0) {
        return fail(ErrorCode::Internal, "The certificate in " + path.string() + " cannot be encoded.");
    }
    std::vector<std::uint8_t> result(der, der + length);
    OPENSSL_free(der);
    return result;
}

} // namespace cms::core::pki
