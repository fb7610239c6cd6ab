#pragma once

#include "core/simulation/tracediff.h"

#include <QAbstractTableModel>

#include <memory>
#include <vector>

namespace umdfx::gui {

// Two traces aligned (core/simulation/tracediff.h), one row per aligned pair: a marker column
// (blank: the same; ≠: other arguments; −: only in A; +: only in B), then each side's record
// number and line. A virtual table over the comparison: text is made in data() for the rows a
// view shows, so a comparison of millions of lines costs its rows and nothing per cell.
// nextDifference() finds the next (or previous) block of differing rows for F7 / Shift+F7.
//
// Threads: GUI thread (the comparison itself is made elsewhere and handed over whole).
// Ownership: shares the comparison (immutable).
class TraceCompareModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { MarkerColumn, SeqAColumn, LineAColumn, SeqBColumn, LineBColumn, ColumnCount };
    enum Role {
        StatusRole = Qt::UserRole + 1, // int: DiffRow::Status
        // qint64: the record whose device tree this row shows on each side — the row's own line,
        // or on a side without one the line before it there; -1 before a side's first line.
        TreeSeqARole,
        TreeSeqBRole,
    };

    explicit TraceCompareModel(QObject *parent = nullptr);

    void setComparison(std::shared_ptr<const TraceComparison> comparison, const QString &nameA,
        const QString &nameB);
    void clear();
    const TraceComparison *comparison() const { return m_comparison.get(); }

    // The first row of the next block of differing rows after row (forward) or of the previous
    // one before it; -1 when there is none. row -1 searches from the top (forward) or the bottom.
    int nextDifference(int row, bool forward) const;
    int differenceBlocks() const { return int(m_blocks.size()); }
    // How many blocks of differences start at or before row (1-based position of the block the
    // row is in or after; 0 before the first).
    int differenceBlocksUpTo(int row) const;

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(
        int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    qint64 treeSeq(int row, bool sideA) const;

    std::shared_ptr<const TraceComparison> m_comparison;
    QString m_nameA, m_nameB;
    std::vector<int> m_blocks; // first row of each run of differing rows, ascending
};

} // namespace umdfx::gui
