#include "app/cmsadmin/PersonCommand.h"

#include "app/cmsadmin/ActionArguments.h"
#include "app/cmsadmin/AdminConnection.h"
#include "app/cmsadmin/AdminEvent.h"
#include "app/cmsadmin/Command.h"
#include "core/admin/PersonRegistry.h"
#include "core/pki/CertificateFile.h"

#include <iostream>

namespace cms::app {

namespace {

namespace po = boost::program_options;

constexpr const char* kUsage =
    "Usage:\n"
    "  cmsadmin person add --cert FILE --role ROLE --approved-by WHO [--pii] [--login NAME]\n"
    "                      [--name TEXT] [--team NAME] [--nda YYYY-MM-DD]\n"
    "  cmsadmin person revoke LOGIN --reason TEXT\n"
    "  cmsadmin person training LOGIN --completed-on YYYY-MM-DD\n\n"
    "Job roles: officer investigator analyst manager contractor datalake_reader\n"
    "           records_manager access_admin auditor\n"
    "PII access (--pii) must be approved by an active manager (their login).\n"
    "Sign-in needs privacy training within the last 365 days (PIA Q23).\n\n";

std::optional<std::string> optional(const po::variables_map& vm, const char* name)
{
    return vm.count(name) != 0 ? std::optional(vm[name].as<std::string>()) : std::nullopt;
}

int add(const po::variables_map& vm, const core::remote::PgConnection& admin)
{
    for (const char* required : {"cert", "role", "approved-by"}) {
        if (vm.count(required) == 0) {
            std::cerr << "cmsadmin person add: --" << required << " is required\n";
            return kExitUsage;
        }
    }
    auto der = core::pki::readCertificateFile(vm["cert"].as<std::string>());
    if (!der) {
        return reportRefusal("person add", der.error());
    }
    core::admin::NewPerson person;
    person.certificateDer = std::move(*der);
    person.jobRole = vm["role"].as<std::string>();
    person.pii = vm.count("pii") != 0;
    person.approvedBy = vm["approved-by"].as<std::string>();
    person.loginRole = optional(vm, "login");
    person.displayName = optional(vm, "name");
    person.team = optional(vm, "team");
    person.ndaSignedOn = optional(vm, "nda");
    auto registered = core::admin::PersonRegistry(admin).add(person);
    if (!registered) {
        return reportRefusal("person add", registered.error());
    }
    std::cout << (registered->created ? "registered " : "updated ") << registered->loginRole << " as " << person.jobRole
              << (person.pii ? " with PII access" : "") << ", card " << registered->cardUuid
              << "; certificate map updated\n";
    return kExitOk;
}

int revoke(const po::variables_map& vm, const core::remote::PgConnection& admin)
{
    if (vm.count("login") == 0 || vm.count("reason") == 0) {
        std::cerr << "cmsadmin person revoke: give the LOGIN and --reason\n";
        return kExitUsage;
    }
    const auto login = vm["login"].as<std::string>();
    if (auto revoked = core::admin::PersonRegistry(admin).revoke(login, vm["reason"].as<std::string>()); !revoked) {
        return reportRefusal("person revoke", revoked.error());
    }
    std::cout << "revoked " << login << ": no more sign-in, open sessions ended; certificate map updated\n";
    return kExitOk;
}

int training(const po::variables_map& vm, const core::remote::PgConnection& admin)
{
    if (vm.count("login") == 0 || vm.count("completed-on") == 0) {
        std::cerr << "cmsadmin person training: give the LOGIN and --completed-on YYYY-MM-DD\n";
        return kExitUsage;
    }
    const auto login = vm["login"].as<std::string>();
    const auto date = vm["completed-on"].as<std::string>();
    if (auto recorded = core::admin::PersonRegistry(admin).recordTraining(login, date); !recorded) {
        return reportRefusal("person training", recorded.error());
    }
    std::cout << "privacy training of " << login << " recorded as completed on " << date << '\n';
    return kExitOk;
}

} // namespace

int runPerson(const std::vector<std::string>& args)
{
    po::options_description options("Options of cmsadmin person");
    options.add_options()("help,h", "show this help")(
        "cert", po::value<std::string>(), "the person's PIV Authentication certificate (PEM or DER)")(
        "role", po::value<std::string>(), "job role")("pii", "grant PII access")(
        "approved-by", po::value<std::string>(), "who approved the access")(
        "login", po::value<std::string>(), "login name (default: from the certificate's UPN)")(
        "name", po::value<std::string>(), "display name (default: the certificate's common name)")(
        "team", po::value<std::string>(), "team name")(
        "nda", po::value<std::string>(), "date the contractor signed the NDA")(
        "reason", po::value<std::string>(), "why access is revoked")(
        "completed-on", po::value<std::string>(), "date the person completed privacy training");
    options.add(adminConnectionOptions());
    auto parsed = ActionArguments::parse(args, options, "person", kUsage, true);
    if (!parsed) {
        return kExitUsage;
    }
    auto& vm = parsed->values();
    const std::string action = parsed->action();
    if (parsed->helpAsked() || (action != "add" && action != "revoke" && action != "training")) {
        (parsed->helpAsked() ? std::cout : std::cerr) << kUsage << options;
        return parsed->helpAsked() ? kExitOk : kExitUsage;
    }
    if ((action == "revoke" || action == "training") && vm.count("target") != 0) {
        vm.insert({"login", vm["target"]});
    }
    auto admin = openAdminConnection(vm);
    if (!admin) {
        return reportRefusal("person " + action, admin.error());
    }
    boost::json::object details;
    if (vm.count("login") != 0) {
        details["login"] = vm["login"].as<std::string>();
    }
    if (action == "training") {
        const int code = training(vm, *admin);
        recordAdminEvent(*admin, "admin.person_training", code, details);
        return code;
    }
    if (action == "revoke") {
        const int code = revoke(vm, *admin);
        recordAdminEvent(*admin, "admin.person_revoke", code, details);
        return code;
    }
    const int code = add(vm, *admin);
    if (vm.count("role") != 0) {
        details["role"] = vm["role"].as<std::string>();
    }
    details["pii"] = vm.count("pii") != 0;
    recordAdminEvent(*admin, "admin.person_add", code, details);
    return code;
}

} // namespace cms::app
