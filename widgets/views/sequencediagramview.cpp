#include "widgets/views/sequencediagramview.h"

#include "widgets/models/explanations.h"
#include "widgets/models/recordtext.h"
#include "widgets/models/tracefiltermodel.h"
#include "widgets/models/tracetablemodel.h"
#include "widgets/views/palette.h"

#include "core/trace/traceformat.h"

#include <QApplication>
#include <QFileInfo>
#include <QHelpEvent>
#include <QImage>
#include <QKeyEvent>
#include <QPainter>
#include <QPainterPath>
#include <QPolygonF>
#include <QSaveFile>
#include <QScrollBar>
#include <QSvgGenerator>
#include <QToolTip>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

namespace umdfx::gui {

namespace {

constexpr double kMinRowHeight = 1.0 / 1024; // px a record, zoomed out the furthest
constexpr double kMaxRowHeight = 64;
constexpr double kDensityBelow = 3; // px a record: each pixel row summarises its records
constexpr int kBarWidth = 9; // px, an activation bar
constexpr int kLevelShift = 5; // px, a nested activation's offset
constexpr int kDensityScanLimit = 256; // records read per pixel row, at most
constexpr int kPendingSearch = 4096; // records searched back for the pending call's lifelines
constexpr int kMaxPngHeight = 32000; // px

QString qs(std::string_view s)
{
    return QString::fromUtf8(s.data(), qsizetype(s.size()));
}

QColor groupHue(SequenceLayout::Group g)
{
    using G = SequenceLayout::Group;
    switch (g) {
    case G::User:
        return kindHue(trace::Kind::Action);
    case G::Application:
        return kindHue(trace::Kind::Win32);
    case G::Kernel:
        return QColor(0x6e, 0x76, 0x81);
    case G::Pnp:
        return kindHue(trace::Kind::Pnp);
    case G::Host:
        return kindHue(trace::Kind::Host);
    case G::Framework:
        return kindHue(trace::Kind::Callback);
    case G::Driver:
        return kindHue(trace::Kind::Ddi);
    case G::Other:
        break;
    }
    return kindHue(trace::Kind::Log);
}

// A hue as ink on the palette's base: darker on light, lighter on dark.
QColor ink(const QColor &hue, const QPalette &palette)
{
    return isDarkPalette(palette) ? hue.lighter(135) : hue.darker(125);
}

// Relative to a lifeline's centre: where an activation bar at `level` starts, and ends.
int barLeft(int level)
{
    return -kBarWidth / 2 + std::max(0, level) * kLevelShift;
}
int barRight(int level)
{
    return barLeft(level) + kBarWidth;
}

void arrowHead(QPainter &p, QPointF tip, double direction, double size, bool filled)
{
    const QPointF back(tip.x() - direction * size, tip.y());
    const QPointF up(back.x(), tip.y() - size * 0.45), down(back.x(), tip.y() + size * 0.45);
    if (filled) {
        QPainterPath path;
        path.moveTo(tip);
        path.lineTo(up);
        path.lineTo(down);
        path.closeSubpath();
        p.fillPath(path, p.pen().color());
    } else {
        const QPen keep = p.pen();
        QPen solid = keep;
        solid.setStyle(Qt::SolidLine);
        p.setPen(solid);
        p.drawLine(tip, up);
        p.drawLine(tip, down);
        p.setPen(keep);
    }
}

QString argText(const trace::TraceStore &store, const trace::TraceRecord &r, std::string_view key)
{
    trace::ArgValue v;
    if (r.argsRef && store.args(r).find(key, v))
        return qs(v.text);
    return {};
}

} // namespace

// The lifelines' names above the viewport, scrolled with it horizontally.
class SequenceLaneHeader : public QWidget
{
public:
    explicit SequenceLaneHeader(SequenceDiagramView *view)
        : QWidget(view)
        , m_view(view)
    {
        setObjectName(QStringLiteral("sequenceLaneHeader"));
    }

protected:
    void paintEvent(QPaintEvent *) override
    {
        QPainter p(this);
        p.fillRect(rect(), palette().color(QPalette::Window));
        m_view->paintHeader(p, -m_view->horizontalOffset(), width(), height());
    }
    bool event(QEvent *e) override
    {
        if (e->type() == QEvent::ToolTip) {
            auto *help = static_cast<QHelpEvent *>(e);
            const int x = help->pos().x() + m_view->horizontalOffset() - m_view->gutterWidth();
            const int column = x >= 0 ? x / m_view->m_laneSpacing : -1;
            if (column >= 0 && std::size_t(column) < m_view->m_columns.size()) {
                const auto &lane
                    = m_view->m_layout.lanes()[std::size_t(m_view->m_columns[std::size_t(column)])];
                QToolTip::showText(help->globalPos(),
                    tr("%1 — %2; first record #%3")
                        .arg(qs(trace::str(lane.name)), qs(SequenceLayout::groupName(lane.group)))
                        .arg(lane.firstRecord),
                    this);
            } else {
                QToolTip::hideText();
            }
            return true;
        }
        return QWidget::event(e);
    }

private:
    SequenceDiagramView *m_view;
};

SequenceDiagramView::SequenceDiagramView(QWidget *parent)
    : QAbstractItemView(parent)
{
    setObjectName(QStringLiteral("sequenceDiagram"));
    m_header = new SequenceLaneHeader(this);
    setSelectionBehavior(SelectRows);
    setSelectionMode(ExtendedSelection);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOn);
    setMouseTracking(true);
    setAutoScroll(true);
    viewport()->setAttribute(Qt::WA_OpaquePaintEvent);
    measureFont();
    m_rowHeight = readableRowHeight();
    m_laneSpacing = m_minAutoSpacing;
}

SequenceDiagramView::~SequenceDiagramView() = default;

void SequenceDiagramView::setTraceModels(TraceTableModel *trace, TraceFilterModel *filter)
{
    if (m_trace)
        disconnect(m_trace, nullptr, this, nullptr);
    m_trace = trace;
    m_filter = filter;
    if (m_trace)
        connect(m_trace, &TraceTableModel::storeChanged, this, [this] {
            m_layout.clear();
            rescanLanes();
            viewport()->update();
        });
    m_layout.clear();
    rescanLanes();
}

void SequenceDiagramView::measureFont()
{
    // Measured once per font: painting asks for these for every row (and, zoomed out, for every
    // record), and a text measurement shapes text.
    const QFontMetrics fm = fontMetrics();
    m_readableRowHeight = fm.height() + 9;
    m_gutterWidth = fm.horizontalAdvance(QStringLiteral("#0000000")) + 12;
    m_headerHeight = fm.height() * 2 + 14;
    m_minAutoSpacing = std::max(
        96, fm.horizontalAdvance(QStringLiteral("IQueueCallbackWrite::OnWrite")) * 2 / 3);
}

// ---- bookkeeping --------------------------------------------------------------------------------

