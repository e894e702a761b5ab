#pragma once

#include "core/admin/DemoCasePlan.h"
#include "core/common/Result.h"
#include "core/remote/PgCopyIn.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cms::core::admin {

// Identifiers reserved from the server's sequences before any row is sent.
struct DemoIdBlocks
{
    long long firstFirm = 0;
    long long firstProduct = 0; // one product per case, in case order
    long long firstCorrectiveAction = 0;
    long long nextChangeSeq = 0; // advanced as rows are written
};

// The rows of each table of a DemoCasePlan, written to a COPY whose column list is the one each
// function's `copySql` gives. Each table draws from its own random stream, so any table can be
// written without the others and still agree with them on every case.
class DemoRows
{
public:
    DemoRows(const DemoCasePlan& plan, DemoIdBlocks& ids);

    static const char* firmsCopySql();
    static const char* casesCopySql();
    static const char* statusHistoryCopySql();
    static const char* caseFirmsCopySql();
    static const char* productsCopySql();
    static const char* samplesCopySql();
    static const char* peopleCopySql();
    static const char* peoplePiiCopySql();
    static const char* activitiesCopySql();
    static const char* determinationsCopySql();
    static const char* correctiveActionsCopySql();
    static const char* correspondenceCopySql();

    [[nodiscard]] Result<void> firms(remote::PgCopyIn& copy);
    [[nodiscard]] Result<void> cases(remote::PgCopyIn& copy);
    [[nodiscard]] Result<void> statusHistory(remote::PgCopyIn& copy);
    [[nodiscard]] Result<void> caseFirms(remote::PgCopyIn& copy);
    [[nodiscard]] Result<void> products(remote::PgCopyIn& copy);
    [[nodiscard]] Result<void> samples(remote::PgCopyIn& copy);
    // People records with the masked copy of their PII, then the PII itself.
    [[nodiscard]] Result<void> people(remote::PgCopyIn& copy);
    [[nodiscard]] Result<void> peoplePii(remote::PgCopyIn& copy);
    [[nodiscard]] Result<void> activities(remote::PgCopyIn& copy);
    [[nodiscard]] Result<void> determinations(remote::PgCopyIn& copy);
    [[nodiscard]] Result<void> correctiveActions(remote::PgCopyIn& copy);
    [[nodiscard]] Result<void> correspondence(remote::PgCopyIn& copy);

private:
    struct Person
    {
        std::string id;
        std::string_view kind;
        std::optional<std::string> firmId;
        std::string_view source;
        std::string declined;
        std::string fullName;
        std::optional<std::string> title;
        std::optional<std::string> email;
        std::optional<std::string> phone;
        std::optional<std::string> address;
    };

    // The people of one case, the same on every call.
    [[nodiscard]] std::vector<Person> peopleOf(std::size_t caseIndex) const;
    [[nodiscard]] std::optional<std::string> assigneeOf(const PlannedCase& planned) const;
    [[nodiscard]] std::string authorOf(const PlannedCase& planned) const;
    [[nodiscard]] std::string nextSeq();

    const DemoCasePlan& m_plan;
    DemoIdBlocks& m_ids;
};

} // namespace cms::core::admin
