#include "ui/RevocationListRefresh.h"

#include "ui/OffGuiThread.h"

#include <QtDebug>

#include <chrono>

namespace cms::ui {

RevocationListRefresh::RevocationListRefresh(core::config::PkiSettings settings, QObject* parent)
    : QObject(parent)
    , m_settings(std::move(settings))
{
    m_timer.setInterval(std::chrono::hours(m_settings.crlRefreshHours));
    connect(&m_timer, &QTimer::timeout, this, &RevocationListRefresh::refreshNow);
    connect(&m_refreshing,
            &QFutureWatcher<Result<core::pki::CrlRefreshReport>>::finished,
            this,
            &RevocationListRefresh::finishRefresh);
}

RevocationListRefresh::~RevocationListRefresh()
{
    m_timer.stop();
    m_refreshing.waitForFinished();
}

void RevocationListRefresh::start()
{
    if (m_settings.crlUrls.empty()) {
        return;
    }
    refreshNow();
    m_timer.start();
}

void RevocationListRefresh::refreshNow()
{
    if (!m_refreshing.isRunning()) {
        m_refreshing.setFuture(
            runOffGuiThread([settings = m_settings] { return core::pki::CrlRefresher(settings).refresh(); }));
    }
}

void RevocationListRefresh::finishRefresh()
{
    const auto report = m_refreshing.result();
    if (!report) {
        qWarning().noquote() << "CRL refresh:" << QString::fromStdString(report.error().message);
        emit refreshed(false);
        return;
    }
    for (const auto& source : report->sources) {
        if (source.state == core::pki::CrlSourceOutcome::State::Refused
            || source.state == core::pki::CrlSourceOutcome::State::Unreachable) {
            qWarning().noquote() << "CRL refresh:" << core::pki::CrlRefresher::toString(source.state)
                                 << QString::fromStdString(source.url) << QString::fromStdString(source.message);
        }
    }
    emit refreshed(report->cacheReplaced);
}

} // namespace cms::ui
