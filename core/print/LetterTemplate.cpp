#include "core/print/LetterTemplate.h"

#include <algorithm>

namespace cms::core::print {

namespace {

// Text safe inside HTML.
std::string escaped(const std::string& text)
{
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        switch (c) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += "&quot;";
            break;
        default:
            out += c;
        }
    }
    return out;
}

// The template without its comments: they say what it is, they are not the letter.
std::string withoutComments(const std::string& html)
{
    std::string text;
    std::size_t at = 0;
    while (at < html.size()) {
        const auto open = html.find("<!--", at);
        if (open == std::string::npos) {
            text += html.substr(at);
            break;
        }
        text += html.substr(at, open - at);
        const auto close = html.find("-->", open + 4);
        at = close == std::string::npos ? html.size() : close + 3;
    }
    return text;
}

bool isFieldName(const std::string& name)
{
    return !name.empty() && std::ranges::all_of(name, [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.';
    });
}

} // namespace

const std::vector<LetterKind>& LetterTemplate::kinds()
{
    static const std::vector<LetterKind> kinds{
        {"inspection_outcome", "Notice of inspection outcome", "notification_letter"},
        {"testing_determination", "Notice of testing determination", "notification_letter"},
        {"corrective_action_request", "Request for corrective action", "notification_letter"},
        {"letter_of_advice", "Letter of advice", "letter_of_advice"},
    };
    return kinds;
}

const LetterKind* LetterTemplate::kind(const std::string& name)
{
    const auto found = std::ranges::find_if(kinds(), [&](const LetterKind& kind) { return name == kind.name; });
    return found == kinds().end() ? nullptr : &*found;
}

std::vector<std::string> LetterTemplate::fieldsOf(const std::string& templateHtml)
{
    const auto text = withoutComments(templateHtml);
    std::vector<std::string> fields;
    for (auto open = text.find("{{"); open != std::string::npos; open = text.find("{{", open + 2)) {
        const auto close = text.find("}}", open + 2);
        if (close == std::string::npos) {
            break;
        }
        const auto name = text.substr(open + 2, close - open - 2);
        if (isFieldName(name) && std::ranges::find(fields, name) == fields.end()) {
            fields.push_back(name);
        }
    }
    return fields;
}

std::string LetterTemplate::describe(const std::string& field)
{
    const auto dot = field.find('.');
    std::string owner = field.substr(0, dot);
    std::string part = dot == std::string::npos ? std::string() : field.substr(dot + 1);
    std::ranges::replace(owner, '_', ' ');
    std::ranges::replace(part, '_', ' ');
    if (owner == "action") {
        owner = "corrective action";
    }
    if (part == "kind") {
        part = "action";
    }
    return part.empty() ? "the " + owner : "the " + owner + "'s " + part;
}

Result<std::string> LetterTemplate::merge(const std::string& templateHtml,
                                          const std::map<std::string, std::string>& values)
{
    std::vector<std::string> missing;
    for (const auto& field : fieldsOf(templateHtml)) {
        const auto value = values.find(field);
        if (value == values.end() || value->second.find_first_not_of(" \t\r\n") == std::string::npos) {
            missing.push_back(describe(field));
        }
    }
    if (!missing.empty()) {
        std::string said;
        for (std::size_t i = 0; i < missing.size(); ++i) {
            said += (i == 0 ? "" : i + 1 == missing.size() ? " and " : ", ") + missing[i];
        }
        return fail(ErrorCode::InvalidArgument,
                    "The letter cannot be made yet: the case does not give " + said
                        + ". Record them in the case first; a letter never goes out with blanks.");
    }
    const auto text = withoutComments(templateHtml);
    std::string letter;
    std::size_t at = 0;
    for (auto open = text.find("{{"); open != std::string::npos; open = text.find("{{", at)) {
        const auto close = text.find("}}", open + 2);
        if (close == std::string::npos) {
            break;
        }
        const auto name = text.substr(open + 2, close - open - 2);
        letter += text.substr(at, open - at);
        letter += isFieldName(name) ? escaped(values.at(name)) : text.substr(open, close + 2 - open);
        at = close + 2;
    }
    return letter + text.substr(at);
}

} // namespace cms::core::print