void SequenceDiagramView::syncLayout()
{
    if (!m_trace || !m_trace->store())
        return;
    const auto records = std::size_t(m_trace->recordCount());
    if (m_layout.size() > records)
        m_layout.clear(); // another store
    if (m_layout.size() < records) {
        const std::size_t lanes = m_layout.lanes().size();
        m_layout.append(*m_trace->store(), records);
        if (m_layout.lanes().size() != lanes) {
            m_laneUsed.resize(m_layout.lanes().size(), 0);
            m_columnOfLane.resize(m_layout.lanes().size(), -1);
        }
    }
}

void SequenceDiagramView::rescanLanes()
{
    syncLayout();
    m_laneUsed.assign(m_layout.lanes().size(), 0);
    const int rows = model() ? model()->rowCount() : 0;
    if (m_filter && m_filter->isShowingAll()) {
        // Every record shown: every lifeline is used (no scan of a million rows for that).
        std::fill(m_laneUsed.begin(), m_laneUsed.end(), 1);
    } else if (rows > 0) {
        useLanes(0, rows - 1);
    }
    rebuildColumns();
}

void SequenceDiagramView::useLanes(int firstRow, int lastRow)
{
    if (!m_trace || !m_trace->store() || !m_filter)
        return;
    syncLayout();
    if (m_filter->isShowingAll()) {
        // Every record shown: every lifeline, the new ones included.
        if (std::find(m_laneUsed.begin(), m_laneUsed.end(), 0) != m_laneUsed.end()) {
            std::fill(m_laneUsed.begin(), m_laneUsed.end(), 1);
            rebuildColumns();
        }
        return;
    }
    const trace::TraceStore &store = *m_trace->store();
    bool changed = false;
    for (int row = firstRow; row <= lastRow; ++row) {
        const qint64 record = m_filter->recordAt(row);
        if (record < 0 || std::size_t(record) >= m_layout.size())
            continue;
        const trace::TraceRecord &r = store.at(std::size_t(record));
        for (const trace::StrId name : { r.from, r.to }) {
            const int lane = m_layout.laneOf(name);
            if (lane >= 0 && !m_laneUsed[std::size_t(lane)]) {
                m_laneUsed[std::size_t(lane)] = 1;
                changed = true;
            }
        }
    }
    if (changed || m_columnOfLane.size() != m_layout.lanes().size())
        rebuildColumns();
}

void SequenceDiagramView::rebuildColumns()
{
    m_columns.clear();
    m_columnOfLane.assign(m_layout.lanes().size(), -1);
    for (const int lane : m_layout.displayOrder()) {
        if (std::size_t(lane) < m_laneUsed.size() && m_laneUsed[std::size_t(lane)]) {
            m_columnOfLane[std::size_t(lane)] = int(m_columns.size());
            m_columns.push_back(lane);
        }
    }
    updateGeometries();
    m_header->update();
}

int SequenceDiagramView::columnOfLane(int lane) const
{
    return lane >= 0 && std::size_t(lane) < m_columnOfLane.size()
        ? m_columnOfLane[std::size_t(lane)]
        : -1;
}

QString SequenceDiagramView::laneSubtitle(int lane) const
{
    const auto &l = m_layout.lanes()[std::size_t(lane)];
    using G = SequenceLayout::Group;
    switch (l.group) {
    case G::User:
        return tr("your actions");
    case G::Application:
        return tr("application");
    case G::Kernel:
        return tr("I/O manager");
    case G::Pnp:
        return tr("PnP manager");
    case G::Host:
        return tr("WUDFHost");
    case G::Framework:
        return tr("UMDF");
    case G::Driver:
        return tr("driver");
    case G::Other:
        break;
    }
    return {};
}

void SequenceDiagramView::fitLaneSpacing()
{
    if (m_userSpacing > 0) {
        m_laneSpacing = m_userSpacing;
        return;
    }
    // As wide as the viewport allows, between a width where labels still read and one where the
    // arrows get long for nothing.
    const int columns = std::max<int>(1, int(m_columns.size()));
    const int room = (viewport()->width() - gutterWidth() - 24) / columns;
    m_laneSpacing = std::clamp(room, m_minAutoSpacing, m_minAutoSpacing * 2);
}

QStringList SequenceDiagramView::laneNames() const
{
    QStringList out;
    for (const int lane : m_columns)
        out << qs(trace::str(m_layout.lanes()[std::size_t(lane)].name));
    return out;
}

int SequenceDiagramView::laneX(const QString &name) const
{
    const int column = int(laneNames().indexOf(name));
    if (column < 0)
        return -1;
    Frame f;
    f.originX = -horizontalOffset();
    return int(columnX(column, f));
}

// ---- geometry -----------------------------------------------------------------------------------

int SequenceDiagramView::contentWidth() const
{
    return gutterWidth() + m_laneSpacing * int(m_columns.size()) + m_laneSpacing / 2;
}

int SequenceDiagramView::contentHeight() const
{
    const int rows = model() ? model()->rowCount() : 0;
    const double pending = m_pending.isValid() ? readableRowHeight() * 2 : 0;
    return int(std::ceil(rows * m_rowHeight + pending)) + 6;
}

double SequenceDiagramView::columnX(int column, const Frame &f) const
{
    return f.originX + gutterWidth() + m_laneSpacing * (column + 0.5);
}

int SequenceDiagramView::rowAt(int viewportY) const
{
    return int(std::floor((viewportY + verticalOffset()) / m_rowHeight));
}

SequenceDiagramView::Detail SequenceDiagramView::detailFor(double rowHeight) const
{
    if (rowHeight >= readableRowHeight() - 0.01)
        return Detail::Full;
    return rowHeight >= kDensityBelow ? Detail::Compact : Detail::Density;
}

std::pair<int, int> SequenceDiagramView::visibleRows() const
{
    const int rows = model() ? model()->rowCount() : 0;
    if (rows == 0)
        return { 0, -1 };
    const int first = std::clamp(rowAt(0), 0, rows - 1);
    const int last = std::clamp(rowAt(viewport()->height() - 1), 0, rows - 1);
    return { first, last };
}

void SequenceDiagramView::updateGeometries()
{
    fitLaneSpacing();
    const int h = headerHeight();
    setViewportMargins(0, h, 0, 0);
    const QRect vg = viewport()->geometry();
    m_header->setGeometry(vg.left(), vg.top() - h, vg.width(), h);
    QScrollBar *v = verticalScrollBar();
    v->setRange(0, std::max(0, contentHeight() - viewport()->height()));
    v->setPageStep(viewport()->height());
    v->setSingleStep(std::max(1, int(std::lround(m_rowHeight))));
    QScrollBar *hb = horizontalScrollBar();
    hb->setRange(0, std::max(0, contentWidth() - viewport()->width()));
    hb->setPageStep(viewport()->width());
    hb->setSingleStep(20);
    QAbstractItemView::updateGeometries();
}

