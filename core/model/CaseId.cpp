#include "core/model/CaseId.h"

#include <cctype>

namespace cms::core::model {

namespace {

constexpr std::string_view kSymbols = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
constexpr std::string_view kCheckSymbols = "0123456789ABCDEFGHJKMNPQRSTVWXYZ*~$=U";

// The value of a symbol as typed, or -1. Crockford decoding: O is 0, I and L are 1.
int symbolValue(char typed)
{
    const char c = static_cast<char>(std::toupper(static_cast<unsigned char>(typed)));
    if (c == 'O') {
        return 0;
    }
    if (c == 'I' || c == 'L') {
        return 1;
    }
    const auto position = kSymbols.find(c);
    return position == std::string_view::npos ? -1 : static_cast<int>(position);
}

int checkValue(char typed)
{
    const char c = static_cast<char>(std::toupper(static_cast<unsigned char>(typed)));
    if (const int value = symbolValue(c); value >= 0) {
        return value;
    }
    const auto position = kCheckSymbols.find(c, kSymbols.size());
    return position == std::string_view::npos ? -1 : static_cast<int>(position);
}

Error notACaseId(std::string_view text)
{
    return Error{ErrorCode::InvalidArgument,
                 "\"" + std::string(text)
                     + "\" is not a case id: a case id has ten letters or digits and a check "
                       "symbol, like 7K3QM-2ZD9R-4.",
                 {}};
}

} // namespace

CaseId::CaseId(std::string compact)
    : m_compact(std::move(compact))
{}

char CaseId::checkSymbol(std::string_view randomSymbols)
{
    int remainder = 0;
    for (const char c : randomSymbols) {
        remainder = (remainder * 32 + symbolValue(c)) % 37;
    }
    return kCheckSymbols[static_cast<std::size_t>(remainder)];
}

CaseId CaseId::fromRandom(std::uint64_t random)
{
    std::string symbols(kRandomSymbols, '0');
    for (std::size_t i = kRandomSymbols; i-- > 0;) {
        symbols[i] = kSymbols[random & 31U];
        random >>= 5;
    }
    return CaseId(symbols + checkSymbol(symbols));
}

Result<CaseId> CaseId::parse(std::string_view text)
{
    std::string symbols;
    char check = 0;
    for (const char c : text) {
        if (c == '-' || c == ' ') {
            continue;
        }
        if (symbols.size() < kRandomSymbols) {
            const int value = symbolValue(c);
            if (value < 0) {
                return std::unexpected(notACaseId(text));
            }
            symbols += kSymbols[static_cast<std::size_t>(value)];
        } else if (check == 0) {
            const int value = checkValue(c);
            if (value < 0) {
                return std::unexpected(notACaseId(text));
            }
            check = kCheckSymbols[static_cast<std::size_t>(value)];
        } else {
            return std::unexpected(notACaseId(text));
        }
    }
    if (symbols.size() != kRandomSymbols || check == 0) {
        return std::unexpected(notACaseId(text));
    }
    if (checkSymbol(symbols) != check) {
        return fail(ErrorCode::InvalidArgument,
                    "The case id \"" + std::string(text)
                        + "\" is mistyped: its check symbol does not match. Check each character again.");
    }
    return CaseId(symbols + check);
}

std::string CaseId::compact() const
{
    return m_compact;
}

std::string CaseId::display() const
{
    return m_compact.substr(0, 5) + "-" + m_compact.substr(5, 5) + "-" + m_compact.substr(10);
}

std::string CaseId::displayOf(std::string_view text)
{
    const auto id = parse(text);
    return id ? id->display() : std::string(text);
}

} // namespace cms::core::model
