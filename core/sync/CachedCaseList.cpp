#include "core/sync/CachedCaseList.h"

#include "core/cases/CaseListQuery.h"
#include "core/model/CaseId.h"
#include "core/sync/CacheOwner.h"
#include "core/sync/CachedCaseStore.h"
#include "core/sync/JsonFields.h"

#include <algorithm>
#include <cctype>
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
    if (!rows) {
        return std::unexpected(rows.error());
    }
    return static_cast<long long>(rows->size());
}

Result<std::vector<CaseListRow>> CachedCaseList::matching(const CaseListFilter& filter) const
{
    // The same checks as online: known statuses and types, dates, a case id's check symbol.
    if (auto valid = cases::CaseListQuery::build(filter); !valid) {
        return std::unexpected(valid.error());
    }
    if (!trimmed(filter.personName).empty()) {
        return fail(ErrorCode::InvalidArgument,
                    "Searching by a person's name needs the network: the server records every such search.");
    }
    std::string teamId;
    std::string me;
    if (filter.myTeam || filter.assignedToMe) {
        auto owner = CacheOwner::read(m_cache);
        if (!owner) {
            return std::unexpected(owner.error());
        }
        teamId = owner->teamId;
        me = owner->loginRole;
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
    const auto words = lowered(term);
    const std::set<std::string> statuses(filter.statuses.begin(), filter.statuses.end());
    const std::set<std::string> types(filter.types.begin(), filter.types.end());
    std::vector<CaseListRow> rows;
    for (auto& [caseId, cached] : byId) {
        const auto& row = cached.row;
        if (!term.empty()) {
            const bool matched =
                id ? id->compact() == caseId
                   : (lowered(row.title) + ' ' + lowered(row.firm) + related[caseId]).find(words) != std::string::npos;
            if (!matched) {
                continue;
            }
        }
        if ((!statuses.empty() && !statuses.contains(row.status)) || (!types.empty() && !types.contains(row.type))
            || (filter.assignedToMe && row.assignedTo != me)
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
