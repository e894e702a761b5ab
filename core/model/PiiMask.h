#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace cms::core::model {

// The masked forms of PII that people without the PII grant see (`J*** D**`, `***-***-1234`,
// `j***@e***.gov`). The server's cms.mask_* functions (sql/server/0005) are the reference: its
// trigger masks every change; these exist for bulk loads, which write the masked copy with the
// row, and a test holds the two to the same results.
class PiiMask
{
public:
    // Each word: its first character, then one '*' per further character (UTF-8 aware); words
    // are separated by one space.
    [[nodiscard]] static std::optional<std::string> name(std::optional<std::string_view> value);
    // '***-***-' and the last four digits.
    [[nodiscard]] static std::optional<std::string> phone(std::optional<std::string_view> value);
    // First character, '***@', the domain's first character, '***.', the top-level domain.
    [[nodiscard]] static std::optional<std::string> email(std::optional<std::string_view> value);
    // '***' for any value: titles and addresses show only that they exist.
    [[nodiscard]] static std::optional<std::string> text(std::optional<std::string_view> value);
};

} // namespace cms::core::model
