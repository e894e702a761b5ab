#include "core/sync/CachedCaseStore.h"

#include "core/remote/PgArray.h"
#include "core/sync/CacheOwner.h"
#include "core/sync/JsonFields.h"
#include "core/sync/OfflineEdits.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <tuple>

namespace cms::core::sync {

namespace {

using cases::CaseSummary;

// The summary's editable fields that may be empty, which the server holds as NULL.
bool nullable(const std::string& field)
{
    return field == "closed_on" || field == "closure_reason" || field == "assigned_to" || field == "team_id"
           || field == "opened_on";
}

// "2026-11-22T09:15:00.123+00:00" as the case form shows a stamp ("2026-11-22 09:15:00").
std::string shownTime(const std::string& iso)
{
    std::string shown = iso.substr(0, 19);
    std::ranges::replace(shown, 'T', ' ');
    return shown;
}

// The server's rules on who changes what of a case (guard_case), asked here too: offline the
// server would refuse the edit only at the sync, after the person had moved on. The server
// still decides.
std::optional<std::string> refusedForRole(const CaseSummary& base, const CaseSummary& edited, const std::string& role)
{
    const bool manages = role == "manager";
    if (base.status == "closed" && edited.status != "closed" && !manages) {
        return "Only a manager may reopen a closed case.";
    }
    if (base.restricted != edited.restricted && !manages) {
        return "Only a manager may restrict a case or lift a restriction.";
    }
    if (base.legalHold != edited.legalHold && !manages && role != "records_manager") {
        return edited.legalHold ? "Only a manager or a records manager may place a legal hold."
                                : "Only a manager or a records manager may lift a legal hold.";
    }
    return std::nullopt;
}

} // namespace

CachedCaseStore::CachedCaseStore(const cache::CacheDatabase& cache)
    : m_cache(cache)
{}

Result<CaseSummary> CachedCaseStore::load(const std::string& caseId) const
{
    auto data = OfflineEdits(m_cache).row("cases", caseId);
    if (!data) {
        return std::unexpected(data.error());
    }
    const auto row = JsonFields::objectOf(*data);
    const auto text = [&](const char* field) {
        return JsonFields::textOf(row, field).value_or("");
    };
    CaseSummary summary;
    summary.id = caseId;
    for (const auto& field : CaseSummary::editableFields()) {
        summary.setField(field, JsonFields::textOf(row, field).value_or(""));
    }
    auto version =
        m_cache.queryValue("SELECT version FROM cached_rows WHERE table_name = 'cases' AND row_id = ?1", {caseId});
    if (!version) {
        return std::unexpected(version.error());
    }
    summary.version = std::stoi(version->value_or("0"));
    summary.updatedAt = shownTime(text("updated_at"));
    summary.updatedBy = text("updated_by");
    return summary;
}

Result<cases::SaveOutcome> CachedCaseStore::save(const CaseSummary& base, const CaseSummary& edited) const
{
    if (base.id.empty()) {
        return fail(ErrorCode::InvalidArgument,
                    "A new case needs the network: the server draws its id. Create it when you are online.");
    }
    if (auto problem = edited.problem()) {
        return fail(ErrorCode::InvalidArgument, *problem);
    }
    const auto owner = CacheOwner::read(m_cache);
    if (auto refused = refusedForRole(base, edited, owner ? owner->jobRole : std::string())) {
        return fail(ErrorCode::ConnectionRefused, *refused);
    }
    ChangedFields changed;
    for (const auto& field : CaseSummary::editableFields()) {
        const auto value = edited.field(field);
        if (value != base.field(field)) {
            changed[field] = nullable(field) && value.empty() ? std::nullopt : std::optional<std::string>(value);
        }
    }
    if (!changed.empty()) {
        if (auto queued = OfflineEdits(m_cache).edit("cases", base.id, changed); !queued) {
            return std::unexpected(queued.error());
        }
    }
    auto saved = load(base.id);
    if (!saved) {
        return std::unexpected(saved.error());
    }
    return cases::SaveOutcome(*saved);
}

Result<cases::RowSaveOutcome>
CachedCaseStore::saveRow(const cases::CaseRowSpec& spec, const cases::CaseRow& base, const cases::CaseRow& edited) const
{
    if (base.id.empty() || edited.id != base.id) {
        return fail(ErrorCode::InvalidArgument,
                    std::string("This ") + spec.singular + " is not one of the case's: add it as a new one.");
    }
    if (auto problem = cases::CaseRows::problem(spec, edited)) {
        return fail(ErrorCode::InvalidArgument, *problem);
    }
    const auto changed = changedRowFields(spec, base, edited);
    if (!changed.empty()) {
        if (auto queued = OfflineEdits(m_cache).edit(spec.table, base.id, changed); !queued) {
            return std::unexpected(queued.error());
        }
    }
    return cases::RowSaveOutcome(edited);
}

Result<cases::CaseRow>
CachedCaseStore::addRow(const cases::CaseRowSpec& spec, const std::string& caseId, const cases::CaseRow& row) const
{
    if (auto problem = cases::CaseRows::problem(spec, row)) {
        return fail(ErrorCode::InvalidArgument, *problem);
    }
    const auto fields = changedRowFields(spec, cases::CaseRow{}, row);
    if (fields.empty()) {
        return fail(ErrorCode::InvalidArgument, std::string("A new ") + spec.singular + " needs at least one field.");
    }
    auto added = OfflineEdits(m_cache).add(spec.table, caseId, fields);
    if (!added) {
        return std::unexpected(added.error());
    }
    cases::CaseRow stored = row;
    stored.id = *added;
    stored.version = 0;
    return stored;
}

Result<void> CachedCaseStore::removeRow(const cases::CaseRowSpec& spec, const cases::CaseRow& row) const
{
    auto removed = OfflineEdits(m_cache).remove(spec.table, row.id);
    if (!removed) {
        return std::unexpected(removed.error());
    }
    return {};
}

ChangedFields CachedCaseStore::changedRowFields(const cases::CaseRowSpec& spec,
                                                const cases::CaseRow& base,
                                                const cases::CaseRow& edited)
{
    ChangedFields changed;
    for (const auto& column : spec.columns) {
        const std::string value = edited.value(column.name);
        if (column.editable && value != base.value(column.name)) {
            changed[column.name] = value.empty() ? std::nullopt : std::optional<std::string>(value);
        }
    }
    return changed;
}

Result<std::vector<cases::CaseRow>> CachedCaseStore::rows(const cases::CaseRowSpec& spec,
                                                          const std::string& caseId) const
{
    auto stored = m_cache.query("SELECT r.row_id, r.version, r.data FROM cached_rows r WHERE r.table_name = ?1 AND "
                                "r.case_id = ?2"
                                    + std::string(kNotRemovedHere),
                                {spec.table, caseId});
    if (!stored) {
        return std::unexpected(stored.error());
    }
    std::vector<cases::CaseRow> rows;
    for (const auto& stored_row : *stored) {
        const auto data = JsonFields::objectOf(stored_row[2].value_or("{}"));
        cases::CaseRow row;
        row.id = stored_row[0].value_or("");
        row.version = std::stoi(stored_row[1].value_or("0"));
        for (const auto& column : spec.columns) {
            auto value = JsonFields::textOf(data, column.name).value_or("");
            if (column.kind == cases::ColumnKind::Timestamp) {
                value = shownTime(value).substr(0, 16);
            }
            row.values[column.name] = value;
        }
        rows.push_back(std::move(row));
    }
    // The spec's order ("collected_on DESC, id"): its first key, then the row id.
    const std::string order = spec.orderBy;
    const std::string key = order.substr(0, order.find_first_of(" ,"));
    const bool descending = order.substr(0, order.find(',')).ends_with(" DESC");
    std::ranges::stable_sort(rows, [&](const cases::CaseRow& a, const cases::CaseRow& b) {
        const auto left = key == "id" ? a.id : a.value(key);
        const auto right = key == "id" ? b.id : b.value(key);
        if (left != right) {
            return descending ? right < left : left < right;
        }
        return a.id < b.id;
    });
    return rows;
}

Result<std::vector<cases::Choice>> CachedCaseStore::choices(const cases::ColumnSpec& column,
                                                            const std::string& caseId,
                                                            const std::vector<cases::CaseRow>& held) const
{
    std::vector<cases::Choice> offered;
    if (column.kind == cases::ColumnKind::Choice) {
        for (const auto& row : held) {
            const auto value = row.value(column.name);
            if (!value.empty() && std::ranges::none_of(offered, [&](const auto& c) { return c.value == value; })) {
                auto label = value;
                std::ranges::replace(label, '_', ' ');
                offered.push_back({value, label});
            }
        }
        return offered;
    }
    if (column.kind != cases::ColumnKind::Reference) {
        return offered;
    }
    const std::string table = column.references;
    const std::string stored = table == "firms" ? "case_firms" : table;
    auto rows = m_cache.query("SELECT r.row_id, r.data FROM cached_rows r WHERE r.table_name = ?1 AND r.case_id = ?2"
                                  + std::string(kNotRemovedHere),
                              {stored, caseId});
    if (!rows) {
        return std::unexpected(rows.error());
    }
    for (const auto& row : *rows) {
        const auto data = JsonFields::objectOf(row[1].value_or("{}"));
        const auto text = [&](const boost::json::object& object, const char* field) {
            return JsonFields::textOf(object, field).value_or("");
        };
        const auto id = row[0].value_or("");
        if (table == "products") {
            const auto model = text(data, "model");
            offered.push_back({id, text(data, "name") + (model.empty() ? "" : " (" + model + ")")});
        } else if (table == "samples") {
            offered.push_back({id, text(data, "sample_number")});
        } else if (table == "firms") {
            const auto* firm = data.if_contains("firm");
            const auto link = id.substr(id.find('/') + 1); // "<case>/<firm>:<role>"
            const auto firmId = link.substr(0, link.find(':'));
            const bool listed = std::ranges::any_of(offered, [&](const auto& c) { return c.value == firmId; });
            if (firm != nullptr && firm->is_object() && !listed) {
                offered.push_back({firmId, text(firm->as_object(), "name")});
            }
        } else if (table == "people") {
            auto kind = text(data, "kind");
            std::ranges::replace(kind, '_', ' ');
            const auto name = text(data, "name_masked");
            offered.push_back({id, (name.empty() ? std::string("(no name)") : name) + ", " + kind});
        }
    }
    std::ranges::sort(offered, [](const auto& a, const auto& b) { return a.label < b.label; });
    return offered;
}

Result<std::vector<cases::CaseFirm>> CachedCaseStore::firms(const std::string& caseId) const
{
    auto stored = m_cache.query("SELECT r.data FROM cached_rows r WHERE r.table_name = 'case_firms' AND r.case_id = ?1"
                                    + std::string(kNotRemovedHere),
                                {caseId});
    if (!stored) {
        return std::unexpected(stored.error());
    }
    std::vector<cases::CaseFirm> firms;
    for (const auto& row : *stored) {
        const auto data = JsonFields::objectOf(row[0].value_or("{}"));
        const auto* firm = data.if_contains("firm");
        const auto of = firm != nullptr && firm->is_object() ? firm->as_object() : boost::json::object();
        const auto text = [](const boost::json::object& object, const char* field) {
            return JsonFields::textOf(object, field).value_or("");
        };
        firms.push_back(
            {text(data, "firm_id"), text(of, "name"), text(data, "firm_role"), text(of, "city"), text(of, "country")});
    }
    std::ranges::sort(
        firms, [](const auto& a, const auto& b) { return a.name != b.name ? a.name < b.name : a.role < b.role; });
    return firms;
}

Result<std::vector<cases::FirmMatch>> CachedCaseStore::firmsOnRecord(const std::string& namePart) const
{
    // SQLCipher 3.4.1's SQLite has no JSON functions: the cache's firm links are few, read here.
    auto stored = m_cache.query("SELECT data FROM cached_rows WHERE table_name = 'case_firms'");
    if (!stored) {
        return std::unexpected(stored.error());
    }
    const auto lowered = [](std::string text) {
        std::ranges::transform(text, text.begin(), [](unsigned char c) { return std::tolower(c); });
        return text;
    };
    const auto part = lowered(namePart);
    std::map<std::string, cases::FirmMatch> byId;
    for (const auto& row : *stored) {
        const auto data = JsonFields::objectOf(row[0].value_or("{}"));
        const auto* firm = data.if_contains("firm");
        if (firm == nullptr || !firm->is_object()) {
            continue;
        }
        const auto id = JsonFields::textOf(data, "firm_id").value_or("");
        const auto name = JsonFields::textOf(firm->as_object(), "name").value_or("");
        if (!id.empty() && lowered(name).find(part) != std::string::npos) {
            byId[id] = {id, name, JsonFields::textOf(firm->as_object(), "city").value_or("")};
        }
    }
    std::vector<cases::FirmMatch> matches;
    for (auto& [id, match] : byId) {
        matches.push_back(std::move(match));
    }
    std::ranges::sort(matches,
                      [](const auto& a, const auto& b) { return a.name != b.name ? a.name < b.name : a.id < b.id; });
    return matches;
}

ChangedFields CachedCaseStore::changedPersonFields(const cases::CasePerson& base, const cases::CasePerson& edited)
{
    ChangedFields changed;
    if (edited.kind != base.kind) {
        changed["kind"] = edited.kind;
    }
    if (edited.source != base.source) {
        changed["source"] = edited.source;
    }
    // A set: compared whatever the order, queued in the form's order (kPiiFields').
    const auto inFormOrder = [](const std::vector<std::string>& fields) {
        std::vector<std::string> ordered;
        for (const char* field : cases::kPiiFields) {
            if (std::ranges::find(fields, field) != fields.end()) {
                ordered.emplace_back(field);
            }
        }
        return ordered;
    };
    const auto now = inFormOrder(edited.declined);
    if (now != inFormOrder(base.declined)) {
        changed["declined_fields"] = remote::pgTextArray(now);
    }
    return changed;
}

Result<void> CachedCaseStore::savePerson(const cases::CasePerson& base, const cases::CasePerson& edited) const
{
    if (auto problem = cases::CasePeople::problem(edited.kind, edited.source, edited.declined)) {
        return fail(ErrorCode::InvalidArgument, *problem);
    }
    const auto changed = changedPersonFields(base, edited);
    if (changed.empty()) {
        return {};
    }
    return m_cache.transaction([&]() -> Result<void> {
        if (auto queued = OfflineEdits(m_cache).edit("people", base.id, changed); !queued) {
            return std::unexpected(queued.error());
        }
        if (!changed.contains("declined_fields")) {
            return {};
        }
        auto data =
            m_cache.queryValue("SELECT data FROM cached_rows WHERE table_name = 'people' AND row_id = ?1", {base.id});
        if (!data) {
            return std::unexpected(data.error());
        }
        boost::json::array declined;
        for (const char* field : cases::kPiiFields) {
            if (std::ranges::find(edited.declined, field) != edited.declined.end()) {
                declined.emplace_back(field);
            }
        }
        auto row = JsonFields::objectOf(data->value_or("{}"));
        row["declined_fields"] = std::move(declined);
        auto kept = m_cache.query("UPDATE cached_rows SET data = ?2 WHERE table_name = 'people' AND row_id = ?1",
                                  {base.id, boost::json::serialize(row)});
        if (!kept) {
            return std::unexpected(kept.error());
        }
        return {};
    });
}

Result<std::vector<cases::CasePerson>> CachedCaseStore::people(const std::string& caseId) const
{
    auto stored = m_cache.query("SELECT row_id, version, data FROM cached_rows WHERE table_name = 'people' AND "
                                "case_id = ?1",
                                {caseId});
    if (!stored) {
        return std::unexpected(stored.error());
    }
    std::vector<cases::CasePerson> people;
    for (const auto& row : *stored) {
        const auto data = JsonFields::objectOf(row[2].value_or("{}"));
        cases::CasePerson person;
        person.id = row[0].value_or("");
        person.version = std::stoi(row[1].value_or("0"));
        person.kind = JsonFields::textOf(data, "kind").value_or("");
        person.source = JsonFields::textOf(data, "source").value_or("");
        if (const auto* declined = data.if_contains("declined_fields"); declined != nullptr && declined->is_array()) {
            for (const auto& field : declined->as_array()) {
                if (field.is_string()) {
                    person.declined.emplace_back(field.as_string());
                }
            }
        }
        for (std::size_t f = 0; f < cases::kPiiFields.size(); ++f) {
            const std::string field = cases::kPiiFields[f];
            person.masked[f] =
                JsonFields::textOf(data, (field == "full_name" ? std::string("name") : field) + "_masked").value_or("");
        }
        people.push_back(std::move(person));
    }
    std::ranges::sort(people, [](const auto& a, const auto& b) {
        return std::tie(a.kind, a.masked[0], a.id) < std::tie(b.kind, b.masked[0], b.id);
    });
    return people;
}

} // namespace cms::core::sync
