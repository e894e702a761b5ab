#include "core/common/SecureBuffer.h"

#include <openssl/crypto.h>
#include <utility>

namespace cms {

SecureBuffer::SecureBuffer(std::string_view bytes)
{
    append(bytes);
}

SecureBuffer::SecureBuffer(SecureBuffer&& other) noexcept
    : m_bytes(std::exchange(other.m_bytes, std::vector<char>{'\0'}))
{}

SecureBuffer& SecureBuffer::operator=(SecureBuffer&& other) noexcept
{
    if (this != &other) {
        OPENSSL_cleanse(m_bytes.data(), m_bytes.size());
        m_bytes = std::exchange(other.m_bytes, std::vector<char>{'\0'});
    }
    return *this;
}

SecureBuffer::~SecureBuffer()
{
    OPENSSL_cleanse(m_bytes.data(), m_bytes.size());
}

void SecureBuffer::append(char c)
{
    append(std::string_view(&c, 1));
}

void SecureBuffer::append(std::string_view bytes)
{
    const std::size_t needed = m_bytes.size() + bytes.size();
    if (needed > m_bytes.capacity()) {
        reserveWiping(needed * 2);
    }
    m_bytes.pop_back();
    m_bytes.insert(m_bytes.end(), bytes.begin(), bytes.end());
    m_bytes.push_back('\0');
}

void SecureBuffer::clear()
{
    OPENSSL_cleanse(m_bytes.data(), m_bytes.size());
    m_bytes.assign(1, '\0');
}

std::size_t SecureBuffer::size() const
{
    return m_bytes.size() - 1;
}

bool SecureBuffer::empty() const
{
    return size() == 0;
}

const char* SecureBuffer::c_str() const
{
    return m_bytes.data();
}

std::string_view SecureBuffer::view() const
{
    return {m_bytes.data(), size()};
}

// std::vector would free its old block without wiping it; grow by hand instead.
void SecureBuffer::reserveWiping(std::size_t capacity)
{
    std::vector<char> grown;
    grown.reserve(capacity);
    grown.assign(m_bytes.begin(), m_bytes.end());
    OPENSSL_cleanse(m_bytes.data(), m_bytes.size());
    m_bytes.swap(grown);
}

} // namespace cms