void SequenceDiagramView::resizeEvent(QResizeEvent *event)
{
    QAbstractItemView::resizeEvent(event);
    updateGeometries();
}

void SequenceDiagramView::scrollContentsBy(int dx, int dy)
{
    Q_UNUSED(dy);
    viewport()->update();
    if (dx)
        m_header->update();
}

int SequenceDiagramView::horizontalOffset() const
{
    return horizontalScrollBar()->value();
}

int SequenceDiagramView::verticalOffset() const
{
    return verticalScrollBar()->value();
}

bool SequenceDiagramView::isIndexHidden(const QModelIndex &) const
{
    return false;
}

QRect SequenceDiagramView::visualRect(const QModelIndex &index) const
{
    if (!index.isValid())
        return {};
    const int top = int(std::floor(index.row() * m_rowHeight)) - verticalOffset();
    return QRect(0, top, viewport()->width(), std::max(1, int(std::ceil(m_rowHeight))));
}

QModelIndex SequenceDiagramView::indexAt(const QPoint &point) const
{
    if (!model())
        return {};
    const int row = rowAt(point.y());
    if (row < 0 || row >= model()->rowCount())
        return {};
    return model()->index(row, TraceTableModel::EventColumn);
}

void SequenceDiagramView::scrollTo(const QModelIndex &index, ScrollHint hint)
{
    if (!index.isValid())
        return;
    const double top = index.row() * m_rowHeight;
    const double bottom = top + m_rowHeight;
    const int h = viewport()->height();
    QScrollBar *v = verticalScrollBar();
    switch (hint) {
    case EnsureVisible:
        if (top < v->value())
            v->setValue(int(top));
        else if (bottom > v->value() + h)
            v->setValue(int(std::ceil(bottom)) - h);
        break;
    case PositionAtTop:
        v->setValue(int(top));
        break;
    case PositionAtBottom:
        v->setValue(int(std::ceil(bottom)) - h);
        break;
    case PositionAtCenter:
        v->setValue(int((top + bottom) / 2) - h / 2);
        break;
    }
    // Both ends of the arrow in view, when they fit.
    if (!m_trace || !m_trace->store() || !m_filter)
        return;
    const qint64 record = m_filter->recordAt(index.row());
    if (record < 0 || std::size_t(record) >= m_layout.size())
        return;
    const auto pl
        = m_layout.placement(m_trace->store()->at(std::size_t(record)), std::size_t(record));
    const int a = columnOfLane(pl.from), b = columnOfLane(pl.to);
    if (a < 0 || b < 0)
        return;
    const int left = gutterWidth() + m_laneSpacing * std::min(a, b);
    const int right = gutterWidth() + m_laneSpacing * (std::max(a, b) + 1);
    QScrollBar *hb = horizontalScrollBar();
    if (left < hb->value() + gutterWidth())
        hb->setValue(left - gutterWidth());
    else if (right > hb->value() + viewport()->width())
        hb->setValue(std::min(left - gutterWidth(), right - viewport()->width()));
}

QModelIndex SequenceDiagramView::moveCursor(CursorAction action, Qt::KeyboardModifiers)
{
    if (!model() || model()->rowCount() == 0)
        return {};
    const int rows = model()->rowCount();
    int row = currentIndex().isValid() ? currentIndex().row() : visibleRows().first;
    const int page = std::max(1, int(viewport()->height() / m_rowHeight) - 1);
    switch (action) {
    case MoveUp:
    case MovePrevious:
        --row;
        break;
    case MoveDown:
    case MoveNext:
        ++row;
        break;
    case MovePageUp:
        row -= page;
        break;
    case MovePageDown:
        row += page;
        break;
    case MoveHome:
        row = 0;
        break;
    case MoveEnd:
        row = rows - 1;
        break;
    default:
        break;
    }
    return model()->index(std::clamp(row, 0, rows - 1), TraceTableModel::EventColumn);
}

void SequenceDiagramView::setSelection(
    const QRect &rect, QItemSelectionModel::SelectionFlags command)
{
    if (!model() || !selectionModel())
        return;
    const int rows = model()->rowCount();
    if (rows == 0)
        return;
    const QRect r = rect.normalized();
    const int top = std::clamp(rowAt(r.top()), 0, rows - 1);
    const int bottom = std::clamp(rowAt(r.bottom()), 0, rows - 1);
    const QItemSelection selection(
        model()->index(top, 0), model()->index(bottom, model()->columnCount() - 1));
    selectionModel()->select(selection, command);
}

QRegion SequenceDiagramView::visualRegionForSelection(const QItemSelection &selection) const
{
    QRegion region;
    const int h = viewport()->height();
    for (const QItemSelectionRange &range : selection) {
        const int top = int(std::floor(range.top() * m_rowHeight)) - verticalOffset();
        const int bottom = int(std::ceil((range.bottom() + 1) * m_rowHeight)) - verticalOffset();
        if (bottom < 0 || top > h)
            continue;
        region += QRect(
            0, std::max(top, -1), viewport()->width(), std::min(bottom, h + 1) - std::max(top, -1));
    }
    return region;
}

// ---- model changes ------------------------------------------------------------------------------

void SequenceDiagramView::rowsInserted(const QModelIndex &parent, int start, int end)
{
    QAbstractItemView::rowsInserted(parent, start, end);
    if (parent.isValid())
        return;
    useLanes(start, end);
    updateGeometries();
    const auto [first, last] = visibleRows();
    if (start <= last + 1 || m_pending.isValid())
        viewport()->update();
}

void SequenceDiagramView::reset()
{
    QAbstractItemView::reset();
    m_hoverRow = -1;
    rescanLanes();
    viewport()->update();
}

void SequenceDiagramView::dataChanged(
    const QModelIndex &topLeft, const QModelIndex &bottomRight, const QList<int> &roles)
{
    QAbstractItemView::dataChanged(topLeft, bottomRight, roles);
    viewport()->update();
}

void SequenceDiagramView::setPending(const DebugStop &stop)
{
    if (stop.seq == m_pending.seq && stop.reason == m_pending.reason)
        return;
    m_pending = stop;
    updateGeometries();
    viewport()->update();
}

// ---- zoom ---------------------------------------------------------------------------------------

void SequenceDiagramView::setRowHeight(qreal px)
{
    const int rows = model() ? std::max(1, model()->rowCount()) : 1;
    // Zoomed out no further than the whole trace on one screen.
    const double fit = std::max(kMinRowHeight, double(viewport()->height()) / rows);
    px = std::clamp(double(px), std::min(fit, 1.0), kMaxRowHeight);
    if (std::abs(px - m_rowHeight) < 1e-9)
        return;
    m_rowHeight = px;
    updateGeometries();
    viewport()->update();
    Q_EMIT zoomChanged(m_rowHeight);
}

