#include "ui/FieldLabels.h"

#include <QObject>

#include <map>

namespace cms::ui {

QString FieldLabels::of(const std::string& name)
{
    static const std::map<std::string, QString> known{
        {"case_type", QObject::tr("Type")},
        {"opened_on", QObject::tr("Opened on")},
        {"closed_on", QObject::tr("Closed on")},
        {"team_id", QObject::tr("Team")},
        {"full_name", QObject::tr("Name")},
        {"upc", QObject::tr("UPC")},
        {"ifs_reference", QObject::tr("IFS reference")},
    };
    if (const auto found = known.find(name); found != known.end()) {
        return found->second;
    }
    QString text = QString::fromStdString(name).replace(QLatin1Char('_'), QLatin1Char(' '));
    if (!text.isEmpty()) {
        text[0] = text[0].toUpper();
    }
    return text;
}

} // namespace cms::ui
