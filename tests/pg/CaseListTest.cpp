// The case list over the server (issue: case work): search, filters, sort and pages as each
// person's policies allow, and saved searches.
#include "core/cases/CaseList.h"

#include "core/cases/CaseFirms.h"
#include "core/cases/SavedSearches.h"
#include "core/model/CaseId.h"
#include "tests/pg/AccessFixture.h"
#include "tests/support/Connections.h"

#include <catch2/catch.hpp>
#include <random>
#include <set>

using cms::core::cases::CaseList;
using cms::core::cases::CaseListColumn;
using cms::core::cases::CaseListFilter;
using namespace cms::tests;

namespace {

// Five cases opened on a day of their own (a random day of the 20th century: earlier runs' cases
// are elsewhere), for filters and pages whose answer the test knows. Removed afterwards.
struct DatedCases
{
    std::string day;
    std::vector<std::string> ids; // by title: A..E

    DatedCases()
    {
        std::mt19937 random(std::random_device{}());
        const auto admin = adminConnection();
        day = must(admin, "SELECT (date '1901-01-01' + $1::int)::text", {std::to_string(random() % 36000)}).text(0, 0);
        const auto team = must(admin, "SELECT team_id FROM cms.staff WHERE login_role = 'oortega'").text(0, 0);
        for (const char* title : {"A toaster", "B kettle", "C heater", "D crib", "E helmet"}) {
            ids.push_back(must(admin,
                               "INSERT INTO cms.cases (title, case_type, opened_on, team_id, status) VALUES ($1, "
                               "'import_sample', $2::date, $3, CASE WHEN $1 LIKE 'E%' THEN 'under_review' ELSE "
                               "'open' END::cms.case_status) RETURNING id",
                               {std::string(title), day, team})
                              .text(0, 0));
        }
    }
    ~DatedCases()
    {
        const auto admin = adminConnection();
        for (const auto& id : ids) {
            (void)admin.exec("DELETE FROM cms.cases WHERE id = $1", {id});
        }
    }

    [[nodiscard]] CaseListFilter filter() const
    {
        CaseListFilter filter;
        filter.openedFrom = day;
        filter.openedTo = day;
        filter.sortColumn = CaseListColumn::Title;
        filter.ascending = true;
        return filter;
    }
};

std::vector<std::string> idsOf(const std::vector<cms::core::cases::CaseListRow>& rows)
{
    std::vector<std::string> ids;
    for (const auto& row : rows) {
        ids.push_back(row.id);
    }
    return ids;
}

} // namespace

TEST_CASE("The case list pages in the chosen sort, with the total, and filters in the server", "[pg][token][cases]")
{
    const DatedCases cases;
    const auto officer = connectAs("oortega");
    const CaseList list(officer.connection);
    auto filter = cases.filter();

    REQUIRE(list.count(filter) == 5);
    std::vector<std::string> paged;
    for (long long offset = 0; offset < 5; offset += 2) {
        const auto page = list.page(filter, offset, 2);
        REQUIRE(page);
        for (const auto& id : idsOf(*page)) {
            paged.push_back(id);
        }
    }
    CHECK(paged == cases.ids); // A..E, no row twice, none missing

    filter.ascending = false;
    const auto descending = list.page(filter, 0, 10);
    REQUIRE(descending);
    CHECK(idsOf(*descending) == std::vector<std::string>(cases.ids.rbegin(), cases.ids.rend()));

    filter.statuses = {"under_review"};
    CHECK(list.count(filter) == 1);
    filter.statuses = {"closed"};
    CHECK(list.count(filter) == 0);
    filter.statuses = {"finished"};
    const auto unknown = list.count(filter);
    REQUIRE_FALSE(unknown);
    CHECK_THAT(unknown.error().message, Catch::Contains("\"finished\" is not a case status"));

    filter = cases.filter();
    filter.myTeam = true;
    CHECK(list.count(filter) == 5);
    filter.openedTo = "yesterday";
    REQUIRE_FALSE(list.count(filter));

    const auto row = list.page(cases.filter(), 0, 1);
    REQUIRE(row);
    REQUIRE(row->size() == 1);
    CHECK(row->front().title == "A toaster");
    CHECK(row->front().type == "import_sample");
    CHECK(row->front().openedOn == cases.day);
    CHECK_FALSE(row->front().lastChanged.empty());
}

TEST_CASE("Each case-list search is recorded once, with its filters and matches, never the words typed",
          "[pg][token][cases][audit]")
{
    const DatedCases cases;
    const auto officer = connectAs("oortega");
    const CaseList list(officer.connection);
    const auto admin = adminConnection();
    const auto searches = [&] {
        return must(admin,
                    "SELECT count(*) OVER (), details->>'matches', details->>'text', details->>'statuses', "
                    "details->>'case_id', details::text FROM cms_audit.events WHERE event_type = 'search.cases' AND "
                    "actor = 'oortega' AND details->>'opened_from' = $1 ORDER BY id DESC LIMIT 1",
                    {cases.day});
    };
    auto filter = cases.filter();
    filter.statuses = {"open"};
    filter.search = "kettle"; // firms, products and samples are searched, not titles: no match
    REQUIRE(list.page(filter, 0, 2));
    REQUIRE(list.page(filter, 2, 2)); // scrolling is not a new search
    CHECK(searches().rows() == 0);
    const auto matches = list.count(filter);
    REQUIRE(matches == 0);
    const auto recorded = searches();
    REQUIRE(recorded.rows() == 1);
    CHECK(recorded.text(0, 0) == "1");
    CHECK(recorded.text(0, 1) == "0");
    CHECK(recorded.text(0, 2) == "true");
    CHECK(recorded.text(0, 3) == R"(["open"])");
    CHECK_THAT(recorded.text(0, 5), !Catch::Contains("kettle"));

    // A case id is not a secret: the search names it.
    filter = cases.filter();
    filter.search = cms::core::model::CaseId::parse(cases.ids[1]).value().display();
    REQUIRE(list.count(filter) == 1);
    const auto byId = searches();
    CHECK(byId.text(0, 0) == "2");
    CHECK(byId.text(0, 1) == "1");
    CHECK(byId.text(0, 4) == cases.ids[1]);
}