void SequenceDiagramView::zoomAround(double factor, int viewportY)
{
    const double anchor = (viewportY + verticalOffset()) / m_rowHeight; // in rows
    setRowHeight(m_rowHeight * factor);
    verticalScrollBar()->setValue(int(std::lround(anchor * m_rowHeight - viewportY)));
}

void SequenceDiagramView::zoomIn()
{
    zoomAround(1.5, viewport()->height() / 2);
}

void SequenceDiagramView::zoomOut()
{
    zoomAround(1 / 1.5, viewport()->height() / 2);
}

void SequenceDiagramView::resetZoom()
{
    const QModelIndex cur = currentIndex();
    setRowHeight(readableRowHeight());
    if (cur.isValid())
        scrollTo(cur, PositionAtCenter);
}

void SequenceDiagramView::zoomToFit()
{
    const int rows = model() ? std::max(1, model()->rowCount()) : 1;
    setRowHeight(std::min(readableRowHeight(), double(viewport()->height() - 8) / rows));
    verticalScrollBar()->setValue(0);
}

void SequenceDiagramView::setLaneSpacing(int px)
{
    px = px <= 0 ? 0 : std::clamp(px, 60, 600); // 0: fit the viewport
    if (px == m_userSpacing)
        return;
    m_userSpacing = px;
    updateGeometries();
    viewport()->update();
    m_header->update();
}

void SequenceDiagramView::wheelEvent(QWheelEvent *event)
{
    const int steps = event->angleDelta().y();
    if (event->modifiers() & Qt::ControlModifier && steps) {
        if (event->modifiers() & Qt::ShiftModifier)
            setLaneSpacing(m_laneSpacing + (steps > 0 ? 16 : -16)); // fixed from now on
        else
            zoomAround(std::pow(1.25, steps / 120.0), int(event->position().y()));
        event->accept();
        return;
    }
    QAbstractItemView::wheelEvent(event);
}

void SequenceDiagramView::keyPressEvent(QKeyEvent *event)
{
    if (event->modifiers() & Qt::ControlModifier) {
        switch (event->key()) {
        case Qt::Key_Plus:
        case Qt::Key_Equal:
            zoomIn();
            return;
        case Qt::Key_Minus:
            zoomOut();
            return;
        case Qt::Key_0:
            resetZoom();
            return;
        default:
            break;
        }
    }
    QAbstractItemView::keyPressEvent(event);
}

// ---- mouse --------------------------------------------------------------------------------------

void SequenceDiagramView::mouseMoveEvent(QMouseEvent *event)
{
    QAbstractItemView::mouseMoveEvent(event);
    const QModelIndex idx = indexAt(event->position().toPoint());
    const int row = idx.isValid() ? idx.row() : -1;
    if (row != m_hoverRow) {
        m_hoverRow = row;
        viewport()->update();
    }
}

void SequenceDiagramView::leaveEvent(QEvent *event)
{
    QAbstractItemView::leaveEvent(event);
    if (m_hoverRow >= 0) {
        m_hoverRow = -1;
        viewport()->update();
    }
}

bool SequenceDiagramView::viewportEvent(QEvent *event)
{
    if (event->type() == QEvent::ToolTip) {
        auto *help = static_cast<QHelpEvent *>(event);
        const QString text = toolTipAt(help->pos());
        if (text.isEmpty())
            QToolTip::hideText();
        else
            QToolTip::showText(help->globalPos(), text, viewport());
        return true;
    }
    return QAbstractItemView::viewportEvent(event);
}

QString SequenceDiagramView::toolTipAt(const QPoint &pos) const
{
    const QModelIndex idx = indexAt(pos);
    if (!idx.isValid() || !m_trace || !m_trace->store() || !m_filter)
        return {};
    const qint64 record = m_filter->recordAt(idx.row());
    if (record < 0)
        return {};
    const trace::TraceStore &store = *m_trace->store();
    const trace::TraceRecord &r = store.at(std::size_t(record));
    QString text = QStringLiteral("<b>#%1 %2</b> %3<br>%4 \u2192 %5 · %6 · t = %7 s")
                       .arg(record)
                       .arg(qs(eventText(r)).toHtmlEscaped(), qs(trace::phaseName(r.phase)),
                           qs(trace::str(r.from)), qs(trace::str(r.to)), qs(trace::str(r.thread)),
                           qs(timeText(r.tNs)));
    const QString result = qs(resultText(store, r, &m_trace->callPairs()));
    if (!result.isEmpty())
        text += QStringLiteral("<br>") + tr("Result: %1").arg(result.toHtmlEscaped());
    const QString args = qs(trace::argsToText(store, r));
    if (!args.isEmpty())
        text += QStringLiteral("<br><tt>") + args.left(300).toHtmlEscaped()
            + QStringLiteral("</tt>");
    const QString explanation = explanationToolTipHtml(explanationOf(r));
    if (!explanation.isEmpty())
        text += QStringLiteral("<hr>") + explanation;
    return text;
}

void SequenceDiagramView::changeEvent(QEvent *event)
{
    QAbstractItemView::changeEvent(event);
    if (event->type() == QEvent::FontChange) {
        const bool readable = std::abs(m_rowHeight - m_readableRowHeight) < 0.01;
        measureFont();
        if (readable)
            m_rowHeight = m_readableRowHeight;
        updateGeometries();
    }
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::FontChange) {
        viewport()->update();
        m_header->update();
    }
}

// ---- painting -----------------------------------------------------------------------------------

void SequenceDiagramView::paintEvent(QPaintEvent *event)
{
    syncLayout();
    if (m_columnOfLane.size() != m_layout.lanes().size())
        rebuildColumns();
    QPainter p(viewport());
    Frame f;
    const auto [first, last] = visibleRows();
    f.firstRow = first;
    f.lastRow = last;
    f.rowHeight = m_rowHeight;
    f.rowZeroY = -verticalOffset();
    f.originX = -horizontalOffset();
    f.area = event->rect();
    f.detail = detailFor(m_rowHeight);
    f.interactive = true;
    paintFrame(p, f);
}

