#include "ui/CaseFileLayout.h"

#include <QFontMetricsF>
#include <QPaintDevice>
#include <QPainter>
#include <QPen>
#include <QString>
#include <QStringList>

#include <algorithm>
#include <cmath>
#include <numeric>

namespace cms::ui {

namespace {

using core::print::ContentBlock;

constexpr double kBodyPoints = 9;
constexpr double kTitlePoints = 16;
constexpr double kHeadingPoints = 13;
const QColor kHeaderFill(0xd9, 0xd9, 0xd9);
const QColor kGridColour(0x80, 0x80, 0x80);

QString qt(const std::string& text)
{
    return QString::fromStdString(text);
}

} // namespace

struct CaseFileLayout::Piece
{
    enum class Kind
    {
        Text,  // `text` in `style`, its baseline starting at `at`
        Fill,  // `box` in the header's grey
        Grid,  // `box`'s outline, grey
        Frame, // `box`'s outline, black
    };
    Kind kind = Kind::Text;
    QPointF at;
    QRectF box;
    QString text;
    Style style = Body;
};

// Places the content's pieces page after page, top to bottom.
class CaseFileLayout::Flow
{
public:
    Flow(CaseFileLayout& layout, const QPaintDevice& device, QSizeF body)
        : m_layout(layout)
        , m_dpi(device.logicalDpiY())
        , m_body(body)
    {
        for (int style = 0; style < StyleCount; ++style) {
            m_metrics.emplace_back(layout.m_fonts[static_cast<std::size_t>(style)], &device);
        }
        m_line = m_metrics[Body].lineSpacing();
        m_layout.m_pages.emplace_back();
    }

    // `next`: the block after this one, if any (a heading is kept with its start).
    void add(const ContentBlock& block, const ContentBlock* next)
    {
        switch (block.kind) {
        case ContentBlock::Kind::Designation:
            designation(block);
            break;
        case ContentBlock::Kind::Title:
            m_y += m_y > 0 ? points(8) : 0;
            lines(wrap(qt(block.text), Title, m_body.width()), Title, 0);
            m_y += points(6);
            break;
        case ContentBlock::Kind::Paragraph:
            paragraph(qt(block.lead), qt(block.text), Body);
            break;
        case ContentBlock::Kind::Missing:
            paragraph({}, qt(block.text), Italic);
            break;
        case ContentBlock::Kind::Heading:
            m_y += points(10);
            // Kept with what follows: the heading and the start of the next block, or a new page.
            ensure(m_metrics[Heading].lineSpacing() + points(4) + (next != nullptr ? startOf(*next) : m_line));
            lines(wrap(qt(block.text), Heading, m_body.width()), Heading, 0);
            m_y += points(4);
            break;
        case ContentBlock::Kind::Fields:
            fields(block);
            break;
        case ContentBlock::Kind::Table:
            table(block);
            break;
        }
    }

private:
    [[nodiscard]] double points(double value) const
    {
        return value * m_dpi / 72.0;
    }
    [[nodiscard]] double room() const
    {
        return m_body.height() - m_y;
    }
    std::vector<Piece>& page()
    {
        return m_layout.m_pages.back();
    }
    void newPage()
    {
        m_layout.m_pages.emplace_back();
        m_y = 0;
    }
    // A new page unless `height` fits on this one (or this one is still empty).
    void ensure(double height)
    {
        if (height > room() && m_y > 0) {
            newPage();
        }
    }

    void text(const QString& words, Style style, double x, double top)
    {
        if (!words.isEmpty()) {
            page().push_back(Piece{Piece::Kind::Text, QPointF(x, top + m_metrics[style].ascent()), {}, words, style});
        }
    }

    void box(Piece::Kind kind, const QRectF& area)
    {
        page().push_back(Piece{kind, {}, area, {}, Body});
    }

    // Greedy at word boundaries (and inside a word wider than the width, where it must); the
    // first line may be narrower (after a lead in bold). Newlines are kept.
    [[nodiscard]] QStringList wrap(const QString& words, Style style, double width, double firstWidth = -1) const
    {
        const auto& metrics = m_metrics[style];
        QStringList result;
        const auto widthNow = [&] {
            return result.isEmpty() && firstWidth >= 0 ? firstWidth : width;
        };
        for (const QString& paragraph : words.split(QLatin1Char('\n'))) {
            if (metrics.horizontalAdvance(paragraph) <= widthNow()) {
                result << paragraph;
                continue;
            }
            QString line;
            for (const QString& word : paragraph.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
                const QString longer = line.isEmpty() ? word : line + QLatin1Char(' ') + word;
                if (metrics.horizontalAdvance(longer) <= widthNow()) {
                    line = longer;
                    continue;
                }
                if (!line.isEmpty()) {
                    result << line;
                }
                line = word;
                while (line.size() > 1 && metrics.horizontalAdvance(line) > widthNow()) {
                    qsizetype fits = line.size() - 1;
                    while (fits > 1 && metrics.horizontalAdvance(line.left(fits)) > widthNow()) {
                        --fits;
                    }
                    result << line.left(fits);
                    line = line.mid(fits);
                }
            }
            result << line;
        }
        return result;
    }

