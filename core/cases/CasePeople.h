#pragma once

#include "core/common/Result.h"
#include "core/remote/PgConnection.h"

#include <array>
#include <string>
#include <vector>

namespace cms::core::cases {

// The PII fields of a person, in the order the form shows them.
inline constexpr std::array<const char*, 5> kPiiFields{"full_name", "title", "email", "phone", "address"};
// What a person is to the case (cms.person_kind) and where their record came from
// (cms.record_source), in the enums' order.
inline constexpr std::array kPersonKinds{"contact", "purchaser", "incident_involved", "next_of_kin", "agency_employee"};
inline constexpr std::array kRecordSources{
    "individual", "import_documents", "other_agency", "third_party_platform", "section_15b_report"};

// A person of a case as everyone may read them: masked values only (PIA Q27).
struct CasePerson
{
    std::string id;
    std::string kind;
    std::string source;
    std::vector<std::string> declined; // PII fields the person declined to give
    std::array<std::string, 5> masked; // by kPiiFields
    int version = 0;
};

// A new person: what they are, where the record came from, what they declined, and their PII
// (entered only by PII-holders; empty for a field not given).
struct NewPerson
{
    std::string kind;
    std::string source;
    std::vector<std::string> declined;
    std::array<std::string, 5> pii;
};

struct PiiCorrection
{
    std::string field;
    std::string reason;
    std::string correctedAt;
    std::string correctedBy;
};

// A case's people: the masked list; one PII field revealed at a time (cms.reveal_pii, recorded
// by the server); corrections with a reason (cms.correct_pii) and their history; new people.
class CasePeople
{
public:
    explicit CasePeople(const remote::PgConnection& connection);

    [[nodiscard]] Result<std::vector<CasePerson>> load(const std::string& caseId) const;
    // The value, or an error when the server refused (no grant, not visible: recorded anyway).
    [[nodiscard]] Result<std::string> reveal(const std::string& personId, const std::string& field) const;
    [[nodiscard]] Result<void> correct(const std::string& personId,
                                       const std::string& field,
                                       const std::string& value,
                                       const std::string& reason) const;
    [[nodiscard]] Result<std::vector<PiiCorrection>> corrections(const std::string& personId) const;
    [[nodiscard]] Result<std::string> add(const std::string& caseId, const NewPerson& person) const;
    // Kind, source and declined fields (not PII: that changes only by correction).
    [[nodiscard]] Result<void> update(const CasePerson& person) const;

    // The shape checks of the server (email, phone), the field named; empty when fine.
    [[nodiscard]] static std::optional<std::string> problem(const std::string& field, const std::string& value);
    // The server's enums and lists for what a person is (a kind, a source, the PII fields they
    // declined), the wrong one named; empty when fine.
    [[nodiscard]] static std::optional<std::string>
    problem(const std::string& kind, const std::string& source, const std::vector<std::string>& declined);

private:
    const remote::PgConnection& m_connection;
};

} // namespace cms::core::cases
