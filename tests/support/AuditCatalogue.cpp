#include "tests/support/AuditCatalogue.h"

#include "tests/TestPaths.h"

#include <catch2/catch.hpp>
#include <fstream>
#include <regex>
#include <sstream>

namespace cms::tests {

namespace fs = std::filesystem;

namespace {

const fs::path kSource = CMS_SOURCE_DIR;

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

} // namespace

std::string contentsOf(const fs::path& file)
{
    std::ifstream in(file);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// The rows of the catalogue's table: the backticked types of the first column, the files of the
// last ("sql/server/0003, 0004 (...)" names migrations by number).
std::vector<CatalogueRow> auditCatalogue()
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

} // namespace cms::tests