void SequenceDiagramView::paintFrame(QPainter &p, const Frame &f) const
{
    const QPalette &pal = palette();
    p.fillRect(f.area, pal.color(QPalette::Base));
    const int rows = model() ? model()->rowCount() : 0;
    if (f.interactive && f.detail != Detail::Density && rows > 0) {
        // Selection and hover bands under everything, as the table shows them.
        const QColor selected = blend(
            pal.color(QPalette::Base), pal.color(QPalette::Highlight), hasFocus() ? 0.30 : 0.20);
        const QColor hover = blend(pal.color(QPalette::Base), pal.color(QPalette::Highlight), 0.08);
        const QItemSelectionModel *sel = selectionModel();
        for (int row = f.firstRow; row <= f.lastRow; ++row) {
            const QRectF band(
                f.area.left(), f.rowZeroY + row * f.rowHeight, f.area.width(), f.rowHeight);
            if (sel && sel->isRowSelected(row, QModelIndex()))
                p.fillRect(band, selected);
            else if (row == m_hoverRow)
                p.fillRect(band, hover);
        }
    }
    paintLifelines(p, f);
    if (!m_trace || !m_trace->store() || !m_filter || rows == 0) {
        paintGutter(p, f);
        paintPending(p, f);
        return;
    }
    if (f.detail == Detail::Density) {
        paintDensity(p, f);
    } else {
        paintActivations(p, f);
        p.setRenderHint(QPainter::Antialiasing, true);
        for (int row = f.firstRow; row <= f.lastRow; ++row)
            paintRow(p, f, row);
        p.setRenderHint(QPainter::Antialiasing, false);
    }
    paintGutter(p, f);
    if (f.interactive) {
        const QModelIndex cur = currentIndex();
        if (cur.isValid() && cur.row() >= f.firstRow && cur.row() <= f.lastRow) {
            QPen pen(pal.color(QPalette::Highlight));
            pen.setWidth(f.detail == Detail::Density ? 2 : 1);
            p.setPen(pen);
            const double y = f.rowZeroY + cur.row() * f.rowHeight;
            if (f.detail == Detail::Density)
                p.drawLine(QPointF(f.area.left(), y), QPointF(f.area.right(), y));
            else
                p.drawRect(QRectF(f.area.left(), y, f.area.width() - 1, f.rowHeight - 1));
        }
    }
    paintPending(p, f);
}

void SequenceDiagramView::paintLifelines(QPainter &p, const Frame &f) const
{
    const QPalette &pal = palette();
    QPen pen(blend(pal.color(QPalette::Text), pal.color(QPalette::Base), 0.72));
    if (f.detail != Detail::Density)
        pen.setStyle(Qt::DashLine);
    p.setPen(pen);
    for (std::size_t c = 0; c < m_columns.size(); ++c) {
        const double x = std::floor(columnX(int(c), f)) + 0.5;
        if (x < f.area.left() - 1 || x > f.area.right() + 1)
            continue;
        p.drawLine(QPointF(x, f.area.top()), QPointF(x, f.area.bottom() + 1));
    }
}

void SequenceDiagramView::paintGutter(QPainter &p, const Frame &f) const
{
    // The record numbers stay put while the lifelines scroll sideways under them, as a table's
    // row header does.
    const QPalette &pal = palette();
    const int w = gutterWidth() - 4;
    const QRect gutter(0, f.area.top(), w, f.area.height());
    if (gutter.right() < f.area.left())
        return;
    p.fillRect(gutter, pal.color(QPalette::Base));
    if (f.detail == Detail::Full && m_filter) {
        const QItemSelectionModel *sel = f.interactive ? selectionModel() : nullptr;
        const QColor selected = blend(
            pal.color(QPalette::Base), pal.color(QPalette::Highlight), hasFocus() ? 0.30 : 0.20);
        p.setPen(quietText(pal));
        for (int row = f.firstRow; row <= f.lastRow; ++row) {
            const QRectF band(0, f.rowZeroY + row * f.rowHeight, w, f.rowHeight);
            if (sel && sel->isRowSelected(row, QModelIndex()))
                p.fillRect(band, selected);
            p.drawText(band.adjusted(0, 0, -6, 0), Qt::AlignRight | Qt::AlignVCenter,
                QLatin1Char('#') + QString::number(m_filter->recordAt(row)));
        }
    }
    p.setPen(blend(pal.color(QPalette::Text), pal.color(QPalette::Base), 0.85));
    p.drawLine(w, f.area.top(), w, f.area.bottom());
}

void SequenceDiagramView::paintActivations(QPainter &p, const Frame &f) const
{
    if (f.firstRow > f.lastRow)
        return;
    const trace::TraceStore &store = *m_trace->store();
    const CallPairs &pairs = m_trace->callPairs();
    const int rows = model()->rowCount();
    const qint64 firstRecord = m_filter->recordAt(f.firstRow);
    std::vector<std::uint64_t> calls
        = m_layout.openCallsAt(store, std::min(std::size_t(firstRecord), m_layout.size()));
    for (int row = f.firstRow; row <= f.lastRow; ++row) {
        const qint64 record = m_filter->recordAt(row);
        const trace::TraceRecord &r = store.at(std::size_t(record));
        if (r.phase == trace::Phase::Call && r.call)
            calls.push_back(std::uint64_t(record));
    }
    const QPalette &pal = palette();
    const double arrowOffset = f.rowHeight - std::max(4.0, f.rowHeight * 0.22);
    for (const std::uint64_t call : calls) {
        const int callRow = m_filter->rowForRecord(qint64(call));
        if (callRow < 0)
            continue; // filtered out: its bar is not part of what is shown
        const trace::TraceRecord &r = store.at(std::size_t(call));
        const int column = columnOfLane(m_layout.laneOf(r.to));
        if (column < 0)
            continue;
        const auto level = m_layout.placement(r, std::size_t(call)).toLevel;
        int endRow = rows; // not returned (yet): to the end
        if (r.call < pairs.returnRecord.size() && pairs.returnRecord[r.call]) {
            const int ret = m_filter->rowForRecord(qint64(pairs.returnRecord[r.call]) - 1, true);
            endRow = ret < 0 ? rows : ret;
        }
        const double y1 = f.rowZeroY + callRow * f.rowHeight + arrowOffset;
        const double y2 = endRow < rows ? f.rowZeroY + endRow * f.rowHeight + arrowOffset
                                        : f.rowZeroY + rows * f.rowHeight;
        if (y2 < f.area.top() || y1 > f.area.bottom())
            continue;
        const double x = columnX(column, f) + barLeft(level);
        const QRectF bar(x, std::max(y1, double(f.area.top() - 2)), kBarWidth,
            std::min(y2, double(f.area.bottom() + 2)) - std::max(y1, double(f.area.top() - 2)));
        const QColor hue = kindHue(r.kind);
        p.fillRect(bar, blend(pal.color(QPalette::Base), hue, isDarkPalette(pal) ? 0.35 : 0.22));
        p.setPen(blend(pal.color(QPalette::Base), ink(hue, pal), 0.7));
        p.drawRect(bar.adjusted(0, 0, -1, 0));
    }
}

