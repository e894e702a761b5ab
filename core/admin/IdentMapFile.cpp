#include "core/admin/IdentMapFile.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <sstream>
#include <sys/stat.h>
#include <unistd.h>

namespace cms::core::admin {

namespace {

bool belongsToMap(const std::string& line)
{
    std::istringstream words(line);
    std::string first;
    words >> first;
    return first == IdentMapFile::kMapName;
}

Result<void> writeAtomically(const std::string& path, const std::string& text)
{
    struct stat original
    {
    };
    if (::stat(path.c_str(), &original) != 0) {
        return fail(ErrorCode::Io, "The certificate map " + path + " cannot be read.", std::strerror(errno));
    }
    const std::string temporary = path + ".cmsadmin";
    const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC, original.st_mode & 07777);
    if (fd < 0) {
        return fail(ErrorCode::Io,
                    "The certificate map " + path
                        + " cannot be written: run cmsadmin on the database host as root "
                          "or as the user that runs PostgreSQL.",
                    std::strerror(errno));
    }
    const bool written = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size())
                         && ::fchown(fd, original.st_uid, original.st_gid) == 0 && ::fsync(fd) == 0;
    const int error = errno;
    ::close(fd);
    if (!written || ::rename(temporary.c_str(), path.c_str()) != 0) {
        ::unlink(temporary.c_str());
        return fail(ErrorCode::Io, "The certificate map " + path + " could not be replaced.", std::strerror(error));
    }
    return {};
}

} // namespace

Result<std::string> IdentMapFile::rewrite(const std::string& current,
                                          const std::vector<std::pair<std::string, std::string>>& entries)
{
    std::string text;
    std::istringstream lines(current);
    for (std::string line; std::getline(lines, line);) {
        if (!belongsToMap(line)) {
            text += line + '\n';
        }
    }
    for (const auto& [subject, role] : entries) {
        if (subject.find_first_of("\"\n\r") != std::string::npos || subject.empty() || subject.front() == '/') {
            return fail(ErrorCode::InvalidArgument,
                        "The certificate subject of " + role + " cannot be written to the certificate map.");
        }
        text += std::string(kMapName) + " \"" + subject + "\" " + role + '\n';
    }
    return text;
}

Result<int> IdentMapFile::sync(const remote::PgConnection& admin)
{
    auto path = admin.queryValue("SELECT current_setting('ident_file')");
    if (!path) {
        return std::unexpected(path.error());
    }
    auto rows = admin.exec("SELECT subject_dn, login_role FROM cms.staff WHERE active ORDER BY login_role");
    if (!rows) {
        return std::unexpected(rows.error());
    }
    std::vector<std::pair<std::string, std::string>> entries;
    for (int row = 0; row < rows->rows(); ++row) {
        entries.emplace_back(rows->text(row, 0), rows->text(row, 1));
    }
    std::ifstream in(path->value_or(""));
    if (!in) {
        return fail(ErrorCode::Io,
                    "The certificate map " + path->value_or("")
                        + " cannot be read: run cmsadmin on the database "
                          "host as root or as the user that runs PostgreSQL.");
    }
    std::ostringstream current;
    current << in.rdbuf();
    auto text = rewrite(current.str(), entries);
    if (!text) {
        return std::unexpected(text.error());
    }
    if (auto written = writeAtomically(path->value_or(""), *text); !written) {
        return std::unexpected(written.error());
    }
    // The reload is a signal: wait until the server has read the map, so the person can sign in
    // as soon as cmsadmin returns.
    const auto before = admin.queryValue("SELECT pg_conf_load_time()::text");
    if (auto reloaded = admin.exec("SELECT pg_reload_conf()"); !reloaded) {
        return std::unexpected(reloaded.error());
    }
    for (int attempt = 0; before && attempt < 250; ++attempt) {
        const auto now = admin.queryValue("SELECT pg_conf_load_time()::text");
        if (!now || *now != *before) {
            break;
        }
        ::usleep(20000);
    }
    return static_cast<int>(entries.size());
}

} // namespace cms::core::admin
