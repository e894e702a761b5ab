#include "core/admin/DemoCasePlan.h"

#include "core/admin/DemoRandom.h"
#include "core/model/CaseId.h"

#include <algorithm>
#include <unordered_set>

namespace cms::core::admin {

namespace {

enum Stream : std::uint64_t
{
    kCaseStream = 1,
};

// The office's mix of work: import samples dominate.
std::uint8_t drawType(DemoRandom& random)
{
    const auto roll = random.below(100);
    if (roll < 40) {
        return 0; // import_sample
    }
    if (roll < 60) {
        return 1; // establishment_inspection
    }
    if (roll < 75) {
        return 2; // section_15b_report
    }
    if (roll < 85) {
        return 3; // testing_determination
    }
    return roll < 95 ? 4 : 5; // corrective_action, other
}

} // namespace

DemoCasePlan::DemoCasePlan(long long cases,
                           std::uint64_t seed,
                           std::vector<DemoAssignee> assignees,
                           std::vector<int> teams)
    : m_seed(seed)
    , m_assignees(std::move(assignees))
{
    DemoRandom random(seed, kCaseStream);
    m_firmCount = static_cast<std::uint32_t>(std::max<long long>(20, cases / 4));
    m_cases.reserve(static_cast<std::size_t>(cases));
    std::unordered_set<std::string> ids;
    ids.reserve(static_cast<std::size_t>(cases));
    for (long long i = 0; i < cases; ++i) {
        PlannedCase planned;
        do {
            planned.id = model::CaseId::fromRandom(random.next()).compact();
        } while (!ids.insert(planned.id).second);
        planned.type = drawType(random);
        planned.openedDay = kFirstCaseDay + random.between(0, kCaseSpanDays - 1);
        const int age = kFirstCaseDay + kCaseSpanDays - planned.openedDay;
        if (age > 60 && random.chance(0.55)) {
            planned.status = 3;
            planned.closedDay = planned.openedDay + random.between(14, std::min(age, 400));
        } else {
            planned.status = static_cast<std::uint8_t>(random.below(3));
        }
        if (!m_assignees.empty() && random.chance(0.95)) {
            planned.assignee = static_cast<int>(random.below(m_assignees.size()));
            planned.teamId = m_assignees[static_cast<std::size_t>(planned.assignee)].teamId;
        } else if (!teams.empty()) {
            planned.teamId = teams[random.below(teams.size())];
        }
        planned.restricted = random.chance(0.03);
        planned.legalHold = planned.closedDay >= 0 && random.chance(0.02);
        planned.firms[0] = static_cast<std::uint32_t>(random.below(m_firmCount));
        planned.firmCount = random.chance(0.3) ? 2 : 1;
        planned.firms[1] = static_cast<std::uint32_t>(random.below(m_firmCount));
        // Three people a case on average: a firm contact and one to four consumers.
        planned.people = static_cast<std::uint8_t>(random.between(2, 4));
        planned.samples = planned.type == 0 || planned.type == 3 ? static_cast<std::uint8_t>(random.between(1, 2)) : 0;
        planned.determination = planned.type == 3 || (planned.type == 0 && random.chance(0.4));
        planned.correctiveAction = planned.type == 4 || (planned.determination && random.chance(0.5));

        m_caseFirmRows += planned.firmCount;
        m_personRows += planned.people;
        m_sampleRows += planned.samples;
        m_determinationRows += planned.determination ? 1 : 0;
        m_correctiveActionRows += planned.correctiveAction ? 1 : 0;
        m_statusHistoryRows += planned.closedDay >= 0 ? 2 : 1;
        m_cases.push_back(std::move(planned));
    }
    // Written in id order, every table's index on the case id grows at its end during the load
    // instead of taking inserts all over (a third faster at a million cases).
    std::ranges::sort(m_cases, {}, &PlannedCase::id);
}

} // namespace cms::core::admin
