#pragma once

#include "core/cache/OfflineCache.h"
#include "core/common/SecureBuffer.h"
#include "core/config/AppConfig.h"
#include "core/sync/FieldWork.h"

#include <QObject>
#include <QTimer>

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

class QAction;
class QLabel;
class QWidget;

namespace cms::ui {

class DatabaseWorker;

// Field work from the main window (issue: offline field work): "Take my cases for field work"
// unlocks the person's offline cache with their card (asking for the PIN) and brings their
// assigned open cases into it; "Sync now" pushes the edits made offline and pulls what changed.
// Both run on the window's database thread; the status bar says online, how many cases are
// taken, how many edits wait, and when the last sync was.
class FieldWorkController : public QObject
{
    Q_OBJECT

public:
    // Asks for the card's PIN; nothing when the person cancels. Tests give their own.
    using PinPrompt = std::function<std::optional<SecureBuffer>(QWidget* parent)>;
    // A reissued card meets the cache of the previous one: which of the other cards present is
    // the previous card, and its PIN; nothing when the person cancels. Tests give their own.
    struct PreviousCard
    {
        std::string label;
        SecureBuffer pin;
    };
    using PreviousCardPrompt =
        std::function<std::optional<PreviousCard>(const std::vector<std::string>& otherCards, QWidget* parent)>;

    FieldWorkController(DatabaseWorker& database,
                        core::config::AppConfig config,
                        std::string tokenLabel,
                        std::string loginRole,
                        QLabel& statusLabel,
                        QWidget* window,
                        PinPrompt askPin = {},
                        PreviousCardPrompt askPreviousCard = {});

    // The person's assigned open cases.
    void takeCases();
    // The cases the person chose in the case list (open cases they may see, anyone's); the
    // outcome names those not taken.
    void takeChosenCases(const std::vector<std::string>& caseIds);
    // Gives the chosen cases back: out of this computer's cache, except those whose edits still
    // wait to be sent (named, kept whole).
    void returnChosenCases(const std::vector<std::string>& caseIds);
    // Pushes, then pulls. An edit that meets a change at the office opens the three-way view
    // (ConflictDialog); the person's choice is settled (core::sync::ConflictResolver) and the
    // sync goes on. "Decide later" leaves the edit waiting: the next sync asks again.
    void syncNow();
    // Stops a running sync after the batch in hand: what was sent stays sent, the rest waits.
    void cancel();
    [[nodiscard]] bool busy() const;
    // Sign-out of a shared laptop ([offline] wipe_at_sign_out): closes the person's cache and
    // wipes it. Refused, with nothing removed, while a step runs, while edits wait to be sent
    // (they would be lost), or when the cache was not opened in this session (it may hold
    // edits no one can count without the card).
    [[nodiscard]] Result<void> wipeForSignOut();
    // This computer's cache once cases are taken (null before), for use while no step runs.
    // "2 cases, 1 edit waiting, last sync 2026-11-22 09:15": the status bar's words, online and offline.
    [[nodiscard]] static QString describe(const core::sync::FieldWorkStatus& status);
    [[nodiscard]] const core::cache::CacheDatabase* cache() const;

signals:
    // A step ended: its outcome in words (shown in the status bar, and to tests).
    void finished(const QString& outcome);
    void busyChanged(bool busy);

private:
    using Cache = std::shared_ptr<std::optional<core::cache::OfflineCache>>;

    // Where a running sync stands, written by the database thread, read by the window's timer.
    struct Progress
    {
        std::atomic<int> done{0};
        std::atomic<int> total{0};
        std::atomic<bool> cancelled{false};
    };

    // A step of field work on the open cache, on the database thread: the words for the status bar.
    using CacheStep =
        std::function<Result<QString>(const core::remote::PgConnection&, const core::cache::CacheDatabase&)>;

    // Runs `step` once the cache is open (unlocked with the card's PIN the first time).
    void withOpenCache(CacheStep step);
    // What a check-out says: nothing, or the cases not taken.
    [[nodiscard]] static Result<QString> saidOf(const Result<core::sync::PullReport>& taken);
    void showStatus(const Result<core::sync::FieldWorkStatus>& status, const QString& outcome);
    void showProgress();
    void run(std::function<Result<QString>(const core::remote::PgConnection&, Cache&)> work,
             std::function<void(bool succeeded)> then = {});
    void askAbout(const core::sync::PushConflict& conflict);
    // The cache was made with the person's previous card: it moves to this one with that card's
    // help, then the cases are taken.
    void offerMove(std::shared_ptr<SecureBuffer> pin);
    void settle(const core::sync::PushConflict& conflict, const std::map<std::string, bool>& keepMine);

    DatabaseWorker& m_database;
    core::config::AppConfig m_config;
    std::string m_tokenLabel;
    std::string m_loginRole;
    QLabel& m_statusLabel;
    QWidget* m_window = nullptr;
    PinPrompt m_askPin;
    PreviousCardPrompt m_askPreviousCard;
    Cache m_cache = std::make_shared<std::optional<core::cache::OfflineCache>>();
    bool m_busy = false;
    std::shared_ptr<Progress> m_progress = std::make_shared<Progress>();
    QTimer m_progressTimer;
};

} // namespace cms::ui
