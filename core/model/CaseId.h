#pragma once

#include "core/common/Result.h"

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace cms::core::model {

// A case identifier: ten random Crockford base32 symbols (50 bits) and a check symbol, shown as
// `XXXXX-XXXXX-C`. Random, so it tells nothing about how many cases exist or when one was
// opened (PIA Q2); checkable, so a mistyped id is reported as mistyped rather than "not found".
// The check symbol is Crockford's: the value modulo 37, which catches every single wrong symbol
// and every swap of two neighbours. The server computes the same (sql/server/0002).
class CaseId
{
public:
    static constexpr std::size_t kRandomSymbols = 10;

    // Accepts what people type: any case, hyphens and spaces anywhere, O for 0 and I or L for 1.
    [[nodiscard]] static Result<CaseId> parse(std::string_view text);
    // From 50 random bits (the low 50 bits of `random`).
    [[nodiscard]] static CaseId fromRandom(std::uint64_t random);
    [[nodiscard]] static char checkSymbol(std::string_view randomSymbols);

    // `XXXXXXXXXXC`: the form stored in the database.
    [[nodiscard]] std::string compact() const;
    // `XXXXX-XXXXX-C`: the form shown and printed.
    [[nodiscard]] std::string display() const;
    // The shown form of a stored id; the text itself when it is not one.
    [[nodiscard]] static std::string displayOf(std::string_view text);

    friend bool operator==(const CaseId&, const CaseId&) = default;

private:
    explicit CaseId(std::string compact);

    std::string m_compact;
};

} // namespace cms::core::model
