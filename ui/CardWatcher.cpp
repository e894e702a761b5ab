#include "ui/CardWatcher.h"

#include "core/auth/CardPresence.h"
#include "core/auth/Pkcs11Module.h"

#include <QtConcurrent/QtConcurrentRun>

#include <memory>
#include <mutex>

namespace cms::ui {

CardWatcher::CardWatcher(Look look, std::chrono::milliseconds interval, QObject* parent)
    : QObject(parent)
    , m_look(std::move(look))
{
    m_timer.setInterval(interval);
    connect(&m_timer, &QTimer::timeout, this, &CardWatcher::lookNow);
    connect(&m_looking, &QFutureWatcher<Result<Cards>>::finished, this, &CardWatcher::finishLook);
}

CardWatcher::~CardWatcher()
{
    m_timer.stop();
    m_looking.waitForFinished();
}

CardWatcher::Look CardWatcher::moduleLook(const std::filesystem::path& modulePath)
{
    struct Loaded
    {
        std::mutex mutex;
        std::shared_ptr<core::auth::Pkcs11Module> module;
    };
    auto loaded = std::make_shared<Loaded>();
    return [modulePath, loaded]() -> Result<Cards> {
        const std::scoped_lock lock(loaded->mutex);
        if (!loaded->module) {
            auto module = core::auth::Pkcs11Module::load(modulePath);
            if (!module) {
                return std::unexpected(module.error());
            }
            loaded->module = std::move(*module);
        }
        return loaded->module->tokens();
    };
}

void CardWatcher::start()
{
    lookNow();
    m_timer.start();
}

void CardWatcher::stop()
{
    m_timer.stop();
}

void CardWatcher::lookNow()
{
    if (!m_looking.isRunning()) {
        m_looking.setFuture(QtConcurrent::run(m_look));
    }
}

const CardWatcher::Cards& CardWatcher::cards() const
{
    return m_cards;
}

bool CardWatcher::hasLooked() const
{
    return m_hasLooked;
}

void CardWatcher::finishLook()
{
    auto looked = m_looking.result();
    if (!looked) {
        // The readers could not be read: keep the last list (a hiccup of the reader service must
        // not lock anyone out), and say so once.
        const auto text = QString::fromStdString(looked.error().message);
        if (text != m_problem) {
            m_problem = text;
            emit problem(text);
        }
        return;
    }
    m_problem.clear();
    const auto changes = core::auth::CardPresence::compare(m_cards, *looked);
    const bool first = !m_hasLooked;
    m_cards = std::move(*looked);
    m_hasLooked = true;
    for (const auto& card : changes.removed) {
        emit cardRemoved(QString::fromStdString(card.label), QString::fromStdString(card.serialNumber));
    }
    if (first || !changes.empty()) {
        emit cardsChanged();
    }
}

} // namespace cms::ui
