#include "core/config/AppConfig.h"

#include <boost/property_tree/ini_parser.hpp>
#include <boost/property_tree/ptree.hpp>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace cms::core::config {

namespace {

namespace pt = boost::property_tree;

// A whole number in [low, high] from `section.key`, or the fallback when absent. ptree's own
// get(key, fallback) returns the fallback for "abc" too, which would hide a typo.
Result<int>
readNumber(const pt::ptree& tree, const std::string& key, int fallback, long low, long high, const std::string& what)
{
    const auto text = tree.get_optional<std::string>(key);
    if (!text) {
        return fallback;
    }
    char* end = nullptr;
    const long value = std::strtol(text->c_str(), &end, 10);
    const auto dot = key.find('.');
    const std::string named = key.substr(0, dot) + " " + key.substr(dot + 1);
    if (text->empty() || *end != '\0') {
        return fail(ErrorCode::Config, "The configuration's " + named + " \"" + *text + "\" is not " + what + ".");
    }
    if (value < low || value > high) {
        return fail(ErrorCode::Config,
                    "The configuration's " + named + " \"" + *text + "\" is out of range"
                        + (value < 0 ? " (it cannot be negative)." : "."));
    }
    return static_cast<int>(value);
}

// yes/no, true/false, on/off or 1/0; anything else is named, never taken as "no".
Result<bool> readSwitch(const pt::ptree& tree, const std::string& key, bool fallback)
{
    const auto text = tree.get_optional<std::string>(key);
    if (!text) {
        return fallback;
    }
    for (const char* yes : {"yes", "true", "on", "1"}) {
        if (*text == yes) {
            return true;
        }
    }
    for (const char* no : {"no", "false", "off", "0"}) {
        if (*text == no) {
            return false;
        }
    }
    const auto dot = key.find('.');
    return fail(ErrorCode::Config,
                "The configuration's " + key.substr(0, dot) + " " + key.substr(dot + 1) + " \"" + *text
                    + "\" is not yes or no.");
}

} // namespace

std::filesystem::path AppConfig::defaultPath()
{
    if (const char* env = std::getenv("CMS_CONFIG"); env != nullptr && *env != '\0') {
        return env;
    }
    return "/etc/cms/cms.conf";
}

Result<AppConfig> AppConfig::load(const std::filesystem::path& file)
{
    std::ifstream in(file);
    if (!in) {
        return fail(ErrorCode::Config, "The configuration file " + file.string() + " cannot be read.");
    }
    std::ostringstream text;
    text << in.rdbuf();
    return parse(text.str());
}

