#include "core/model/CaseVocabulary.h"

namespace cms::core::model {

const std::vector<std::string>& CaseVocabulary::types()
{
    static const std::vector<std::string> types{"import_sample",
                                                "establishment_inspection",
                                                "section_15b_report",
                                                "testing_determination",
                                                "corrective_action",
                                                "other"};
    return types;
}

const std::vector<std::string>& CaseVocabulary::statuses()
{
    static const std::vector<std::string> statuses{"open", "under_review", "pending_action", "closed"};
    return statuses;
}

} // namespace cms::core::model
