#pragma once

#include "widgets/models/rowlistmodel.h"

#include <QPointer>

namespace umdfx::gui {

class TraceTableModel;

// The verifier's findings (reference §9): every trace record of kind "verifier", found as the
// trace model inserts its batches, so the list costs nothing per record beyond one comparison.
// Threads: GUI thread. Ownership: the trace model is not owned.
class FindingsModel : public RowListModel
{
    Q_OBJECT
public:
    enum Column { SeqColumn, RuleColumn, NameColumn, DeviceColumn, MessageColumn, ColumnCount };
    enum Role { RecordIndexRole = Qt::UserRole + 1 }; // qint64

    explicit FindingsModel(QObject *parent = nullptr);
    void setTraceModel(TraceTableModel *model);

    // The first finding after the record (or before it, backwards), -1 when there is none.
    qint64 nextFinding(qint64 afterRecord) const;
    qint64 previousFinding(qint64 beforeRecord) const;

private:
    void scan(qint64 first, qint64 last);

    QPointer<TraceTableModel> m_trace;
    std::vector<qint64> m_records; // ascending
};

} // namespace umdfx::gui
