#pragma once

#include <QAbstractTableModel>
#include <QHash>
#include <QStringList>

#include <vector>

namespace umdfx::gui {

// A small flat table whose rows carry a stable key: the shape of the explorer's lists that are
// rebuilt from each snapshot (open handles, present interfaces). setRows() merges the new rows
// into the old by key — removing, inserting and changing rows, never resetting — so selection
// and the current row survive a live update. appendRows() adds at the end in one batch.
//
// Threads: GUI thread (asserted in every mutator). Ownership: owns the rows.
class RowListModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    struct Row
    {
        QString key;
        QStringList cells; // one per column
        QHash<int, QVariant> roles; // extra roles, the same for every column
        bool operator==(const Row &) const = default;
    };

    explicit RowListModel(QStringList headers, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(
        int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    const Row &rowAt(int row) const { return m_rows[std::size_t(row)]; }
    int rowForKey(const QString &key) const;

protected:
    void setRows(std::vector<Row> rows);
    void appendRows(std::vector<Row> rows);
    void removeFirstRows(int count);
    void clearRows();

private:
    QStringList m_headers;
    std::vector<Row> m_rows;
};

} // namespace umdfx::gui
