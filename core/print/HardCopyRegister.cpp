#include "core/print/HardCopyRegister.h"

#include "core/remote/PgArray.h"

#include <sstream>

namespace cms::core::print {

namespace {

constexpr const char* kColumns =
    "id::text, case_id, copy_number, holder::text, kind::text, to_char(made_at AT TIME ZONE 'UTC', "
    "'YYYY-MM-DD HH24:MI'), array_to_string(sections, ','), redacted, purpose, leaves_office, status::text, "
    "coalesce(status_on::text, '')";

std::vector<std::string> splitList(const std::string& text)
{
    std::vector<std::string> parts;
    std::istringstream in(text);
    for (std::string part; std::getline(in, part, ',');) {
        parts.push_back(part);
    }
    return parts;
}

} // namespace

HardCopyRegister::HardCopyRegister(const remote::PgConnection& connection)
    : m_connection(connection)
{}

Result<HardCopy> HardCopyRegister::registerCopy(const CopyRequest& request) const
{
    if (request.sections.empty()) {
        return fail(ErrorCode::InvalidArgument, "Choose at least one section of the case file.");
    }
    if (request.purpose.find_first_not_of(" \t") == std::string::npos) {
        return fail(ErrorCode::InvalidArgument, "Purpose: say what the copy is for (it goes in the register).");
    }
    auto made = m_connection.exec(
        "SELECT copy_id::text, copy_number, to_char(made_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI'), refusal "
        "FROM cms.register_hard_copy($1, $2::cms.hard_copy_kind, $3::text[], $4::boolean, $5, $6::boolean)",
        {request.caseId,
         request.kind,
         remote::pgTextArray(request.sections),
         request.redacted ? "true" : "false",
         request.purpose,
         request.leavesOffice ? "true" : "false"});
    if (!made) {
        return std::unexpected(made.error());
    }
    if (!made->isNull(0, 3)) {
        return fail(ErrorCode::ConnectionRefused, made->text(0, 3));
    }
    HardCopy copy;
    copy.id = made->text(0, 0);
    copy.caseId = request.caseId;
    copy.copyNumber = std::stoi(made->text(0, 1));
    copy.kind = request.kind;
    copy.madeAt = made->text(0, 2);
    copy.sections = request.sections;
    copy.redacted = request.redacted;
    copy.purpose = request.purpose;
    copy.leavesOffice = request.leavesOffice;
    auto holder = m_connection.queryValue("SELECT session_user::text");
    if (!holder) {
        return std::unexpected(holder.error());
    }
    copy.holder = holder->value_or("");
    return copy;
}

Result<void> HardCopyRegister::settle(const std::string& copyId, const std::string& status, const std::string& on) const
{
    auto refusal = m_connection.queryValue("SELECT cms.settle_hard_copy($1::uuid, $2::cms.hard_copy_status, $3::date)",
                                           {copyId, status, on});
    if (!refusal) {
        return std::unexpected(refusal.error());
    }
    if (refusal->has_value()) {
        return fail(ErrorCode::ConnectionRefused, **refusal);
    }
    return {};
}

Result<std::vector<HardCopy>> HardCopyRegister::mine() const
{
    return list(" WHERE holder = session_user ORDER BY made_at DESC, copy_number DESC", {});
}

Result<std::vector<HardCopy>> HardCopyRegister::outstanding(int days) const
{
    return list(" WHERE status = 'held' AND made_at < now() - make_interval(days => $1::int) ORDER BY made_at, case_id",
                {std::to_string(days)});
}

Result<std::map<std::string, std::array<std::string, 5>>> HardCopyRegister::piiFor(const std::string& copyId) const
{
    auto rows = m_connection.exec("SELECT person_id::text, coalesce(full_name, ''), coalesce(title, ''), "
                                  "coalesce(email, ''), coalesce(phone, ''), coalesce(address, '') "
                                  "FROM cms.hard_copy_pii($1::uuid)",
                                  {copyId});
    if (!rows) {
        return std::unexpected(rows.error());
    }
    std::map<std::string, std::array<std::string, 5>> pii;
    for (int r = 0; r < rows->rows(); ++r) {
        pii[rows->text(r, 0)] = {
            rows->text(r, 1), rows->text(r, 2), rows->text(r, 3), rows->text(r, 4), rows->text(r, 5)};
    }
    return pii;
}

Result<std::vector<HardCopy>> HardCopyRegister::list(const std::string& where, const remote::PgParams& params) const
{
    auto rows = m_connection.exec(std::string("SELECT ") + kColumns + " FROM cms.hard_copies" + where, params);
    if (!rows) {
        return std::unexpected(rows.error());
    }
    std::vector<HardCopy> copies;
    for (int r = 0; r < rows->rows(); ++r) {
        copies.push_back({rows->text(r, 0),
                          rows->text(r, 1),
                          std::stoi(rows->text(r, 2)),
                          rows->text(r, 3),
                          rows->text(r, 4),
                          rows->text(r, 5),
                          splitList(rows->text(r, 6)),
                          rows->text(r, 7) == "t",
                          rows->text(r, 8),
                          rows->text(r, 9) == "t",
                          rows->text(r, 10),
                          rows->text(r, 11)});
    }
    return copies;
}

} // namespace cms::core::print
