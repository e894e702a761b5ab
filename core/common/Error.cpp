#include "core/common/Error.h"

namespace cms {

const char* toString(ErrorCode code)
{
    switch (code) {
    case ErrorCode::InvalidArgument:
        return "invalid-argument";
    case ErrorCode::Io:
        return "io";
    case ErrorCode::Config:
        return "config";
    case ErrorCode::TokenNotFound:
        return "token-not-found";
    case ErrorCode::TokenFailure:
        return "token-failure";
    case ErrorCode::PinIncorrect:
        return "pin-incorrect";
    case ErrorCode::PinLocked:
        return "pin-locked";
    case ErrorCode::CertificateMissing:
        return "certificate-missing";
    case ErrorCode::CertificateRefused:
        return "certificate-refused";
    case ErrorCode::ConnectionRefused:
        return "connection-refused";
    case ErrorCode::TrainingOverdue:
        return "training-overdue";
    case ErrorCode::ServerUnreachable:
        return "server-unreachable";
    case ErrorCode::Database:
        return "database";
    case ErrorCode::Internal:
        return "internal";
    }
    return "unknown";
}

} // namespace cms
