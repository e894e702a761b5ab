#include "core/print/CaseFileCopy.h"

#include <algorithm>

namespace cms::core::print {

Result<CaseFileCopy> CaseFileCopy::make(const remote::PgConnection& connection, const CopyRequest& request)
{
    const HardCopyRegister hardCopies(connection);
    auto copy = hardCopies.registerCopy(request);
    if (!copy) {
        return std::unexpected(copy.error());
    }
    const auto abandon = [&](Error error) -> Result<CaseFileCopy> {
        auto today = connection.queryValue("SELECT current_date::text");
        if (today && today->has_value()) {
            (void)hardCopies.settle(copy->id, "destroyed", **today);
        }
        return std::unexpected(std::move(error));
    };
    auto file = CaseFile::load(connection, request.caseId, request.sections);
    if (!file) {
        return abandon(file.error());
    }
    if (!request.redacted && std::ranges::find(file->sections, "people") != file->sections.end()) {
        auto pii = hardCopies.piiFor(copy->id);
        if (!pii) {
            return abandon(pii.error());
        }
        file->pii = std::move(*pii);
    }
    return CaseFileCopy{std::move(*copy), std::move(*file)};
}

Result<CaseFileCopy> CaseFileCopy::preview(const remote::PgConnection& connection, const CopyRequest& request)
{
    auto file = CaseFile::load(connection, request.caseId, request.sections);
    if (!file) {
        return std::unexpected(file.error());
    }
    auto who = connection.queryValue("SELECT session_user::text");
    if (!who) {
        return std::unexpected(who.error());
    }
    HardCopy copy;
    copy.caseId = request.caseId;
    copy.holder = who->value_or("");
    copy.sections = file->sections;
    copy.redacted = true;
    copy.purpose = request.purpose.empty() ? "preview" : request.purpose;
    copy.leavesOffice = request.leavesOffice;
    return CaseFileCopy{std::move(copy), std::move(*file)};
}

} // namespace cms::core::print