    // Lines of one style, each on the page it fits on.
    void lines(const QStringList& wrapped, Style style, double x)
    {
        const double height = m_metrics[style].lineSpacing();
        for (const QString& line : wrapped) {
            ensure(height);
            text(line, style, x, m_y);
            m_y += height;
        }
    }

    void paragraph(const QString& lead, const QString& words, Style style)
    {
        const double leadWidth = lead.isEmpty() ? 0 : m_metrics[Bold].horizontalAdvance(lead);
        const auto wrapped = wrap(words, style, m_body.width(), m_body.width() - leadWidth);
        ensure(m_line);
        text(lead, Bold, 0, m_y);
        text(wrapped.front(), style, leadWidth, m_y);
        m_y += m_line;
        lines(wrapped.mid(1), style, 0);
        m_y += points(6);
    }

    // The CUI designation indicator block: labels in bold, boxed in black.
    void designation(const ContentBlock& block)
    {
        const double pad = points(4);
        const double space = m_metrics[Body].horizontalAdvance(QLatin1Char(' '));
        double labelWidth = 0;
        for (const auto& [label, value] : block.fields) {
            labelWidth = std::max(labelWidth, m_metrics[Bold].horizontalAdvance(qt(label)));
        }
        std::vector<QStringList> values;
        double widest = 0;
        for (const auto& [label, value] : block.fields) {
            values.push_back(wrap(qt(value), Body, m_body.width() - 2 * pad - labelWidth - space));
            for (const QString& line : values.back()) {
                widest = std::max(widest, m_metrics[Body].horizontalAdvance(line));
            }
        }
        double count = 0;
        for (const auto& lines : values) {
            count += static_cast<double>(lines.size());
        }
        const double height = count * m_line + 2 * pad;
        ensure(height);
        const double top = m_y;
        double y = top + pad;
        for (std::size_t field = 0; field < block.fields.size(); ++field) {
            text(qt(block.fields[field].first), Bold, pad, y);
            for (const QString& line : values[field]) {
                text(line, Body, pad + labelWidth + space, y);
                y += m_line;
            }
        }
        box(Piece::Kind::Frame,
            QRectF(0, top, std::min(m_body.width(), 2 * pad + labelWidth + space + widest), height));
        m_y = top + height + points(8);
    }

    // Labelled values (the summary): labels in bold in a column of their own, no rules.
    void fields(const ContentBlock& block)
    {
        const double pad = points(2);
        double labelWidth = 0;
        for (const auto& [label, value] : block.fields) {
            labelWidth = std::max(labelWidth, m_metrics[Bold].horizontalAdvance(qt(label)));
        }
        const double valueX = labelWidth + 3 * pad;
        for (const auto& [label, value] : block.fields) {
            const auto wrapped = wrap(qt(value), Body, m_body.width() - valueX - pad);
            const double height = static_cast<double>(wrapped.size()) * m_line + 2 * pad;
            ensure(height);
            text(qt(label), Bold, pad, m_y + pad);
            for (qsizetype line = 0; line < wrapped.size(); ++line) {
                text(wrapped[line], Body, valueX, m_y + pad + static_cast<double>(line) * m_line);
            }
            m_y += height;
        }
        m_y += points(4);
    }

    [[nodiscard]] double tablePadding() const
    {
        return points(2.5);
    }

    // Where each column of a table starts, and the last one ends.
    [[nodiscard]] std::vector<double> edgesOf(const ContentBlock& block) const
    {
        const double total = std::accumulate(block.widths.begin(), block.widths.end(), 0.0);
        std::vector<double> edges{0};
        for (const int share : block.widths) {
            edges.push_back(edges.back() + m_body.width() * share / (total > 0 ? total : 1));
        }
        return edges;
    }

    // A row's cells, wrapped in their columns.
    [[nodiscard]] std::vector<QStringList>
    cells(const std::vector<double>& edges, const std::vector<std::string>& values, Style style) const
    {
        std::vector<QStringList> wrapped;
        for (std::size_t column = 0; column + 1 < edges.size(); ++column) {
            wrapped.push_back(wrap(column < values.size() ? qt(values[column]) : QString(),
                                   style,
                                   edges[column + 1] - edges[column] - 2 * tablePadding()));
        }
        return wrapped;
    }

    [[nodiscard]] static qsizetype tallest(const std::vector<QStringList>& wrapped)
    {
        qsizetype most = 1;
        for (const auto& lines : wrapped) {
            most = std::max(most, lines.size());
        }
        return most;
    }

    [[nodiscard]] double rowHeight(const std::vector<QStringList>& wrapped) const
    {
        return static_cast<double>(tallest(wrapped)) * m_line + 2 * tablePadding();
    }

    // The height of a block's first piece that may not be left alone at a page's end: a table's
    // header with its first row, a first line.
    [[nodiscard]] double startOf(const ContentBlock& block) const
    {
        if (block.kind != ContentBlock::Kind::Table || block.rows.empty()) {
            return m_line + points(4);
        }
        const auto edges = edgesOf(block);
        return std::min(rowHeight(cells(edges, block.labels, Bold)) + rowHeight(cells(edges, block.rows.front(), Body)),
                        m_body.height() / 2);
    }

