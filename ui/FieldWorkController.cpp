#include "ui/FieldWorkController.h"

#include "core/cache/CacheHygiene.h"
#include "core/cache/DeviceAuditChain.h"
#include "core/sync/ConflictResolver.h"
#include "core/sync/OfflineEdits.h"
#include "ui/ConflictDialog.h"
#include "ui/DatabaseWorker.h"

#include <QDateTime>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QStringList>

#include <filesystem>

namespace cms::ui {

namespace {

std::optional<SecureBuffer> askPinInDialog(QWidget* parent)
{
    bool given = false;
    QString pin = QInputDialog::getText(parent,
                                        QObject::tr("Field work"),
                                        QObject::tr("Your card's PIN unlocks this computer's offline cache:"),
                                        QLineEdit::Password,
                                        {},
                                        &given);
    std::optional<SecureBuffer> secret;
    if (given && !pin.isEmpty()) {
        secret.emplace(pin.toStdString());
    }
    pin.fill(QLatin1Char('0'));
    return secret;
}

std::optional<FieldWorkController::PreviousCard> askPreviousCardInDialogs(const std::vector<std::string>& others,
                                                                          QWidget* parent)
{
    QStringList labels;
    for (const auto& label : others) {
        labels << QString::fromStdString(label);
    }
    if (labels.isEmpty()) {
        QMessageBox::information(parent,
                                 QObject::tr("Field work"),
                                 QObject::tr("This computer's offline cache was made with your previous card. "
                                             "Insert it beside this one, then take your cases again."));
        return std::nullopt;
    }
    bool chosen = false;
    const QString label =
        QInputDialog::getItem(parent,
                              QObject::tr("Field work"),
                              QObject::tr("This computer's offline cache was made with your previous card. "
                                          "Choose it to move the cache to the card you signed in with:"),
                              labels,
                              0,
                              false,
                              &chosen);
    if (!chosen) {
        return std::nullopt;
    }
    auto pin = askPinInDialog(parent);
    if (!pin) {
        return std::nullopt;
    }
    return FieldWorkController::PreviousCard{label.toStdString(), std::move(*pin)};
}

} // namespace

FieldWorkController::FieldWorkController(DatabaseWorker& database,
                                         core::config::AppConfig config,
                                         std::string tokenLabel,
                                         std::string loginRole,
                                         QLabel& statusLabel,
                                         QWidget* window,
                                         PinPrompt askPin,
                                         PreviousCardPrompt askPreviousCard)
    : QObject(window)
    , m_database(database)
    , m_config(std::move(config))
    , m_tokenLabel(std::move(tokenLabel))
    , m_loginRole(std::move(loginRole))
    , m_statusLabel(statusLabel)
    , m_window(window)
    , m_askPin(askPin ? std::move(askPin) : PinPrompt(askPinInDialog))
    , m_askPreviousCard(askPreviousCard ? std::move(askPreviousCard) : PreviousCardPrompt(askPreviousCardInDialogs))
{
    m_statusLabel.setText(tr("Online · field work: no cases taken on this computer yet"));
    m_progressTimer.setInterval(200);
    connect(&m_progressTimer, &QTimer::timeout, this, &FieldWorkController::showProgress);
}

void FieldWorkController::cancel()
{
    m_progress->cancelled = true;
}

void FieldWorkController::showProgress()
{
    if (m_progress->total > 0) {
        m_statusLabel.setText(
            tr("Online · syncing: %1 of %2 edits sent").arg(m_progress->done.load()).arg(m_progress->total.load()));
    }
}

bool FieldWorkController::busy() const
{
    return m_busy;
}

const core::cache::CacheDatabase* FieldWorkController::cache() const
{
    return m_cache->has_value() && !m_busy ? &(*m_cache)->database() : nullptr;
}

Result<void> FieldWorkController::wipeForSignOut()
{
    const auto folder = core::sync::FieldWork::cacheFolder(m_loginRole);
    if (m_busy) {
        return fail(ErrorCode::InvalidArgument, "A field work step is still running.");
    }
    if (!m_cache->has_value()) {
        if (!std::filesystem::exists(folder)) {
            return {};
        }
        return fail(ErrorCode::InvalidArgument,
                    "Your offline cache was not opened in this session, so the edits it may hold cannot be counted.");
    }
    auto pending = core::sync::OfflineEdits((*m_cache)->database()).pendingCount();
    if (!pending) {
        return std::unexpected(pending.error());
    }
    if (*pending > 0) {
        return fail(ErrorCode::InvalidArgument,
                    *pending == 1 ? std::string("1 edit made offline has not been sent yet.")
                                  : std::to_string(*pending) + " edits made offline have not been sent yet.");
    }
    m_cache->reset();
    return core::cache::CacheHygiene(folder).wipe();
}

namespace {

QString joined(const std::vector<std::string>& ids)
{
    QStringList list;
    for (const auto& id : ids) {
        list << QString::fromStdString(id);
    }
    return list.join(QStringLiteral(", "));
}

} // namespace

void FieldWorkController::takeCases()
{
    withOpenCache([](const core::remote::PgConnection& server, const core::cache::CacheDatabase& cache) {
        return saidOf(core::sync::FieldWork::takeAssignedCases(cache, server));
    });
}

void FieldWorkController::takeChosenCases(const std::vector<std::string>& caseIds)
{
    withOpenCache([caseIds](const core::remote::PgConnection& server, const core::cache::CacheDatabase& cache) {
        return saidOf(core::sync::FieldWork::takeChosenCases(cache, server, caseIds));
    });
}

void FieldWorkController::returnChosenCases(const std::vector<std::string>& caseIds)
{
    if (!m_cache->has_value() && !core::cache::OfflineCache::exists(core::sync::FieldWork::cacheFolder(m_loginRole))) {
        // Nothing to give back, and no cache to make for it.
        emit finished(tr("No cases are taken on this computer."));
        return;
    }
    withOpenCache([caseIds](const core::remote::PgConnection& server,
                            const core::cache::CacheDatabase& cache) -> Result<QString> {
        auto given = core::sync::FieldWork::returnCases(cache, server, caseIds);
        if (!given) {
            return std::unexpected(given.error());
        }
        QStringList said;
        said << (given->returned.size() == 1 ? tr("1 case given back")
                                             : tr("%1 cases given back").arg(given->returned.size()));
        if (!given->keptForEdits.empty()) {
            said << tr("kept, edits wait to be sent (sync first): %1").arg(joined(given->keptForEdits));
        }
        if (!given->notTaken.empty()) {
            said << tr("not on this computer: %1").arg(joined(given->notTaken));
        }
        return said.join(QStringLiteral("; "));
    });
}

Result<QString> FieldWorkController::saidOf(const Result<core::sync::PullReport>& taken)
{
    if (!taken) {
        return std::unexpected(taken.error());
    }
    if (taken->casesNotTaken.empty()) {
        return QString();
    }
    return tr("not taken (closed, or not yours to see): %1").arg(joined(taken->casesNotTaken));
}

void FieldWorkController::withOpenCache(CacheStep step)
{
    if (m_busy) {
        return;
    }
    auto pin = std::make_shared<SecureBuffer>();
    if (!m_cache->has_value()) {
        auto given = m_askPin(m_window);
        if (!given) {
            return;
        }
        *pin = std::move(*given);
    }
    auto anotherCard = std::make_shared<bool>(false);
    run(
        [config = m_config,
         token = m_tokenLabel,
         folder = core::sync::FieldWork::cacheFolder(m_loginRole),
         pin,
         anotherCard,
         step = std::move(step)](const core::remote::PgConnection& server, Cache& cache) -> Result<QString> {
            if (!cache->has_value()) {
                auto opened = core::sync::FieldWork::unlock(config, token, *pin, folder);
                if (!opened) {
                    *anotherCard = core::sync::FieldWork::madeWithAnotherCard(opened.error());
                    if (!*anotherCard) {
                        pin->clear();
                    }
                    return std::unexpected(opened.error());
                }
                pin->clear();
                cache->emplace(std::move(*opened));
            }
            return step(server, (*cache)->database());
        },
        [this, anotherCard, pin](bool) {
            if (*anotherCard) {
                offerMove(pin);
            }
        });
}

void FieldWorkController::offerMove(std::shared_ptr<SecureBuffer> pin)
{
    auto others = core::sync::FieldWork::otherCards(m_config, m_tokenLabel);
    auto previous = m_askPreviousCard(others ? *others : std::vector<std::string>{}, m_window);
    if (!previous) {
        pin->clear();
        return;
    }
    auto previousCard = std::make_shared<PreviousCard>(std::move(*previous));
    run([config = m_config,
         token = m_tokenLabel,
         folder = core::sync::FieldWork::cacheFolder(m_loginRole),
         pin,
         previousCard](const core::remote::PgConnection& server, Cache& cache) -> Result<QString> {
        auto moved =
            core::sync::FieldWork::moveToNewCard(config, previousCard->label, previousCard->pin, token, *pin, folder);
        pin->clear();
        previousCard->pin.clear();
        const bool done = moved.has_value();
        // The move is an audit event either way (the previous card's label, never a PIN).
        (void)server.exec("SELECT cms_audit.record_event('offline.cache_moved', 'card', $1, $2, "
                          "jsonb_build_object('previous_card', $3::text))",
                          {token, done ? "success" : "failure", previousCard->label});
        if (!done) {
            return std::unexpected(moved.error());
        }
        cache->emplace(std::move(*moved));
        auto taken = core::sync::FieldWork::takeAssignedCases((*cache)->database(), server);
        if (!taken) {
            return std::unexpected(taken.error());
        }
        return QObject::tr("This computer's offline cache now opens with the card you signed in with.");
    });
}

void FieldWorkController::syncNow()
{
    if (m_busy) {
        return;
    }
    if (!m_cache->has_value()) {
        emit finished(tr("Take cases for field work first: there is nothing on this computer to sync."));
        return;
    }
    // The events recorded offline go to the office signed by the card: its PIN is asked for them.
    // Without it the sync goes on and they wait for the next one.
    auto pin = std::make_shared<SecureBuffer>();
    if (auto waiting = core::cache::DeviceAuditChain((**m_cache).database()).pendingCount(); waiting && *waiting > 0) {
        if (auto given = m_askPin(m_window)) {
            *pin = std::move(*given);
        }
    }
    m_progress = std::make_shared<Progress>();
    m_progressTimer.start();
    auto found = std::make_shared<std::optional<core::sync::PushConflict>>();
    run(
        [progress = m_progress, found, pin, config = m_config, token = m_tokenLabel](
            const core::remote::PgConnection& server, Cache& cache) -> Result<QString> {
            core::sync::BatchSigner signer;
            if (!pin->empty()) {
                auto card = core::sync::FieldWork::cardSigner(config, token, *pin);
                pin->clear();
                if (!card) {
                    return std::unexpected(card.error());
                }
                signer = std::move(*card);
            }
            auto synced =
                core::sync::FieldWork::sync((*cache)->database(), server, signer, [progress](int done, int total) {
                    progress->done = done;
                    progress->total = total;
                    return !progress->cancelled;
                });
            if (!synced) {
                return std::unexpected(synced.error());
            }
            if (synced->pushed.cancelled) {
                return QObject::tr("Sync stopped as asked: %1 of %2 edits sent, the rest waits in this computer.")
                    .arg(progress->done.load())
                    .arg(progress->total.load());
            }
            if (const auto& conflict = synced->pushed.conflict) {
                *found = conflict;
                if (!conflict->refusal.empty()) {
                    return QObject::tr("The office refused an edit made offline (%1 %2): it waits for you.")
                        .arg(QString::fromStdString(conflict->table), QString::fromStdString(conflict->rowId));
                }
                return QObject::tr(
                           "An edit made offline (%1 %2) conflicts with a change at the office: it waits for you.")
                    .arg(QString::fromStdString(conflict->table), QString::fromStdString(conflict->rowId));
            }
            if (synced->audit.waitingForSignature > 0) {
                return QObject::tr("%n event(s) recorded offline wait for your card's signature: the next sync "
                                   "asks for its PIN again.",
                                   nullptr,
                                   synced->audit.waitingForSignature);
            }
            return QString();
        },
        [this, found](bool) {
            if (*found) {
                askAbout(**found);
            }
        });
}

void FieldWorkController::askAbout(const core::sync::PushConflict& conflict)
{
    auto* dialog = new ConflictDialog(conflict, m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog, conflict] { settle(conflict, dialog->choices()); });
    dialog->open();
}

