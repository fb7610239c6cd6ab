#pragma once

#include <QPointer>
#include <QWidget>

class QLabel;
class QLineEdit;
class QProgressBar;
class QTableView;
class QToolButton;
class QMenu;

namespace umdfx::gui {

class FindingsModel;
class TraceFilterModel;
class TraceStyleProxy;
class TraceTableModel;

// The Trace panel: a filter bar over a virtual table of the trace (one row per record, only
// visible cells formatted), follow-live, and the commands a person looks for on a row — the
// request's whole path, the object's history, filter on/out this value, jump to the paired
// call or return, next/previous verifier finding, copy as text, documentation.
//
// Model chain: TraceTableModel (shared, not owned) -> TraceFilterModel -> TraceStyleProxy -> view.
// The selected record survives filter changes (it is looked up in the new result). Follow-live
// keeps the newest row in view and turns itself off when the person scrolls or clicks away.
// Threads: GUI thread.
class TraceView : public QWidget
{
    Q_OBJECT
public:
    explicit TraceView(QWidget *parent = nullptr);
    ~TraceView() override;

    void setTraceModel(TraceTableModel *model);
    void setFindingsModel(FindingsModel *model);
    TraceFilterModel *filterModel() const { return m_filter; }
    QTableView *table() const { return m_table; }
    QLineEdit *filterEdit() const { return m_filterEdit; }

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

protected:
    void changeEvent(QEvent *event) override;

private:
    void applyTypedFilter();
    void setDefaultColumns();
    void onScanStarted(const QString &filter, qint64 records);
    void onScanProgress(qint64 scanned, qint64 total);
    void onFilterApplied(const QString &filter, qint64 matched, qint64 scanned, qint64 ms);
    void onRowsInserted();
    void showContextMenu(const QPoint &pos);
    void addTerm(const QString &term);
    void updateCountLabel();

    TraceTableModel *m_trace = nullptr; // not owned
    FindingsModel *m_findings = nullptr; // not owned
    TraceFilterModel *m_filter = nullptr; // child
    TraceStyleProxy *m_style = nullptr; // child
    QTableView *m_table = nullptr;
    QLineEdit *m_filterEdit = nullptr;
    QLabel *m_filterError = nullptr;
    QLabel *m_count = nullptr;
    QProgressBar *m_progress = nullptr;
    QToolButton *m_cancel = nullptr;
    QToolButton *m_followButton = nullptr;
    bool m_follow = true;
    bool m_scrollPending = false;
    qint64 m_keepRecord = -1; // the record to reselect after the filter result replaces rows
};

} // namespace umdfx::gui
