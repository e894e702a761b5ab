#include "core/common/AtomicFile.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <string>
#include <sys/stat.h>
#include <unistd.h>

namespace cms {

namespace {

Result<void> failed(const std::filesystem::path& path, const char* step)
{
    return fail(ErrorCode::Io, "The file " + path.string() + " could not be " + step + ".", std::strerror(errno));
}

} // namespace

Result<void> AtomicFile::replace(const std::filesystem::path& path, std::string_view contents, mode_t mode)
{
    std::string temporary = path.string() + ".XXXXXX";
    const int descriptor = mkstemp(temporary.data());
    if (descriptor < 0) {
        return failed(path, "written (no temporary file beside it)");
    }
    const auto abandon = [&](const char* step) {
        auto error = failed(path, step);
        close(descriptor);
        unlink(temporary.c_str());
        return error;
    };
    std::size_t written = 0;
    while (written < contents.size()) {
        const ssize_t n = write(descriptor, contents.data() + written, contents.size() - written);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return abandon("written");
        }
        written += static_cast<std::size_t>(n);
    }
    if (fchmod(descriptor, mode) != 0 || fsync(descriptor) != 0) {
        return abandon("written to disk");
    }
    if (close(descriptor) != 0) {
        unlink(temporary.c_str());
        return failed(path, "written to disk");
    }
    if (rename(temporary.c_str(), path.c_str()) != 0) {
        auto error = failed(path, "replaced");
        unlink(temporary.c_str());
        return error;
    }
    return {};
}

} // namespace cms
