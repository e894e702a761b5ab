#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace cms::core::admin {

// A case worker the demo cases can be assigned to (an active officer, investigator or manager).
struct DemoAssignee
{
    std::string login;
    std::optional<int> teamId;
};

// One case of the demo data, compact: everything the tables of that case need to agree on.
// Days count from 1970-01-01.
struct PlannedCase
{
    std::string id;
    std::uint8_t type = 0;   // index into model::CaseVocabulary::types()
    std::uint8_t status = 0; // index into model::CaseVocabulary::statuses()
    int openedDay = 0;
    int closedDay = -1;
    int assignee = -1; // index into the assignees, -1: unassigned
    std::optional<int> teamId;
    bool restricted = false;
    bool legalHold = false;
    std::uint32_t firms[2] = {0, 0}; // indexes into the firm pool
    std::uint8_t firmCount = 1;
    std::uint8_t people = 0;
    std::uint8_t samples = 0;
    bool determination = false;
    bool correctiveAction = false;
};

// The shape of a demo database, decided up front and deterministically from the seed, so that
// each table can then be streamed on its own. Counts are known before any row is sent.
class DemoCasePlan
{
public:
    DemoCasePlan(long long cases, std::uint64_t seed, std::vector<DemoAssignee> assignees, std::vector<int> teams);

    [[nodiscard]] const std::vector<PlannedCase>& cases() const
    {
        return m_cases;
    }
    [[nodiscard]] const std::vector<DemoAssignee>& assignees() const
    {
        return m_assignees;
    }
    [[nodiscard]] std::uint64_t seed() const
    {
        return m_seed;
    }
    [[nodiscard]] std::uint32_t firmCount() const
    {
        return m_firmCount;
    }
    [[nodiscard]] long long caseFirmRows() const
    {
        return m_caseFirmRows;
    }
    [[nodiscard]] long long personRows() const
    {
        return m_personRows;
    }
    [[nodiscard]] long long sampleRows() const
    {
        return m_sampleRows;
    }
    [[nodiscard]] long long determinationRows() const
    {
        return m_determinationRows;
    }
    [[nodiscard]] long long correctiveActionRows() const
    {
        return m_correctiveActionRows;
    }
    [[nodiscard]] long long statusHistoryRows() const
    {
        return m_statusHistoryRows;
    }

    // The first day cases were created in CMS (PIA Q11: 11/1/2023) and the span they cover.
    static constexpr int kFirstCaseDay = 19662; // 2023-11-01
    static constexpr int kCaseSpanDays = 1095;

private:
    std::uint64_t m_seed;
    std::vector<DemoAssignee> m_assignees;
    std::vector<PlannedCase> m_cases;
    std::uint32_t m_firmCount = 0;
    long long m_caseFirmRows = 0;
    long long m_personRows = 0;
    long long m_sampleRows = 0;
    long long m_determinationRows = 0;
    long long m_correctiveActionRows = 0;
    long long m_statusHistoryRows = 0;
};

} // namespace cms::core::admin
