#pragma once

#include "core/common/SecureBuffer.h"

#include <QWidget>

#include <memory>

namespace Ui {
class LockScreen;
}

namespace cms::ui {

// What a locked window shows instead of its content: the card to unlock with and its PIN. It
// only asks; the window checks the card (off the GUI thread) and answers with showProblem().
class LockScreen : public QWidget
{
    Q_OBJECT

public:
    explicit LockScreen(QWidget* parent = nullptr);
    ~LockScreen() override;

    void setCards(const QStringList& labels, const QString& preferred);
    void showProblem(const QString& text);
    void setWorking(bool working);
    // Ready for the next unlock: PIN empty, focus on it.
    void reset();

signals:
    void unlockRequested(const QString& card, std::shared_ptr<cms::SecureBuffer> pin);

private:
    void requestUnlock();

    std::unique_ptr<Ui::LockScreen> m_ui;
};

} // namespace cms::ui
