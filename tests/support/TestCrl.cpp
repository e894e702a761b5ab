#include "tests/support/TestCrl.h"

#include <memory>
#include <openssl/pem.h>
#include <openssl/x509v3.h>
#include <stdexcept>

namespace cms::tests {

namespace {

template <typename T, void (*Free)(T*)> using Owned = std::unique_ptr<T, decltype([](T* p) { Free(p); })>;

template <typename T> T* required(T* value, const char* what)
{
    if (value == nullptr) {
        throw std::runtime_error(std::string("test CRL: cannot ") + what);
    }
    return value;
}

} // namespace

std::string TestCrl::issue(long number, std::chrono::system_clock::time_point issued) const
{
    Owned<BIO, BIO_free_all> certFile(required(BIO_new_file(caCertificate.c_str(), "r"), "open the CA certificate"));
    Owned<X509, X509_free> ca(
        required(PEM_read_bio_X509(certFile.get(), nullptr, nullptr, nullptr), "read the CA certificate"));
    Owned<BIO, BIO_free_all> keyFile(required(BIO_new_file(caKey.c_str(), "r"), "open the CA key"));
    Owned<EVP_PKEY, EVP_PKEY_free> key(
        required(PEM_read_bio_PrivateKey(keyFile.get(), nullptr, nullptr, nullptr), "read the CA key"));

    Owned<X509_CRL, X509_CRL_free> crl(required(X509_CRL_new(), "allocate a CRL"));
    X509_CRL_set_version(crl.get(), X509_CRL_VERSION_2);
    X509_CRL_set_issuer_name(crl.get(), X509_get_subject_name(ca.get()));
    const std::time_t from = std::chrono::system_clock::to_time_t(issued);
    Owned<ASN1_TIME, ASN1_TIME_free> last(required(ASN1_TIME_set(nullptr, from), "set a time"));
    Owned<ASN1_TIME, ASN1_TIME_free> next(required(ASN1_TIME_set(nullptr, from + 7 * 24 * 3600), "set a time"));
    X509_CRL_set1_lastUpdate(crl.get(), last.get());
    X509_CRL_set1_nextUpdate(crl.get(), next.get());
    Owned<ASN1_INTEGER, ASN1_INTEGER_free> serial(required(ASN1_INTEGER_new(), "allocate a number"));
    ASN1_INTEGER_set(serial.get(), number);
    X509_CRL_add1_ext_i2d(crl.get(), NID_crl_number, serial.get(), 0, 0);
    required(X509_CRL_sign(crl.get(), key.get(), EVP_sha256()) > 0 ? crl.get() : nullptr, "sign the CRL");

    Owned<BIO, BIO_free_all> out(required(BIO_new(BIO_s_mem()), "allocate a buffer"));
    PEM_write_bio_X509_CRL(out.get(), crl.get());
    char* data = nullptr;
    const long size = BIO_get_mem_data(out.get(), &data);
    return {data, static_cast<std::size_t>(size)};
}

long TestCrl::numberOf(const std::filesystem::path& pemFile)
{
    Owned<BIO, BIO_free_all> file(BIO_new_file(pemFile.c_str(), "r"));
    if (!file) {
        return -1;
    }
    Owned<X509_CRL, X509_CRL_free> crl(PEM_read_bio_X509_CRL(file.get(), nullptr, nullptr, nullptr));
    if (!crl) {
        return -1;
    }
    Owned<ASN1_INTEGER, ASN1_INTEGER_free> number(
        static_cast<ASN1_INTEGER*>(X509_CRL_get_ext_d2i(crl.get(), NID_crl_number, nullptr, nullptr)));
    return number ? ASN1_INTEGER_get(number.get()) : -1;
}

} // namespace cms::tests
