#include "core/admin/DemoRows.h"

#include "core/admin/DemoFacts.h"
#include "core/admin/DemoRandom.h"
#include "core/admin/DemoVocabulary.h"
#include "core/model/CaseVocabulary.h"
#include "core/model/PiiMask.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <chrono>
#include <cstdio>

namespace cms::core::admin {

namespace {

using V = DemoVocabulary;
using remote::PgCopyIn;
using namespace demo;

} // namespace

DemoRows::DemoRows(const DemoCasePlan& plan, DemoIdBlocks& ids)
    : m_plan(plan)
    , m_ids(ids)
{}

std::optional<std::string> DemoRows::assigneeOf(const PlannedCase& planned) const
{
    if (planned.assignee < 0) {
        return std::nullopt;
    }
    return m_plan.assignees()[static_cast<std::size_t>(planned.assignee)].login;
}

// Who wrote a note or a letter: the assignee, or the operator's tool for unassigned cases.
std::string DemoRows::authorOf(const PlannedCase& planned) const
{
    return assigneeOf(planned).value_or(kUnassignedAuthor);
}

std::string DemoRows::nextSeq()
{
    return std::to_string(m_ids.nextChangeSeq++);
}

const char* DemoRows::firmsCopySql()
{
    return "COPY cms.firms (id, name, address, city, region, postal_code, country, phone, change_seq) FROM STDIN";
}

Result<void> DemoRows::firms(PgCopyIn& copy)
{
    for (std::uint32_t firm = 0; firm < m_plan.firmCount(); ++firm) {
        DemoRandom random(m_plan.seed(), kFirmDetailStream, firm);
        const bool foreign = random.chance(0.3);
        const City place = city(random);
        const std::string address =
            std::to_string(random.between(10, 9899)) + " " + std::string(random.pick(V::streets()));
        const std::string zip = place.zipPrefix + digits(random, 2);
        const std::string tel = phone(random);
        const std::string country(foreign ? random.pick(V::foreignCountries()) : "US");
        if (auto written = copy.row({std::to_string(m_ids.firstFirm + firm),
                                     firmName(m_plan.seed(), firm),
                                     foreign ? std::nullopt : std::optional<std::string_view>(address),
                                     foreign ? std::nullopt : std::optional<std::string_view>(place.name),
                                     foreign ? std::nullopt : std::optional<std::string_view>(place.region),
                                     foreign ? std::nullopt : std::optional<std::string_view>(zip),
                                     country,
                                     tel,
                                     nextSeq()});
            !written) {
            return written;
        }
    }
    return {};
}

const char* DemoRows::casesCopySql()
{
    return "COPY cms.cases (id, title, case_type, status, opened_on, closed_on, closure_reason, assigned_to, team_id, "
           "restricted, legal_hold, created_at, updated_at, change_seq, lead_firm) FROM STDIN";
}

Result<void> DemoRows::cases(PgCopyIn& copy)
{
    const auto& all = m_plan.cases();
    for (std::size_t i = 0; i < all.size(); ++i) {
        const PlannedCase& planned = all[i];
        DemoRandom random(m_plan.seed(), kProductStream, i);
        const ProductFacts product = productFacts(random);
        const std::string title =
            product.name + ": " + product.hazard + " (" + firmName(m_plan.seed(), planned.firms[0]) + ")";
        const std::optional<std::string> assignee = assigneeOf(planned);
        const bool closed = planned.closedDay >= 0;
        const std::optional<std::string> closedOn =
            closed ? std::optional<std::string>(dateText(planned.closedDay)) : std::nullopt;
        const std::string_view reason = closed ? random.pick(V::closureReasons()) : std::string_view();
        const int lastDay = closed ? planned.closedDay : planned.openedDay;
        // What cms.lead_firm_of gives: first by role (the seed's two firms never share one).
        const int lead = planned.firmCount > 1 && firmRoleOf(planned, 1) < firmRoleOf(planned, 0) ? 1 : 0;
        if (auto written = copy.row({planned.id,
                                     title,
                                     model::CaseVocabulary::types()[planned.type],
                                     model::CaseVocabulary::statuses()[planned.status],
                                     dateText(planned.openedDay),
                                     text(closedOn),
                                     closed ? std::optional<std::string_view>(reason) : std::nullopt,
                                     text(assignee),
                                     text(teamText(planned)),
                                     flag(planned.restricted),
                                     flag(planned.legalHold),
                                     timeText(planned.openedDay, 540),
                                     timeText(lastDay, 960),
                                     nextSeq(),
                                     firmName(m_plan.seed(), planned.firms[lead])});
            !written) {
            return written;
        }
    }
    return {};
}

const char* DemoRows::statusHistoryCopySql()
{
    return "COPY cms.case_status_history (case_id, status, reason, changed_at, changed_by) FROM STDIN";
}

Result<void> DemoRows::statusHistory(PgCopyIn& copy)
{
    for (const PlannedCase& planned : m_plan.cases()) {
        const std::string who = authorOf(planned);
        if (auto written = copy.row({planned.id, "open", std::nullopt, timeText(planned.openedDay, 540), who});
            !written) {
            return written;
        }
        if (planned.closedDay >= 0) {
            if (auto written = copy.row({planned.id, "closed", "Closed", timeText(planned.closedDay, 960), who});
                !written) {
                return written;
            }
        }
    }
    return {};
}

const char* DemoRows::caseFirmsCopySql()
{
    return "COPY cms.case_firms (case_id, firm_id, firm_role, case_restricted, case_team_id, change_seq) FROM STDIN";
}

Result<void> DemoRows::caseFirms(PgCopyIn& copy)
{
    for (const PlannedCase& planned : m_plan.cases()) {
        const auto team = teamText(planned);
        for (int which = 0; which < planned.firmCount; ++which) {
            const auto firm = std::to_string(m_ids.firstFirm + planned.firms[which]);
            if (auto written = copy.row({planned.id,
                                         firm,
                                         kFirmRoles[static_cast<std::size_t>(firmRoleOf(planned, which))],
                                         flag(planned.restricted),
                                         text(team),
                                         nextSeq()});
                !written) {
                return written;
            }
        }
    }
    return {};
}

const char* DemoRows::productsCopySql()
{
    return "COPY cms.products (id, case_id, name, brand, model, style, upc, case_restricted, case_team_id, change_seq) "
           "FROM STDIN";
}

Result<void> DemoRows::products(PgCopyIn& copy)
{
    const auto& all = m_plan.cases();
    for (std::size_t i = 0; i < all.size(); ++i) {
        const PlannedCase& planned = all[i];
        DemoRandom random(m_plan.seed(), kProductStream, i);
        const ProductFacts product = productFacts(random);
        const std::string model = std::string(1, static_cast<char>('A' + random.below(26)))
                                  + static_cast<char>('A' + random.below(26)) + "-" + digits(random, 4);
        const std::string_view style = random.pick(V::styles());
        const std::optional<std::string> code =
            random.chance(0.7) ? std::optional<std::string>(upc(random)) : std::nullopt;
        if (auto written = copy.row({std::to_string(m_ids.firstProduct + static_cast<long long>(i)),
                                     planned.id,
                                     product.name,
                                     product.brand,
                                     model,
                                     style,
                                     text(code),
                                     flag(planned.restricted),
                                     text(teamText(planned)),
                                     nextSeq()});
            !written) {
            return written;
        }
    }
    return {};
}

const char* DemoRows::samplesCopySql()
{
    return "COPY cms.samples (case_id, product_id, sample_number, collected_on, port_of_entry, collector, "
           "ifs_reference, test_result, case_restricted, case_team_id, change_seq) FROM STDIN";
}

Result<void> DemoRows::samples(PgCopyIn& copy)
{
    // Sample numbers are unique across the database: the seed's tag keeps two seeds apart.
    char tag[8];
    std::snprintf(tag, sizeof tag, "%05X", seedTag(m_plan.seed()));
    long long ordinal = 0;
    const auto& all = m_plan.cases();
    for (std::size_t i = 0; i < all.size(); ++i) {
        const PlannedCase& planned = all[i];
        DemoRandom random(m_plan.seed(), kSampleStream, i + 1);
        for (int s = 0; s < planned.samples; ++s) {
            char number[32];
            std::snprintf(number, sizeof number, "S%s-%08lld", tag, ++ordinal);
            const int collected = std::max(kFirstSampleDay, planned.openedDay - random.between(0, 30));
            const std::optional<std::string> collector = assigneeOf(planned);
            const std::string_view port = random.pick(V::portsOfEntry());
            const std::string ifs = "IFS-" + dateText(collected).substr(0, 4) + "-" + digits(random, 6);
            const std::string_view result = random.pick(V::testResults());
            if (auto written = copy.row({planned.id,
                                         std::to_string(m_ids.firstProduct + static_cast<long long>(i)),
                                         number,
                                         dateText(collected),
                                         port,
                                         text(collector),
                                         ifs,
                                         result,
                                         flag(planned.restricted),
                                         text(teamText(planned)),
                                         nextSeq()});
                !written) {
                return written;
            }
        }
    }
    return {};
}

const char* DemoRows::peopleCopySql()
{
    return "COPY cms.people (id, case_id, kind, firm_id, source, declined_fields, name_masked, title_masked, "
           "email_masked, phone_masked, address_masked, case_restricted, case_team_id, change_seq) FROM STDIN";
}

const char* DemoRows::peoplePiiCopySql()
{
    return "COPY cms.people_pii (person_id, case_id, full_name, title, email, phone, address, case_restricted, "
           "case_team_id, change_seq) FROM STDIN";
}

std::vector<DemoRows::Person> DemoRows::peopleOf(std::size_t caseIndex) const
{
    static constexpr std::array kDomains{"example.com", "example.org", "example.net"};
    static constexpr std::array kDeclinable{"phone", "email", "address"};
    const PlannedCase& planned = m_plan.cases()[caseIndex];
    DemoRandom random(m_plan.seed(), kPersonStream, caseIndex);
    std::vector<Person> people(planned.people);
    for (std::size_t p = 0; p < people.size(); ++p) {
        Person& person = people[p];
        const bool contact = p == 0;
        if (contact) {
            person.kind = "contact";
            person.firmId = std::to_string(m_ids.firstFirm + planned.firms[0]);
        } else {
            const auto roll = random.below(10);
            person.kind = roll < 6 ? "purchaser" : roll < 9 ? "incident_involved" : "next_of_kin";
        }
        if (planned.type == 2) {
            person.source = "section_15b_report";
        } else if (contact) {
            person.source = planned.type == 0 ? "import_documents" : "individual";
        } else {
            const auto roll = random.below(20);
            person.source = roll < 14 ? "individual" : roll < 17 ? "other_agency" : "third_party_platform";
        }
        // PIA Q15: a 15(b) reporter must provide the information; others may decline.
        std::string_view declined;
        if (person.source != "section_15b_report" && random.chance(0.12)) {
            declined = kDeclinable[random.below(kDeclinable.size())];
        }
        person.declined = declined.empty() ? "{}" : "{" + std::string(declined) + "}";
        // Ordered as the rows are written: the seed's tag, then the case and the person in it.
        person.id = orderedUuid(random, (std::uint64_t{seedTag(m_plan.seed())} << 28U) | (caseIndex * 8 + p));
        const std::string given(random.pick(V::givenNames()));
        const std::string family = familyName(random);
        person.fullName = given + " " + family;
        const std::string email = lower(given) + "." + lower(family) + "@" + kDomains[random.below(kDomains.size())];
        const std::string tel = phone(random);
        const City place = city(random);
        const std::string address = std::to_string(random.between(10, 9899)) + " "
                                    + std::string(random.pick(V::streets())) + ", " + place.name + ", " + place.region
                                    + " " + place.zipPrefix + digits(random, 2);
        if (contact) {
            person.title = std::string(random.pick(V::jobTitles()));
        }
        if (declined != "email") {
            person.email = email;
        }
        if (declined != "phone") {
            person.phone = tel;
        }
        if (!contact && declined != "address") {
            person.address = address;
        }
    }
    return people;
}

Result<void> DemoRows::people(PgCopyIn& copy)
{
    using model::PiiMask;
    const auto& all = m_plan.cases();
    for (std::size_t i = 0; i < all.size(); ++i) {
        const PlannedCase& planned = all[i];
        const auto team = teamText(planned);
        for (const Person& person : peopleOf(i)) {
            if (auto written = copy.row({person.id,
                                         planned.id,
                                         person.kind,
                                         text(person.firmId),
                                         person.source,
                                         person.declined,
                                         text(PiiMask::name(person.fullName)),
                                         text(PiiMask::text(text(person.title))),
                                         text(PiiMask::email(text(person.email))),
                                         text(PiiMask::phone(text(person.phone))),
                                         text(PiiMask::text(text(person.address))),
                                         flag(planned.restricted),
                                         text(team),
                                         nextSeq()});
                !written) {
                return written;
            }
        }
    }
    return {};
}

Result<void> DemoRows::peoplePii(PgCopyIn& copy)
{
    const auto& all = m_plan.cases();
    for (std::size_t i = 0; i < all.size(); ++i) {
        const PlannedCase& planned = all[i];
        const auto team = teamText(planned);
        for (const Person& person : peopleOf(i)) {
            if (auto written = copy.row({person.id,
                                         planned.id,
                                         person.fullName,
                                         text(person.title),
                                         text(person.email),
                                         text(person.phone),
                                         text(person.address),
                                         flag(planned.restricted),
                                         text(team),
                                         nextSeq()});
                !written) {
                return written;
            }
        }
    }
    return {};
}

const char* DemoRows::activitiesCopySql()
{
    return "COPY cms.activities (case_id, kind, occurred_at, summary, author, case_restricted, case_team_id, "
           "change_seq) "
           "FROM STDIN";
}

Result<void> DemoRows::activities(PgCopyIn& copy)
{
    static constexpr std::array kKinds{"note", "phone_call", "site_visit", "email"};
    const auto& all = m_plan.cases();
    for (std::size_t i = 0; i < all.size(); ++i) {
        const PlannedCase& planned = all[i];
        DemoRandom random(m_plan.seed(), kActivityStream, i);
        const std::string who = authorOf(planned);
        const std::string_view kind = kKinds[random.below(kKinds.size())];
        const std::string when = timeText(planned.openedDay + random.between(0, 10), random.between(480, 1020));
        if (auto written = copy.row({planned.id,
                                     kind,
                                     when,
                                     random.pick(V::noteSummaries()),
                                     who,
                                     flag(planned.restricted),
                                     text(teamText(planned)),
                                     nextSeq()});
            !written) {
            return written;
        }
    }
    return {};
}

const char* DemoRows::determinationsCopySql()
{
    return "COPY cms.determinations (case_id, product_id, outcome, citation, rationale, determined_on, determined_by, "
           "case_restricted, case_team_id, change_seq) FROM STDIN";
}

Result<void> DemoRows::determinations(PgCopyIn& copy)
{
    const auto& all = m_plan.cases();
    for (std::size_t i = 0; i < all.size(); ++i) {
        const PlannedCase& planned = all[i];
        if (!planned.determination) {
            continue;
        }
        DemoRandom random(m_plan.seed(), kDeterminationStream, i);
        DemoRandom productRandom(m_plan.seed(), kProductStream, i);
        const ProductFacts product = productFacts(productRandom);
        const auto roll = random.below(20);
        const std::string_view outcome = roll < 10   ? "violation"
                                         : roll < 15 ? "no_violation"
                                         : roll < 18 ? "substantial_product_hazard"
                                                     : "inconclusive";
        const std::optional<std::string_view> citation =
            outcome == "violation" ? std::optional<std::string_view>(random.pick(V::citations())) : std::nullopt;
        const std::string rationale = "Laboratory analysis: " + product.hazard;
        int day = planned.openedDay + random.between(20, 60);
        if (planned.closedDay >= 0) {
            day = std::min(day, planned.closedDay);
        }
        const std::string who = authorOf(planned);
        if (auto written = copy.row({planned.id,
                                     std::to_string(m_ids.firstProduct + static_cast<long long>(i)),
                                     outcome,
                                     citation,
                                     rationale,
                                     dateText(day),
                                     who,
                                     flag(planned.restricted),
                                     text(teamText(planned)),
                                     nextSeq()});
            !written) {
            return written;
        }
    }
    return {};
}

const char* DemoRows::correctiveActionsCopySql()
{
    return "COPY cms.corrective_actions (id, case_id, firm_id, action, status, requested_on, respond_by, completed_on, "
           "case_restricted, case_team_id, change_seq) FROM STDIN";
}

Result<void> DemoRows::correctiveActions(PgCopyIn& copy)
{
    long long next = m_ids.firstCorrectiveAction;
    const auto& all = m_plan.cases();
    for (std::size_t i = 0; i < all.size(); ++i) {
        const PlannedCase& planned = all[i];
        if (!planned.correctiveAction) {
            continue;
        }
        const CorrectiveFacts facts = correctiveFacts(m_plan.seed(), i, planned);
        const bool completed = facts.completedDay >= 0;
        const std::string_view status = completed ? "completed" : planned.status == 2 ? "agreed" : "requested";
        const std::optional<std::string> completedOn =
            completed ? std::optional<std::string>(dateText(facts.completedDay)) : std::nullopt;
        if (auto written = copy.row({std::to_string(next++),
                                     planned.id,
                                     std::to_string(m_ids.firstFirm + planned.firms[0]),
                                     facts.action,
                                     status,
                                     dateText(facts.requestedDay),
                                     dateText(facts.requestedDay + 30),
                                     text(completedOn),
                                     flag(planned.restricted),
                                     text(teamText(planned)),
                                     nextSeq()});
            !written) {
            return written;
        }
    }
    return {};
}

const char* DemoRows::correspondenceCopySql()
{
    return "COPY cms.correspondence (case_id, kind, direction, firm_id, corrective_action_id, subject, dated_on, "
           "recorded_by, case_restricted, case_team_id, change_seq) FROM STDIN";
}

Result<void> DemoRows::correspondence(PgCopyIn& copy)
{
    long long next = m_ids.firstCorrectiveAction;
    const auto& all = m_plan.cases();
    for (std::size_t i = 0; i < all.size(); ++i) {
        const PlannedCase& planned = all[i];
        if (!planned.correctiveAction) {
            continue;
        }
        const CorrectiveFacts facts = correctiveFacts(m_plan.seed(), i, planned);
        const std::string who = authorOf(planned);
        const std::string subject = "Request for corrective action (" + std::string(facts.action) + ")";
        if (auto written = copy.row({planned.id,
                                     "notification_letter",
                                     "outgoing",
                                     std::to_string(m_ids.firstFirm + planned.firms[0]),
                                     std::to_string(next++),
                                     subject,
                                     dateText(facts.requestedDay),
                                     who,
                                     flag(planned.restricted),
                                     text(teamText(planned)),
                                     nextSeq()});
            !written) {
            return written;
        }
    }
    return {};
}

} // namespace cms::core::admin
