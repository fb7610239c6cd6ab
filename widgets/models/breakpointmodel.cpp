#include "widgets/models/breakpointmodel.h"

#include "widgets/models/threadcheck.h"

#include "core/host/debugger.h"

#include <algorithm>

namespace umdfx::gui {

BreakpointModel::BreakpointModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

QString BreakpointModel::canonicalText(const QString &text, QString *kind, QString *error)
{
    std::string why;
    const auto b = Debugger::parseBreakpoint(text.trimmed().toStdString(), &why);
    if (!b) {
        if (error)
            *error = QString::fromStdString(why);
        return {};
    }
    const QString body = QString::fromStdString(b->text);
    QString k, canonical;
    switch (b->kind) {
    case Debugger::Breakpoint::Kind::Method:
        k = tr("method");
        canonical = body;
        break;
    case Debugger::Breakpoint::Kind::Device:
        k = tr("device");
        canonical = QStringLiteral("device:") + body;
        break;
    case Debugger::Breakpoint::Kind::Finding:
        k = tr("verifier finding");
        canonical = body.isEmpty() ? QStringLiteral("finding") : QStringLiteral("finding:") + body;
        break;
    }
    if (kind)
        *kind = k;
    return canonical;
}

int BreakpointModel::rowForText(const QString &text) const
{
    QString kind;
    const QString canonical = canonicalText(text, &kind, nullptr);
    const QString wanted = canonical.isEmpty() ? text.trimmed() : canonical;
    for (std::size_t i = 0; i < m_rows.size(); ++i)
        if (m_rows[i].text.compare(wanted, Qt::CaseInsensitive) == 0)
            return int(i);
    return -1;
}

QString BreakpointModel::addBreakpoint(const QString &text)
{
    UMDFX_ASSERT_OWN_THREAD(this);
    QString kind, error;
    const QString canonical = canonicalText(text, &kind, &error);
    if (canonical.isEmpty())
        return error;
    if (rowForText(canonical) >= 0)
        return tr("%1 is set already").arg(canonical);
    const int row = int(m_rows.size());
    beginInsertRows(QModelIndex(), row, row);
    m_rows.push_back({ canonical, kind, true, 0 });
    endInsertRows();
    Q_EMIT breakpointsChanged();
    return {};
}

bool BreakpointModel::toggleBreakpoint(const QString &text, QString *error)
{
    UMDFX_ASSERT_OWN_THREAD(this);
    const int row = rowForText(text);
    if (row >= 0) {
        removeBreakpoint(row);
        return false;
    }
    const QString why = addBreakpoint(text);
    if (error)
        *error = why;
    return why.isEmpty();
}

void BreakpointModel::removeBreakpoint(int row)
{
    UMDFX_ASSERT_OWN_THREAD(this);
    if (row < 0 || row >= rowCount())
        return;
    beginRemoveRows(QModelIndex(), row, row);
    m_rows.erase(m_rows.begin() + row);
    endRemoveRows();
    Q_EMIT breakpointsChanged();
}

void BreakpointModel::removeAll()
{
    UMDFX_ASSERT_OWN_THREAD(this);
    if (m_rows.empty())
        return;
    beginRemoveRows(QModelIndex(), 0, rowCount() - 1);
    m_rows.clear();
    endRemoveRows();
    Q_EMIT breakpointsChanged();
}

void BreakpointModel::setEnabled(int row, bool enabled)
{
    UMDFX_ASSERT_OWN_THREAD(this);
    if (row < 0 || row >= rowCount() || m_rows[std::size_t(row)].enabled == enabled)
        return;
    m_rows[std::size_t(row)].enabled = enabled;
    Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
    Q_EMIT breakpointsChanged();
}

QStringList BreakpointModel::texts() const
{
    QStringList out;
    for (const Row &r : m_rows)
        out << r.text;
    return out;
}

QStringList BreakpointModel::enabledTexts() const
{
    QStringList out;
    for (const Row &r : m_rows)
        if (r.enabled)
            out << r.text;
    return out;
}

QStringList BreakpointModel::saved() const
{
    QStringList out;
    for (const Row &r : m_rows)
        out << (r.enabled ? r.text : QLatin1Char('!') + r.text);
    return out;
}

int BreakpointModel::restore(const QStringList &saved)
{
    UMDFX_ASSERT_OWN_THREAD(this);
    std::vector<Row> rows;
    int skipped = 0;
    for (QString text : saved) {
        const bool enabled = !text.startsWith(QLatin1Char('!'));
        if (!enabled)
            text.remove(0, 1);
        QString kind;
        const QString canonical = canonicalText(text, &kind, nullptr);
        const bool duplicate = std::any_of(rows.begin(), rows.end(),
            [&](const Row &r) { return r.text.compare(canonical, Qt::CaseInsensitive) == 0; });
        if (canonical.isEmpty() || duplicate) {
            ++skipped;
            continue;
        }
        rows.push_back({ canonical, kind, enabled, 0 });
    }
    beginResetModel();
    m_rows = std::move(rows);
    endResetModel();
    Q_EMIT breakpointsChanged();
    return skipped;
}

void BreakpointModel::noteStop(const QString &reason)
{
    UMDFX_ASSERT_OWN_THREAD(this);
    const QLatin1String prefix("breakpoint ");
    if (!reason.startsWith(prefix))
        return;
    const QString text = reason.mid(prefix.size());
    for (std::size_t i = 0; i < m_rows.size(); ++i) {
        if (m_rows[i].text.compare(text, Qt::CaseInsensitive) == 0) {
            ++m_rows[i].hits;
            const QModelIndex hits = index(int(i), HitsColumn);
            Q_EMIT dataChanged(hits, hits);
            return;
        }
    }
}

int BreakpointModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int BreakpointModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant BreakpointModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &r = m_rows[std::size_t(index.row())];
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case BreakpointColumn:
            return r.text;
        case KindColumn:
            return r.kind;
        case HitsColumn:
            return r.hits;
        default:
            return {};
        }
    case Qt::CheckStateRole:
        if (index.column() == BreakpointColumn)
            return r.enabled ? Qt::Checked : Qt::Unchecked;
        return {};
    case Qt::ToolTipRole:
        return r.enabled ? tr("Stops the simulation: %1").arg(r.text)
                         : tr("Disabled (kept, does not stop): %1").arg(r.text);
    case TextRole:
        return r.text;
    case EnabledRole:
        return r.enabled;
    default:
        return {};
    }
}

bool BreakpointModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    UMDFX_ASSERT_OWN_THREAD(this);
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)
        || role != Qt::CheckStateRole || index.column() != BreakpointColumn)
        return false;
    setEnabled(index.row(), value.value<Qt::CheckState>() == Qt::Checked);
    return true;
}

Qt::ItemFlags BreakpointModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    Qt::ItemFlags f = Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemNeverHasChildren;
    if (index.column() == BreakpointColumn)
        f |= Qt::ItemIsUserCheckable;
    return f;
}

QVariant BreakpointModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case BreakpointColumn:
        return tr("Breakpoint");
    case KindColumn:
        return tr("On");
    case HitsColumn:
        return tr("Hits");
    default:
        return {};
    }
}

} // namespace umdfx::gui
