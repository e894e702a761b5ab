#pragma once

#include <QString>

#include <string>

namespace cms::ui {

// Words for the server's names: columns ("closure_reason" -> "Closure reason") and enum values
// ("under_review" -> "Under review").
class FieldLabels
{
public:
    [[nodiscard]] static QString of(const std::string& name);
};

} // namespace cms::ui