void SequenceDiagramView::paintRow(QPainter &p, const Frame &f, int row) const
{
    const trace::TraceStore &store = *m_trace->store();
    const qint64 record = m_filter->recordAt(row);
    if (record < 0 || std::size_t(record) >= m_layout.size())
        return;
    const trace::TraceRecord &r = store.at(std::size_t(record));
    const auto pl = m_layout.placement(r, std::size_t(record));
    const int a = columnOfLane(pl.from), b = columnOfLane(pl.to);
    if (a < 0 || b < 0)
        return;
    const QPalette &pal = palette();
    const bool full = f.detail == Detail::Full;
    const double top = f.rowZeroY + row * f.rowHeight;
    const double y = std::floor(top + f.rowHeight - std::max(4.0, f.rowHeight * 0.22)) + 0.5;
    const double xa = columnX(a, f), xb = columnX(b, f);
    const bool routine = isRoutineProbe(r);
    const bool failure = isFailure(store, r);
    const QColor hue = kindHue(r.kind);
    QColor lineColor = routine ? quietText(pal) : ink(hue, pal);
    const QFontMetrics fm = fontMetrics();
    const double textBase = top + fm.ascent() + 2;

    const auto label
        = [&](const QString &text, double x1, double x2, const QColor &color, bool bold) {
              if (!full || text.isEmpty())
                  return;
              QFont font = p.font();
              font.setBold(bold);
              p.setFont(font);
              const QFontMetrics lfm(font);
              const double left = std::min(x1, x2), right = std::max(x1, x2);
              const double room = std::max(right - left - 8, double(m_laneSpacing) * 3);
              const QString shown = lfm.elidedText(text, Qt::ElideRight, int(room));
              const int w = lfm.horizontalAdvance(shown);
              // Centred over the arrow (wider than a short arrow, it overhangs both ends).
              double x = (left + right - w) / 2;
              // Within the diagram on the right (the last lifeline's arrows), never under the
              // record numbers on the left (a lifeline scrolled away).
              x = std::min(x, double(f.originX + contentWidth() - 4 - w));
              x = std::max(x, double(gutterWidth() + 2));
              const QRectF box(x - 2, top + 1, w + 4, fm.height());
              p.fillRect(box, pal.color(QPalette::Base)); // legible across lifelines and bars
              p.setPen(color);
              p.drawText(QPointF(x, textBase), shown);
              font.setBold(false);
              p.setFont(font);
          };

    if (r.phase == trace::Phase::Event && (a == b || r.kind != trace::Kind::Action)) {
        // A marked event on its lifeline (a PnP change, a notification, a finding, a host event).
        const double x = xa + (pl.fromLevel >= 0 ? barLeft(pl.fromLevel) + kBarWidth / 2.0 : 0);
        const double s = full ? 5 : std::min(4.0, f.rowHeight / 2);
        const double cy = full ? top + f.rowHeight / 2 : y;
        const bool finding = r.kind == trace::Kind::Verifier;
        const QColor mark = finding ? failureText(pal) : ink(hue, pal);
        p.setPen(QPen(mark, 1.2));
        p.setBrush(finding ? mark : blend(pal.color(QPalette::Base), hue, 0.5));
        if (finding) {
            p.drawEllipse(QPointF(x, cy), s + 1, s + 1);
            if (full) {
                p.setPen(pal.color(QPalette::Base));
                QFont bold = p.font();
                bold.setBold(true);
                p.setFont(bold);
                p.drawText(QRectF(x - s, cy - s - 1, 2 * s + 2, 2 * s + 2), Qt::AlignCenter,
                    QStringLiteral("!"));
                bold.setBold(false);
                p.setFont(bold);
            }
        } else {
            QPolygonF diamond;
            diamond << QPointF(x, cy - s) << QPointF(x + s, cy) << QPointF(x, cy + s)
                    << QPointF(x - s, cy);
            p.drawPolygon(diamond);
        }
        p.setBrush(Qt::NoBrush);
        if (full) {
            QString text = qs(eventText(r));
            const QString args = qs(trace::argsToText(store, r));
            if (finding) {
                const QString message = argText(store, r, "message");
                text = qs(trace::str(r.method)) + QLatin1Char(' ') + qs(trace::str(r.iface))
                    + (message.isEmpty() ? QString() : QStringLiteral(": ") + message);
            } else if (!args.isEmpty()) {
                text += QStringLiteral("  ") + args;
            }
            QFontMetrics lfm(p.font());
            const QString shown = lfm.elidedText(text, Qt::ElideRight, m_laneSpacing * 3);
            p.setPen(finding ? failureText(pal) : pal.color(QPalette::Text));
            p.drawText(
                QPointF(std::max(x + s + 6, double(gutterWidth() + 2)), cy + fm.ascent() / 2.0 - 1),
                shown);
        }
        return;
    }

    if (a == b) {
        // A call to oneself: a loop out to the right and back.
        const double x0 = xa + barRight(std::max<int>(pl.fromLevel, 0));
        QPen pen(lineColor, 1.1, r.phase == trace::Phase::Return ? Qt::DashLine : Qt::SolidLine);
        p.setPen(pen);
        const double y0 = y - std::min(6.0, f.rowHeight / 3);
        p.drawLine(QPointF(x0, y0), QPointF(x0 + 18, y0));
        p.drawLine(QPointF(x0 + 18, y0), QPointF(x0 + 18, y));
        p.drawLine(QPointF(x0 + 18, y), QPointF(x0 + 2, y));
        if (f.rowHeight >= 6)
            arrowHead(p, QPointF(x0, y), -1, 6, r.phase == trace::Phase::Call);
        label(r.phase == trace::Phase::Return ? qs(resultText(store, r, &m_trace->callPairs()))
                                              : qs(eventText(r)),
            x0 + 22, x0 + 22 + m_laneSpacing, lineColor, false);
        return;
    }

    const double dir = xb > xa ? 1 : -1;
    // From the edge of the caller's activation (or its lifeline) to the callee's.
    const double from
        = xa + (pl.fromLevel >= 0 ? (dir > 0 ? barRight(pl.fromLevel) : barLeft(pl.fromLevel)) : 0);
    double to = xb;
    if (r.phase == trace::Phase::Call)
        to += dir > 0 ? barLeft(pl.toLevel) : barRight(pl.toLevel);
    else if (pl.toLevel >= 0)
        to += dir > 0 ? barLeft(pl.toLevel) : barRight(pl.toLevel);

    const bool isReturn = r.phase == trace::Phase::Return;
    const bool async = r.phase == trace::Phase::Event; // an action, a notification to someone
    QPen pen(lineColor, r.kind == trace::Kind::Action ? 1.4 : 1.1);
    if (isReturn)
        pen.setDashPattern({ 4, 3 });
    p.setPen(pen);
    p.drawLine(QPointF(from, y), QPointF(to - dir * (async || isReturn ? 1 : 4), y));
    if (f.rowHeight >= 5)
        arrowHead(p, QPointF(to, y), dir, std::min(8.0, f.rowHeight / 2 + 2), !isReturn && !async);

    if (!full)
        return;
    if (r.kind == trace::Kind::Action) {
        const QString text = argText(store, r, "text");
        label(text.isEmpty() ? qs(eventText(r)) : text, from, to, pal.color(QPalette::Text), true);
    } else if (isReturn) {
        // A method that returns nothing (void) gets a bare dashed arrow, as UML draws it.
        label(qs(resultText(store, r, &m_trace->callPairs())), from, to,
            failure && !routine ? failureText(pal) : quietText(pal), false);
    } else {
        label(qs(eventText(r)), from, to, routine ? quietText(pal) : pal.color(QPalette::Text),
            false);
    }
}

