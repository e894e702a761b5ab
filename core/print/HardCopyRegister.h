#pragma once

#include "core/common/Result.h"
#include "core/remote/PgConnection.h"

#include <array>
#include <map>
#include <string>
#include <vector>

namespace cms::core::print {

// One entry of the register of hard copies: a print or a PDF of a case file.
struct HardCopy
{
    std::string id;
    std::string caseId;
    int copyNumber = 0;
    std::string holder;
    std::string kind;   // print, pdf
    std::string madeAt; // UTC, "YYYY-MM-DD HH:MM"
    std::vector<std::string> sections;
    bool redacted = true;
    std::string purpose;
    bool leavesOffice = false;
    std::string status = "held"; // held, returned, destroyed
    std::string statusOn;        // YYYY-MM-DD, empty while held
    // A copy printed offline: the label on its pages ("7F3A-2"), until and after the sync gives
    // it the register's number (0 until then).
    std::string offlineLabel{};

    // How the copy names itself on its pages: "Copy 3", or "Offline copy 7F3A-2".
    [[nodiscard]] std::string shownAs() const
    {
        return copyNumber == 0 && !offlineLabel.empty() ? "Offline copy " + offlineLabel
                                                        : "Copy " + std::to_string(copyNumber);
    }
};

// What a new copy will be.
struct CopyRequest
{
    std::string caseId;
    std::string kind = "pdf";
    std::vector<std::string> sections;
    bool redacted = true;
    std::string purpose;
    bool leavesOffice = false;
};

// The register of hard copies (issue: hard copies; PIA Q28), kept by the server
// (migration 0024): every print or PDF is registered before it is made and numbered per case;
// the holder marks it returned or destroyed; managers see copies held too long. Each change is
// an audit event, refusals too (the server's words come back as the error).
class HardCopyRegister
{
public:
    explicit HardCopyRegister(const remote::PgConnection& connection);

    [[nodiscard]] Result<HardCopy> registerCopy(const CopyRequest& request) const;
    [[nodiscard]] Result<void>
    settle(const std::string& copyId, const std::string& status, const std::string& on) const;
    // The copies the signed-in person holds (and held), newest first.
    [[nodiscard]] Result<std::vector<HardCopy>> mine() const;
    // Copies still held after `days` days, oldest first: everyone's for a manager (the server's
    // policy), the person's own for anyone else.
    [[nodiscard]] Result<std::vector<HardCopy>> outstanding(int days) const;
    // The PII an unredacted copy just registered prints, by person id (full name, title, email,
    // phone, address): the server checks the grant and records the reading.
    [[nodiscard]] Result<std::map<std::string, std::array<std::string, 5>>> piiFor(const std::string& copyId) const;

private:
    [[nodiscard]] Result<std::vector<HardCopy>> list(const std::string& where, const remote::PgParams& params) const;

    const remote::PgConnection& m_connection;
};

} // namespace cms::core::print
