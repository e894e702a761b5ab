#pragma once

#include "core/print/CaseFileContent.h"

#include <QFont>
#include <QSizeF>

#include <array>
#include <vector>

class QPaintDevice;
class QPainter;

namespace cms::ui {

// A case file (core::print::CaseFileContent) laid out in pages of one printer or PDF writer,
// measured with its fonts at its resolution: text wrapped at word boundaries within each column,
// a table's header row repeated at the top of every page it continues on, no row split over two
// pages (only a row taller than a page runs on, line by line, under the header again), a heading
// kept with what follows it. Black on white with grey rules and a grey header: it reads in grey
// scale. Each page is a list of pieces (text, rules, fills) painted in any order, so a preview
// can paint one page without the others.
class CaseFileLayout
{
public:
    CaseFileLayout(const std::vector<core::print::ContentBlock>& content, const QPaintDevice& device, QSizeF body);
    ~CaseFileLayout();
    CaseFileLayout(const CaseFileLayout&) = delete;
    CaseFileLayout& operator=(const CaseFileLayout&) = delete;

    [[nodiscard]] int pageCount() const;
    // Paints page `index` (from 0), its origin at the top left of the body.
    void paint(QPainter& painter, int index) const;

private:
    struct Piece;
    class Flow;

    enum Style
    {
        Body,
        Bold,
        Italic,
        Title,
        Heading,
        StyleCount,
    };

    std::array<QFont, StyleCount> m_fonts;
    double m_rule = 1; // a rule's width, in the device's pixels
    std::vector<std::vector<Piece>> m_pages;
};

} // namespace cms::ui
