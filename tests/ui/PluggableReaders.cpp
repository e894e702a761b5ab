#include "tests/ui/PluggableReaders.h"

#include <algorithm>

namespace cms::tests {

PluggableReaders::PluggableReaders(const std::filesystem::path& modulePath)
    : m_module(ui::CardWatcher::moduleLook(modulePath))
{}

ui::CardWatcher::Look PluggableReaders::look() const
{
    return [module = m_module, state = m_state]() -> Result<ui::CardWatcher::Cards> {
        auto cards = module();
        if (cards) {
            const std::scoped_lock lock(state->mutex);
            std::erase_if(*cards, [&](const auto& card) { return state->unplugged.contains(card.label); });
        }
        return cards;
    };
}

void PluggableReaders::unplug(const std::string& label)
{
    const std::scoped_lock lock(m_state->mutex);
    m_state->unplugged.insert(label);
}

void PluggableReaders::plugIn(const std::string& label)
{
    const std::scoped_lock lock(m_state->mutex);
    m_state->unplugged.erase(label);
}

} // namespace cms::tests