void FieldWorkController::settle(const core::sync::PushConflict& conflict, const std::map<std::string, bool>& keepMine)
{
    if (m_busy) {
        return;
    }
    run(
        [conflict, keepMine](const core::remote::PgConnection& server, Cache& cache) -> Result<QString> {
            if (auto settled = core::sync::ConflictResolver((*cache)->database(), server).resolve(conflict, keepMine);
                !settled) {
                return std::unexpected(settled.error());
            }
            return QObject::tr("Conflict settled.");
        },
        [this](bool succeeded) {
            if (succeeded) {
                syncNow(); // the rest of the outbox, and the next conflict if there is one
            }
        });
}

void FieldWorkController::run(std::function<Result<QString>(const core::remote::PgConnection&, Cache&)> work,
                              std::function<void(bool succeeded)> then)
{
    m_busy = true;
    emit busyChanged(true);
    m_statusLabel.setText(tr("Online · field work: working…"));
    using Outcome = std::pair<Result<QString>, Result<core::sync::FieldWorkStatus>>;
    m_database.run<Outcome>(
        this,
        [work = std::move(work), cache = m_cache](const core::remote::PgConnection& server) mutable {
            auto done = work(server, cache);
            auto status = cache->has_value() ? core::sync::FieldWork::status((*cache)->database())
                                             : Result<core::sync::FieldWorkStatus>(fail(
                                                 ErrorCode::InvalidArgument, "No cases are taken on this computer."));
            return Outcome{std::move(done), std::move(status)};
        },
        [this, then = std::move(then)](Outcome outcome) {
            m_busy = false;
            m_progressTimer.stop();
            emit busyChanged(false);
            const QString said =
                outcome.first ? *outcome.first
                              : tr("Field work failed: %1").arg(QString::fromStdString(outcome.first.error().message));
            showStatus(outcome.second, said);
            emit finished(said);
            if (then) {
                then(outcome.first.has_value());
            }
        });
}

QString FieldWorkController::describe(const core::sync::FieldWorkStatus& status)
{
    const QString last = status.lastSyncAt.empty()
                             ? tr("never synced")
                             : tr("last sync %1")
                                   .arg(QDateTime::fromString(QString::fromStdString(status.lastSyncAt), Qt::ISODate)
                                            .toLocalTime()
                                            .toString(QStringLiteral("yyyy-MM-dd HH:mm")));
    const auto cases = status.cases == 1 ? tr("1 case") : tr("%1 cases").arg(status.cases);
    const auto pending = status.pending == 1 ? tr("1 edit waiting") : tr("%1 edits waiting").arg(status.pending);
    return tr("%1, %2, %3").arg(cases, pending, last);
}

void FieldWorkController::showStatus(const Result<core::sync::FieldWorkStatus>& status, const QString& outcome)
{
    QString text = tr("Online");
    if (status) {
        text += tr(" · field work: %1").arg(describe(*status));
    } else {
        text += tr(" · field work: no cases taken on this computer yet");
    }
    if (!outcome.isEmpty()) {
        text += QStringLiteral(" — ") + outcome;
    }
    m_statusLabel.setText(text);
}

} // namespace cms::ui
