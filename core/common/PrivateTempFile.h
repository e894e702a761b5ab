#pragma once

#include "core/common/Result.h"

#include <filesystem>
#include <string_view>

namespace cms {

// A file readable only by this user, removed when the object goes. For handing a library a
// path to data it will read once (libpq's sslcert).
class PrivateTempFile
{
public:
    [[nodiscard]] static Result<PrivateTempFile> create(std::string_view contents);
    PrivateTempFile(PrivateTempFile&& other) noexcept;
    PrivateTempFile& operator=(PrivateTempFile&& other) noexcept;
    PrivateTempFile(const PrivateTempFile&) = delete;
    PrivateTempFile& operator=(const PrivateTempFile&) = delete;
    ~PrivateTempFile();

    [[nodiscard]] const std::filesystem::path& path() const;

private:
    explicit PrivateTempFile(std::filesystem::path path);
    void remove();

    std::filesystem::path m_path;
};

} // namespace cms
