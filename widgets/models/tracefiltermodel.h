#pragma once

#include "core/trace/tracequery.h"

#include <QAbstractProxyModel>
#include <QElapsedTimer>
#include <QPointer>
#include <QThreadPool>

#include <atomic>
#include <memory>
#include <vector>

namespace umdfx::gui {

class TraceTableModel;

// The filtered trace: a proxy over TraceTableModel that keeps its own sorted vector of matching
// record indexes (4 bytes per match) instead of QSortFilterProxyModel's per-row mapping, whose
// filter changes are quadratic (DESIGN.md "Performance"). With no filter it maps rows one to one
// and stores nothing.
//
// A new filter over a small trace (up to synchronousLimit() records) is applied at once. Over a
// larger one it runs on a background thread in chunks, with progress, and can be cancelled;
// meanwhile the view keeps showing the previous result, which stays live. When the scan is done
// the result replaces the rows in one reset, and the records appended during the scan are
// filtered in turn (in the background again when there are many). New records that arrive while
// a filter is applied are tested as they are inserted and appended in one batch per source batch.
//
// Threads: GUI thread (asserted in every mutator); scans run on a private one-thread pool and
// read the store lock-free, holding it alive. Ownership: the source model is not owned.
class TraceFilterModel : public QAbstractProxyModel
{
    Q_OBJECT
public:
    explicit TraceFilterModel(QObject *parent = nullptr);
    ~TraceFilterModel() override;

    void setSourceModel(QAbstractItemModel *model) override; // a TraceTableModel
    TraceTableModel *traceModel() const { return m_trace; }

    // Parses and applies a filter (see trace::TraceQuery). Returns the parse error — and changes
    // nothing — when the text is not a valid filter; "" when it was applied or its scan started.
    QString setFilterText(const QString &text);
    // The filter asked for last (its scan may still run); appliedFilterText() is the one shown.
    QString filterText() const { return m_text; }
    QString appliedFilterText() const { return m_appliedText; }
    bool isScanning() const { return m_job != nullptr; }
    // Every record is shown, one to one (no filter applied). Right from the model reset on,
    // unlike appliedFilterText(), which changes after it.
    bool isShowingAll() const { return m_all; }
    // Shows no record at all, and none of those that arrive (until the next setFilterText()).
    void showNothing();
    // Stops a running scan; the previous filter stays applied.
    void cancelScan();

    void setSynchronousLimit(qint64 records) { m_syncLimit = records; }
    qint64 synchronousLimit() const { return m_syncLimit; }

    // The proxy row of a record, or -1 when it is filtered out. nearest: the first row at or after
    // the record instead (-1 past the end).
    int rowForRecord(qint64 record, bool nearest = false) const;
    qint64 recordAt(int row) const;

    QModelIndex index(
        int row, int column, const QModelIndex &parent = QModelIndex()) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QModelIndex mapToSource(const QModelIndex &proxyIndex) const override;
    QModelIndex mapFromSource(const QModelIndex &sourceIndex) const override;
    QModelIndex sibling(int row, int column, const QModelIndex &idx) const override;
    bool hasChildren(const QModelIndex &parent = QModelIndex()) const override;

Q_SIGNALS:
    void scanStarted(const QString &filter, qint64 records);
    void scanProgress(qint64 scanned, qint64 total);
    // The filter is applied: matched rows out of the scanned records, in elapsed ms.
    void filterApplied(const QString &filter, qint64 matched, qint64 scanned, qint64 elapsedMs);
    void scanCancelled(const QString &filter);

private:
    struct Job
    {
        std::atomic<bool> cancel { false };
        QString text;
        qint64 from = 0, to = 0; // records [from, to)
        bool append = false; // continuation of an applied filter: append, do not reset
        QElapsedTimer clock;
    };

    void onSourceRowsInserted(const QModelIndex &parent, int first, int last);
    void onSourceDataChanged(
        const QModelIndex &topLeft, const QModelIndex &bottomRight, const QList<int> &roles);
    void onSourceAboutToReset();
    void onSourceReset();
    void startScan(
        trace::TraceQuery query, const QString &text, qint64 from, qint64 to, bool append);
    void finishScan(
        const std::shared_ptr<Job> &job, std::vector<std::uint32_t> rows, trace::TraceQuery query);
    void catchUp();
    void stopJob();

    QPointer<TraceTableModel> m_trace;
    QString m_text; // the filter asked for last
    QString m_appliedText; // the filter m_rows shows ("" when m_all)
    bool m_all = true; // no filter applied: rows map one to one
    int m_shownAll = 0; // when m_all: the source rows announced so far (the source is ahead
                        // of us while its rowsInserted is being delivered)
    std::vector<std::uint32_t> m_rows; // matching record indexes, ascending (when !m_all)
    trace::TraceQuery m_query; // the applied query (its caches warm)
    qint64 m_covered = 0; // records [0, m_covered) have been tested with m_query
    qint64 m_syncLimit = 200000;
    std::shared_ptr<Job> m_job; // the scan in flight, null when none
    bool m_announce = false; // filterApplied is due once the new filter has caught up
    QThreadPool m_pool;
};

} // namespace umdfx::gui
