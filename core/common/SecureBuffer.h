#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

namespace cms {

// Bytes of a secret (a PIN, a key). The memory is wiped when the buffer is cleared, reallocated
// or destroyed, and the contents are kept NUL-terminated so C APIs can read them in place
// without a copy into a std::string.
class SecureBuffer
{
public:
    SecureBuffer() = default;
    explicit SecureBuffer(std::string_view bytes);
    SecureBuffer(const SecureBuffer&) = delete;
    SecureBuffer& operator=(const SecureBuffer&) = delete;
    SecureBuffer(SecureBuffer&& other) noexcept;
    SecureBuffer& operator=(SecureBuffer&& other) noexcept;
    ~SecureBuffer();

    void append(char c);
    void append(std::string_view bytes);
    void clear();

    [[nodiscard]] std::size_t size() const;
    [[nodiscard]] bool empty() const;
    [[nodiscard]] const char* c_str() const;
    [[nodiscard]] std::string_view view() const;

private:
    void reserveWiping(std::size_t capacity);

    std::vector<char> m_bytes{'\0'};
};

} // namespace cms