void SequenceDiagramView::paintDensity(QPainter &p, const Frame &f) const
{
    const trace::TraceStore &store = *m_trace->store();
    const QPalette &pal = palette();
    const int rows = model()->rowCount();
    // Per pixel row: a faint span across the lifelines its records reach, and a mark on each
    // lifeline they touch (the span alone would suggest the ones in between take part).
    const QColor span = blend(pal.color(QPalette::Text), pal.color(QPalette::Base), 0.82);
    const QColor mark = blend(pal.color(QPalette::Text), pal.color(QPalette::Base), 0.35);
    std::vector<char> touched(m_columns.size(), 0);
    const QColor findingColour = failureText(pal);
    const bool all = m_filter->isShowingAll();
    const int yTop = std::max(f.area.top(), int(std::floor(f.rowZeroY)));
    const int yBottom = std::min(f.area.bottom(), int(std::ceil(f.rowZeroY + rows * f.rowHeight)));
    for (int y = yTop; y <= yBottom; ++y) {
        const int r0 = std::max(0, int(std::floor((y - f.rowZeroY) / f.rowHeight)));
        const int r1
            = std::min(rows, std::max(r0 + 1, int(std::floor((y + 1 - f.rowZeroY) / f.rowHeight))));
        if (r0 >= rows)
            break;
        double lo = 1e9, hi = -1e9;
        double findingX = -1;
        std::fill(touched.begin(), touched.end(), 0);
        const auto touch = [&](int lane) {
            const int c = columnOfLane(lane);
            if (c < 0)
                return;
            const double x = columnX(c, f);
            lo = std::min(lo, x);
            hi = std::max(hi, x);
            touched[std::size_t(c)] = 1;
        };
        if (all && r1 - r0 > kDensityScanLimit / 8) {
            // Rows are records: the layout's blocks say which lifelines they touch, exactly
            // enough and at 1/64 of the cost of reading them.
            int finding = -1;
            const std::uint64_t lanes
                = m_layout.lanesIn(std::size_t(r0), std::size_t(r1 - 1), &finding);
            for (int lane = 0; lane < 63 && (lanes >> lane); ++lane)
                if (lanes & (std::uint64_t(1) << lane))
                    touch(lane);
            if (lanes >> 63)
                for (int lane = 63; lane < int(m_layout.lanes().size()); ++lane)
                    touch(lane);
            if (finding >= 0 && columnOfLane(finding) >= 0)
                findingX = columnX(columnOfLane(finding), f);
        } else {
            // Filtered rows: a sample of at most kDensityScanLimit, spread without a period (a
            // trace repeats itself, and a fixed stride would see the same record of each repeat).
            const int n = r1 - r0;
            const int samples = std::min(n, kDensityScanLimit);
            for (int k = 0; k < samples; ++k) {
                const int row = samples == n
                    ? r0 + k
                    : r0 + int((qint64(k) * n + (k * 2654435761u) % n) / samples) % n;
                const qint64 record = m_filter->recordAt(row);
                if (record < 0 || std::size_t(record) >= m_layout.size())
                    continue;
                const trace::TraceRecord &r = store.at(std::size_t(record));
                touch(m_layout.laneOf(r.from));
                touch(m_layout.laneOf(r.to));
                if (r.kind == trace::Kind::Verifier && columnOfLane(m_layout.laneOf(r.from)) >= 0)
                    findingX = columnX(columnOfLane(m_layout.laneOf(r.from)), f);
            }
        }
        if (hi >= lo) {
            p.setPen(span);
            p.drawLine(QPointF(lo, y + 0.5), QPointF(std::max(hi, lo + 1), y + 0.5));
            p.setPen(mark);
            for (std::size_t c = 0; c < touched.size(); ++c) {
                if (!touched[c])
                    continue;
                const double x = columnX(int(c), f);
                p.drawLine(
                    QPointF(x - kBarWidth / 2.0, y + 0.5), QPointF(x + kBarWidth / 2.0, y + 0.5));
            }
        }
        if (findingX >= 0) {
            p.setPen(QPen(findingColour, 2));
            p.drawLine(QPointF(findingX - 6, y + 0.5), QPointF(findingX + 6, y + 0.5));
        }
    }
}

void SequenceDiagramView::paintPending(QPainter &p, const Frame &f) const
{
    if (!f.interactive || !m_pending.isValid() || !model())
        return;
    const int rows = model()->rowCount();
    const double rowH = readableRowHeight();
    const double top = f.rowZeroY + rows * f.rowHeight + 4;
    if (top > f.area.bottom() || top + rowH < f.area.top())
        return;
    const QPalette &pal = palette();
    const QColor accent = pal.color(QPalette::Highlight);
    // Which lifelines: the last recorded call to the pending call's device names them.
    int a = -1, b = -1;
    if (m_trace && m_trace->store() && m_pending.beforeCallback) {
        const trace::TraceStore &store = *m_trace->store();
        const std::string device = m_pending.device.toStdString();
        const std::size_t end = std::min(m_layout.size(), store.size());
        for (std::size_t i = end; i > 0 && end - i < std::size_t(kPendingSearch); --i) {
            const trace::TraceRecord &r = store.at(i - 1);
            if (r.kind == trace::Kind::Callback && r.phase == trace::Phase::Call
                && trace::str(r.device) == device) {
                a = columnOfLane(m_layout.laneOf(r.from));
                b = columnOfLane(m_layout.laneOf(r.to));
                break;
            }
        }
    }
    const QRectF box(f.area.left() + 2, top, f.area.width() - 4, rowH);
    p.fillRect(box, blend(pal.color(QPalette::Base), accent, 0.12));
    QPen outline(accent, 1, Qt::DashLine);
    p.setPen(outline);
    p.drawRect(box);
    const double y = top + rowH - 5.5;
    QString text = tr("\u2016 next: %1").arg(m_pending.call());
    if (!m_pending.beforeCallback)
        text = tr("\u2016 stopped after the finding %1").arg(m_pending.method);
    p.setRenderHint(QPainter::Antialiasing, true);
    if (a >= 0 && b >= 0 && a != b) {
        const double xa = columnX(a, f), xb = columnX(b, f), dir = xb > xa ? 1 : -1;
        QPen pen(accent, 1.6, Qt::DashLine);
        p.setPen(pen);
        p.drawLine(QPointF(xa, y), QPointF(xb - dir * 4, y));
        p.setPen(QPen(accent, 1.6));
        arrowHead(p, QPointF(xb, y), dir, 8, true);
        QFont bold = p.font();
        bold.setBold(true);
        p.setFont(bold);
        p.setPen(pal.color(QPalette::Text));
        const int w = QFontMetrics(bold).horizontalAdvance(text);
        const double x = std::max(double(gutterWidth() + 2),
            std::min((xa + xb - w) / 2,
                double(std::min(f.originX + contentWidth(), f.area.right()) - 6 - w)));
        p.drawText(QPointF(x, top + fontMetrics().ascent() + 2), text);
        bold.setBold(false);
        p.setFont(bold);
    } else {
        p.setPen(pal.color(QPalette::Text));
        p.drawText(box.adjusted(gutterWidth(), 0, 0, 0), Qt::AlignLeft | Qt::AlignVCenter,
            text + QStringLiteral("  ") + m_pending.device);
    }
    p.setRenderHint(QPainter::Antialiasing, false);
}

