#include "core/common/PrivateTempFile.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <string>
#include <sys/stat.h>
#include <unistd.h>
#include <utility>

namespace cms {

namespace {

std::filesystem::path privateDirectory()
{
    // XDG_RUNTIME_DIR is per user, mode 0700, and on tmpfs: nothing lingers on disk.
    if (const char* runtime = std::getenv("XDG_RUNTIME_DIR"); runtime != nullptr && *runtime != '\0') {
        return runtime;
    }
    return std::filesystem::temp_directory_path();
}

} // namespace

PrivateTempFile::PrivateTempFile(std::filesystem::path path)
    : m_path(std::move(path))
{}

Result<PrivateTempFile> PrivateTempFile::create(std::string_view contents)
{
    std::string pattern = (privateDirectory() / "cms-XXXXXX").string();
    const mode_t previous = umask(077);
    const int fd = mkstemp(pattern.data());
    umask(previous);
    if (fd < 0) {
        return fail(ErrorCode::Io, "A private temporary file cannot be created.", std::strerror(errno));
    }
    PrivateTempFile file{std::filesystem::path(pattern)};
    std::size_t written = 0;
    while (written < contents.size()) {
        const ssize_t n = ::write(fd, contents.data() + written, contents.size() - written);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            ::close(fd);
            return fail(ErrorCode::Io, "A private temporary file cannot be written.", std::strerror(errno));
        }
        written += static_cast<std::size_t>(n);
    }
    ::close(fd);
    return file;
}

PrivateTempFile::PrivateTempFile(PrivateTempFile&& other) noexcept
    : m_path(std::exchange(other.m_path, {}))
{}

PrivateTempFile& PrivateTempFile::operator=(PrivateTempFile&& other) noexcept
{
    if (this != &other) {
        remove();
        m_path = std::exchange(other.m_path, {});
    }
    return *this;
}

PrivateTempFile::~PrivateTempFile()
{
    remove();
}

void PrivateTempFile::remove()
{
    if (!m_path.empty()) {
        std::error_code ignored;
        std::filesystem::remove(m_path, ignored);
        m_path.clear();
    }
}

const std::filesystem::path& PrivateTempFile::path() const
{
    return m_path;
}

} // namespace cms
