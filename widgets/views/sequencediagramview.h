#pragma once

#include "widgets/models/debugstop.h"
#include "widgets/models/sequencelayout.h"

#include <QAbstractItemView>
#include <QPointer>

#include <vector>

class QPainter;

namespace umdfx::gui {

class SequenceLaneHeader;
class TraceFilterModel;
class TraceTableModel;

// The trace as a UML sequence diagram (issue "Teaching"): a lifeline per party — the person's
// actions, each application, the kernel side, the PnP manager, the driver host, the framework,
// each driver — an arrow per call and a dashed arrow per return, activation bars for calls that
// are running (nested ones offset on their lifeline), Interface::Method on each call and the
// result on each return, notifications, PnP changes and verifier findings as marked events.
//
// It is an item view over the same rows as the trace table (the filtered, styled trace), so it
// shares the table's selection model: selecting an arrow selects the row and fills the inspector,
// and the other way round; a filter ("request:7", the request's whole path) shows only the
// arrows it keeps, and only the lifelines they use. One record is one row of a fixed height, so
// scrolling and hit-testing are arithmetic and painting touches only the visible rows — never a
// scene item per record. Activation bars that cross the top of the viewport come from
// SequenceLayout's checkpoints, not from a scan of the trace.
//
// Zoom (Ctrl+wheel, Ctrl+= / Ctrl+-, Ctrl+0) changes the row height from 64 px down to a
// fraction of a pixel: under a readable height the labels go, under 3 px each pixel row
// summarises the records it covers (a mark on each lifeline they touch, a faint span between,
// findings in red), so a million records fit on one screen. Ctrl+Shift+wheel spaces the lifelines.
//
// Export: render() draws any range of rows at full detail into any painter; exportImage() writes
// it as SVG (QSvgGenerator) or PNG, atomically.
//
// Threads: GUI thread. Ownership: the models are not owned.
class SequenceDiagramView : public QAbstractItemView
{
    Q_OBJECT
public:
    explicit SequenceDiagramView(QWidget *parent = nullptr);
    ~SequenceDiagramView() override;

    // The raw models under model() (which must have the filter's rows, one per record).
    void setTraceModels(TraceTableModel *trace, TraceFilterModel *filter);

    qreal rowHeight() const { return m_rowHeight; }
    void setRowHeight(qreal px);
    qreal readableRowHeight() const { return m_readableRowHeight; } // labels show from here
    void zoomIn();
    void zoomOut();
    void resetZoom();
    void zoomToFit(); // the whole (filtered) trace on one screen
    int laneSpacing() const { return m_laneSpacing; }
    // px between lifelines; 0 (the default) fits them to the viewport's width.
    void setLaneSpacing(int px);
    int userLaneSpacing() const { return m_userSpacing; }

    // The callback the simulation is stopped before: drawn as a dashed ghost after the last row.
    void setPending(const DebugStop &stop);
    DebugStop pending() const { return m_pending; }

    // Lifelines shown, in order (tests, export).
    QStringList laneNames() const;
    // The x of a lifeline in viewport coordinates, -1 when not shown.
    int laneX(const QString &name) const;
    // Rows on screen now, [first, last]; (0, -1) when none.
    std::pair<int, int> visibleRows() const;
    // The rows [first, last] at full detail with the lifeline header above them, as render()
    // draws them.
    QSize renderSize(int firstRow, int lastRow) const;
    void render(QPainter *painter, int firstRow, int lastRow) const;
    // Writes rows [first, last] as .svg or .png (by the suffix). "" or why not.
    QString exportImage(const QString &path, int firstRow, int lastRow) const;
    static constexpr int kMaxSvgRows = 20000;

    QRect visualRect(const QModelIndex &index) const override;
    void scrollTo(const QModelIndex &index, ScrollHint hint = EnsureVisible) override;
    QModelIndex indexAt(const QPoint &point) const override;

Q_SIGNALS:
    void zoomChanged(qreal rowHeight);

protected:
    QModelIndex moveCursor(CursorAction cursorAction, Qt::KeyboardModifiers modifiers) override;
    int horizontalOffset() const override;
    int verticalOffset() const override;
    bool isIndexHidden(const QModelIndex &index) const override;
    void setSelection(const QRect &rect, QItemSelectionModel::SelectionFlags command) override;
    QRegion visualRegionForSelection(const QItemSelection &selection) const override;
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void scrollContentsBy(int dx, int dy) override;
    void updateGeometries() override;
    void wheelEvent(QWheelEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void leaveEvent(QEvent *event) override;
    bool viewportEvent(QEvent *event) override;
    void changeEvent(QEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;

protected Q_SLOTS:
    void rowsInserted(const QModelIndex &parent, int start, int end) override;
    void reset() override;
    void dataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight,
        const QList<int> &roles = QList<int>()) override;

private:
    friend class SequenceLaneHeader;
    enum class Detail { Full, Compact, Density };
    // Where and how one paint draws: painter coordinates of row 0's top and of the first
    // lifeline's column, the rows and the area painted.
    struct Frame
    {
        int firstRow = 0, lastRow = -1;
        double rowHeight = 20;
        double rowZeroY = 0; // y of row 0's top
        int originX = 0; // x where the gutter starts
        QRect area; // what is painted
        Detail detail = Detail::Full;
        bool interactive = true; // selection, hover, the pending call
    };

    void syncLayout();
    void rescanLanes();
    void useLanes(int firstRow, int lastRow);
    void rebuildColumns();
    int contentWidth() const;
    int contentHeight() const; // px, the rows (and the pending ghost)
    int rowAt(int viewportY) const;
    Detail detailFor(double rowHeight) const;
    double columnX(int column, const Frame &f) const; // a lifeline's centre
    int columnOfLane(int lane) const;
    void paintFrame(QPainter &p, const Frame &f) const;
    void paintLifelines(QPainter &p, const Frame &f) const;
    void paintGutter(QPainter &p, const Frame &f) const;
    QString laneSubtitle(int lane) const;
    void fitLaneSpacing();
    void paintActivations(QPainter &p, const Frame &f) const;
    void paintRow(QPainter &p, const Frame &f, int row) const;
    void paintDensity(QPainter &p, const Frame &f) const;
    void paintPending(QPainter &p, const Frame &f) const;
    void paintHeader(QPainter &p, int originX, int width, int height) const;
    QString toolTipAt(const QPoint &pos) const;
    void zoomAround(double factor, int viewportY);
    int gutterWidth() const { return m_gutterWidth; }
    int headerHeight() const { return m_headerHeight; }
    void measureFont();

    QPointer<TraceTableModel> m_trace;
    QPointer<TraceFilterModel> m_filter;
    SequenceLaneHeader *m_header = nullptr; // child
    SequenceLayout m_layout;
    std::vector<char> m_laneUsed; // by lane: some shown row touches it
    std::vector<int> m_columns; // lane indexes, in display order
    std::vector<int> m_columnOfLane; // by lane: its column, -1 = hidden
    qreal m_rowHeight = 22;
    int m_laneSpacing = 180; // px, in effect
    int m_userSpacing = 0; // px the person chose; 0 = fit the viewport
    int m_minAutoSpacing = 120;
    qreal m_readableRowHeight = 22; // px, from the font (measureFont)
    int m_gutterWidth = 70, m_headerHeight = 40;
    int m_hoverRow = -1;
    DebugStop m_pending;
};

} // namespace umdfx::gui
