#pragma once

#include <QPointer>
#include <QWidget>

class QLabel;
class QLineEdit;
class QProgressBar;
class QTabWidget;
class QTableView;
class QToolButton;
class QMenu;

namespace umdfx::gui {

class FindingsModel;
class SequenceDiagramView;
class TraceFilterModel;
class TraceStyleProxy;
class TraceTableModel;

// The Trace panel: a filter bar over two views of the same rows — a virtual table of the trace
// (one row per record, only visible cells formatted) and the sequence diagram, in tabs —
// follow-live, and the commands a person looks for on a row — the request's whole path, the
// object's history, filter on/out this value, jump to the paired call or return, next/previous
// verifier finding, copy as text, documentation, and the debugger's: break on this method, this
// device, this finding; run to this record.
//
// Model chain: TraceTableModel (shared, not owned) -> TraceFilterModel -> TraceStyleProxy ->
// the table and the diagram, which share one selection model.
// The selected record survives filter changes (it is looked up in the new result). Follow-live
// keeps the newest row in view and turns itself off when the person scrolls or clicks away.
// Threads: GUI thread.
class TraceView : public QWidget
{
    Q_OBJECT
public:
    // The longest filter the bar applies: a 5 MB paste is cut just past it and refused with a
    // message, and
    // the window stays responsive (a filter is a few terms).
    static constexpr int kMaxFilterCharacters = 4096;

    explicit TraceView(QWidget *parent = nullptr);
    ~TraceView() override;

    void setTraceModel(TraceTableModel *model);
    void setFindingsModel(FindingsModel *model);
    TraceFilterModel *filterModel() const { return m_filter; }
    QTableView *table() const { return m_table; }
    SequenceDiagramView *sequenceDiagram() const { return m_diagram; }
    QLineEdit *filterEdit() const { return m_filterEdit; }
    QTabWidget *tabs() const { return m_tabs; }
    void showSequenceDiagram(bool diagram);
    bool isSequenceDiagramShown() const;
    // The debugger's commands in the context menus (off for a trace file, which does not run).
    void setDebugCommandsEnabled(bool on) { m_debugCommands = on; }
    // Writes the diagram's visible rows, or the selected range, as .svg / .png (asks where).
    void exportDiagram(bool selection);

    // Applies a filter as if typed; returns the parse error ("" when applied or started).
    QString setFilterText(const QString &text);
    QString filterText() const;
    void setFollowLive(bool on);
    bool followLive() const { return m_follow; }

    // Selects a record (clearing the filter if it hides the record) and shows it.
    void selectRecord(qint64 record);
    qint64 currentRecord() const;
    QList<qint64> selectedRecords() const;
    // The selected rows as traceformat text lines, one per line.
    QString selectedText() const;

    void nextFinding();
    void previousFinding();
    void copySelection();

    QByteArray saveState() const;
    bool restoreState(const QByteArray &state);

Q_SIGNALS:
    void currentRecordChanged(qint64 record); // -1 when nothing is selected
    void followLiveChanged(bool on);
    void statusMessage(const QString &text);
    // From the context menus: a breakpoint in the debugger's words ("OnWrite", "device:…",
    // "finding:V5"), and "run to this record".
    void breakpointRequested(const QString &text);
    void runToRecordRequested(qint64 record);

protected:
    void changeEvent(QEvent *event) override;

private:
    QString tooLongMessage() const;
    void showFilterError(const QString &error); // empty: hides it
    void applyTypedFilter();
    void setDefaultColumns();
    void onScanStarted(const QString &filter, qint64 records);
    void onScanProgress(qint64 scanned, qint64 total);
    void onFilterApplied(const QString &filter, qint64 matched, qint64 scanned, qint64 ms);
    void onRowsInserted();
    void showContextMenu(const QModelIndex &idx, const QPoint &globalPos);
    QWidget *makeDiagramPage();
    void addTerm(const QString &term);
    void updateCountLabel();

    TraceTableModel *m_trace = nullptr; // not owned
    FindingsModel *m_findings = nullptr; // not owned
    TraceFilterModel *m_filter = nullptr; // child
    TraceStyleProxy *m_style = nullptr; // child
    QTableView *m_table = nullptr;
    SequenceDiagramView *m_diagram = nullptr;
    QTabWidget *m_tabs = nullptr;
    QLineEdit *m_filterEdit = nullptr;
    QLabel *m_filterError = nullptr;
    QLabel *m_count = nullptr;
    QProgressBar *m_progress = nullptr;
    QToolButton *m_cancel = nullptr;
    QToolButton *m_followButton = nullptr;
    bool m_follow = true;
    bool m_debugCommands = true;
    QString m_exportDir; // where the last diagram export went
    bool m_scrollPending = false;
    qint64 m_keepRecord = -1; // the record to reselect after the filter result replaces rows
};

} // namespace umdfx::gui
