#include "ui/NoticeDialog.h"

#include "core/common/Sha256.h"
#include "ui_NoticeDialog.h"

#include <QCheckBox>
#include <QFile>
#include <QPushButton>

// The built-in texts live in the cms_ui static library's resources, which a static library must
// register itself (outside any namespace, as Q_INIT_RESOURCE requires).
static void registerBuiltInTexts()
{
    Q_INIT_RESOURCE(cms);
}

namespace cms::ui {

NoticeDialog::NoticeDialog(const Wording& wording, const QString& text, QWidget* parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::NoticeDialog>())
{
    m_ui->setupUi(this);
    setWindowTitle(wording.title);
    setAccessibleName(wording.title);
    m_ui->introLabel->setText(wording.intro);
    m_ui->textView->setPlainText(text);
    auto* accept = m_ui->buttonBox->button(QDialogButtonBox::Ok);
    auto* reject = m_ui->buttonBox->button(QDialogButtonBox::Cancel);
    accept->setText(wording.acceptText);
    accept->setAccessibleName(QString(wording.acceptText).remove(QLatin1Char('&')));
    reject->setText(wording.rejectText);
    reject->setAccessibleName(QString(wording.rejectText).remove(QLatin1Char('&')));
    if (wording.confirmation.isEmpty()) {
        m_ui->confirmCheckBox->hide();
    } else {
        m_ui->confirmCheckBox->setText(wording.confirmation);
        accept->setEnabled(false);
        connect(m_ui->confirmCheckBox, &QCheckBox::toggled, accept, &QPushButton::setEnabled);
    }
    connect(m_ui->buttonBox, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_ui->buttonBox, &QDialogButtonBox::rejected, this, &QDialog::reject);
    m_ui->textView->setFocus();
}

NoticeDialog::~NoticeDialog() = default;

NoticeDialog::Wording NoticeDialog::systemUseNotice()
{
    return {tr("System use notification"),
            tr("<b>Read this notice before you sign in.</b>"),
            {},
            tr("I &understand"),
            tr("E&xit")};
}

NoticeDialog::Wording NoticeDialog::rulesOfBehavior()
{
    return {tr("Rules of behavior"),
            tr("<b>Once a year, before you work in CMS, read and accept its rules of behavior.</b>"),
            tr("I have &read these rules and agree to follow them"),
            tr("&Accept"),
            tr("&Decline and sign out")};
}

Result<QString> NoticeDialog::loadText(const std::filesystem::path& configured, const QString& resource)
{
    registerBuiltInTexts();
    QFile file(configured.empty() ? resource : QString::fromStdString(configured.string()));
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text)) {
        return fail(ErrorCode::Config,
                    "The notice file " + file.fileName().toStdString() + " named in the configuration cannot be read.",
                    file.errorString().toStdString());
    }
    const QString text = QString::fromUtf8(file.readAll()).trimmed();
    if (text.isEmpty()) {
        return fail(ErrorCode::Config, "The notice file " + file.fileName().toStdString() + " is empty.");
    }
    return text;
}

std::string NoticeDialog::versionOf(const QString& text)
{
    const QByteArray bytes = text.toUtf8();
    return "sha256:"
           + sha256Hex(std::string_view(bytes.constData(), static_cast<std::size_t>(bytes.size()))).substr(0, 16);
}

} // namespace cms::ui
