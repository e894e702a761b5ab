// The audit event catalogue (docs/audit-events.md, issue: audit trail) against the sources: each
// type in it is recorded by code in the place it names, and every type the code records is in
// it. A new event without its catalogue row, or a row whose code went away, fails here.
#include "tests/support/AuditCatalogue.h"

#include "tests/TestPaths.h"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace {

const fs::path kSource = CMS_SOURCE_DIR;

// Every event type the sources record: the server's event function and the helpers around it
// (the window's recordEvent, AuditSearch's record).
std::map<std::string, fs::path> recordedInSources()
{
    const std::regex recorded(
        R"((?:record_event\(|recordEvent\(|record\(|recordAdminEvent\([^,]+,)\s*['"]([a-z][a-z0-9_.]*)['"])");
    std::map<std::string, fs::path> types;
    for (const char* folder : {"core", "ui", "app", "sql/server"}) { // app: cmsadmin's commands too
        for (const auto& file : fs::recursive_directory_iterator(kSource / folder)) {
            const auto extension = file.path().extension();
            if (extension != ".cpp" && extension != ".sql") {
                continue;
            }
            const auto text = cms::tests::contentsOf(file.path());
            for (std::sregex_iterator it(text.begin(), text.end(), recorded), end; it != end; ++it) {
                types.emplace((*it)[1], file.path());
            }
        }
    }
    return types;
}

} // namespace

TEST_CASE("The audit event catalogue names every event the code records, and the code records every one it names",
          "[unit][audit]")
{
    const auto rows = cms::tests::auditCatalogue();
    REQUIRE(rows.size() >= 10);
    std::set<std::string> catalogued;
    for (const auto& row : rows) {
        REQUIRE_FALSE(row.types.empty());
        INFO("catalogue row " << row.types.front());
        REQUIRE_FALSE(row.recordedBy.empty()); // the place it names exists
        for (const auto& type : row.types) {
            catalogued.insert(type);
            // row.* come from the triggers' function, which builds the type from the operation.
            const std::string wanted = type.starts_with("row.") ? "'row.' || lower(TG_OP)" : type;
            bool found = false;
            for (const auto& file : row.recordedBy) {
                found = found || cms::tests::contentsOf(file).find(wanted) != std::string::npos;
            }
            INFO(type << " in " << row.recordedBy.front().string());
            CHECK(found);
        }
    }
    for (const auto& [type, file] : recordedInSources()) {
        INFO(type << " is recorded in " << file.string() << " but missing from docs/audit-events.md");
        CHECK(catalogued.contains(type));
    }
}
