#include "core/remote/ConnectionErrors.h"

#include <catch2/catch.hpp>

using cms::ErrorCode;
using cms::core::remote::classifyConnectionError;

TEST_CASE("Connection failures are named in words a user understands", "[core][remote]")
{
    SECTION("a revoked card")
    {
        const auto error = classifyConnectionError(
            "connection to server at \"127.0.0.1\", port 5433 failed: SSL error: sslv3 alert certificate revoked\n");
        CHECK(error.code == ErrorCode::CertificateRefused);
        CHECK_THAT(error.message, Catch::Contains("revoked"));
        CHECK_THAT(error.detail, Catch::EndsWith("certificate revoked"));
    }
    SECTION("an expired card")
    {
        const auto error = classifyConnectionError("SSL error: sslv3 alert certificate expired");
        CHECK(error.code == ErrorCode::CertificateRefused);
        CHECK_THAT(error.message, Catch::Contains("expired"));
    }
    SECTION("a card from a foreign authority")
    {
        const auto error = classifyConnectionError("SSL error: tlsv1 alert unknown ca");
        CHECK(error.code == ErrorCode::CertificateRefused);
        CHECK_THAT(error.message, Catch::Contains("not issued by an authority the server trusts"));
    }
    SECTION("no card certificate at all")
    {
        const auto error = classifyConnectionError("FATAL:  connection requires a valid client certificate");
        CHECK(error.code == ErrorCode::CertificateRefused);
        CHECK_THAT(error.message, Catch::Contains("none was presented"));
    }
    SECTION("a password or unencrypted attempt")
    {
        const auto error = classifyConnectionError(
            "FATAL:  pg_hba.conf rejects connection for host \"127.0.0.1\", user \"oortega\", database \"cms\", "
            "no encryption");
        CHECK(error.code == ErrorCode::ConnectionRefused);
        CHECK_THAT(error.message, Catch::Contains("PIV card"));
    }
    SECTION("a server that is down")
    {
        const auto error = classifyConnectionError("could not connect to server: Connection refused");
        CHECK(error.code == ErrorCode::ServerUnreachable);
        CHECK_THAT(error.message, Catch::Contains("offline"));
    }
    SECTION("anything else keeps libpq's text for the help desk")
    {
        const auto error = classifyConnectionError("something new\n");
        CHECK(error.code == ErrorCode::ServerUnreachable);
        CHECK(error.detail == "something new");
    }
}