    void table(const ContentBlock& block)
    {
        const double pad = tablePadding();
        const auto edges = edgesOf(block);
        // Lines [first, first + count) of each cell as one row at the flow's position.
        const auto place = [&](const std::vector<QStringList>& wrapped, Style style, qsizetype first, qsizetype count) {
            const double height = static_cast<double>(count) * m_line + 2 * pad;
            if (style == Bold) {
                box(Piece::Kind::Fill, QRectF(0, m_y, edges.back(), height));
            }
            for (std::size_t column = 0; column < wrapped.size(); ++column) {
                const auto& lines = wrapped[column];
                for (qsizetype line = first; line < std::min(lines.size(), first + count); ++line) {
                    text(lines[line],
                         style,
                         edges[column] + pad,
                         m_y + pad + static_cast<double>(line - first) * m_line);
                }
                box(Piece::Kind::Grid, QRectF(edges[column], m_y, edges[column + 1] - edges[column], height));
            }
            m_y += height;
        };
        const auto header = cells(edges, block.labels, Bold);
        const qsizetype headerLines = tallest(header);
        const double headerHeight = rowHeight(header);
        ensure(startOf(block)); // the header with its first row under it
        place(header, Bold, 0, headerLines);
        for (const auto& row : block.rows) {
            const auto wrapped = cells(edges, row, Body);
            const qsizetype count = tallest(wrapped);
            const double height = static_cast<double>(count) * m_line + 2 * pad;
            if (height <= room()) {
                place(wrapped, Body, 0, count);
                continue;
            }
            if (height <= m_body.height() - headerHeight) {
                newPage();
                place(header, Bold, 0, headerLines);
                place(wrapped, Body, 0, count);
                continue;
            }
            // Taller than a page: it runs on, line by line, under the header again.
            for (qsizetype first = 0; first < count;) {
                const auto fits = static_cast<qsizetype>(std::floor((room() - 2 * pad) / m_line));
                if (fits < 1) {
                    newPage();
                    place(header, Bold, 0, headerLines);
                    continue;
                }
                const qsizetype taken = std::min(fits, count - first);
                place(wrapped, Body, first, taken);
                first += taken;
            }
        }
        m_y += points(4);
    }

    CaseFileLayout& m_layout;
    double m_dpi;
    QSizeF m_body;
    std::vector<QFontMetricsF> m_metrics;
    double m_line = 0;
    double m_y = 0;
};

CaseFileLayout::CaseFileLayout(const std::vector<ContentBlock>& content, const QPaintDevice& device, QSizeF body)
{
    const auto font = [](double points, bool bold, bool italic) {
        QFont made(QStringLiteral("DejaVu Sans"));
        made.setPointSizeF(points);
        made.setBold(bold);
        made.setItalic(italic);
        return made;
    };
    m_fonts[Body] = font(kBodyPoints, false, false);
    m_fonts[Bold] = font(kBodyPoints, true, false);
    m_fonts[Italic] = font(kBodyPoints, false, true);
    m_fonts[Title] = font(kTitlePoints, true, false);
    m_fonts[Heading] = font(kHeadingPoints, true, false);
    m_rule = std::max(1.0, device.logicalDpiY() / 200.0);
    Flow flow(*this, device, body);
    for (std::size_t index = 0; index < content.size(); ++index) {
        flow.add(content[index], index + 1 < content.size() ? &content[index + 1] : nullptr);
    }
}

CaseFileLayout::~CaseFileLayout() = default;

int CaseFileLayout::pageCount() const
{
    return static_cast<int>(m_pages.size());
}

void CaseFileLayout::paint(QPainter& painter, int index) const
{
    painter.save();
    QPen grid(kGridColour);
    grid.setWidthF(m_rule);
    QPen frame(Qt::black);
    frame.setWidthF(m_rule);
    painter.setBrush(Qt::NoBrush);
    int style = -1;
    Piece::Kind last = Piece::Kind::Fill;
    for (const Piece& piece : m_pages.at(static_cast<std::size_t>(index))) {
        switch (piece.kind) {
        case Piece::Kind::Text:
            if (last != Piece::Kind::Text) {
                painter.setPen(Qt::black);
            }
            if (piece.style != style) {
                style = piece.style;
                painter.setFont(m_fonts[static_cast<std::size_t>(style)]);
            }
            painter.drawText(piece.at, piece.text);
            break;
        case Piece::Kind::Fill:
            painter.fillRect(piece.box, kHeaderFill);
            break;
        case Piece::Kind::Grid:
            if (last != Piece::Kind::Grid) {
                painter.setPen(grid);
            }
            painter.drawRect(piece.box);
            break;
        case Piece::Kind::Frame:
            painter.setPen(frame);
            painter.drawRect(piece.box);
            break;
        }
        last = piece.kind;
    }
    painter.restore();
}

} // namespace cms::ui
