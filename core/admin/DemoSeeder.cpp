#include "core/admin/DemoSeeder.h"

#include "core/admin/DemoCasePlan.h"
#include "core/admin/DemoRows.h"
#include "core/remote/PgCopyIn.h"

#include <chrono>

namespace cms::core::admin {

namespace {

using remote::PgConnection;
using remote::PgCopyIn;

// The secondary indexes of the tables a seed fills (not those behind a key or constraint): into
// an empty database they are dropped and built again after loading, which is several times
// faster than maintaining them row by row (the trigram GIN indexes above all).
constexpr std::string_view kSecondaryIndexesSql = R"(
SELECT format('%I.%I', n.nspname, ic.relname), pg_get_indexdef(i.indexrelid)
  FROM pg_index i
  JOIN pg_class ic ON ic.oid = i.indexrelid
  JOIN pg_class t ON t.oid = i.indrelid
  JOIN pg_namespace n ON n.oid = t.relnamespace
 WHERE n.nspname = 'cms' AND t.relkind = 'r' AND NOT i.indisunique
   AND NOT EXISTS (SELECT FROM pg_constraint WHERE conindid = i.indexrelid)
   AND t.relname IN ('firms', 'cases', 'case_status_history', 'case_firms', 'products', 'samples', 'people',
                     'people_pii', 'activities', 'determinations', 'corrective_actions', 'correspondence')
 ORDER BY 1
)";

// Reserves `count` values of a sequence and returns the first.
Result<long long> reserve(const PgConnection& admin, const std::string& sequence, long long count)
{
    if (count == 0) {
        return 0;
    }
    auto first = admin.queryValue("SELECT setval($1::regclass, nextval($1::regclass) + $2 - 1) - $2 + 1",
                                  {sequence, std::to_string(count)});
    if (!first) {
        return std::unexpected(first.error());
    }
    return std::stoll(first->value_or("0"));
}

class Transaction
{
public:
    explicit Transaction(const PgConnection& admin)
        : m_admin(admin)
    {}
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    ~Transaction()
    {
        if (m_open) {
            (void)m_admin.exec("ROLLBACK");
        }
    }
    [[nodiscard]] Result<void> begin()
    {
        if (auto begun = m_admin.exec("BEGIN"); !begun) {
            return std::unexpected(begun.error());
        }
        m_open = true;
        return {};
    }
    [[nodiscard]] Result<void> commit()
    {
        m_open = false;
        if (auto committed = m_admin.exec("COMMIT"); !committed) {
            return std::unexpected(committed.error());
        }
        return {};
    }

private:
    const PgConnection& m_admin;
    bool m_open = false;
};

Result<std::pair<std::vector<DemoAssignee>, std::vector<int>>> loadStaff(const PgConnection& admin)
{
    auto teams = admin.exec("SELECT id FROM cms.teams ORDER BY id");
    if (!teams) {
        return std::unexpected(teams.error());
    }
    std::vector<int> teamIds;
    for (int row = 0; row < teams->rows(); ++row) {
        teamIds.push_back(std::stoi(teams->text(row, 0)));
    }
    auto staff = admin.exec("SELECT login_role, team_id FROM cms.staff WHERE active AND job_role IN "
                            "('officer', 'investigator', 'manager') ORDER BY login_role");
    if (!staff) {
        return std::unexpected(staff.error());
    }
    std::vector<DemoAssignee> assignees;
    for (int row = 0; row < staff->rows(); ++row) {
        assignees.push_back(
            {staff->text(row, 0),
             staff->isNull(row, 1) ? std::nullopt : std::optional<int>(std::stoi(staff->text(row, 1)))});
    }
    return std::pair{std::move(assignees), std::move(teamIds)};
}

} // namespace

DemoSeeder::DemoSeeder(const remote::PgConnection& admin)
    : m_admin(admin)
{}

