#pragma once

#include "ui/CardWatcher.h"

#include <memory>
#include <mutex>
#include <set>
#include <string>

namespace cms::tests {

// The dev environment's real SoftHSM tokens as the card watcher sees them, with a hand on the
// plug: SoftHSM cannot be unplugged, so a test "removes" a card by hiding it from the looks
// (the thin seam for the presence watcher). Looks run on a worker thread.
class PluggableReaders
{
public:
    explicit PluggableReaders(const std::filesystem::path& modulePath);

    [[nodiscard]] ui::CardWatcher::Look look() const;
    void unplug(const std::string& label);
    void plugIn(const std::string& label);

private:
    struct State
    {
        std::mutex mutex;
        std::set<std::string> unplugged;
    };
    ui::CardWatcher::Look m_module;
    std::shared_ptr<State> m_state = std::make_shared<State>();
};

} // namespace cms::tests