void SequenceDiagramView::paintHeader(QPainter &p, int originX, int width, int height) const
{
    const QPalette &pal = palette();
    p.setRenderHint(QPainter::Antialiasing, true);
    Frame f;
    f.originX = originX;
    const QFontMetrics fm = fontMetrics();
    QFont bold = font();
    bold.setBold(true);
    const QFontMetrics bfm(bold);
    for (std::size_t c = 0; c < m_columns.size(); ++c) {
        const double x = columnX(int(c), f);
        if (x + m_laneSpacing / 2.0 < 0 || x - m_laneSpacing / 2.0 > width)
            continue;
        const auto &lane = m_layout.lanes()[std::size_t(m_columns[c])];
        const QColor hue = groupHue(lane.group);
        const double w = std::min(double(m_laneSpacing) - 12,
            double(std::max(bfm.horizontalAdvance(qs(trace::str(lane.name))),
                       fm.horizontalAdvance(laneSubtitle(int(m_columns[c]))))
                + 20));
        const QRectF box(x - w / 2, 5, w, height - 10);
        p.setPen(QPen(ink(hue, pal), 1));
        p.setBrush(blend(pal.color(QPalette::Base), hue, isDarkPalette(pal) ? 0.30 : 0.16));
        p.drawRoundedRect(box, 4, 4);
        p.setBrush(Qt::NoBrush);
        p.setFont(bold);
        p.setPen(pal.color(QPalette::Text));
        p.drawText(QRectF(box.left(), box.top() + 2, box.width(), bfm.height()), Qt::AlignCenter,
            bfm.elidedText(qs(trace::str(lane.name)), Qt::ElideMiddle, int(box.width()) - 6));
        p.setFont(font());
        p.setPen(quietText(pal));
        p.drawText(QRectF(box.left(), box.top() + 2 + bfm.height(), box.width(), fm.height()),
            Qt::AlignCenter,
            fm.elidedText(laneSubtitle(int(m_columns[c])), Qt::ElideRight, int(box.width()) - 4));
    }
    p.setRenderHint(QPainter::Antialiasing, false);
    p.fillRect(QRect(0, 0, gutterWidth() - 4, height - 1), pal.color(QPalette::Window));
    p.setPen(quietText(pal));
    p.drawText(QRect(0, 0, gutterWidth() - 10, height - 4), Qt::AlignRight | Qt::AlignBottom,
        tr("record"));
    p.setPen(blend(pal.color(QPalette::Text), pal.color(QPalette::Window), 0.8));
    p.drawLine(0, height - 1, width, height - 1);
}

// ---- export -------------------------------------------------------------------------------------

QSize SequenceDiagramView::renderSize(int firstRow, int lastRow) const
{
    const int rows = std::max(0, lastRow - firstRow + 1);
    return QSize(contentWidth(), headerHeight() + int(std::ceil(rows * readableRowHeight())) + 6);
}

void SequenceDiagramView::render(QPainter *painter, int firstRow, int lastRow) const
{
    const QSize size = renderSize(firstRow, lastRow);
    painter->save();
    painter->fillRect(QRect(QPoint(0, 0), size), palette().color(QPalette::Base));
    paintHeader(*painter, 0, size.width(), headerHeight());
    Frame f;
    f.firstRow = firstRow;
    f.lastRow = lastRow;
    f.rowHeight = readableRowHeight();
    f.rowZeroY = headerHeight() - firstRow * f.rowHeight;
    f.originX = 0;
    f.area = QRect(0, headerHeight(), size.width(), size.height() - headerHeight());
    f.detail = Detail::Full;
    f.interactive = false;
    painter->setClipRect(f.area);
    paintFrame(*painter, f);
    painter->restore();
}

QString SequenceDiagramView::exportImage(const QString &path, int firstRow, int lastRow) const
{
    const int rows = model() ? model()->rowCount() : 0;
    if (rows == 0 || firstRow < 0 || lastRow < firstRow || lastRow >= rows)
        return tr("there are no rows to export");
    const_cast<SequenceDiagramView *>(this)->syncLayout();
    const QString suffix = QFileInfo(path).suffix().toLower();
    const QSize size = renderSize(firstRow, lastRow);
    QSaveFile file(path);
    if (suffix == QLatin1String("svg")) {
        if (lastRow - firstRow + 1 > kMaxSvgRows)
            return tr("an SVG holds at most %L1 rows; select fewer").arg(kMaxSvgRows);
        if (!file.open(QIODevice::WriteOnly))
            return tr("%1: %2").arg(path, file.errorString());
        QSvgGenerator svg;
        svg.setOutputDevice(&file);
        svg.setSize(size);
        svg.setViewBox(QRect(QPoint(0, 0), size));
        svg.setTitle(tr("UMDF Explorer sequence diagram"));
        svg.setDescription(tr("Trace records #%1 to #%2")
                               .arg(m_filter ? m_filter->recordAt(firstRow) : firstRow)
                               .arg(m_filter ? m_filter->recordAt(lastRow) : lastRow));
        QPainter p(&svg);
        render(&p, firstRow, lastRow);
        p.end();
    } else if (suffix == QLatin1String("png")) {
        if (size.height() > kMaxPngHeight)
            return tr("a PNG holds at most %L1 rows at this size; select fewer or export SVG")
                .arg(int((kMaxPngHeight - headerHeight()) / readableRowHeight()));
        const qreal dpr = size.height() * 2 <= kMaxPngHeight ? 2 : 1;
        QImage image(size * dpr, QImage::Format_ARGB32_Premultiplied);
        image.setDevicePixelRatio(dpr);
        image.fill(palette().color(QPalette::Base));
        QPainter p(&image);
        render(&p, firstRow, lastRow);
        p.end();
        if (!file.open(QIODevice::WriteOnly))
            return tr("%1: %2").arg(path, file.errorString());
        if (!image.save(&file, "PNG")) {
            file.cancelWriting();
            return tr("%1: cannot write the PNG").arg(path);
        }
    } else {
        return tr("%1: export as .svg or .png").arg(path);
    }
    if (!file.commit())
        return tr("%1: cannot write: %2").arg(path, file.errorString());
    return {};
}

} // namespace umdfx::gui
