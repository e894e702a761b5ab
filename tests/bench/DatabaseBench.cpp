// The central database at the scale of the office (issue: central database): the demo seed's
// rate, and the main queries of the case screens as a signed-in officer over her card's TLS
// connection, each beside the same query run as the table owner (row-level security off) to give
// the policies' cost as a ratio of server time (EXPLAIN ANALYZE: planning + execution).
#include "tests/bench/BenchDatabase.h"
#include "tests/bench/Benchmark.h"
#include "tests/support/Connections.h"

#include <stdexcept>
#include <string>
#include <vector>

namespace cms::bench {

namespace {

using core::remote::PgConnection;
using tests::must;

constexpr const char* kOfficer = "oortega";
constexpr int kSamples = 200;

struct Query
{
    const char* name;
    const char* sql;
    // Draws the inputs from the benchmark database (deterministic for a given seed).
    const char* inputsSql;
};

const Query kCaseById{"case_by_id",
                      "SELECT id, title, case_type, status, opened_on, closed_on, assigned_to, team_id, restricted, "
                      "legal_hold, version FROM cms.cases WHERE id = $1",
                      "SELECT id FROM cms.cases WHERE change_seq % 4999 = 0 LIMIT 200"};
const Query kSearchFirm{"search_firm",
                        "SELECT case_id, title, status, opened_on FROM cms.find_cases($1)",
                        "SELECT split_part(name, ' ', 1) || ' ' || split_part(name, ' ', 2) FROM cms.firms "
                        "WHERE id % 1249 = 0 LIMIT 200"};
const Query kSearchProduct{"search_product",
                           "SELECT case_id, title, status, opened_on FROM cms.find_cases($1)",
                           "SELECT model FROM cms.products WHERE id % 4999 = 0 LIMIT 200"};
const Query kSearchPersonName{"search_person_name",
                              "SELECT person_id, case_id, full_name FROM cms.search_people_by_name($1)",
                              "SELECT full_name FROM cms.people_pii WHERE change_seq % 14999 = 0 LIMIT 200"};
const Query kSearchPersonNameTypo{"search_person_name_typo",
                                  "SELECT person_id, case_id, full_name FROM cms.search_people_by_name($1)",
                                  "SELECT overlay(full_name placing 'x' from 3 for 1) FROM cms.people_pii "
                                  "WHERE change_seq % 14999 = 0 LIMIT 200"};
const Query kMyOpenCases{"my_open_cases",
                         "SELECT id, title, case_type, status, opened_on FROM cms.cases "
                         "WHERE assigned_to = $1 AND status <> 'closed' ORDER BY opened_on DESC LIMIT 50",
                         "SELECT 'oortega' FROM generate_series(1, 200)"};

std::vector<std::string> inputsOf(const Query& query)
{
    BenchDatabase::ensure();
    const auto rows = must(BenchDatabase::admin(), query.inputsSql);
    std::vector<std::string> inputs;
    for (int row = 0; row < rows.rows(); ++row) {
        inputs.push_back(rows.text(row, 0));
    }
    if (inputs.empty()) {
        throw std::runtime_error(std::string("no inputs for ") + query.name);
    }
    return inputs;
}

double p95AsOfficer(const Query& query)
{
    const auto inputs = inputsOf(query);
    const auto officer = BenchDatabase::connectAs(kOfficer);
    for (const auto& input : inputs) { // warm the caches
        must(officer.connection, query.sql, {input});
    }
    return p95Milliseconds(kSamples, [&](int i) {
        must(officer.connection, query.sql, {inputs[static_cast<std::size_t>(i) % inputs.size()]});
    });
}

// Planning + execution time the server reports for the statement, in milliseconds.
double serverMilliseconds(const PgConnection& connection, const std::string& sql, const std::string& input)
{
    const auto plan = must(connection, "EXPLAIN (ANALYZE, TIMING OFF) " + sql, {input});
    double total = 0;
    for (int row = 0; row < plan.rows(); ++row) {
        const std::string line = plan.text(row, 0);
        for (const char* label : {"Planning Time: ", "Execution Time: "}) {
            if (line.starts_with(label)) {
                total += std::stod(line.substr(std::string(label).size()));
            }
        }
    }
    return total;
}

double rlsRatio(const Query& query)
{
    const auto inputs = inputsOf(query);
    const auto officer = BenchDatabase::connectAs(kOfficer);
    const auto owner = BenchDatabase::admin();
    must(owner, "SET ROLE cms_owner");
    double withPolicies = 0;
    double withoutPolicies = 0;
    for (int pass = 0; pass < 2; ++pass) { // the first pass warms the caches
        withPolicies = 0;
        withoutPolicies = 0;
        for (const auto& input : inputs) {
            withPolicies += serverMilliseconds(officer.connection, query.sql, input);
            withoutPolicies += serverMilliseconds(owner, query.sql, input);
        }
    }
    return withPolicies / withoutPolicies;
}

Benchmark latency(const Query& query, double targetMs, const char* what)
{
    return {query.name,
            std::string(what) + ", p95 of " + std::to_string(kSamples) + " as an officer over the card connection",
            targetMs,
            "ms",
            [&query] {
                return Measurement{p95AsOfficer(query), "ms"};
            }};
}

Benchmark policyCost(const Query& query)
{
    return {std::string(query.name) + "_rls_ratio",
            "server time with row-level security / as the table owner without it",
            1.3,
            "x",
            [&query] {
                return Measurement{rlsRatio(query), "x"};
            }};
}

const Registration kSeedRate{{
    "seed_rate",
    "cmsadmin demo seed into an empty database: rows per second, COPY in one transaction, indexes rebuilt",
    50'000,
    "rows/s",
    [] {
        const auto report = BenchDatabase::reseed();
        return Measurement{static_cast<double>(report.totalRows) / report.seconds, "rows/s"};
    },
    true,
}};

const Registration kCaseByIdLatency{latency(kCaseById, 2, "case by id")};
const Registration kCaseByIdCost{policyCost(kCaseById)};
const Registration kSearchFirmLatency{latency(kSearchFirm, 50, "cases of a firm by name (trigram), first 50")};
const Registration kSearchFirmCost{policyCost(kSearchFirm)};
const Registration kSearchProductLatency{
    latency(kSearchProduct, 50, "cases of a product by model (trigram), first 50")};
const Registration kSearchProductCost{policyCost(kSearchProduct)};
const Registration kSearchPersonLatency{
    latency(kSearchPersonName, 50, "person-name search as a PII-holder (trigram, audited)")};
const Registration kSearchPersonCost{policyCost(kSearchPersonName)};
const Registration kSearchPersonTypoLatency{
    latency(kSearchPersonNameTypo, 50, "the same with one letter of the given name wrong (word similarity)")};
const Registration kMyOpenCasesLatency{latency(kMyOpenCases, 20, "first page of my open cases, newest first")};
const Registration kMyOpenCasesCost{policyCost(kMyOpenCases)};

} // namespace

} // namespace cms::bench