TEST_CASE("Sorting by firm follows each case's lead firm as firms are added, renamed and removed", "[pg][token][cases]")
{
    const DatedCases cases;
    const auto officer = connectAs("oortega");
    const CaseList list(officer.connection);
    const cms::core::cases::CaseFirms firms(officer.connection);
    const std::string tag = std::to_string(std::random_device{}());
    // Case A gets firm "C", B gets "A", C gets "B"; D and E have none.
    for (const auto& [at, name] : {std::pair{0, "C"}, std::pair{1, "A"}, std::pair{2, "B"}}) {
        REQUIRE(firms.add(cases.ids[at], "", name + (" Sorted Firm " + tag), "Baltimore", "US", "retailer"));
    }
    auto filter = cases.filter();
    filter.sortColumn = CaseListColumn::Firm;
    const auto order = [&] {
        return idsOf(list.page(filter, 0, 10).value());
    };
    const auto ascending = order(); // the cases without a firm last, among themselves by id
    CHECK(std::vector(ascending.begin(), ascending.begin() + 3)
          == std::vector{cases.ids[1], cases.ids[2], cases.ids[0]});
    CHECK(std::set(ascending.begin() + 3, ascending.end()) == std::set{cases.ids[3], cases.ids[4]});
    CHECK(list.page(filter, 0, 1).value().front().firm == "A Sorted Firm " + tag);

    // A manufacturer comes before a retailer: it becomes case A's lead firm, and its place.
    REQUIRE(firms.add(cases.ids[0], "", "0 Maker " + tag, "Baltimore", "US", "manufacturer"));
    CHECK(order().front() == cases.ids[0]);
    // A firm renamed moves its cases; a case without firms goes to the end again.
    const auto bFirm = firms.load(cases.ids[2]).value().front();
    must(adminConnection(),
         "UPDATE cms.firms SET name = $1 WHERE id = $2::bigint",
         {"Z Sorted Firm " + tag, bFirm.firmId});
    REQUIRE(firms.remove(cases.ids[1], firms.load(cases.ids[1]).value().front()));
    filter.ascending = false; // NULLs first when descending: the order of the index read backwards
    const auto descending = order();
    CHECK(std::vector(descending.begin() + 3, descending.end()) == std::vector{cases.ids[2], cases.ids[0]});
    CHECK(std::set(descending.begin(), descending.begin() + 3) == std::set{cases.ids[1], cases.ids[3], cases.ids[4]});
}

TEST_CASE("Searching by case id is exact and checks the id, and restricted cases stay hidden", "[pg][token][cases]")
{
    const AccessFixture fixture;
    const auto officer = connectAs("oortega"); // Port team
    const CaseList list(officer.connection);
    CaseListFilter filter;

    const auto displayed = cms::core::model::CaseId::parse(fixture.portRestricted)->display();
    filter.search = displayed;
    CHECK(list.count(filter) == 1);
    filter.search = cms::core::model::CaseId::parse(fixture.hqRestricted)->display();
    CHECK(list.count(filter) == 0); // another team's restricted case: as if it did not exist

    std::string typo = displayed;
    typo[0] = typo[0] == 'A' ? 'B' : 'A';
    filter.search = typo;
    const auto mistyped = list.count(filter);
    REQUIRE_FALSE(mistyped);
    CHECK_THAT(mistyped.error().message, Catch::Contains("mistyped"));
}

TEST_CASE("Saved searches are each person's own", "[pg][token][cases]")
{
    const auto officer = connectAs("oortega");
    const auto analyst = connectAs("aalvarez");
    const cms::core::cases::SavedSearches mine(officer.connection);
    CaseListFilter filter;
    filter.statuses = {"open", "pending_action"};
    filter.assignedToMe = true;
    filter.sortColumn = CaseListColumn::LastChanged;
    REQUIRE(mine.save("My open work", filter));
    filter.ascending = true;
    REQUIRE(mine.save("My open work", filter)); // replaces

    const auto listed = mine.list();
    REQUIRE(listed);
    const auto found = std::ranges::find(*listed, std::string("My open work"), &cms::core::cases::SavedSearch::name);
    REQUIRE(found != listed->end());
    CHECK(found->filter == filter);

    const auto theirs = cms::core::cases::SavedSearches(analyst.connection).list();
    REQUIRE(theirs);
    CHECK(std::ranges::find(*theirs, std::string("My open work"), &cms::core::cases::SavedSearch::name)
          == theirs->end());
    CHECK_FALSE(mine.save("  ", filter));

    // A person's name typed into the search is PII: it is not kept.
    filter.personName = "Marchetti";
    REQUIRE(mine.save("My open work", filter));
    const auto again = mine.list();
    REQUIRE(again);
    const auto kept = std::ranges::find(*again, std::string("My open work"), &cms::core::cases::SavedSearch::name);
    REQUIRE(kept != again->end());
    CHECK(kept->filter.personName.empty());
    CHECK(kept->filter.statuses == filter.statuses);
    REQUIRE(mine.remove("My open work"));
}
