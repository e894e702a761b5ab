#pragma once

#include <QString>

class QWidget;

namespace cms::ui {

// Asks where to save a PDF (the system's file dialog, in the person's documents folder): a path,
// or empty when the person cancels.
[[nodiscard]] QString askPdfSavePath(QWidget* parent, const QString& title, const QString& suggested);

} // namespace cms::ui
