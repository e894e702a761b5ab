#include "core/common/Sha256.h"
#include "core/model/PiiMask.h"
#include "tests/pg/AccessFixture.h"
#include "tests/support/Connections.h"

#include <catch2/catch.hpp>

using namespace cms::tests;
using cms::core::remote::PgConnection;

namespace {

struct EnteredPerson
{
    std::string id;
    std::string fullName;
};

// A purchaser entered by the officer (a PII-holder), as the case form will: the record, then its PII.
EnteredPerson enterPurchaser(const PgConnection& officer, const std::string& caseId, const std::string& fullName)
{
    const auto id = must(officer,
                         "INSERT INTO cms.people (case_id, kind, source, declined_fields) "
                         "VALUES ($1, 'purchaser', 'individual', '{address}') RETURNING id",
                         {caseId})
                        .text(0, 0);
    must(officer,
         "INSERT INTO cms.people_pii (person_id, case_id, full_name, email, phone) VALUES ($1, $2, $3, $4, $5)",
         {id, caseId, fullName, "jane.q@example.org", "(410) 555-0142"});
    return {id, fullName};
}

std::string count(const PgConnection& connection, const std::string& sql, const std::string& value)
{
    return must(connection, sql, {value}).text(0, 0);
}

} // namespace

TEST_CASE("PII is read only with the grant, and everyone else sees masked values (PIA Q27)", "[pg][token][pii]")
{
    const AccessFixture fixture;
    const auto officer = connectAs("oortega");  // PII-holder
    const auto analyst = connectAs("aalvarez"); // no PII grant
    const auto person = enterPurchaser(officer.connection, fixture.openCase, "Janet Quinlan");

    const auto masked = must(analyst.connection,
                             "SELECT name_masked, email_masked, phone_masked, source, declined_fields::text, "
                             "member_of_public FROM cms.people WHERE id = $1",
                             {person.id});
    REQUIRE(masked.rows() == 1);
    CHECK(masked.text(0, 0) == "J**** Q******");
    CHECK(masked.text(0, 1) == "j***@e***.org");
    CHECK(masked.text(0, 2) == "***-***-0142");
    CHECK(masked.text(0, 3) == "individual");
    CHECK(masked.text(0, 4) == "{address}");
    CHECK(masked.text(0, 5) == "t");
    CHECK(sqlStateOf(analyst.connection, "SELECT full_name FROM cms.people_pii") == "42501");
    // PII-holders too read PII only through cms.reveal_pii, one recorded field at a time (0013).
    CHECK(sqlStateOf(officer.connection, "SELECT full_name FROM cms.people_pii") == "42501");
    CHECK(count(officer.connection, "SELECT cms.reveal_pii($1, 'full_name')", person.id) == person.fullName);

    const auto auditor = connectAs("aunger");
    const auto lastReveal = [&] {
        return must(auditor.connection,
                    "SELECT actor, outcome, details::text FROM cms_audit.events WHERE event_type = 'pii.reveal' "
                    "AND object_id = $1 ORDER BY id DESC LIMIT 1",
                    {person.id});
    };
    auto reveal = lastReveal();
    CHECK(reveal.text(0, 0) == "oortega");
    CHECK(reveal.text(0, 1) == "success");
    CHECK_THAT(reveal.text(0, 2), Catch::Contains("full_name") && !Catch::Contains("Quinlan"));

    CHECK(count(analyst.connection, "SELECT coalesce(cms.reveal_pii($1, 'full_name'), 'refused')", person.id)
          == "refused");
    reveal = lastReveal();
    CHECK(reveal.text(0, 0) == "aalvarez");
    CHECK(reveal.text(0, 1) == "refused");
    CHECK(sqlStateOf(officer.connection, "SELECT cms.reveal_pii('" + person.id + "', 'version')") == "22023");

    SECTION("a contractor holding the PII grant reveals only people of the cases shared with them")
    {
        // The grant given and used in one transaction of the superuser's, rolled back: the dev
        // contractor holds no PII grant, and other tests running meanwhile never see one.
        const auto shared = enterPurchaser(officer.connection, fixture.sharedWithContractor, "Colm Achterberg");
        const auto admin = adminConnection();
        must(admin, "BEGIN");
        must(admin, "GRANT cms_pii_holder TO cchen");
        must(admin, "SET SESSION AUTHORIZATION cchen");
        CHECK(count(admin, "SELECT cms.reveal_pii($1, 'full_name')", shared.id) == shared.fullName);
        // Before 0030 the restricted-case rule alone let this one through (the case is not restricted).
        CHECK(count(admin, "SELECT coalesce(cms.reveal_pii($1, 'full_name'), 'refused')", person.id) == "refused");
        CHECK(count(admin, "SELECT count(*) FROM cms.checkout_pii(ARRAY[$1::uuid])", person.id) == "0");
        must(admin, "RESET SESSION AUTHORIZATION");
        CHECK_THAT(count(admin,
                         "SELECT details::text FROM cms_audit.events WHERE event_type = 'pii.reveal' AND "
                         "object_id = $1 ORDER BY id DESC LIMIT 1",
                         person.id),
                   Catch::Contains("not visible"));
        must(admin, "ROLLBACK");
    }
    SECTION("a 15(b) reporter may not decline to provide information (PIA Q15)")
    {
        CHECK(sqlStateOf(officer.connection,
                         "INSERT INTO cms.people (case_id, kind, source, declined_fields) VALUES ('" + fixture.openCase
                             + "', 'contact', 'section_15b_report', '{phone}')")
              == "23514");
        CHECK(sqlStateOf(officer.connection,
                         "INSERT INTO cms.people (case_id, kind, source, declined_fields) VALUES ('" + fixture.openCase
                             + "', 'contact', 'import_documents', '{favourite_colour}')")
              == "23514");
    }
    SECTION("PII cannot be attached to a person of another case, nor written masked values by hand")
    {
        CHECK(sqlStateOf(officer.connection,
                         "INSERT INTO cms.people_pii (person_id, case_id, full_name) VALUES ('" + person.id + "', '"
                             + fixture.portRestricted + "', 'X')")
              != "");
        CHECK(sqlStateOf(officer.connection,
                         "UPDATE cms.people SET name_masked = 'Someone else' WHERE id = '" + person.id + "'")
              == "42501");
        CHECK(
            sqlStateOf(officer.connection,
                       "UPDATE cms.people_pii SET full_name = 'Quietly changed' WHERE person_id = '" + person.id + "'")
            == "42501");
    }
}

