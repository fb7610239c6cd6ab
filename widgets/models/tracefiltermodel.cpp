#include "widgets/models/tracefiltermodel.h"

#include "widgets/models/threadcheck.h"
#include "widgets/models/tracetablemodel.h"

#include <QMetaObject>

#include <algorithm>

namespace umdfx::gui {

namespace {
constexpr qint64 kChunk = 1 << 16; // records between cancellation checks
constexpr qint64 kProgressEvery = 1 << 20; // records between progress reports
} // namespace

TraceFilterModel::TraceFilterModel(QObject *parent)
    : QAbstractProxyModel(parent)
{
    m_pool.setMaxThreadCount(1);
    m_pool.setObjectName(QStringLiteral("trace filter"));
}

TraceFilterModel::~TraceFilterModel()
{
    stopJob();
    m_pool.waitForDone();
}

void TraceFilterModel::setSourceModel(QAbstractItemModel *model)
{
    UMDFX_ASSERT_OWN_THREAD(this);
    auto *trace = qobject_cast<TraceTableModel *>(model);
    Q_ASSERT_X(trace || !model, Q_FUNC_INFO, "the source must be a TraceTableModel");
    beginResetModel();
    stopJob();
    if (m_trace)
        disconnect(m_trace, nullptr, this, nullptr);
    m_trace = trace;
    QAbstractProxyModel::setSourceModel(trace);
    m_rows.clear();
    m_covered = 0;
    if (trace) {
        connect(trace, &QAbstractItemModel::rowsInserted, this,
            &TraceFilterModel::onSourceRowsInserted);
        connect(
            trace, &QAbstractItemModel::dataChanged, this, &TraceFilterModel::onSourceDataChanged);
        connect(trace, &QAbstractItemModel::modelAboutToBeReset, this,
            &TraceFilterModel::onSourceAboutToReset);
        connect(trace, &QAbstractItemModel::modelReset, this, &TraceFilterModel::onSourceReset);
    }
    const bool filtered = !m_all;
    m_all = true;
    m_shownAll = trace ? trace->rowCount() : 0;
    endResetModel();
    if (filtered && trace)
        setFilterText(m_text);
}

QString TraceFilterModel::setFilterText(const QString &text)
{
    UMDFX_ASSERT_OWN_THREAD(this);
    const QString trimmed = text.trimmed();
    auto parsed = trace::TraceQuery::parse(trimmed.toStdString());
    if (auto *err = std::get_if<trace::TraceQuery::Error>(&parsed)) {
        return tr("column %1: %2").arg(err->position + 1).arg(QString::fromStdString(err->message));
    }
    trace::TraceQuery query = std::get<trace::TraceQuery>(std::move(parsed));
    stopJob();
    m_text = trimmed;
    const qint64 records = m_trace ? m_trace->rowCount() : 0;
    if (query.isEmpty()) {
        if (!m_all) {
            beginResetModel();
            m_all = true;
            m_shownAll = int(records);
            m_rows.clear();
            m_rows.shrink_to_fit();
            m_query = trace::TraceQuery();
            endResetModel();
        }
        m_covered = records;
        m_appliedText.clear();
        Q_EMIT filterApplied(m_text, records, records, 0);
        return {};
    }
    startScan(std::move(query), trimmed, 0, records, false);
    return {};
}

void TraceFilterModel::showNothing()
{
    UMDFX_ASSERT_OWN_THREAD(this);
    stopJob();
    beginResetModel();
    m_all = false;
    m_rows.clear();
    m_query = trace::TraceQuery::nothing();
    m_text.clear();
    m_appliedText.clear();
    m_covered = m_trace ? m_trace->rowCount() : 0;
    endResetModel();
}

void TraceFilterModel::stopJob()
{
    if (m_job) {
        m_job->cancel.store(true, std::memory_order_relaxed);
        m_job.reset();
    }
}

void TraceFilterModel::cancelScan()
{
    UMDFX_ASSERT_OWN_THREAD(this);
    if (!m_job)
        return;
    const QString text = m_job->text;
    const bool continuation = m_job->append;
    stopJob();
    if (continuation) {
        // The applied filter has not seen the newest records and will not: rather than show a
        // result that is silently incomplete, show everything again.
        beginResetModel();
        m_all = true;
        m_shownAll = m_trace ? m_trace->rowCount() : 0;
        m_rows.clear();
        m_query = trace::TraceQuery();
        m_text.clear();
        endResetModel();
        m_covered = m_shownAll;
    } else {
        m_text = m_appliedText; // the previous filter stays applied
    }
    Q_EMIT scanCancelled(text);
}

void TraceFilterModel::startScan(
    trace::TraceQuery query, const QString &text, qint64 from, qint64 to, bool append)
{
    auto job = std::make_shared<Job>();
    job->text = text;
    job->from = from;
    job->to = to;
    job->append = append;
    job->clock.start();
    m_job = job;
    if (!append) {
        m_announce = true;
        Q_EMIT scanStarted(text, to - from);
    }
    const trace::TraceStore *store = m_trace ? m_trace->store() : nullptr;
    if (!store || to - from <= m_syncLimit) {
        std::vector<std::uint32_t> rows;
        for (qint64 i = from; store && i < to; ++i)
            if (query.matches(*store, store->at(static_cast<std::size_t>(i))))
                rows.push_back(static_cast<std::uint32_t>(i));
        finishScan(job, std::move(rows), std::move(query));
        return;
    }
    // The scan holds the store alive: a reset simulation may drop it while we read.
    std::shared_ptr<const trace::TraceStore> shared = m_trace->sharedStore();
    QPointer<TraceFilterModel> self(this);
    m_pool.start([self, job, shared, query = std::move(query)]() mutable {
        std::vector<std::uint32_t> rows;
        qint64 sinceReport = 0;
        for (qint64 i = job->from; i < job->to; i += kChunk) {
            if (job->cancel.load(std::memory_order_relaxed))
                return;
            const qint64 end = std::min(job->to, i + kChunk);
            for (qint64 k = i; k < end; ++k)
                if (query.matches(*shared, shared->at(static_cast<std::size_t>(k))))
                    rows.push_back(static_cast<std::uint32_t>(k));
            sinceReport += end - i;
            if (sinceReport >= kProgressEvery) {
                sinceReport = 0;
                const qint64 done = end - job->from, total = job->to - job->from;
                // Queued to the model's thread; dropped if the model is gone by then.
                QMetaObject::invokeMethod(
                    self.data(),
                    [self, job, done, total] {
                        if (self && self->m_job == job)
                            Q_EMIT self->scanProgress(done, total);
                    },
                    Qt::QueuedConnection);
            }
        }
        QMetaObject::invokeMethod(
            self.data(),
            [self, job, rows = std::move(rows), query = std::move(query)]() mutable {
                if (self)
                    self->finishScan(job, std::move(rows), std::move(query));
            },
            Qt::QueuedConnection);
    });
}

void TraceFilterModel::finishScan(
    const std::shared_ptr<Job> &job, std::vector<std::uint32_t> rows, trace::TraceQuery query)
{
    UMDFX_ASSERT_OWN_THREAD(this);
    if (job != m_job || job->cancel.load(std::memory_order_relaxed))
        return; // superseded or cancelled meanwhile
    m_job.reset();
    if (job->append) {
        if (!rows.empty()) {
            const int first = int(m_rows.size());
            beginInsertRows(QModelIndex(), first, first + int(rows.size()) - 1);
            m_rows.insert(m_rows.end(), rows.begin(), rows.end());
            endInsertRows();
        }
    } else {
        beginResetModel();
        m_all = false;
        m_rows = std::move(rows);
        endResetModel();
    }
    m_query = std::move(query);
    m_covered = job->to;
    m_appliedText = job->text;
    const qint64 elapsed = job->clock.elapsed();
    catchUp();
    if (!m_job && m_announce) { // caught up: the new filter covers every record shown
        m_announce = false;
        Q_EMIT filterApplied(m_appliedText, qint64(m_rows.size()), m_covered, elapsed);
    }
}

void TraceFilterModel::catchUp()
{
    // Records the source inserted while the scan ran were tested with the previous filter, or
    // not at all: test them with the applied one.
    const qint64 shown = m_trace ? m_trace->rowCount() : 0;
    if (m_all || m_covered >= shown)
        return;
    startScan(m_query, m_appliedText, m_covered, shown, true);
}

int TraceFilterModel::rowForRecord(qint64 record, bool nearest) const
{
    if (record < 0)
        return -1;
    if (m_all)
        return record < m_shownAll ? int(record) : -1;
    const auto it = std::lower_bound(m_rows.begin(), m_rows.end(), std::uint64_t(record),
        [](std::uint32_t a, std::uint64_t b) { return a < b; });
    if (it == m_rows.end())
        return -1;
    if (!nearest && *it != record)
        return -1;
    return int(it - m_rows.begin());
}

qint64 TraceFilterModel::recordAt(int row) const
{
    if (row < 0 || row >= rowCount())
        return -1;
    return m_all ? row : qint64(m_rows[std::size_t(row)]);
}

QModelIndex TraceFilterModel::index(int row, int column, const QModelIndex &parent) const
{
    if (!hasIndex(row, column, parent))
        return {};
    return createIndex(row, column);
}

QModelIndex TraceFilterModel::parent(const QModelIndex &) const
{
    return {};
}

QModelIndex TraceFilterModel::sibling(int row, int column, const QModelIndex &idx) const
{
    return idx.isValid() ? index(row, column) : QModelIndex();
}

bool TraceFilterModel::hasChildren(const QModelIndex &parent) const
{
    return !parent.isValid() && rowCount() > 0;
}

int TraceFilterModel::rowCount(const QModelIndex &parent) const
{
    if (parent.isValid() || !m_trace)
        return 0;
    return m_all ? m_shownAll : int(m_rows.size());
}

int TraceFilterModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() || !m_trace ? 0 : m_trace->columnCount();
}

