#pragma once

#include "core/remote/CardConnector.h"
#include "ui/SerialWorker.h"

namespace cms::ui {

// The signed-in session's one database connection, on a thread of its own (SerialWorker). A
// worker without a connection (offline, for the case form's tabs) runs nothing.
class DatabaseWorker : public SerialWorker<core::remote::CardConnection, core::remote::PgConnection>
{
public:
    explicit DatabaseWorker(std::shared_ptr<core::remote::CardConnection> connection);
};

} // namespace cms::ui
