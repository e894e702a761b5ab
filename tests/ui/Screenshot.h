#pragma once

#include <QString>

#include <string>

class QWidget;

namespace cms::tests {

// Saves what `widget` shows as <build>/screenshots/<name>.png (1366×768 windows in the case-work
// tests) and returns the file's path.
QString saveScreenshot(QWidget& widget, const QString& name);
// Page 1 of a PDF as a PNG beside the screenshots (poppler's pdftoppm), for a person to look at.
void savePdfFirstPage(const std::string& pdf, const std::string& name);

} // namespace cms::tests
