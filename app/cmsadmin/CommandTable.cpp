#include "app/cmsadmin/CommandTable.h"

#include "app/cmsadmin/AuditCommand.h"
#include "app/cmsadmin/DbCommand.h"
#include "app/cmsadmin/DemoCommand.h"
#include "app/cmsadmin/PersonCommand.h"
#include "app/cmsadmin/PkiCommand.h"
#include "app/cmsadmin/WhoamiCommand.h"

#include <iomanip>

namespace cms::app {

const std::vector<Command>& commandTable()
{
    static const std::vector<Command> commands{
        {"audit", "verify the audit trail's hash chain, or record a checkpoint of it", runAudit},
        {"db", "migrate the central database to this release's schema, or show its status", runDb},
        {"demo", "fill a demo or benchmark database with realistic synthetic cases (seed)", runDemo},
        {"person", "register a person's card, job role and PII grant, or revoke their access", runPerson},
        {"pki", "fetch the lists of revoked cards (CRLs) into this computer's cache", runPki},
        {"whoami", "sign in with a PIV card and show who the server says you are", runWhoami},
    };
    return commands;
}

void printUsage(std::ostream& out)
{
    out << "Usage: cmsadmin COMMAND [OPTIONS]\n"
           "Operator tool of the CMS Case Management System. Reads the configuration named by\n"
           "CMS_CONFIG (default /etc/cms/cms.conf).\n\n"
           "Commands:\n";
    for (const Command& command : commandTable()) {
        out << "  " << std::left << std::setw(12) << command.name << command.summary << '\n';
    }
    out << "\n'cmsadmin COMMAND --help' describes a command's options.\n"
           "Exit status: 0 success, 1 refused or failed (the cause is printed), 2 usage error.\n";
}

} // namespace cms::app
