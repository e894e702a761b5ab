#include "core/common/SecureBuffer.h"

#include <catch2/catch.hpp>
#include <string>

using cms::SecureBuffer;

TEST_CASE("SecureBuffer keeps its bytes NUL-terminated for C APIs", "[core][secret]")
{
    SecureBuffer pin("1234");
    pin.append('5');
    pin.append("678");
    CHECK(pin.size() == 8);
    CHECK(std::string(pin.c_str()) == "12345678");
    CHECK(pin.view() == "12345678");
}

TEST_CASE("SecureBuffer grows without losing earlier bytes", "[core][secret]")
{
    SecureBuffer buffer;
    std::string expected;
    for (int i = 0; i < 1000; ++i) {
        const char c = static_cast<char>('a' + i % 26);
        buffer.append(c);
        expected += c;
    }
    CHECK(buffer.view() == expected);
}

TEST_CASE("SecureBuffer clear empties it and a moved-from buffer is empty", "[core][secret]")
{
    SecureBuffer pin("100001");
    SecureBuffer moved(std::move(pin));
    CHECK(pin.empty()); // NOLINT(bugprone-use-after-move): the moved-from state is what is tested
    CHECK(std::string(pin.c_str()).empty());
    CHECK(moved.view() == "100001");
    moved.clear();
    CHECK(moved.empty());
    CHECK(std::string(moved.c_str()).empty());
}