TEST_CASE("The rows of a restricted case follow its visibility, and no client can lift that", "[pg][token][pii][rls]")
{
    const AccessFixture fixture;
    const auto officer = connectAs("oortega");  // Port team
    const auto analyst = connectAs("aalvarez"); // HQ team
    const auto contractor = connectAs("cchen");
    const auto manager = connectAs("mmoore");

    const auto product =
        must(officer.connection,
             "INSERT INTO cms.products (case_id, name, brand, upc) VALUES ($1, 'Ride-on toy', 'Zoomer', "
             "'036000291452') RETURNING id",
             {fixture.portRestricted})
            .text(0, 0);
    const auto person = enterPurchaser(officer.connection, fixture.portRestricted, "Harold Whitcombe");
    const auto note =
        must(officer.connection,
             "INSERT INTO cms.activities (case_id, kind, summary) VALUES ($1, 'note', 'Met the importer') "
             "RETURNING id",
             {fixture.portRestricted})
            .text(0, 0);

    const std::string productSql = "SELECT count(*) FROM cms.products WHERE id = $1";
    const std::string personSql = "SELECT count(*) FROM cms.people WHERE id = $1";
    const std::string noteSql = "SELECT count(*) FROM cms.activities WHERE id = $1";
    CHECK(count(analyst.connection, productSql, product) == "0");
    CHECK(count(analyst.connection, personSql, person.id) == "0");
    CHECK(count(analyst.connection, noteSql, note) == "0");
    CHECK(count(contractor.connection, productSql, product) == "0");
    CHECK(count(manager.connection, productSql, product) == "1");

    SECTION("the copy of the case's visibility is the server's: setting it by hand changes nothing")
    {
        must(officer.connection,
             "UPDATE cms.products SET case_restricted = false, case_team_id = NULL WHERE id = $1",
             {product});
        CHECK(count(analyst.connection, productSql, product) == "0");
    }
    SECTION("lifting the case's restriction reaches its rows; sharing reaches the contractor")
    {
        must(manager.connection, "UPDATE cms.cases SET restricted = false WHERE id = $1", {fixture.portRestricted});
        CHECK(count(analyst.connection, productSql, product) == "1");
        CHECK(count(analyst.connection, personSql, person.id) == "1");
        CHECK(count(analyst.connection, noteSql, note) == "1");
        must(manager.connection,
             "INSERT INTO cms.case_shares (case_id, login_role) VALUES ($1, 'cchen')",
             {fixture.portRestricted});
        CHECK(count(contractor.connection, productSql, product) == "1");
    }
    SECTION("a UPC with a wrong check digit is refused")
    {
        CHECK(sqlStateOf(officer.connection,
                         "INSERT INTO cms.products (case_id, name, upc) VALUES ('" + fixture.openCase
                             + "', 'Kettle', '036000291453')")
              == "23514");
    }
}

