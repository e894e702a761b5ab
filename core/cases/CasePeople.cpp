#include "core/cases/CasePeople.h"

#include "core/remote/PgArray.h"

#include <algorithm>
#include <regex>
#include <sstream>

namespace cms::core::cases {

namespace {

std::vector<std::string> parseTextArray(const std::string& array)
{
    // {a,b}: the values are known field names (the server's CHECK), never quoted.
    std::vector<std::string> values;
    std::string inner = array.size() >= 2 ? array.substr(1, array.size() - 2) : std::string();
    std::stringstream stream(inner);
    for (std::string value; std::getline(stream, value, ',');) {
        if (!value.empty()) {
            values.push_back(value);
        }
    }
    return values;
}

bool knownField(const std::string& field)
{
    return std::ranges::find(kPiiFields, field) != kPiiFields.end();
}

} // namespace

CasePeople::CasePeople(const remote::PgConnection& connection)
    : m_connection(connection)
{}

std::optional<std::string> CasePeople::problem(const std::string& field, const std::string& value)
{
    static const std::regex email(R"(^[^@\s]+@[^@\s]+\.[^@\s]+$)");
    static const std::regex phone(R"(^\+?[0-9 ().-]{7,20}$)");
    if (value.empty()) {
        return std::nullopt;
    }
    if (field == "email" && !std::regex_match(value, email)) {
        return "Email: \"" + value + "\" is not an email address.";
    }
    if (field == "phone" && !std::regex_match(value, phone)) {
        return "Phone: \"" + value + "\" is not a phone number (digits, spaces, + ( ) . -).";
    }
    return std::nullopt;
}

std::optional<std::string>
CasePeople::problem(const std::string& kind, const std::string& source, const std::vector<std::string>& declined)
{
    if (std::ranges::find(kPersonKinds, kind) == kPersonKinds.end()) {
        return "\"" + kind + "\" is not a kind of person on a case.";
    }
    if (std::ranges::find(kRecordSources, source) == kRecordSources.end()) {
        return "\"" + source + "\" is not a source of a person's record.";
    }
    for (const auto& field : declined) {
        if (std::ranges::find(kPiiFields, field) == kPiiFields.end()) {
            return "\"" + field + "\" is not a PII field a person may decline.";
        }
    }
    return std::nullopt;
}

Result<std::vector<CasePerson>> CasePeople::load(const std::string& caseId) const
{
    auto result = m_connection.exec(
        "SELECT id::text, kind, source, declined_fields::text, coalesce(name_masked, ''), coalesce(title_masked, ''), "
        "coalesce(email_masked, ''), coalesce(phone_masked, ''), coalesce(address_masked, ''), version "
        "FROM cms.people WHERE case_id = $1 ORDER BY kind, name_masked, id",
        {caseId});
    if (!result) {
        return std::unexpected(result.error());
    }
    std::vector<CasePerson> people;
    for (int r = 0; r < result->rows(); ++r) {
        CasePerson person{result->text(r, 0),
                          result->text(r, 1),
                          result->text(r, 2),
                          parseTextArray(result->text(r, 3)),
                          {},
                          std::stoi(result->text(r, 9))};
        for (std::size_t f = 0; f < kPiiFields.size(); ++f) {
            person.masked[f] = result->text(r, 4 + static_cast<int>(f));
        }
        people.push_back(std::move(person));
    }
    return people;
}

Result<std::string> CasePeople::reveal(const std::string& personId, const std::string& field) const
{
    auto value = m_connection.queryValue("SELECT cms.reveal_pii($1::uuid, $2)", {personId, field});
    if (!value) {
        return std::unexpected(value.error());
    }
    if (!value->has_value()) {
        return fail(ErrorCode::ConnectionRefused,
                    "The server did not reveal it: no value is on record, or you may not see it (the attempt is "
                    "recorded).");
    }
    return **value;
}

Result<void> CasePeople::correct(const std::string& personId,
                                 const std::string& field,
                                 const std::string& value,
                                 const std::string& reason) const
{
    if (!knownField(field)) {
        return fail(ErrorCode::InvalidArgument, "\"" + field + "\" is not a PII field.");
    }
    if (reason.find_first_not_of(" \t\r\n") == std::string::npos) {
        return fail(ErrorCode::InvalidArgument, "Reason: say why the value is corrected.");
    }
    if (auto problem = CasePeople::problem(field, value)) {
        return fail(ErrorCode::InvalidArgument, *problem);
    }
    auto corrected =
        m_connection.exec("SELECT cms.correct_pii($1::uuid, $2, $3, $4)", {personId, field, value, reason});
    if (!corrected) {
        return std::unexpected(corrected.error());
    }
    return {};
}

Result<std::vector<PiiCorrection>> CasePeople::corrections(const std::string& personId) const
{
    auto result = m_connection.exec("SELECT field, reason, to_char(corrected_at, 'YYYY-MM-DD HH24:MI'), corrected_by "
                                    "FROM cms.pii_corrections WHERE person_id = $1::uuid ORDER BY corrected_at DESC",
                                    {personId});
    if (!result) {
        return std::unexpected(result.error());
    }
    std::vector<PiiCorrection> corrections;
    for (int r = 0; r < result->rows(); ++r) {
        corrections.push_back({result->text(r, 0), result->text(r, 1), result->text(r, 2), result->text(r, 3)});
    }
    return corrections;
}

Result<std::string> CasePeople::add(const std::string& caseId, const NewPerson& person) const
{
    for (std::size_t f = 0; f < kPiiFields.size(); ++f) {
        if (auto problem = CasePeople::problem(kPiiFields[f], person.pii[f])) {
            return fail(ErrorCode::InvalidArgument, *problem);
        }
    }
    if (auto begun = m_connection.exec("BEGIN"); !begun) {
        return std::unexpected(begun.error());
    }
    const auto abandon = [&](const Error& error) -> Result<std::string> {
        (void)m_connection.exec("ROLLBACK");
        return std::unexpected(error);
    };
    auto id = m_connection.queryValue("INSERT INTO cms.people (case_id, kind, source, declined_fields) VALUES ($1, "
                                      "$2::cms.person_kind, $3::cms.record_source, $4::text[]) RETURNING id::text",
                                      {caseId, person.kind, person.source, remote::pgTextArray(person.declined)});
    if (!id) {
        return abandon(id.error());
    }
    const bool anyPii = std::ranges::any_of(person.pii, [](const std::string& value) { return !value.empty(); });
    if (anyPii) {
        remote::PgParams params{**id, caseId};
        for (const auto& value : person.pii) {
            params.push_back(value.empty() ? std::nullopt : std::optional<std::string>(value));
        }
        auto pii = m_connection.exec("INSERT INTO cms.people_pii (person_id, case_id, full_name, title, email, phone, "
                                     "address) VALUES ($1::uuid, $2, $3, $4, $5, $6, $7)",
                                     params);
        if (!pii) {
            return abandon(pii.error());
        }
    }
    if (auto committed = m_connection.exec("COMMIT"); !committed) {
        return std::unexpected(committed.error());
    }
    return **id;
}

Result<void> CasePeople::update(const CasePerson& person) const
{
    auto updated = m_connection.exec(
        "UPDATE cms.people SET kind = $3::cms.person_kind, source = $4::cms.record_source, declined_fields = "
        "$5::text[], version = $2::integer WHERE id = $1::uuid RETURNING id",
        {person.id, std::to_string(person.version), person.kind, person.source, remote::pgTextArray(person.declined)});
    if (!updated) {
        return std::unexpected(updated.error());
    }
    if (updated->rows() != 1) {
        return fail(ErrorCode::InvalidArgument, "The person is no longer visible to you.");
    }
    return {};
}

} // namespace cms::core::cases
