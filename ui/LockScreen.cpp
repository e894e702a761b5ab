#include "ui/LockScreen.h"

#include "ui_LockScreen.h"

namespace cms::ui {

LockScreen::LockScreen(QWidget* parent)
    : QWidget(parent)
    , m_ui(std::make_unique<Ui::LockScreen>())
{
    m_ui->setupUi(this);
    connect(m_ui->unlockPushButton, &QPushButton::clicked, this, &LockScreen::requestUnlock);
    connect(m_ui->pinLineEdit, &QLineEdit::returnPressed, this, &LockScreen::requestUnlock);
    showProblem({});
}

LockScreen::~LockScreen() = default;

void LockScreen::setCards(const QStringList& labels, const QString& preferred)
{
    m_ui->cardComboBox->clear();
    m_ui->cardComboBox->addItems(labels);
    if (const int index = m_ui->cardComboBox->findText(preferred); index >= 0) {
        m_ui->cardComboBox->setCurrentIndex(index);
    }
}

void LockScreen::showProblem(const QString& text)
{
    m_ui->errorLabel->setText(text);
    m_ui->errorLabel->setVisible(!text.isEmpty());
}

void LockScreen::setWorking(bool working)
{
    m_ui->cardComboBox->setEnabled(!working);
    m_ui->pinLineEdit->setEnabled(!working);
    m_ui->unlockPushButton->setEnabled(!working);
}

void LockScreen::reset()
{
    m_ui->pinLineEdit->clear();
    m_ui->pinLineEdit->setFocus();
}

void LockScreen::requestUnlock()
{
    if (m_ui->pinLineEdit->text().isEmpty()) {
        showProblem(tr("Enter your card's PIN."));
        return;
    }
    QByteArray typed = m_ui->pinLineEdit->text().toUtf8();
    auto pin =
        std::make_shared<SecureBuffer>(std::string_view(typed.constData(), static_cast<std::size_t>(typed.size())));
    typed.fill('\0');
    m_ui->pinLineEdit->clear();
    emit unlockRequested(m_ui->cardComboBox->currentText(), std::move(pin));
}

} // namespace cms::ui
