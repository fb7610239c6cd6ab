#pragma once

#include "widgets/models/logsink.h"
#include "widgets/models/rowlistmodel.h"

#include <QTimer>

#include <memory>

namespace umdfx::gui {

// The Log dock's rows: diagnostics from a LogSink, drained every 100 ms in one batch, the last
// maxRows() kept (older rows leave in one removal). Drops in the sink become a row saying how many.
// Threads: GUI thread. Ownership: shares the sink with the logger.
class LogModel : public RowListModel
{
    Q_OBJECT
public:
    enum Column { TimeColumn, LevelColumn, LoggerColumn, MessageColumn, ColumnCount };
    enum Role { LevelRole = Qt::UserRole + 1 }; // int: spdlog::level::level_enum

    explicit LogModel(QObject *parent = nullptr);
    void setSink(std::shared_ptr<LogSink> sink);
    void setMaxRows(int rows) { m_maxRows = rows; }
    int maxRows() const { return m_maxRows; }
    // Moves what the sink buffered into the model now; returns how many rows came.
    int drain();

private:
    std::shared_ptr<LogSink> m_sink;
    QTimer m_timer;
    int m_maxRows = 5000;
    std::uint64_t m_rowsMade = 0;
};

} // namespace umdfx::gui
