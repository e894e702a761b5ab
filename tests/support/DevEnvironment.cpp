#include "tests/support/DevEnvironment.h"

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace cms::tests {

namespace {

std::string requiredEnv(const char* name)
{
    const char* value = std::getenv(name);
    if (value == nullptr || *value == '\0') {
        throw std::runtime_error(std::string(name)
                                 + " is not set: run integration tests through packaging/dev/test, or "
                                   "eval \"$(packaging/dev/up)\" first");
    }
    return value;
}

std::vector<std::string> splitTabs(const std::string& line)
{
    std::vector<std::string> fields;
    std::stringstream in(line);
    for (std::string field; std::getline(in, field, '\t');) {
        fields.push_back(field);
    }
    return fields;
}

} // namespace

bool DevPerson::isBadCard() const
{
    return tokenLabel.starts_with("bad-");
}

const DevEnvironment& DevEnvironment::get()
{
    static const DevEnvironment environment;
    return environment;
}

DevEnvironment::DevEnvironment()
    : m_devDir(requiredEnv("CMS_DEV_DIR"))
{
    requiredEnv("SOFTHSM2_CONF");
    auto config = core::config::AppConfig::load(requiredEnv("CMS_CONFIG"));
    if (!config) {
        throw std::runtime_error("CMS_CONFIG: " + config.error().message);
    }
    m_config = *config;
    std::ifstream table(m_devDir / "pki" / "people.tsv");
    if (!table) {
        throw std::runtime_error("cannot read " + (m_devDir / "pki" / "people.tsv").string());
    }
    for (std::string line; std::getline(table, line);) {
        const auto fields = splitTabs(line);
        if (fields.size() < 8 || fields[0] == "login") {
            continue;
        }
        m_people.push_back({fields[0], fields[1], fields[2], fields[3], fields[4], fields[5], fields[6], fields[7]});
    }
    if (m_people.empty()) {
        throw std::runtime_error("people.tsv lists no test cards");
    }
}

const std::filesystem::path& DevEnvironment::devDir() const
{
    return m_devDir;
}

const core::config::AppConfig& DevEnvironment::config() const
{
    return m_config;
}

const std::vector<DevPerson>& DevEnvironment::people() const
{
    return m_people;
}

const DevPerson& DevEnvironment::person(const std::string& loginOrLabel) const
{
    for (const DevPerson& candidate : m_people) {
        if (candidate.tokenLabel == loginOrLabel) {
            return candidate;
        }
    }
    for (const DevPerson& candidate : m_people) {
        if (candidate.login == loginOrLabel) {
            return candidate;
        }
    }
    throw std::runtime_error("no test card " + loginOrLabel + " in people.tsv");
}

std::filesystem::path DevEnvironment::personFile(const DevPerson& person, const std::string& name) const
{
    return m_devDir / "pki" / "people" / person.tokenLabel / name;
}

} // namespace cms::tests
