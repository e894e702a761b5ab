#pragma once

#include <boost/json.hpp>
#include <optional>
#include <string>

namespace cms::core::sync {

// Rows and edits travel as JSON objects; these read them as the sync compares them.
class JsonFields
{
public:
    // The object a text holds; an empty one for anything else.
    [[nodiscard]] static boost::json::object objectOf(const std::string& text)
    {
        boost::json::error_code failed;
        auto value = boost::json::parse(text, failed);
        return !failed && value.is_object() ? value.as_object() : boost::json::object();
    }

    // A field's value as the text the server would give for it; nothing for null or a missing
    // field.
    [[nodiscard]] static std::optional<std::string> textOf(const boost::json::object& object, const std::string& field)
    {
        const auto* value = object.if_contains(field);
        if (value == nullptr || value->is_null()) {
            return std::nullopt;
        }
        if (value->is_string()) {
            return std::string(value->as_string());
        }
        return boost::json::serialize(*value);
    }
};

} // namespace cms::core::sync