TEST_CASE("PII corrections: officers and investigators only, with a reason, keeping the prior value's digest "
          "(PIA Q13)",
          "[pg][token][pii]")
{
    const AccessFixture fixture;
    const auto officer = connectAs("oortega");
    const auto investigator = connectAs("iibarra");
    const auto manager = connectAs("mmoore");
    const auto person = enterPurchaser(officer.connection, fixture.openCase, "Marta Oyelaran");
    const std::string correct = "SELECT cms.correct_pii($1, $2, $3, $4)";

    CHECK_FALSE(manager.connection.exec(correct, {person.id, "full_name", "Marta Oyelaran-Reid", "Married name"}));
    const auto noReason = investigator.connection.exec(correct, {person.id, "full_name", "Marta O. Reid", " "});
    REQUIRE_FALSE(noReason);
    CHECK_THAT(noReason.error().message, Catch::Contains("reason"));

    must(investigator.connection,
         correct,
         {person.id, "full_name", "Marta Oyelaran-Reid", "Married name, per the firm"});
    CHECK(count(officer.connection, "SELECT cms.reveal_pii($1, 'full_name')", person.id) == "Marta Oyelaran-Reid");
    CHECK(count(officer.connection, "SELECT name_masked FROM cms.people WHERE id = $1", person.id)
          == "M**** O************");

    const auto history = must(manager.connection,
                              "SELECT corrected_by, field, reason, prior_digest, row_to_json(c)::text "
                              "FROM cms.pii_corrections c WHERE person_id = $1",
                              {person.id});
    REQUIRE(history.rows() == 1);
    CHECK(history.text(0, 0) == "iibarra");
    CHECK(history.text(0, 1) == "full_name");
    CHECK(history.text(0, 2) == "Married name, per the firm");
    CHECK(history.text(0, 3) == cms::sha256Hex(person.fullName));
    CHECK_THAT(history.text(0, 4), !Catch::Contains(person.fullName));
    CHECK(sqlStateOf(officer.connection, "DELETE FROM cms.pii_corrections") == "42501");
}

TEST_CASE("Searching by a person's name: PII-holders only, and always recorded without the name (PIA Q2)",
          "[pg][token][pii][audit]")
{
    const AccessFixture fixture;
    const auto officer = connectAs("oortega");
    const auto analyst = connectAs("aalvarez");
    const auto auditor = connectAs("aunger");
    // Unique to this run (its case id), so that namesakes from earlier runs never crowd it out.
    const auto person = enterPurchaser(officer.connection, fixture.openCase, "Philippa Vandermeer " + fixture.openCase);

    const auto found = must(officer.connection,
                            "SELECT person_id, case_id FROM cms.search_people_by_name($1)",
                            {"Phillipa Vandermer " + fixture.openCase});
    bool hit = false;
    for (int row = 0; row < found.rows(); ++row) {
        hit = hit || (found.text(row, 0) == person.id && found.text(row, 1) == fixture.openCase);
    }
    CHECK(hit);

    const auto event = must(auditor.connection,
                            "SELECT actor, row_to_json(e)::text FROM cms_audit.events e "
                            "WHERE event_type = 'search.person_name' ORDER BY id DESC LIMIT 1");
    REQUIRE(event.rows() == 1);
    CHECK(event.text(0, 0) == "oortega");
    CHECK_THAT(event.text(0, 1), !Catch::Contains("Vander"));

    // Anyone else gets nothing, and the attempt is recorded as refused.
    CHECK(must(analyst.connection, "SELECT count(*) FROM cms.search_people_by_name('Vandermeer')").text(0, 0) == "0");
    const auto refusal = must(auditor.connection,
                              "SELECT actor, outcome FROM cms_audit.events WHERE event_type = 'search.person_name' "
                              "ORDER BY id DESC LIMIT 1");
    CHECK(refusal.text(0, 0) == "aalvarez");
    CHECK(refusal.text(0, 1) == "refused");
    CHECK(sqlStateOf(analyst.connection, "SELECT count(*) FROM cms.people_pii WHERE full_name LIKE 'Phil%'")
          == "42501");
}

