#pragma once

#include "core/common/Result.h"

#include <filesystem>
#include <string>
#include <vector>

namespace cms::core::config {

struct Pkcs11Settings
{
    // Production default: OpenSC's PKCS#11 module for PIV cards.
    std::filesystem::path modulePath = "/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so";
    // How often the readers are looked at for cards inserted and removed; a removed card locks
    // the window within this time.
    int watchIntervalMilliseconds = 1000;
};

struct ServerSettings
{
    std::string host = "localhost";
    int port = 5432;
    std::string dbname = "cms";
    std::filesystem::path rootCert;
    // Some card middleware cannot sign RSA-PSS, which TLS 1.3 requires; "1.2" caps the client.
    std::string tlsMaxVersion = "1.3";
    int connectTimeoutSeconds = 10;
};

struct PkiSettings
{
    std::filesystem::path trustAnchors;
    std::filesystem::path intermediates;
    std::filesystem::path crlCache;
    // How long past a CRL's nextUpdate the cached CRL still serves (offline laptops refresh it
    // when they next reach the network); beyond that sign-in is refused.
    int crlGraceHours = 72;
    // Where fresh CRLs come from (http:// distribution points), and how often the desktop client
    // fetches them in the background. None: the cache is kept current by other means.
    std::vector<std::string> crlUrls;
    int crlRefreshHours = 6;
};

struct AdminSettings
{
    // libpq connection string of the operator's connection for `cmsadmin db ...`: on the database
    // host, over the local socket as the postgres superuser (peer authentication).
    std::string conninfo;
};

struct SessionSettings
{
    // A window not used for this long locks; unlocking needs the same card and its PIN.
    int lockAfterMinutes = 15;
    // Texts shown at sign-in (PIA Q23): the system-use notice before it, the rules of behavior
    // after it once a year. Empty: the texts built into the application.
    std::filesystem::path systemUseNotice;
    std::filesystem::path rulesOfBehavior;
};

struct OfflineSettings
{
    // A cache not synced for this long stays locked until an online sign-in.
    int maxDaysWithoutSync = 30;
    // A shared laptop: signing out removes the person's cache (never with edits still to send).
    bool wipeAtSignOut = false;
};

// Hard copies (issue: hard copies): the CUI markings on every page and the register's review.
struct PrintSettings
{
    // The banner at the top and bottom of every page. The CUI registry treats Privacy Act PII as
    // basic CUI, so "CUI" is the default and "CUI//SP-PRVCY" a choice of the office.
    std::string banner = "CUI";
    // The designation indicator block on the first page.
    std::string controlledBy = "Office of Compliance";
    std::string category = "PRVCY";
    std::string dissemination = "FEDCON";
    std::string pointOfContact;
    // A light diagonal watermark with the person's name on every page.
    bool watermark = false;
    // Managers see copies still held after this many days.
    int outstandingAfterDays = 30;
};

// The client's configuration: an INI file named by CMS_CONFIG (default /etc/cms/cms.conf).
struct AppConfig
{
    Pkcs11Settings pkcs11;
    ServerSettings server;
    PkiSettings pki;
    AdminSettings admin;
    SessionSettings session;
    OfflineSettings offline;
    PrintSettings print;

    [[nodiscard]] static Result<AppConfig> load(const std::filesystem::path& file);
    [[nodiscard]] static Result<AppConfig> parse(const std::string& text);
    [[nodiscard]] static std::filesystem::path defaultPath();
};

} // namespace cms::core::config
