#pragma once

#include "widgets/models/rowlistmodel.h"

namespace umdfx::gui {

struct LoadedTrace;

// What a trace file says about itself, as (field, value) rows for the Trace properties dialog:
// the file, how much the reader recovered, the producer and the scenario, and for a bug report
// every report.* entry (versions, OS, the driver modules with their SHA-256, the findings) under
// readable names. Threads: GUI thread.
class TraceInfoModel : public RowListModel
{
    Q_OBJECT
public:
    enum Column { FieldColumn, ValueColumn, ColumnCount };

    explicit TraceInfoModel(QObject *parent = nullptr);
    void setTrace(const LoadedTrace &trace);
    void clear();
    // The value of a field by its shown name; "" when absent (tests).
    QString value(const QString &field) const;
};

} // namespace umdfx::gui
