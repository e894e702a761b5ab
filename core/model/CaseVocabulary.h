#pragma once

#include <string>
#include <vector>

namespace cms::core::model {

// The server's case enums (cms.case_type, cms.case_status), in their declared order.
class CaseVocabulary
{
public:
    [[nodiscard]] static const std::vector<std::string>& types();
    [[nodiscard]] static const std::vector<std::string>& statuses();
};

} // namespace cms::core::model
