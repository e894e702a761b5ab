#include "tests/support/Connections.h"

#include "tests/support/DevEnvironment.h"

#include <stdexcept>

namespace cms::tests {

Result<core::remote::CardConnection> connectWithCard(const std::string& tokenLabel, const std::string& pin)
{
    core::remote::CardConnectRequest request;
    request.tokenLabel = tokenLabel;
    request.applicationName = "cms-tests";
    return core::remote::CardConnector(DevEnvironment::get().config()).connect(request, SecureBuffer(pin));
}

Result<core::remote::CardConnection> connectServerChecksOnly(const std::string& tokenLabel, const std::string& pin)
{
    core::remote::CardConnectRequest request;
    request.tokenLabel = tokenLabel;
    request.applicationName = "cms-tests";
    return core::remote::CardConnector::serverChecksOnly(DevEnvironment::get().config())
        .connect(request, SecureBuffer(pin));
}

core::remote::CardConnection connectAs(const std::string& tokenLabel)
{
    const auto& person = DevEnvironment::get().person(tokenLabel);
    auto connected = connectWithCard(person.tokenLabel, person.pin);
    if (!connected) {
        throw std::runtime_error("cannot sign in as " + tokenLabel + ": " + connected.error().message + " ("
                                 + connected.error().detail + ")");
    }
    return std::move(*connected);
}

core::remote::PgConnection adminConnection(const std::string& database)
{
    std::string conninfo = DevEnvironment::get().config().admin.conninfo;
    if (conninfo.empty()) {
        throw std::runtime_error("the dev configuration has no [admin] conninfo");
    }
    if (!database.empty()) {
        conninfo += " dbname=" + database;
    }
    auto connection = core::remote::PgConnection::openConnInfo(conninfo);
    if (!connection) {
        throw std::runtime_error("admin connection: " + connection.error().message + " (" + connection.error().detail
                                 + ")");
    }
    return std::move(*connection);
}

core::remote::PgResult
must(const core::remote::PgConnection& connection, const std::string& sql, const core::remote::PgParams& params)
{
    auto result = connection.exec(sql, params);
    if (!result) {
        throw std::runtime_error(sql + ": " + result.error().message + " (" + result.error().detail + ")");
    }
    return std::move(*result);
}

std::string
newOfficerTeamCase(const core::remote::PgConnection& admin, const std::string& title, const std::string& caseType)
{
    return must(admin,
                "INSERT INTO cms.cases (title, case_type, team_id) SELECT $1, $2::cms.case_type, team_id "
                "FROM cms.staff WHERE login_role = 'oortega' RETURNING id",
                {title, caseType})
        .text(0, 0);
}

} // namespace cms::tests
