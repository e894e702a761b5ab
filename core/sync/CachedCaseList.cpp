#include "core/sync/CachedCaseList.h"

#include "core/cache/DeviceAuditChain.h"
#include "core/cases/CaseListQuery.h"
#include "core/cases/CaseSearchAudit.h"
#include "core/model/CaseId.h"
#include "core/sync/CacheOwner.h"
#include "core/sync/CachedCaseStore.h"
#include "core/sync/JsonFields.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <map>
#include <set>

namespace cms::core::sync {

namespace {

using cases::CaseListColumn;
using cases::CaseListFilter;
using cases::CaseListRow;

std::string lowered(std::string text)
{
    std::ranges::transform(text, text.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

std::string trimmed(const std::string& text)
{
    const auto first = text.find_first_not_of(" \t");
    return first == std::string::npos ? std::string() : text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

struct CachedCase
{
    CaseListRow row;
    std::string teamId;
};

const std::string& sortKey(const CaseListRow& row, CaseListColumn column)
{
    switch (column) {
    case CaseListColumn::Id:
        return row.id;
    case CaseListColumn::Title:
        return row.title;
    case CaseListColumn::Type:
        return row.type;
    case CaseListColumn::Status:
        return row.status;
    case CaseListColumn::Firm:
        return row.firm;
    case CaseListColumn::AssignedTo:
        return row.assignedTo;
    case CaseListColumn::Opened:
        return row.openedOn;
    case CaseListColumn::LastChanged:
        return row.lastChanged;
    }
    return row.id;
}

// What a search over the case's other rows may match, per table.
const std::map<std::string, std::vector<std::string>>& searchedColumns()
{
    static const std::map<std::string, std::vector<std::string>> columns{
        {"products", {"name", "brand", "model", "upc"}},
        {"samples", {"sample_number", "ifs_reference"}},
    };
    return columns;
}

// The words of a name search, as the server takes them (cms.search_people_by_name): at most five,
// lower-cased; a name matches when it contains each.
std::vector<std::string> nameWords(const std::string& name)
{
    std::vector<std::string> words;
    std::size_t at = 0;
    while (words.size() < 5) {
        const auto first = name.find_first_not_of(" \t", at);
        if (first == std::string::npos) {
            break;
        }
        at = name.find_first_of(" \t", first);
        words.push_back(lowered(name.substr(first, at == std::string::npos ? std::string::npos : at - first)));
    }
    return words;
}

Result<void> record(const cache::CacheDatabase& cache,
                    const std::string& eventType,
                    const std::string& objectType,
                    const std::string& outcome,
                    const std::string& detailsJson)
{
    auto appended = cache::DeviceAuditChain(cache).append(
        eventType, objectType, "", outcome, detailsJson, std::chrono::system_clock::now());
    if (!appended) {
        return std::unexpected(appended.error());
    }
    return {};
}

} // namespace

CachedCaseList::CachedCaseList(const cache::CacheDatabase& cache)
    : m_cache(cache)
{}

Result<std::vector<CaseListRow>> CachedCaseList::page(const CaseListFilter& filter, long long offset, int limit) const
{
    auto rows = matching(filter);
    if (!rows) {
        return rows;
    }
    const auto from = std::min<std::size_t>(rows->size(), static_cast<std::size_t>(std::max(0LL, offset)));
    const auto to = std::min<std::size_t>(rows->size(), from + static_cast<std::size_t>(std::max(0, limit)));
    return std::vector<CaseListRow>(rows->begin() + static_cast<std::ptrdiff_t>(from),
                                    rows->begin() + static_cast<std::ptrdiff_t>(to));
}

Result<long long> CachedCaseList::count(const CaseListFilter& filter) const
{
    auto rows = matching(filter);
    // Recorded in the laptop's chain as online in the server's: the name search (that one
    // happened, never the name; refused without the grant), then the search itself.
    if (!trimmed(filter.personName).empty()) {
        const bool refused = !rows && rows.error().code == ErrorCode::ConnectionRefused;
        if (rows || refused) {
            auto recorded = record(m_cache,
                                   "search.person_name",
                                   "cms.people",
                                   refused ? "refused" : "success",
                                   refused ? R"({"reason": "no PII access"})" : "{}");
            if (!recorded) {
                return std::unexpected(recorded.error());
            }
        }
    }
    if (!rows) {
        return std::unexpected(rows.error());
    }
    const auto matches = static_cast<long long>(rows->size());
    auto recorded =
        record(m_cache, "search.cases", "cms.cases", "success", cases::CaseSearchAudit::detailsJson(filter, matches));
    if (!recorded) {
        return std::unexpected(recorded.error());
    }
    return matches;
}

Result<std::vector<CaseListRow>> CachedCaseList::matching(const CaseListFilter& filter) const
{
    // The same checks as online: known statuses and types, dates, a case id's check symbol.
    if (auto valid = cases::CaseListQuery::build(filter); !valid) {
        return std::unexpected(valid.error());
    }
    const auto words = nameWords(filter.personName);
    std::string teamId;
    std::string me;
    if (filter.myTeam || filter.assignedToMe || !words.empty()) {
        auto owner = CacheOwner::read(m_cache);
        if (!owner) {
            return std::unexpected(owner.error());
        }
        if (!words.empty() && !owner->piiHolder) {
            return fail(ErrorCode::ConnectionRefused, "Searching by a person's name needs the PII grant.");
        }
        teamId = owner->teamId;
        me = owner->loginRole;
    }
    std::set<std::string> named; // the cases of the people whose name matches
    if (!words.empty()) {
        auto people = m_cache.query("SELECT case_id, data FROM cached_rows WHERE table_name = 'people_pii'");
        if (!people) {
            return std::unexpected(people.error());
        }
        for (const auto& person : *people) {
            const auto name =
                lowered(JsonFields::textOf(JsonFields::objectOf(person[1].value_or("{}")), "full_name").value_or(""));
            if (std::ranges::all_of(words,
                                    [&](const std::string& word) { return name.find(word) != std::string::npos; })) {
                named.insert(person[0].value_or(""));
            }
        }
    }
    auto stored = m_cache.query("SELECT r.table_name, r.case_id, r.data FROM cached_rows r "
                                "JOIN checked_out o ON o.case_id = r.case_id "
                                "WHERE r.table_name IN ('cases', 'case_firms', 'products', 'samples')"
                                + std::string(CachedCaseStore::kNotRemovedHere));
    if (!stored) {
        return std::unexpected(stored.error());
    }
    std::map<std::string, CachedCase> byId;
    std::map<std::string, std::string> related; // case id -> lower-case text of its other rows
    for (const auto& stored_row : *stored) {
        const auto table = stored_row[0].value_or("");
        const auto caseId = stored_row[1].value_or("");
        const auto data = JsonFields::objectOf(stored_row[2].value_or("{}"));
        const auto text = [&](const char* field) {
            return JsonFields::textOf(data, field).value_or("");
        };
        if (table == "cases") {
            auto& cached = byId[caseId];
            cached.row = {caseId,
                          text("title"),
                          text("case_type"),
                          text("status"),
                          text("lead_firm"),
                          text("assigned_to"),
                          text("opened_on"),
                          text("updated_at")};
            cached.teamId = text("team_id");
        } else if (table == "case_firms") {
            const auto* firm = data.if_contains("firm");
            if (firm != nullptr && firm->is_object()) {
                related[caseId] += ' ' + lowered(JsonFields::textOf(firm->as_object(), "name").value_or(""));
            }
        } else {
            for (const auto& column : searchedColumns().at(table)) {
                related[caseId] += ' ' + lowered(JsonFields::textOf(data, column).value_or(""));
            }
        }
    }
    const auto term = trimmed(filter.search);
    const auto id = model::CaseId::parse(term);
    const auto searched = lowered(term);
    const std::set<std::string> statuses(filter.statuses.begin(), filter.statuses.end());
    const std::set<std::string> types(filter.types.begin(), filter.types.end());
    std::vector<CaseListRow> rows;
    for (auto& [caseId, cached] : byId) {
        const auto& row = cached.row;
        if (!term.empty()) {
            const bool matched = id ? id->compact() == caseId
                                    : (lowered(row.title) + ' ' + lowered(row.firm) + related[caseId]).find(searched)
                                          != std::string::npos;
            if (!matched) {
                continue;
            }
        }
        if ((!words.empty() && !named.contains(caseId)) || (!statuses.empty() && !statuses.contains(row.status))
            || (!types.empty() && !types.contains(row.type)) || (filter.assignedToMe && row.assignedTo != me)
            || (filter.myTeam && (teamId.empty() || cached.teamId != teamId))
            || (!filter.openedFrom.empty() && row.openedOn < filter.openedFrom)
            || (!filter.openedTo.empty() && row.openedOn > filter.openedTo)) {
            continue;
        }
        rows.push_back(row);
    }
    std::ranges::stable_sort(rows, [&](const CaseListRow& a, const CaseListRow& b) {
        const auto& left = sortKey(a, filter.sortColumn);
        const auto& right = sortKey(b, filter.sortColumn);
        if (left != right) {
            return filter.ascending ? left < right : right < left;
        }
        return filter.ascending ? a.id < b.id : b.id < a.id;
    });
    return rows;
}

} // namespace cms::core::sync
