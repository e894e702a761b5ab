#include "tests/pg/AccessFixture.h"
#include "tests/support/Connections.h"
#include "tests/support/DevEnvironment.h"

#include <catch2/catch.hpp>
#include <set>

using namespace cms::tests;
using cms::core::remote::PgConnection;

namespace {

std::set<std::string> column(const cms::core::remote::PgResult& rows)
{
    std::set<std::string> values;
    for (int row = 0; row < rows.rows(); ++row) {
        values.insert(rows.text(row, 0));
    }
    return values;
}

// One firm, product, sample and person on each of the fixture's cases, with names no other test
// run shares, entered by the operator.
struct SearchFixture : AccessFixture
{
    SearchFixture()
    {
        const auto admin = adminConnection();
        firm = "Zephyrine " + openCase + " Imports";
        model = "ZQ-" + openCase;
        sample = "S-" + openCase;
        person = "Ottoline Quillfeather" + openCase;
        const auto firmId = must(admin, "INSERT INTO cms.firms (name) VALUES ($1) RETURNING id", {firm}).text(0, 0);
        int n = 0;
        for (const auto& id : cases()) {
            must(admin,
                 "INSERT INTO cms.case_firms (case_id, firm_id, firm_role) VALUES ($1, $2, 'importer')",
                 {id, firmId});
            must(admin, "INSERT INTO cms.products (case_id, name, model) VALUES ($1, 'Night light', $2)", {id, model});
            must(admin,
                 "INSERT INTO cms.samples (case_id, sample_number, collected_on) VALUES ($1, $2, current_date)",
                 {id, sample + "-" + std::to_string(++n)});
            const auto personId = must(admin,
                                       "INSERT INTO cms.people (case_id, kind, source) VALUES ($1, 'purchaser', "
                                       "'individual') RETURNING id",
                                       {id})
                                      .text(0, 0);
            must(admin,
                 "INSERT INTO cms.people_pii (person_id, case_id, full_name) VALUES ($1, $2, $3)",
                 {personId, id, person});
        }
    }

    [[nodiscard]] std::vector<std::string> cases() const
    {
        return {openCase, portRestricted, hqRestricted, sharedWithContractor};
    }

    std::string firm;
    std::string model;
    std::string sample;
    std::string person;
};

} // namespace

TEST_CASE("Searches find exactly what the policies let each person see", "[pg][token][rls][search]")
{
    const SearchFixture fixture;
    const std::string ours = "('" + fixture.openCase + "', '" + fixture.portRestricted + "', '" + fixture.hqRestricted
                             + "', '" + fixture.sharedWithContractor + "')";
    for (const auto& someone : DevEnvironment::get().people()) {
        if (someone.isBadCard()) {
            continue;
        }
        INFO(someone.role);
        const auto signedIn = connectAs(someone.tokenLabel);
        const PgConnection& db = signedIn.connection;
        // Roles that read no cases (data-lake reader, access administrator) are refused the table.
        const std::string visibleSql = "SELECT id FROM cms.cases WHERE id IN " + ours;
        const auto visible =
            sqlStateOf(db, visibleSql) == "42501" ? std::set<std::string>{} : column(must(db, visibleSql));

        for (const std::string& term :
             {fixture.firm.substr(0, fixture.firm.size() - 4), fixture.model, fixture.sample + "-2"}) {
            INFO("term " << term);
            const auto found = column(must(db, "SELECT case_id FROM cms.find_cases($1)", {term}));
            if (term == fixture.sample + "-2") {
                // One sample number, one case: found only where that case is visible.
                CHECK(found.size() == (visible.contains(fixture.portRestricted) ? 1U : 0U));
            } else {
                CHECK(found == visible);
            }
        }

        // Similar names from earlier runs match too (the search tolerates typos): keep this run's.
        const auto people = column(
            must(db, "SELECT case_id FROM cms.search_people_by_name($1) WHERE case_id IN " + ours, {fixture.person}));
        const bool piiHolder =
            must(db, "SELECT pg_has_role(session_user, 'cms_pii_holder', 'MEMBER')").text(0, 0) == "t";
        if (piiHolder) {
            // The truth, read as the owner: the cases of ours holding that name; the search finds
            // those of them visible here, and only those.
            const auto holding =
                column(must(adminConnection(),
                            "SELECT case_id FROM cms.people_pii WHERE full_name = $1 AND case_id IN " + ours,
                            {fixture.person}));
            for (const auto& caseId : visible) {
                CHECK(holding.contains(caseId) == people.contains(caseId));
            }
            CHECK(people == visible);
        } else {
            CHECK(people.empty());
        }
    }
}

TEST_CASE("Search terms are text, never patterns: wildcards are taken literally", "[pg][token][search]")
{
    const SearchFixture fixture;
    const auto officer = connectAs("oortega");
    CHECK(must(officer.connection, "SELECT count(*) FROM cms.find_cases('%%%')").text(0, 0) == "0");
    CHECK(must(officer.connection, "SELECT count(*) FROM cms.find_cases('___')").text(0, 0) == "0");
    CHECK(must(officer.connection, "SELECT count(*) FROM cms.find_cases('ab')").text(0, 0) == "0");
    CHECK(must(officer.connection, "SELECT count(*) FROM cms.find_cases($1)", {fixture.model}).text(0, 0) == "3");
}
