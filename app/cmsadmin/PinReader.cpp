#include "app/cmsadmin/PinReader.h"

#include <cstdio>
#include <termios.h>
#include <unistd.h>

namespace cms::app {

namespace {

SecureBuffer readLine(std::FILE* in)
{
    SecureBuffer pin;
    for (int c = std::fgetc(in); c != EOF && c != '\n'; c = std::fgetc(in)) {
        if (c != '\r') {
            pin.append(static_cast<char>(c));
        }
    }
    return pin;
}

} // namespace

Result<SecureBuffer> readPinFromStdin()
{
    // Unbuffered, so no copy of the PIN lingers in stdio's buffer.
    std::setvbuf(stdin, nullptr, _IONBF, 0);
    SecureBuffer pin = readLine(stdin);
    if (pin.empty()) {
        return fail(ErrorCode::InvalidArgument, "No PIN was given on standard input.");
    }
    return pin;
}

Result<SecureBuffer> promptPin(const char* prompt)
{
    if (isatty(STDIN_FILENO) == 0) {
        return fail(ErrorCode::InvalidArgument, "Standard input is not a terminal: give the PIN with --pin-stdin.");
    }
    std::fputs(prompt, stderr);
    std::fflush(stderr);
    termios saved{};
    tcgetattr(STDIN_FILENO, &saved);
    termios silent = saved;
    silent.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &silent);
    std::setvbuf(stdin, nullptr, _IONBF, 0);
    SecureBuffer pin = readLine(stdin);
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
    std::fputc('\n', stderr);
    if (pin.empty()) {
        return fail(ErrorCode::InvalidArgument, "No PIN was typed.");
    }
    return pin;
}

} // namespace cms::app
