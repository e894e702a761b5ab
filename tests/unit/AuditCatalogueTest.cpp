// The audit event catalogue (docs/audit-events.md, issue: audit trail) against the sources: each
// type in it is recorded by code in the place it names, and every type the code records is in
// it. A new event without its catalogue row, or a row whose code went away, fails here.
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

std::string contentsOf(const fs::path& file)
{
    std::ifstream in(file);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

std::vector<std::string> split(const std::string& text, char separator)
{
    std::vector<std::string> parts;
    std::string part;
    std::istringstream in(text);
    while (std::getline(in, part, separator)) {
        parts.push_back(part);
    }
    return parts;
}

struct CatalogueRow
{
    std::vector<std::string> types;
    std::vector<fs::path> recordedBy; // files, or for "sql/server/0003, 0004": each migration
};

// The rows of the catalogue's table: the backticked types of the first column, the files of the
// last ("sql/server/0003, 0004 (...)" names migrations by number).
std::vector<CatalogueRow> catalogue()
{
    std::vector<CatalogueRow> rows;
    std::istringstream in(contentsOf(kSource / "docs/audit-events.md"));
    const std::regex backticked("`([a-z][a-z0-9_.]*)`");
    for (std::string line; std::getline(in, line);) {
        if (!line.starts_with("| `")) {
            continue;
        }
        const auto cells = split(line, '|');
        REQUIRE(cells.size() >= 7);
        CatalogueRow row;
        for (std::sregex_iterator it(cells[1].begin(), cells[1].end(), backticked), end; it != end; ++it) {
            row.types.push_back((*it)[1]);
        }
        std::string places = cells.back();
        places = places.substr(0, places.find('('));
        std::string folder;
        for (auto place : split(places, ',')) {
            place.erase(0, place.find_first_not_of(' '));
            place.erase(place.find_last_not_of(' ') + 1);
            if (place.find('/') != std::string::npos) {
                folder = place.substr(0, place.rfind('/') + 1);
            } else {
                place = folder + place;
            }
            if (fs::exists(kSource / place)) {
                row.recordedBy.push_back(kSource / place);
            } else { // a migration named by its number
                for (const auto& file : fs::directory_iterator(kSource / fs::path(place).parent_path())) {
                    if (file.path().filename().string().starts_with(fs::path(place).filename().string())) {
                        row.recordedBy.push_back(file.path());
                    }
                }
            }
        }
        rows.push_back(row);
    }
    return rows;
}

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
            const auto text = contentsOf(file.path());
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
    const auto rows = catalogue();
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
                found = found || contentsOf(file).find(wanted) != std::string::npos;
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
