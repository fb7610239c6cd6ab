#pragma once

#include "widgets/models/recordtext.h"

#include "core/trace/tracestore.h"

#include <QAbstractTableModel>
#include <QTimer>

#include <memory>

namespace umdfx::gui {

// Every record of one trace store as a table, one row per record, rows in sequence order.
//
// The model never copies the trace: rows are record indexes, and data() formats only the cells a
// view asks for. It polls TraceStore::size() on a timer (25 ms by default, so at most ~40 updates
// a second) and inserts whatever was published since the last tick as one batch — one
// beginInsertRows/endInsertRows per tick, whatever the rate records arrive at (DESIGN.md:
// QTableView absorbs 1M records/s that way). Raw data only: colours, icons and fonts are added by
// a presentation proxy in the views library.
//
// Threads: GUI thread (asserted in every mutator). The store is read lock-free while the
// simulation appends on its own thread. Ownership: shares the store with the session that
// records into it, so a store outlives every model still showing it.
class TraceTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        SeqColumn,
        TimeColumn,
        ThreadColumn,
        LanesColumn,
        KindColumn,
        PhaseColumn,
        EventColumn,
        ResultColumn,
        DeviceColumn,
        ObjectsColumn,
        DetailsColumn,
        ColumnCount
    };
    enum Role {
        RecordIndexRole = Qt::UserRole + 1, // qint64: index in the store (= seq)
        KindRole, // int: trace::Kind
        PhaseRole, // int: trace::Phase
        RequestRole, // uint, 0 = none
        ObjectRole, // uint, 0 = none
        CallRole, // uint, 0 = none
        PairedRecordRole, // qint64: the matching call/return, -1 = none (yet)
        HrRole, // uint, invalid QVariant when the record has no HRESULT
        FailureRole, // bool: isFailure()
        RoutineRole, // bool: isRoutineProbe()
        DeviceRole, // QString: device instance id
        InterfaceRole, // QString
        MethodRole, // QString
        TextLineRole // QString: traceformat's one-line text (copy as text)
    };

    explicit TraceTableModel(QObject *parent = nullptr);
    ~TraceTableModel() override;

    void setStore(std::shared_ptr<const trace::TraceStore> store);
    const trace::TraceStore *store() const { return m_store.get(); }
    std::shared_ptr<const trace::TraceStore> sharedStore() const { return m_store; }
    const CallPairs &callPairs() const { return m_pairs; }

    // ms between polls; 0 stops polling (tests call poll() themselves).
    void setPollInterval(int ms);
    int pollInterval() const;
    // Inserts the records published since the last poll, as one batch. Returns how many.
    qint64 poll();
    qint64 recordCount() const { return m_rows; }

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(
        int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // The text of one cell, for copying and for tests; "" outside the store.
    QString cellText(qint64 record, int column) const;

Q_SIGNALS:
    // After rows [first, last] were inserted by one poll.
    void recordsAppended(qint64 first, qint64 last);
    // The model now shows another store (a new or reset simulation).
    void storeChanged();

private:
    void notePairs(qint64 first, qint64 end);

    std::shared_ptr<const trace::TraceStore> m_store;
    qint64 m_rows = 0; // records shown: a prefix of the store's published records
    CallPairs m_pairs;
    QTimer m_poll;
};

} // namespace umdfx::gui
