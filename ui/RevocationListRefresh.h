#pragma once

#include "core/config/AppConfig.h"
#include "core/pki/CrlRefresher.h"

#include <QFutureWatcher>
#include <QObject>
#include <QTimer>

namespace cms::ui {

// Keeps this computer's CRL cache fresh while the client runs: at start and every [pki]
// crl_refresh_hours, off the GUI thread, from [pki] crl_urls (nothing when none are configured).
// Sign-in only ever reads the cache; a laptop offline for a while catches up at its next start
// on the office network. Outcomes go to the log (addresses and causes only).
class RevocationListRefresh : public QObject
{
    Q_OBJECT

public:
    explicit RevocationListRefresh(core::config::PkiSettings settings, QObject* parent = nullptr);
    ~RevocationListRefresh() override;

    void start();
    void refreshNow();

signals:
    void refreshed(bool cacheReplaced);

private:
    void finishRefresh();

    core::config::PkiSettings m_settings;
    QTimer m_timer;
    QFutureWatcher<Result<core::pki::CrlRefreshReport>> m_refreshing;
};

} // namespace cms::ui
