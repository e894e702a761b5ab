#include "core/print/LetterTemplate.h"

#include <catch2/catch.hpp>

using cms::core::print::LetterTemplate;

TEST_CASE("A letter template's merge fields are filled, escaped, and never left blank", "[core][print]")
{
    const std::string letter = "<!-- about {{not.a_field}} -->\n<p>{{firm.name}}<br>{{firm.postal_code}}</p>"
                               "<p>Dear {{firm.name}}: {{action.kind}} by {{action.respond_by}}.</p>";
    CHECK(LetterTemplate::fieldsOf(letter)
          == std::vector<std::string>{"firm.name", "firm.postal_code", "action.kind", "action.respond_by"});

    const auto merged = LetterTemplate::merge(letter,
                                              {{"firm.name", "Acme & Sons <Toys>"},
                                               {"firm.postal_code", "21201"},
                                               {"action.kind", "recall"},
                                               {"action.respond_by", "2026-12-31"}});
    REQUIRE(merged);
    CHECK(*merged
          == "\n<p>Acme &amp; Sons &lt;Toys&gt;<br>21201</p><p>Dear Acme &amp; Sons &lt;Toys&gt;: recall by "
             "2026-12-31.</p>");

    // Missing or blank values are named in words, all of them, and nothing is made.
    const auto missing = LetterTemplate::merge(letter, {{"firm.name", "Acme"}, {"action.kind", "  "}});
    REQUIRE_FALSE(missing);
    CHECK_THAT(missing.error().message,
               Catch::Contains("the firm's postal code, the corrective action's action and the corrective action's "
                               "respond by"));
    CHECK(LetterTemplate::describe("determination.citation") == "the determination's citation");

    REQUIRE(LetterTemplate::kind("letter_of_advice") != nullptr);
    CHECK(std::string(LetterTemplate::kind("letter_of_advice")->correspondence) == "letter_of_advice");
    CHECK(LetterTemplate::kind("nonsense") == nullptr);
    CHECK(LetterTemplate::kinds().size() == 4);
}
