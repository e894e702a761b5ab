#pragma once

#include "core/common/Result.h"
#include "core/common/SecureBuffer.h"

namespace cms::app {

// Reads a PIN straight into a wiping buffer: one line from standard input (--pin-stdin, for
// scripts and tests), or typed at the terminal with echo off.
[[nodiscard]] Result<SecureBuffer> readPinFromStdin();
[[nodiscard]] Result<SecureBuffer> promptPin(const char* prompt);

} // namespace cms::app