Result<DemoSeedReport> DemoSeeder::seed(const DemoSeedRequest& request, const Progress& progress) const
{
    if (request.cases <= 0 || request.cases > 10'000'000) {
        return fail(ErrorCode::InvalidArgument, "The number of cases must be between 1 and 10,000,000.");
    }
    const auto started = std::chrono::steady_clock::now();
    Transaction transaction(m_admin);
    if (auto begun = transaction.begin(); !begun) {
        return std::unexpected(begun.error());
    }
    // Two seeds at once would reserve overlapping identifiers.
    if (auto locked = m_admin.exec("LOCK TABLE cms.cases IN SHARE ROW EXCLUSIVE MODE"); !locked) {
        return std::unexpected(locked.error());
    }
    auto existing = m_admin.queryValue("SELECT count(*) FROM (SELECT FROM cms.cases LIMIT 1) AS any_case");
    if (!existing) {
        return std::unexpected(existing.error());
    }
    if (!request.append && existing->value_or("0") != "0") {
        return fail(ErrorCode::InvalidArgument,
                    "The database already holds cases: demo data goes only into an empty database, or with "
                    "--append into a demo one.");
    }
    auto staff = loadStaff(m_admin);
    if (!staff) {
        return std::unexpected(staff.error());
    }
    const DemoCasePlan plan(request.cases, request.seed, std::move(staff->first), std::move(staff->second));
    const long long caseCount = static_cast<long long>(plan.cases().size());
    const long long changes = plan.firmCount() + caseCount * 3 + plan.caseFirmRows() + plan.sampleRows()
                              + plan.personRows() * 2 + plan.determinationRows() + plan.correctiveActionRows() * 2;

    DemoIdBlocks ids;
    for (const auto& [target, sequence, count] :
         {std::tuple{&ids.firstFirm, "cms.firms_id_seq", static_cast<long long>(plan.firmCount())},
          std::tuple{&ids.firstProduct, "cms.products_id_seq", caseCount},
          std::tuple{&ids.firstCorrectiveAction, "cms.corrective_actions_id_seq", plan.correctiveActionRows()},
          std::tuple{&ids.nextChangeSeq, "cms.change_seq", changes}}) {
        auto first = reserve(m_admin, sequence, count);
        if (!first) {
            return std::unexpected(first.error());
        }
        *target = *first;
    }
    // The row triggers would stamp, audit and copy visibility row by row; the rows below carry
    // all of that already, and the seed is audited once. Foreign keys (also triggers) are not
    // checked row by row either: rows refer only to what this seed writes or read from the staff
    // table, and the seeder's test checks every reference.
    if (auto replica = m_admin.exec("SET LOCAL session_replication_role = replica"); !replica) {
        return std::unexpected(replica.error());
    }
    std::vector<std::string> rebuild;
    if (existing->value_or("0") == "0") {
        auto indexes = m_admin.exec(kSecondaryIndexesSql);
        if (!indexes) {
            return std::unexpected(indexes.error());
        }
        for (int row = 0; row < indexes->rows(); ++row) {
            if (auto dropped = m_admin.exec("DROP INDEX " + indexes->text(row, 0)); !dropped) {
                return std::unexpected(dropped.error());
            }
            rebuild.push_back(indexes->text(row, 1));
        }
    }

    DemoRows rows(plan, ids);
    DemoSeedReport report;
    using Writer = Result<void> (DemoRows::*)(PgCopyIn&);
    const std::tuple<const char*, const char*, Writer> tables[] = {
        {"cms.firms", DemoRows::firmsCopySql(), &DemoRows::firms},
        {"cms.cases", DemoRows::casesCopySql(), &DemoRows::cases},
        {"cms.case_status_history", DemoRows::statusHistoryCopySql(), &DemoRows::statusHistory},
        {"cms.case_firms", DemoRows::caseFirmsCopySql(), &DemoRows::caseFirms},
        {"cms.products", DemoRows::productsCopySql(), &DemoRows::products},
        {"cms.samples", DemoRows::samplesCopySql(), &DemoRows::samples},
        {"cms.people", DemoRows::peopleCopySql(), &DemoRows::people},
        {"cms.people_pii", DemoRows::peoplePiiCopySql(), &DemoRows::peoplePii},
        {"cms.activities", DemoRows::activitiesCopySql(), &DemoRows::activities},
        {"cms.determinations", DemoRows::determinationsCopySql(), &DemoRows::determinations},
        {"cms.corrective_actions", DemoRows::correctiveActionsCopySql(), &DemoRows::correctiveActions},
        {"cms.correspondence", DemoRows::correspondenceCopySql(), &DemoRows::correspondence},
    };
    for (const auto& [table, copySql, writer] : tables) {
        auto copy = PgCopyIn::begin(m_admin, copySql);
        if (!copy) {
            return std::unexpected(copy.error());
        }
        if (auto written = (rows.*writer)(*copy); !written) {
            return std::unexpected(written.error());
        }
        auto count = copy->finish();
        if (!count) {
            return std::unexpected(count.error());
        }
        report.rowsByTable.emplace_back(table, *count);
        report.totalRows += *count;
        if (progress) {
            progress(table, *count);
        }
    }

    if (auto memory = m_admin.exec("SET LOCAL maintenance_work_mem = '512MB'"); !memory) {
        return std::unexpected(memory.error());
    }
    for (const std::string& definition : rebuild) {
        if (auto built = m_admin.exec(definition); !built) {
            return std::unexpected(built.error());
        }
    }
    if (progress && !rebuild.empty()) {
        progress("indexes rebuilt", static_cast<long long>(rebuild.size()));
    }
    if (auto restored = m_admin.exec("SET LOCAL session_replication_role = origin"); !restored) {
        return std::unexpected(restored.error());
    }
    if (auto audited =
            m_admin.exec("SELECT cms_audit.record_event('demo.seed', 'database', current_database(), 'success', "
                         "jsonb_build_object('cases', $1::bigint, 'seed', $2::text, 'rows', $3::bigint))",
                         {std::to_string(caseCount), std::to_string(request.seed), std::to_string(report.totalRows)});
        !audited) {
        return std::unexpected(audited.error());
    }
    if (auto committed = transaction.commit(); !committed) {
        return std::unexpected(committed.error());
    }
    report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return report;
}

} // namespace cms::core::admin
