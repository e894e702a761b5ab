#include "ui/DatabaseWorker.h"

namespace cms::ui {

namespace {

const core::remote::PgConnection& connectionOf(const core::remote::CardConnection& card)
{
    return card.connection;
}

} // namespace

DatabaseWorker::DatabaseWorker(std::shared_ptr<core::remote::CardConnection> connection)
    : SerialWorker(std::move(connection), &connectionOf)
{}

} // namespace cms::ui