TEST_CASE("Case work: authors are stamped by the server, and letters and actions keep their rules", "[pg][token][rls]")
{
    const AccessFixture fixture;
    const auto investigator = connectAs("iibarra");
    const auto admin = adminConnection();
    const auto firm = must(investigator.connection,
                           "INSERT INTO cms.firms (name) VALUES ('Brightway Imports LLC') "
                           "RETURNING id")
                          .text(0, 0);

    const auto note = must(investigator.connection,
                           "INSERT INTO cms.activities (case_id, kind, summary, author) "
                           "VALUES ($1, 'phone_call', 'Importer agreed to hold the shipment', 'mmoore') "
                           "RETURNING author, version",
                           {fixture.openCase});
    CHECK(note.text(0, 0) == "iibarra");

    const auto determination =
        investigator.connection.exec("INSERT INTO cms.determinations (case_id, outcome, rationale) VALUES ($1, "
                                     "'violation', 'Lead content above limit')",
                                     {fixture.openCase});
    REQUIRE_FALSE(determination);
    CHECK_THAT(determination.error().message, Catch::Contains("violations_cite_a_rule"));

    CHECK(sqlStateOf(investigator.connection,
                     "INSERT INTO cms.corrective_actions (case_id, firm_id, action, status) VALUES ('"
                         + fixture.openCase + "', " + firm + ", 'recall', 'completed')")
          == "23514");
    CHECK(sqlStateOf(investigator.connection,
                     "INSERT INTO cms.correspondence (case_id, kind, direction, firm_id, subject) VALUES ('"
                         + fixture.openCase + "', 'notice_of_violation', 'incoming', " + firm + ", 'NOV')")
          == "23514");
    CHECK(sqlStateOf(investigator.connection,
                     "INSERT INTO cms.correspondence (case_id, kind, direction, firm_id, subject) VALUES ('"
                         + fixture.openCase + "', 'notice_of_violation', 'outgoing', " + firm
                         + ", 'Notice of violation: lead in paint')")
          == "");
}

TEST_CASE("Masks computed for bulk loads are the server's", "[pg][pii]")
{
    using cms::core::model::PiiMask;
    const auto admin = adminConnection();
    for (const char* name : {"Jane Doe", "  Jane \t  van  Doe ", "Zoë Ångström", "", "Mary-Kate O'Neil"}) {
        INFO(name);
        CHECK(must(admin, "SELECT cms.mask_name($1)", {name}).text(0, 0) == *PiiMask::name(name));
    }
    for (const char* phone : {"(410) 555-1234", "+1 410 555 0142 ext 7", "12"}) {
        INFO(phone);
        CHECK(must(admin, "SELECT cms.mask_phone($1)", {phone}).text(0, 0) == *PiiMask::phone(phone));
    }
    for (const char* email : {"jane.doe@example.gov", "j@mail.agency.example.org", "no-at-sign", "ö@ü.de"}) {
        INFO(email);
        CHECK(must(admin, "SELECT cms.mask_email($1)", {email}).text(0, 0) == *PiiMask::email(email));
    }
    CHECK(must(admin, "SELECT cms.mask_text('x')").text(0, 0) == *PiiMask::text("x"));
    CHECK(must(admin, "SELECT cms.mask_name(NULL) IS NULL AND cms.mask_email(NULL) IS NULL").text(0, 0) == "t");
}
