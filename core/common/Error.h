#pragma once

#include <string>

namespace cms {

// What went wrong, as a category callers can branch on.
enum class ErrorCode
{
    InvalidArgument,
    Io,
    Config,
    TokenNotFound,
    TokenFailure,
    PinIncorrect,
    PinLocked,
    CertificateMissing,
    CertificateRefused,
    ConnectionRefused,
    TrainingOverdue,
    ServerUnreachable,
    Database,
    Internal,
};

// An error as a value. `message` is fit to show a user; `detail` is for logs and support and
// never holds a secret (PIN, key) or a person's PII.
struct Error
{
    ErrorCode code = ErrorCode::Internal;
    std::string message;
    std::string detail;
};

[[nodiscard]] const char* toString(ErrorCode code);

} // namespace cms
