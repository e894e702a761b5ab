#include "core/remote/ConnectionErrors.h"

#include <array>
#include <string>

namespace cms::core::remote {

namespace {

struct Pattern
{
    std::string_view needle;
    ErrorCode code;
    std::string_view message;
};

// Ordered: the first pattern found in libpq's text wins. TLS alerts come from the server's
// validation of the card certificate; the FATAL lines from its pg_hba.conf decision.
constexpr std::array kPatterns{
    Pattern{"alert certificate revoked",
            ErrorCode::CertificateRefused,
            "The server refused the card: its certificate has been revoked. Contact your badge office."},
    Pattern{"alert certificate expired",
            ErrorCode::CertificateRefused,
            "The server refused the card: its certificate has expired. Contact your badge office."},
    Pattern{"alert unknown ca",
            ErrorCode::CertificateRefused,
            "The server refused the card: its certificate was not issued by an authority the server trusts."},
    Pattern{"alert unsupported certificate",
            ErrorCode::CertificateRefused,
            "The server refused the card: its certificate is not valid for signing in."},
    Pattern{"alert bad certificate",
            ErrorCode::CertificateRefused,
            "The server refused the card: its certificate is not valid for signing in."},
    Pattern{"alert certificate required",
            ErrorCode::CertificateRefused,
            "The server requires a card certificate and none was presented."},
    Pattern{"connection requires a valid client certificate",
            ErrorCode::CertificateRefused,
            "The server requires a card certificate and none was presented."},
    Pattern{"certificate authentication failed",
            ErrorCode::ConnectionRefused,
            "The server does not know this card for the requested account. Ask your access administrator to "
            "register the card."},
    Pattern{"does not match host name",
            ErrorCode::ServerUnreachable,
            "The server's certificate does not name the server that was called: the connection was stopped."},
    Pattern{"certificate verify failed",
            ErrorCode::ServerUnreachable,
            "The server's certificate could not be verified: the connection was stopped."},
    Pattern{"root certificate file",
            ErrorCode::Config,
            "The server's root certificate named in the configuration cannot be read."},
    Pattern{"could not load private key",
            ErrorCode::TokenFailure,
            "The card's key could not be used for the secure connection. Remove and reinsert the card."},
    Pattern{"pg_hba.conf rejects connection",
            ErrorCode::ConnectionRefused,
            "The server accepts only encrypted connections signed in with a PIV card."},
    Pattern{"no pg_hba.conf entry",
            ErrorCode::ConnectionRefused,
            "The server accepts only encrypted connections signed in with a PIV card."},
    Pattern{"password",
            ErrorCode::ConnectionRefused,
            "The server accepts only encrypted connections signed in with a PIV card."},
    Pattern{"Connection refused",
            ErrorCode::ServerUnreachable,
            "The server cannot be reached. Check the network connection, or work offline."},
    Pattern{"timeout expired",
            ErrorCode::ServerUnreachable,
            "The server did not answer in time. Check the network connection, or work offline."},
    Pattern{"could not translate host name",
            ErrorCode::ServerUnreachable,
            "The server's name cannot be resolved. Check the network connection, or work offline."},
};

std::string trimmed(std::string_view text)
{
    while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) {
        text.remove_suffix(1);
    }
    return std::string(text);
}

} // namespace

Error classifyConnectionError(std::string_view libpqMessage)
{
    for (const Pattern& pattern : kPatterns) {
        if (libpqMessage.find(pattern.needle) != std::string_view::npos) {
            return Error{pattern.code, std::string(pattern.message), trimmed(libpqMessage)};
        }
    }
    return Error{ErrorCode::ServerUnreachable, "The connection to the server failed.", trimmed(libpqMessage)};
}

} // namespace cms::core::remote