QModelIndex TraceFilterModel::mapToSource(const QModelIndex &proxyIndex) const
{
    if (!proxyIndex.isValid() || !m_trace)
        return {};
    const qint64 record = recordAt(proxyIndex.row());
    return record < 0 ? QModelIndex() : m_trace->index(int(record), proxyIndex.column());
}

QModelIndex TraceFilterModel::mapFromSource(const QModelIndex &sourceIndex) const
{
    if (!sourceIndex.isValid())
        return {};
    const int row = rowForRecord(sourceIndex.row());
    return row < 0 ? QModelIndex() : index(row, sourceIndex.column());
}

void TraceFilterModel::onSourceRowsInserted(const QModelIndex &parent, int first, int last)
{
    UMDFX_ASSERT_OWN_THREAD(this);
    if (parent.isValid())
        return;
    if (m_all) {
        // The source already holds the rows; announce them in the same batch.
        beginInsertRows(QModelIndex(), m_shownAll, last);
        m_shownAll = last + 1;
        endInsertRows();
        m_covered = last + 1;
        return;
    }
    if (m_job && m_job->append)
        return; // the continuation scan in flight reaches them through catchUp()
    if (first != m_covered) {
        if (!m_job)
            catchUp(); // records the applied filter has not seen yet: test them all now
        return;
    }
    if (qint64(last) - first + 1 > m_syncLimit && !m_job) {
        startScan(m_query, m_appliedText, first, qint64(last) + 1, true);
        return;
    }
    const trace::TraceStore *store = m_trace->store();
    std::vector<std::uint32_t> added;
    for (qint64 i = first; i <= last; ++i)
        if (m_query.matches(*store, store->at(static_cast<std::size_t>(i))))
            added.push_back(static_cast<std::uint32_t>(i));
    m_covered = qint64(last) + 1;
    if (added.empty())
        return;
    const int at = int(m_rows.size());
    beginInsertRows(QModelIndex(), at, at + int(added.size()) - 1);
    m_rows.insert(m_rows.end(), added.begin(), added.end());
    endInsertRows();
}

