#include "core/model/PiiMask.h"

#include <cctype>

namespace cms::core::model {

namespace {

bool isSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

bool continuesCodePoint(char c)
{
    return (static_cast<unsigned char>(c) & 0xC0U) == 0x80U;
}

// The bytes of the first UTF-8 code point of `text`.
std::string_view firstCodePoint(std::string_view text)
{
    std::size_t end = text.empty() ? 0 : 1;
    while (end < text.size() && continuesCodePoint(text[end])) {
        ++end;
    }
    return text.substr(0, end);
}

} // namespace

std::optional<std::string> PiiMask::name(std::optional<std::string_view> value)
{
    if (!value) {
        return std::nullopt;
    }
    std::string out;
    bool inWord = false;
    bool pendingSpace = false;
    for (std::size_t i = 0; i < value->size(); ++i) {
        const char c = (*value)[i];
        if (isSpace(c)) {
            pendingSpace = pendingSpace || inWord;
            inWord = false;
            continue;
        }
        if (continuesCodePoint(c)) {
            if (!inWord) {
                out += c; // the rest of the word's first character
            }
            continue;
        }
        if (!inWord) {
            if (pendingSpace) {
                out += ' ';
                pendingSpace = false;
            }
            out += c;
            inWord = true;
            // The first character's continuation bytes follow; mark the word as started after them.
            std::size_t next = i + 1;
            while (next < value->size() && continuesCodePoint((*value)[next])) {
                out += (*value)[next++];
            }
            i = next - 1;
        } else {
            out += '*';
        }
    }
    return out;
}

std::optional<std::string> PiiMask::phone(std::optional<std::string_view> value)
{
    if (!value) {
        return std::nullopt;
    }
    std::string digits;
    for (const char c : *value) {
        if (std::isdigit(static_cast<unsigned char>(c)) != 0) {
            digits += c;
        }
    }
    return "***-***-" + (digits.size() > 4 ? digits.substr(digits.size() - 4) : digits);
}

std::optional<std::string> PiiMask::email(std::optional<std::string_view> value)
{
    if (!value) {
        return std::nullopt;
    }
    const auto at = value->find('@');
    std::string_view domain = at == std::string_view::npos ? std::string_view() : value->substr(at + 1);
    domain = domain.substr(0, domain.find('@'));
    const auto dot = domain.rfind('.');
    const std::string_view topLevel = dot == std::string_view::npos ? domain : domain.substr(dot + 1);
    return std::string(firstCodePoint(*value)) + "***@" + std::string(firstCodePoint(domain)) + "***."
           + std::string(topLevel);
}

std::optional<std::string> PiiMask::text(std::optional<std::string_view> value)
{
    return value ? std::optional<std::string>("***") : std::nullopt;
}

} // namespace cms::core::model
