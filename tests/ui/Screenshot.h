#pragma once

#include <QString>

class QWidget;

namespace cms::tests {

// Saves what `widget` shows as <build>/screenshots/<name>.png (1366×768 windows in the case-work
// tests) and returns the file's path.
QString saveScreenshot(QWidget& widget, const QString& name);

} // namespace cms::tests