Result<AppConfig> AppConfig::parse(const std::string& text)
{
    pt::ptree tree;
    try {
        std::istringstream in(text);
        pt::read_ini(in, tree);
    } catch (const pt::ini_parser_error& e) {
        return fail(ErrorCode::Config,
                    "The configuration has a syntax error on line " + std::to_string(e.line()) + ".",
                    e.message());
    }

    AppConfig config;
    config.pkcs11.modulePath = tree.get("pkcs11.module", config.pkcs11.modulePath.string());
    config.server.host = tree.get("server.host", config.server.host);
    auto port = readNumber(tree, "server.port", config.server.port, 1, 65535, "a port number");
    if (!port) {
        return std::unexpected(port.error());
    }
    config.server.port = *port;
    config.server.dbname = tree.get("server.dbname", config.server.dbname);
    config.server.rootCert = tree.get("server.root_cert", std::string{});
    config.server.tlsMaxVersion = tree.get("server.tls_max_version", config.server.tlsMaxVersion);
    if (config.server.tlsMaxVersion != "1.2" && config.server.tlsMaxVersion != "1.3") {
        return fail(ErrorCode::Config,
                    "The configuration's server tls_max_version must be 1.2 or 1.3, not \""
                        + config.server.tlsMaxVersion + "\".");
    }
    auto timeout =
        readNumber(tree, "server.connect_timeout", config.server.connectTimeoutSeconds, 1, 3600, "a number of seconds");
    if (!timeout) {
        return std::unexpected(timeout.error());
    }
    config.server.connectTimeoutSeconds = *timeout;
    config.pki.trustAnchors = tree.get("pki.trust_anchors", std::string{});
    config.pki.intermediates = tree.get("pki.intermediates", std::string{});
    config.pki.crlCache = tree.get("pki.crl_cache", std::string{});
    auto grace = readNumber(tree, "pki.crl_grace_hours", config.pki.crlGraceHours, 0, 24 * 365, "a number of hours");
    if (!grace) {
        return std::unexpected(grace.error());
    }
    config.pki.crlGraceHours = *grace;
    std::istringstream urls(tree.get("pki.crl_urls", std::string{}));
    for (std::string url; urls >> url;) {
        config.pki.crlUrls.push_back(url);
    }
    auto refreshEvery =
        readNumber(tree, "pki.crl_refresh_hours", config.pki.crlRefreshHours, 1, 24 * 7, "a number of hours");
    if (!refreshEvery) {
        return std::unexpected(refreshEvery.error());
    }
    config.pki.crlRefreshHours = *refreshEvery;
    auto lockAfter = readNumber(
        tree, "session.lock_after_minutes", config.session.lockAfterMinutes, 1, 24 * 60, "a number of minutes");
    if (!lockAfter) {
        return std::unexpected(lockAfter.error());
    }
    config.session.lockAfterMinutes = *lockAfter;
    auto staleAfter = readNumber(
        tree, "offline.max_days_without_sync", config.offline.maxDaysWithoutSync, 1, 365, "a number of days");
    if (!staleAfter) {
        return std::unexpected(staleAfter.error());
    }
    config.offline.maxDaysWithoutSync = *staleAfter;
    auto wipe = readSwitch(tree, "offline.wipe_at_sign_out", config.offline.wipeAtSignOut);
    if (!wipe) {
        return std::unexpected(wipe.error());
    }
    config.offline.wipeAtSignOut = *wipe;
    config.session.systemUseNotice = tree.get("session.system_use_notice", std::string{});
    config.session.rulesOfBehavior = tree.get("session.rules_of_behavior", std::string{});
    config.print.banner = tree.get("print.banner", config.print.banner);
    if (config.print.banner.find_first_not_of(" \t") == std::string::npos) {
        return fail(ErrorCode::Config, "The configuration's print banner must not be empty: every page is marked.");
    }
    config.print.controlledBy = tree.get("print.controlled_by", config.print.controlledBy);
    config.print.category = tree.get("print.category", config.print.category);
    config.print.dissemination = tree.get("print.dissemination", config.print.dissemination);
    config.print.pointOfContact = tree.get("print.point_of_contact", config.print.pointOfContact);
    auto watermark = readSwitch(tree, "print.watermark", config.print.watermark);
    if (!watermark) {
        return std::unexpected(watermark.error());
    }
    config.print.watermark = *watermark;
    auto outstanding = readNumber(
        tree, "print.outstanding_after_days", config.print.outstandingAfterDays, 1, 3650, "a number of days");
    if (!outstanding) {
        return std::unexpected(outstanding.error());
    }
    config.print.outstandingAfterDays = *outstanding;
    auto watch = readNumber(tree,
                            "pkcs11.watch_interval_ms",
                            config.pkcs11.watchIntervalMilliseconds,
                            50,
                            60'000,
                            "a number of milliseconds");
    if (!watch) {
        return std::unexpected(watch.error());
    }
    config.pkcs11.watchIntervalMilliseconds = *watch;
    config.admin.conninfo = tree.get("admin.conninfo", std::string{});
    if (config.server.rootCert.empty()) {
        return fail(ErrorCode::Config,
                    "The configuration names no server root_cert: the client cannot verify the server.");
    }
    return config;
}

} // namespace cms::core::config
