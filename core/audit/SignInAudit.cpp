#include "core/audit/SignInAudit.h"

#include "core/common/StateFolder.h"
#include "core/common/UtcTime.h"

#include <boost/json.hpp>
#include <fcntl.h>
#include <fstream>
#include <sys/stat.h>
#include <unistd.h>

namespace cms::core::audit {

namespace {

namespace json = boost::json;

} // namespace

SignInAudit::SignInAudit(std::filesystem::path pendingFile)
    : m_pendingFile(std::move(pendingFile))
{}

std::filesystem::path SignInAudit::defaultPendingFile()
{
    return userStateFolder() / "pending-sign-in-events.jsonl";
}

Result<void> SignInAudit::recordFailure(const std::string& tokenLabel,
                                        const std::string& cause,
                                        std::chrono::system_clock::time_point when) const
{
    std::error_code error;
    std::filesystem::create_directories(m_pendingFile.parent_path(), error);
    const int fd = ::open(m_pendingFile.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, S_IRUSR | S_IWUSR);
    if (fd < 0) {
        return fail(ErrorCode::Io, "The failed sign-in could not be kept for the audit trail.", m_pendingFile.string());
    }
    const std::string line =
        json::serialize(json::object{{"card", tokenLabel}, {"cause", cause}, {"at", utcIsoTime(when)}}) + "\n";
    const bool written = ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size()) && ::fsync(fd) == 0;
    ::close(fd);
    if (!written) {
        return fail(ErrorCode::Io, "The failed sign-in could not be kept for the audit trail.", m_pendingFile.string());
    }
    return {};
}

Result<int> SignInAudit::recordSignIn(const remote::PgConnection& connection,
                                      const std::string& tokenLabel,
                                      const std::string& refusedFor) const
{
    std::vector<json::object> pending;
    if (std::ifstream in(m_pendingFile); in) {
        for (std::string line; std::getline(in, line);) {
            boost::system::error_code parseError;
            auto value = json::parse(line, parseError);
            if (!parseError && value.is_object()) { // a torn last line (crash mid-write) is skipped
                pending.push_back(value.as_object());
            }
        }
    }
    if (auto begun = connection.exec("BEGIN"); !begun) {
        return std::unexpected(begun.error());
    }
    const auto abandon = [&](const Error& error) -> Result<int> {
        (void)connection.exec("ROLLBACK");
        return std::unexpected(error);
    };
    auto signedIn =
        refusedFor.empty()
            ? connection.exec("SELECT cms_audit.record_event('auth.sign_in', 'card', $1, 'success')", {tokenLabel})
            : connection.exec("SELECT cms_audit.record_event('auth.sign_in', 'card', $1, 'refused', "
                              "jsonb_build_object('cause', $2::text))",
                              {tokenLabel, refusedFor});
    if (!signedIn) {
        return abandon(signedIn.error());
    }
    for (const auto& event : pending) {
        const auto text = [&](const char* key) {
            const auto* value = event.if_contains(key);
            return value != nullptr && value->is_string() ? std::string(value->as_string()) : std::string();
        };
        auto recorded = connection.exec(
            "SELECT cms_audit.record_event('auth.sign_in', 'card', $1, 'failure', "
            "jsonb_build_object('cause', $2::text, 'happened_at', $3::text, 'reported_by_next_sign_in', true))",
            {text("card"), text("cause"), text("at")});
        if (!recorded) {
            return abandon(recorded.error());
        }
    }
    if (auto committed = connection.exec("COMMIT"); !committed) {
        return std::unexpected(committed.error());
    }
    if (!pending.empty()) {
        std::error_code error;
        std::filesystem::remove(m_pendingFile, error);
    }
    return static_cast<int>(pending.size());
}

} // namespace cms::core::audit
