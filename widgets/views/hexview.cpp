#include "widgets/views/hexview.h"

#include <QApplication>
#include <QClipboard>
#include <QFontDatabase>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QScrollBar>

namespace umdfx::gui {

namespace {
constexpr int kBytesPerLine = 16;
constexpr int kOffsetChars = 8; // "00000010"
// Columns, in characters: offset, 2 blanks, 16 x "hh ", 1 blank, 16 ASCII characters.
constexpr int kHexStart = kOffsetChars + 2;
constexpr int kAsciiStart = kHexStart + kBytesPerLine * 3 + 1;
constexpr int kLineChars = kAsciiStart + kBytesPerLine;
} // namespace

HexView::HexView(QWidget *parent)
    : QAbstractScrollArea(parent)
{
    setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    setFocusPolicy(Qt::StrongFocus);
    viewport()->setCursor(Qt::IBeamCursor);
}

void HexView::setData(const QByteArray &data)
{
    m_data = data;
    m_anchor = m_cursor = -1;
    verticalScrollBar()->setValue(0);
    updateScrollBars();
    viewport()->update();
}

int HexView::lineHeight() const
{
    return fontMetrics().height();
}

int HexView::charWidth() const
{
    return fontMetrics().horizontalAdvance(QLatin1Char('0'));
}

QSize HexView::sizeHint() const
{
    return { kLineChars * charWidth() + 2 * frameWidth() + verticalScrollBar()->sizeHint().width()
            + 8,
        6 * lineHeight() };
}

void HexView::updateScrollBars()
{
    const int lines = int((m_data.size() + kBytesPerLine - 1) / kBytesPerLine);
    const int visible = std::max(1, viewport()->height() / lineHeight());
    verticalScrollBar()->setRange(0, std::max(0, lines - visible));
    verticalScrollBar()->setPageStep(visible);
    horizontalScrollBar()->setRange(
        0, std::max(0, kLineChars * charWidth() + 8 - viewport()->width()));
    horizontalScrollBar()->setPageStep(viewport()->width());
}

void HexView::resizeEvent(QResizeEvent *event)
{
    QAbstractScrollArea::resizeEvent(event);
    updateScrollBars();
}

void HexView::paintEvent(QPaintEvent *)
{
    QPainter p(viewport());
    const QPalette pal = palette();
    p.fillRect(viewport()->rect(), pal.color(QPalette::Base));
    const int lh = lineHeight(), cw = charWidth();
    const int x0 = 4 - horizontalScrollBar()->value();
    const int firstLine = verticalScrollBar()->value();
    const int visible = viewport()->height() / lh + 1;
    const qsizetype selFirst = m_anchor < 0 ? -1 : std::min(m_anchor, m_cursor);
    const qsizetype selLast = m_anchor < 0 ? -1 : std::max(m_anchor, m_cursor);
    const QColor offsetColor = pal.color(QPalette::PlaceholderText);
    if (m_data.isEmpty()) {
        p.setPen(offsetColor);
        p.drawText(viewport()->rect().adjusted(4, 0, 0, 0), Qt::AlignLeft | Qt::AlignTop,
            tr("(no buffer)"));
        return;
    }
    for (int l = 0; l < visible; ++l) {
        const qsizetype start = qsizetype(firstLine + l) * kBytesPerLine;
        if (start >= m_data.size())
            break;
        const int y = l * lh;
        p.setPen(offsetColor);
        p.drawText(x0, y, kOffsetChars * cw, lh, Qt::AlignLeft | Qt::AlignVCenter,
            QStringLiteral("%1").arg(start, kOffsetChars, 16, QLatin1Char('0')));
        for (int b = 0; b < kBytesPerLine && start + b < m_data.size(); ++b) {
            const qsizetype at = start + b;
            const auto v = static_cast<unsigned char>(m_data[at]);
            const int hx = x0 + (kHexStart + b * 3 + (b >= 8 ? 1 : 0)) * cw;
            const int ax = x0 + (kAsciiStart + b) * cw;
            const bool selected = at >= selFirst && at <= selLast && selFirst >= 0;
            if (selected) {
                p.fillRect(hx, y, 2 * cw, lh, pal.color(QPalette::Highlight));
                p.fillRect(ax, y, cw, lh, pal.color(QPalette::Highlight));
            }
            p.setPen(selected ? pal.color(QPalette::HighlightedText) : pal.color(QPalette::Text));
            p.drawText(hx, y, 2 * cw, lh, Qt::AlignCenter,
                QStringLiteral("%1").arg(v, 2, 16, QLatin1Char('0')));
            const bool printable = v >= 0x20 && v < 0x7f;
            if (!printable && !selected)
                p.setPen(offsetColor);
            p.drawText(ax, y, cw, lh, Qt::AlignCenter,
                printable ? QString(QLatin1Char(char(v))) : QStringLiteral("."));
        }
    }
}

qsizetype HexView::byteAt(const QPoint &pos) const
{
    const int cw = charWidth();
    const int x = pos.x() - 4 + horizontalScrollBar()->value();
    const int line = verticalScrollBar()->value() + pos.y() / lineHeight();
    const int col = x / cw;
    int b = -1;
    if (col >= kAsciiStart && col < kAsciiStart + kBytesPerLine) {
        b = col - kAsciiStart;
    } else if (col >= kHexStart && col < kAsciiStart - 1) {
        int c = col - kHexStart;
        if (c >= 8 * 3)
            c -= 1;
        b = std::clamp(c / 3, 0, kBytesPerLine - 1);
    }
    if (b < 0)
        return -1;
    const qsizetype at = qsizetype(line) * kBytesPerLine + b;
    return at < m_data.size() ? at : m_data.size() - 1;
}

void HexView::mousePressEvent(QMouseEvent *event)
{
    const qsizetype at = byteAt(event->position().toPoint());
    if (at < 0)
        return;
    if (!(event->modifiers() & Qt::ShiftModifier) || m_anchor < 0)
        m_anchor = at;
    m_cursor = at;
    viewport()->update();
    Q_EMIT selectionChanged(std::min(m_anchor, m_cursor), std::abs(m_cursor - m_anchor) + 1);
}

void HexView::mouseMoveEvent(QMouseEvent *event)
{
    if (!(event->buttons() & Qt::LeftButton) || m_anchor < 0)
        return;
    const qsizetype at = byteAt(event->position().toPoint());
    if (at < 0 || at == m_cursor)
        return;
    m_cursor = at;
    viewport()->update();
    Q_EMIT selectionChanged(std::min(m_anchor, m_cursor), std::abs(m_cursor - m_anchor) + 1);
}

QString HexView::selectedHex() const
{
    qsizetype first = 0, last = m_data.size() - 1;
    if (m_anchor >= 0) {
        first = std::min(m_anchor, m_cursor);
        last = std::max(m_anchor, m_cursor);
    }
    QStringList parts;
    for (qsizetype i = first; i <= last && i < m_data.size(); ++i)
        parts << QStringLiteral("%1").arg(
            static_cast<unsigned char>(m_data[i]), 2, 16, QLatin1Char('0'));
    return parts.join(QLatin1Char(' '));
}

void HexView::keyPressEvent(QKeyEvent *event)
{
    if (event->matches(QKeySequence::Copy)) {
        QApplication::clipboard()->setText(selectedHex());
        return;
    }
    if (event->matches(QKeySequence::SelectAll)) {
        m_anchor = 0;
        m_cursor = m_data.size() - 1;
        viewport()->update();
        return;
    }
    QAbstractScrollArea::keyPressEvent(event);
}

} // namespace umdfx::gui
