#pragma once

#include "core/config/AppConfig.h"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace cms::tests {

// One test card of the dev environment (packaging/dev/pki, .dev/pki/people.tsv).
struct DevPerson
{
    std::string login;
    std::string commonName;
    std::string role;
    std::string keyType;
    std::string tokenLabel;
    std::string pin;
    std::string cardUuid;
    std::string subjectDn;

    [[nodiscard]] bool isBadCard() const;
};

// The environment `packaging/dev/up` prepared. Integration tests fail loudly, naming what is
// missing, when they run outside it: a skipped integration test would pass without testing.
class DevEnvironment
{
public:
    [[nodiscard]] static const DevEnvironment& get();

    [[nodiscard]] const std::filesystem::path& devDir() const;
    [[nodiscard]] const core::config::AppConfig& config() const;
    [[nodiscard]] const std::vector<DevPerson>& people() const;
    [[nodiscard]] const DevPerson& person(const std::string& loginOrLabel) const;
    [[nodiscard]] std::filesystem::path personFile(const DevPerson& person, const std::string& name) const;

private:
    DevEnvironment();

    std::filesystem::path m_devDir;
    core::config::AppConfig m_config;
    std::vector<DevPerson> m_people;
};

} // namespace cms::tests
