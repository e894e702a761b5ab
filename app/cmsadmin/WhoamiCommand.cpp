#include "app/cmsadmin/WhoamiCommand.h"

#include "app/cmsadmin/Command.h"
#include "app/cmsadmin/PinReader.h"
#include "core/audit/SignInAudit.h"
#include "core/config/AppConfig.h"
#include "core/remote/CardConnector.h"
#include "core/remote/SessionGate.h"

#include <boost/program_options.hpp>
#include <chrono>
#include <ctime>
#include <iostream>

namespace cms::app {

namespace {

namespace po = boost::program_options;

int refuse(const Error& error)
{
    std::cerr << "cmsadmin whoami: " << error.message << '\n';
    if (!error.detail.empty()) {
        std::cerr << "  detail: " << error.detail << '\n';
    }
    return kExitRefused;
}

std::string dateOf(std::chrono::system_clock::time_point time)
{
    const std::time_t seconds = std::chrono::system_clock::to_time_t(time);
    std::tm parts{};
    gmtime_r(&seconds, &parts);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S UTC", &parts);
    return text;
}

} // namespace

int runWhoami(const std::vector<std::string>& args)
{
    po::options_description options("Options of cmsadmin whoami");
    options.add_options()("help,h", "show this help")("token", po::value<std::string>(), "label of the card (token)")(
        "pin-stdin", "read the PIN as one line from standard input")(
        "user", po::value<std::string>(), "login role to ask for (default: from the card's UPN)")(
        "config", po::value<std::string>(), "configuration file (default: $CMS_CONFIG)");
    po::variables_map vm;
    try {
        po::store(po::command_line_parser(args).options(options).run(), vm);
        po::notify(vm);
    } catch (const po::error& e) {
        std::cerr << "cmsadmin whoami: " << e.what() << "\n\n" << options;
        return kExitUsage;
    }
    if (vm.count("help") != 0) {
        std::cout << "Usage: cmsadmin whoami --token LABEL [--pin-stdin] [--user ROLE]\n\n" << options;
        return kExitOk;
    }
    if (vm.count("token") == 0) {
        std::cerr << "cmsadmin whoami: --token LABEL is required\n\n" << options;
        return kExitUsage;
    }
    const auto configPath = vm.count("config") != 0 ? std::filesystem::path(vm["config"].as<std::string>())
                                                    : core::config::AppConfig::defaultPath();
    auto config = core::config::AppConfig::load(configPath);
    if (!config) {
        return refuse(config.error());
    }
    auto pin = vm.count("pin-stdin") != 0 ? readPinFromStdin() : promptPin("PIN: ");
    if (!pin) {
        return refuse(pin.error());
    }
    core::remote::CardConnectRequest request;
    request.tokenLabel = vm["token"].as<std::string>();
    request.applicationName = "cmsadmin";
    if (vm.count("user") != 0) {
        request.loginRole = vm["user"].as<std::string>();
    }
    auto connected = core::remote::CardConnector(*config).connect(request, *pin);
    pin->clear();
    const core::audit::SignInAudit audit(core::audit::SignInAudit::defaultPendingFile());
    if (!connected) {
        (void)audit.recordFailure(
            request.tokenLabel, toString(connected.error().code), std::chrono::system_clock::now());
        return refuse(connected.error());
    }
    auto person = core::remote::SessionGate::enter(connected->connection, request.tokenLabel, audit);
    if (!person) {
        return refuse(person.error());
    }
    const auto& certificate = connected->certificate;
    std::cout << "person:       " << person->displayName << '\n'
              << "job role:     " << person->jobRole << " (" << (person->team.empty() ? "no team" : person->team)
              << ")\n"
              << "PII access:   " << (person->piiAccess ? "yes" : "no") << '\n'
              << "training:     privacy training on " << person->privacyTrainingOn
              << (person->rulesDue ? "; rules of behavior to accept at the next desktop sign-in" : "") << '\n'
              << "login role:   " << person->loginRole << '\n'
              << "certificate:  " << certificate.subject << '\n'
              << "issuer:       " << certificate.issuer << '\n'
              << "card uuid:    " << certificate.cardUuid.value_or("(none)") << '\n'
              << "upn:          " << certificate.userPrincipalName.value_or("(none)") << '\n'
              << "fasc-n:       " << certificate.fascn.value_or("(none)") << " (shown, not used to map the card)\n"
              << "expires:      " << dateOf(certificate.notAfter) << '\n'
              << "connection:   " << connected->connection.tlsVersion() << '\n';
    if (connected->revocationListOverdue) {
        std::cout << "warning:      this computer's list of revoked cards (CRL) is past its renewal date; "
                     "connect to the office network to refresh it\n";
    }
    return kExitOk;
}

} // namespace cms::app
