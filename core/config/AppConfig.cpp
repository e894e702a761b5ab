#include "core/config/AppConfig.h"

#include <boost/property_tree/ini_parser.hpp>
#include <boost/property_tree/ptree.hpp>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace cms::core::config {

namespace {

namespace pt = boost::property_tree;

Result<int> readPort(const pt::ptree& tree, int fallback)
{
    const auto text = tree.get_optional<std::string>("server.port");
    if (!text) {
        return fallback;
    }
    char* end = nullptr;
    const long port = std::strtol(text->c_str(), &end, 10);
    if (text->empty() || *end != '\0' || port < 1 || port > 65535) {
        return fail(ErrorCode::Config, "The configuration's server port \"" + *text + "\" is not a port number.");
    }
    return static_cast<int>(port);
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
    auto port = readPort(tree, config.server.port);
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
    try {
        config.server.connectTimeoutSeconds = tree.get("server.connect_timeout", config.server.connectTimeoutSeconds);
    } catch (const pt::ptree_bad_data&) {
        return fail(ErrorCode::Config, "The configuration's server connect_timeout is not a number of seconds.");
    }
    config.pki.trustAnchors = tree.get("pki.trust_anchors", std::string{});
    config.pki.intermediates = tree.get("pki.intermediates", std::string{});
    config.pki.crlCache = tree.get("pki.crl_cache", std::string{});
    config.admin.conninfo = tree.get("admin.conninfo", std::string{});
    if (config.server.rootCert.empty()) {
        return fail(ErrorCode::Config,
                    "The configuration names no server root_cert: the client cannot verify the server.");
    }
    return config;
}

} // namespace cms::core::config
