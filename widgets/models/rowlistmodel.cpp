#include "widgets/models/rowlistmodel.h"

#include "widgets/models/threadcheck.h"

#include <QSet>

namespace umdfx::gui {

RowListModel::RowListModel(QStringList headers, QObject *parent)
    : QAbstractTableModel(parent)
    , m_headers(std::move(headers))
{ }

int RowListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int RowListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_headers.size());
}

QVariant RowListModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= int(m_rows.size()))
        return {};
    const Row &r = m_rows[std::size_t(index.row())];
    if (role == Qt::DisplayRole || role == Qt::ToolTipRole)
        return index.column() < r.cells.size() ? r.cells[index.column()] : QString();
    return r.roles.value(role);
}

QVariant RowListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole || section >= m_headers.size())
        return {};
    return m_headers[section];
}

int RowListModel::rowForKey(const QString &key) const
{
    for (std::size_t i = 0; i < m_rows.size(); ++i)
        if (m_rows[i].key == key)
            return int(i);
    return -1;
}

void RowListModel::setRows(std::vector<Row> rows)
{
    UMDFX_ASSERT_OWN_THREAD(this);
    QSet<QString> fresh;
    for (const Row &r : rows)
        fresh.insert(r.key);
    for (int i = int(m_rows.size()) - 1; i >= 0;) {
        if (fresh.contains(m_rows[std::size_t(i)].key)) {
            --i;
            continue;
        }
        int first = i;
        while (first > 0 && !fresh.contains(m_rows[std::size_t(first - 1)].key))
            --first;
        beginRemoveRows(QModelIndex(), first, i);
        m_rows.erase(m_rows.begin() + first, m_rows.begin() + i + 1);
        endRemoveRows();
        i = first - 1;
    }
    std::size_t o = 0;
    for (std::size_t f = 0; f < rows.size(); ++f) {
        if (o < m_rows.size() && m_rows[o].key == rows[f].key) {
            if (!(m_rows[o] == rows[f])) {
                m_rows[o] = std::move(rows[f]);
                Q_EMIT dataChanged(index(int(o), 0), index(int(o), columnCount() - 1));
            }
            ++o;
            continue;
        }
        bool later = false;
        for (std::size_t k = o + 1; k < m_rows.size(); ++k)
            later = later || m_rows[k].key == rows[f].key;
        if (later) {
            beginRemoveRows(QModelIndex(), int(o), int(m_rows.size()) - 1);
            m_rows.erase(m_rows.begin() + std::ptrdiff_t(o), m_rows.end());
            endRemoveRows();
        }
        beginInsertRows(QModelIndex(), int(o), int(o));
        m_rows.insert(m_rows.begin() + std::ptrdiff_t(o), std::move(rows[f]));
        endInsertRows();
        ++o;
    }
}

void RowListModel::appendRows(std::vector<Row> rows)
{
    UMDFX_ASSERT_OWN_THREAD(this);
    if (rows.empty())
        return;
    const int first = int(m_rows.size());
    beginInsertRows(QModelIndex(), first, first + int(rows.size()) - 1);
    for (Row &r : rows)
        m_rows.push_back(std::move(r));
    endInsertRows();
}

void RowListModel::removeFirstRows(int count)
{
    UMDFX_ASSERT_OWN_THREAD(this);
    count = std::min(count, int(m_rows.size()));
    if (count <= 0)
        return;
    beginRemoveRows(QModelIndex(), 0, count - 1);
    m_rows.erase(m_rows.begin(), m_rows.begin() + count);
    endRemoveRows();
}

void RowListModel::clearRows()
{
    UMDFX_ASSERT_OWN_THREAD(this);
    if (m_rows.empty())
        return;
    beginResetModel();
    m_rows.clear();
    endResetModel();
}

} // namespace umdfx::gui
