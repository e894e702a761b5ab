#pragma once

#include <filesystem>
#include <string>

namespace cms::tests {

// A database of its own on the dev cluster, made empty when constructed and dropped after, so
// that a test can break or fill it without touching `cms`. A leftover from a crashed run is
// dropped by the next one.
class ScratchDatabase
{
public:
    explicit ScratchDatabase(std::string name);
    ScratchDatabase(const ScratchDatabase&) = delete;
    ScratchDatabase& operator=(const ScratchDatabase&) = delete;
    ~ScratchDatabase();

    [[nodiscard]] const std::string& name() const
    {
        return m_name;
    }
    // Where each scratch database leaves the audit event types it held when it is dropped:
    // "<epoch seconds> <type>" lines.
    [[nodiscard]] static std::filesystem::path producedEventTypesLog();
    // The operator's conninfo for this database (for cmsadmin --db).
    [[nodiscard]] std::string conninfo() const;

private:
    std::string m_name;
};

} // namespace cms::tests
