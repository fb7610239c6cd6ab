#include "widgets/models/tracetablemodel.h"

#include "widgets/models/threadcheck.h"

#include "core/trace/traceformat.h"

namespace umdfx::gui {

namespace {

QString qs(std::string_view s)
{
    return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()));
}

} // namespace

TraceTableModel::TraceTableModel(QObject *parent)
    : QAbstractTableModel(parent)
{
    m_poll.setInterval(25);
    m_poll.setTimerType(Qt::CoarseTimer);
    connect(&m_poll, &QTimer::timeout, this, &TraceTableModel::poll);
    m_poll.start();
}

TraceTableModel::~TraceTableModel() = default;

void TraceTableModel::setStore(std::shared_ptr<const trace::TraceStore> store)
{
    UMDFX_ASSERT_OWN_THREAD(this);
    beginResetModel();
    m_store = std::move(store);
    m_rows = 0;
    m_pairs = CallPairs {};
    endResetModel();
    Q_EMIT storeChanged();
    poll();
}

void TraceTableModel::setPollInterval(int ms)
{
    UMDFX_ASSERT_OWN_THREAD(this);
    if (ms <= 0) {
        m_poll.stop();
        return;
    }
    m_poll.setInterval(ms);
    m_poll.start();
}

int TraceTableModel::pollInterval() const
{
    return m_poll.isActive() ? m_poll.interval() : 0;
}

void TraceTableModel::notePairs(qint64 first, qint64 end)
{
    qint64 oldestOpenCall = -1; // a call row before this batch whose return arrived now
    for (qint64 i = first; i < end; ++i) {
        const trace::TraceRecord &r = m_store->at(static_cast<std::size_t>(i));
        if (!r.call || r.phase == trace::Phase::Event)
            continue;
        if (r.call >= m_pairs.callRecord.size()) {
            const std::size_t n = std::max<std::size_t>(r.call + 1, m_pairs.callRecord.size() * 2);
            m_pairs.callRecord.resize(n, 0);
            m_pairs.returnRecord.resize(n, 0);
        }
        const auto slot = static_cast<std::uint32_t>(i + 1);
        if (r.phase == trace::Phase::Call) {
            m_pairs.callRecord[r.call] = slot;
        } else {
            m_pairs.returnRecord[r.call] = slot;
            const std::uint32_t call = m_pairs.callRecord[r.call];
            if (call && qint64(call - 1) < first
                && (oldestOpenCall < 0 || qint64(call - 1) < oldestOpenCall))
                oldestOpenCall = qint64(call - 1);
        }
    }
    if (oldestOpenCall >= 0) {
        // Those call rows now show their return's result: one signal for the whole span.
        Q_EMIT dataChanged(
            index(int(oldestOpenCall), ResultColumn), index(int(first - 1), ResultColumn));
    }
}

qint64 TraceTableModel::poll()
{
    UMDFX_ASSERT_OWN_THREAD(this);
    if (!m_store)
        return 0;
    const auto published = static_cast<qint64>(m_store->size());
    if (published <= m_rows)
        return 0;
    const qint64 first = m_rows;
    beginInsertRows(QModelIndex(), int(first), int(published - 1));
    m_rows = published;
    endInsertRows();
    notePairs(first, published);
    Q_EMIT recordsAppended(first, published - 1);
    return published - first;
}

int TraceTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows);
}

int TraceTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString TraceTableModel::cellText(qint64 record, int column) const
{
    if (!m_store || record < 0 || record >= m_rows)
        return {};
    const trace::TraceRecord &r = m_store->at(static_cast<std::size_t>(record));
    switch (column) {
    case SeqColumn:
        return QString::number(r.seq);
    case TimeColumn:
        return qs(timeText(r.tNs));
    case ThreadColumn:
        return qs(trace::str(r.thread));
    case LanesColumn:
        return qs(lanesText(r));
    case KindColumn:
        return qs(trace::kindName(r.kind));
    case PhaseColumn:
        return qs(trace::phaseName(r.phase));
    case EventColumn:
        return qs(eventText(r));
    case DeviceColumn:
        return qs(trace::str(r.device));
    case ObjectsColumn:
        return qs(objectsText(r));
    case ResultColumn:
        return qs(resultText(*m_store, r, &m_pairs));
    case DetailsColumn:
        return qs(trace::argsToText(*m_store, r));
    default:
        return {};
    }
}

QVariant TraceTableModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || !m_store || index.row() >= m_rows)
        return {};
    const qint64 row = index.row();
    const trace::TraceRecord &r = m_store->at(static_cast<std::size_t>(row));
    switch (role) {
    case Qt::DisplayRole:
        return cellText(row, index.column());
    case RecordIndexRole:
        return row;
    case KindRole:
        return int(r.kind);
    case PhaseRole:
        return int(r.phase);
    case RequestRole:
        return r.request;
    case ObjectRole:
        return r.object;
    case CallRole:
        return r.call;
    case PairedRecordRole:
        return qint64(m_pairs.pairOf(r));
    case HrRole:
        return r.hasHr ? QVariant(r.hr) : QVariant();
    case FailureRole:
        return isFailure(*m_store, r);
    case RoutineRole:
        return isRoutineProbe(r);
    case DeviceRole:
        return qs(trace::str(r.device));
    case InterfaceRole:
        return qs(trace::str(r.iface));
    case MethodRole:
        return qs(trace::str(r.method));
    case TextLineRole:
        return qs(trace::toTextLine(*m_store, r));
    default:
        return {};
    }
}

QVariant TraceTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case SeqColumn:
        return tr("#");
    case TimeColumn:
        return tr("Time (s)");
    case ThreadColumn:
        return tr("Thread");
    case LanesColumn:
        return tr("From \u2192 To");
    case KindColumn:
        return tr("Kind");
    case PhaseColumn:
        return tr("Phase");
    case EventColumn:
        return tr("Interface::Method");
    case DeviceColumn:
        return tr("Device");
    case ObjectsColumn:
        return tr("Objects");
    case ResultColumn:
        return tr("Result");
    case DetailsColumn:
        return tr("Details");
    default:
        return {};
    }
}

} // namespace umdfx::gui