void TraceFilterModel::onSourceDataChanged(
    const QModelIndex &topLeft, const QModelIndex &bottomRight, const QList<int> &roles)
{
    if (m_all) {
        Q_EMIT dataChanged(index(topLeft.row(), topLeft.column()),
            index(bottomRight.row(), bottomRight.column()), roles);
        return;
    }
    const int first = rowForRecord(topLeft.row(), true);
    if (first < 0)
        return;
    int last = rowForRecord(bottomRight.row() + 1, true);
    last = last < 0 ? int(m_rows.size()) - 1 : last - 1;
    if (last < first)
        return;
    Q_EMIT dataChanged(index(first, topLeft.column()), index(last, bottomRight.column()), roles);
}

void TraceFilterModel::onSourceAboutToReset()
{
    beginResetModel();
    stopJob();
    m_rows.clear();
    m_covered = 0;
    m_shownAll = 0;
}

void TraceFilterModel::onSourceReset()
{
    m_shownAll = m_trace ? m_trace->rowCount() : 0;
    // A new store: the same filter applies to it from the start (showNothing() stays nothing).
    const bool refilter = !m_all && m_trace && !m_text.isEmpty();
    if (refilter)
        m_all = true; // the new store shows unfiltered until the filter has been applied to it
    endResetModel();
    if (refilter)
        setFilterText(m_text);
}

} // namespace umdfx::gui
