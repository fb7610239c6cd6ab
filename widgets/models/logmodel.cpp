#include "widgets/models/logmodel.h"

#include <QDateTime>

#include <spdlog/common.h>

namespace umdfx::gui {

LogModel::LogModel(QObject *parent)
    : RowListModel({ tr("Time"), tr("Level"), tr("Logger"), tr("Message") }, parent)
{
    m_timer.setInterval(100);
    connect(&m_timer, &QTimer::timeout, this, &LogModel::drain);
}

void LogModel::setSink(std::shared_ptr<LogSink> sink)
{
    m_sink = std::move(sink);
    if (m_sink)
        m_timer.start();
    else
        m_timer.stop();
}

int LogModel::drain()
{
    if (!m_sink)
        return 0;
    std::uint64_t dropped = 0;
    std::vector<LogSink::Entry> entries = m_sink->drain(&dropped);
    std::vector<Row> rows;
    if (dropped) {
        Row r;
        r.key = QStringLiteral("row%1").arg(++m_rowsMade);
        r.cells = QStringList { QString(), QStringLiteral("warning"), QStringLiteral("explorer"),
            tr("%n log message(s) dropped: the buffer was full", nullptr, int(dropped)) };
        r.roles.insert(LevelRole, int(spdlog::level::warn));
        rows.push_back(std::move(r));
    }
    for (const LogSink::Entry &e : entries) {
        Row r;
        r.key = QStringLiteral("row%1").arg(++m_rowsMade);
        const auto level = spdlog::level::to_string_view(spdlog::level::level_enum(e.level));
        r.cells = QStringList { QDateTime::fromMSecsSinceEpoch(e.msecsSinceEpoch)
                                    .toString(QStringLiteral("HH:mm:ss.zzz")),
            QString::fromUtf8(level.data(), qsizetype(level.size())),
            QString::fromStdString(e.logger), QString::fromStdString(e.text) };
        r.roles.insert(LevelRole, e.level);
        rows.push_back(std::move(r));
    }
    const int added = int(rows.size());
    appendRows(std::move(rows));
    if (rowCount() > m_maxRows)
        removeFirstRows(rowCount() - m_maxRows);
    return added;
}

} // namespace umdfx::gui
