#include "widgets/models/tracecomparemodel.h"

#include "widgets/models/threadcheck.h"

#include <algorithm>

namespace umdfx::gui {

namespace {

using Status = DiffRow::Status;

QString markerOf(Status s)
{
    switch (s) {
    case Status::Same:
        return {};
    case Status::Changed:
        return QStringLiteral("≠");
    case Status::OnlyA:
        return QStringLiteral("−");
    case Status::OnlyB:
        return QStringLiteral("+");
    }
    return {};
}

} // namespace

TraceCompareModel::TraceCompareModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

void TraceCompareModel::setComparison(
    std::shared_ptr<const TraceComparison> comparison, const QString &nameA, const QString &nameB)
{
    UMDFX_ASSERT_OWN_THREAD(this);
    beginResetModel();
    m_comparison = std::move(comparison);
    m_nameA = nameA;
    m_nameB = nameB;
    m_blocks.clear();
    if (m_comparison) {
        bool inBlock = false;
        for (std::size_t r = 0; r < m_comparison->rows.size(); ++r) {
            const bool differs = m_comparison->rows[r].status != Status::Same;
            if (differs && !inBlock)
                m_blocks.push_back(int(r));
            inBlock = differs;
        }
    }
    endResetModel();
    Q_EMIT headerDataChanged(Qt::Horizontal, 0, ColumnCount - 1);
}

void TraceCompareModel::clear()
{
    setComparison(nullptr, {}, {});
}

int TraceCompareModel::nextDifference(int row, bool forward) const
{
    if (m_blocks.empty())
        return -1;
    if (forward) {
        const auto it = std::upper_bound(m_blocks.begin(), m_blocks.end(), row);
        return it == m_blocks.end() ? -1 : *it;
    }
    if (row < 0)
        return m_blocks.back();
    auto it = std::lower_bound(m_blocks.begin(), m_blocks.end(), row);
    if (it == m_blocks.begin())
        return -1;
    return *std::prev(it);
}

int TraceCompareModel::differenceBlocksUpTo(int row) const
{
    return int(std::upper_bound(m_blocks.begin(), m_blocks.end(), row) - m_blocks.begin());
}

int TraceCompareModel::rowCount(const QModelIndex &parent) const
{
    if (parent.isValid() || !m_comparison)
        return 0;
    return int(m_comparison->rows.size());
}

int TraceCompareModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

qint64 TraceCompareModel::treeSeq(int row, bool sideA) const
{
    // Differing blocks are short next to the whole: the walk back stops at the first row that has
    // a line on this side.
    const auto &rows = m_comparison->rows;
    for (int r = row; r >= 0; --r) {
        const std::size_t line = sideA ? rows[std::size_t(r)].a : rows[std::size_t(r)].b;
        if (line != DiffRow::kNone)
            return qint64((sideA ? m_comparison->linesA : m_comparison->linesB)[line].seq);
    }
    return -1;
}

QVariant TraceCompareModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)
        || !m_comparison)
        return {};
    const DiffRow &row = m_comparison->rows[std::size_t(index.row())];
    switch (role) {
    case StatusRole:
        return int(row.status);
    case TreeSeqARole:
        return treeSeq(index.row(), true);
    case TreeSeqBRole:
        return treeSeq(index.row(), false);
    case Qt::DisplayRole:
    case Qt::ToolTipRole: {
        const auto line = [&](bool sideA) -> const DiffLine * {
            const std::size_t i = sideA ? row.a : row.b;
            if (i == DiffRow::kNone)
                return nullptr;
            return &(sideA ? m_comparison->linesA : m_comparison->linesB)[i];
        };
        switch (index.column()) {
        case MarkerColumn:
            if (role == Qt::ToolTipRole) {
                switch (row.status) {
                case Status::Same:
                    return tr("The same in both traces");
                case Status::Changed:
                    return tr("The same call with other arguments or results");
                case Status::OnlyA:
                    return tr("Only in %1").arg(m_nameA);
                case Status::OnlyB:
                    return tr("Only in %1").arg(m_nameB);
                }
            }
            return markerOf(row.status);
        case SeqAColumn:
        case SeqBColumn:
            if (const DiffLine *l = line(index.column() == SeqAColumn))
                return QString::number(l->seq);
            return {};
        case LineAColumn:
        case LineBColumn:
            if (const DiffLine *l = line(index.column() == LineAColumn))
                return QString::fromStdString(l->text());
            return {};
        }
        return {};
    }
    case Qt::TextAlignmentRole:
        if (index.column() == SeqAColumn || index.column() == SeqBColumn)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        if (index.column() == MarkerColumn)
            return QVariant::fromValue(Qt::AlignCenter);
        return {};
    default:
        return {};
    }
}

QVariant TraceCompareModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case MarkerColumn:
        return QString();
    case SeqAColumn:
    case SeqBColumn:
        return tr("#");
    case LineAColumn:
        return m_nameA.isEmpty() ? tr("A") : tr("A: %1").arg(m_nameA);
    case LineBColumn:
        return m_nameB.isEmpty() ? tr("B") : tr("B: %1").arg(m_nameB);
    }
    return {};
}

} // namespace umdfx::gui
