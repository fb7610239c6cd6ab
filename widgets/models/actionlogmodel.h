#pragma once

#include "widgets/models/actionresult.h"
#include "widgets/models/rowlistmodel.h"

namespace umdfx::gui {

// What was done in this simulation, one row per action line that ran (from any GUI control or
// typed), with its result as Windows showed it. script() turns the list into an action script
// that `umdfctl run SCENARIO --actions FILE` replays headless: the lines in their canonical form,
// an `advance` line wherever the real-time clock moved virtual time between two actions, and
// the lines that failed kept as comments (a replay stops at a failing line).
// Threads: GUI thread.
class ActionLogModel : public RowListModel
{
    Q_OBJECT
public:
    enum Column { NumberColumn, TimeColumn, AppColumn, ActionColumn, ResultColumn, ColumnCount };
    enum Role {
        SucceededRole = Qt::UserRole + 1, // bool: ActionResult::succeeded()
        RanRole, // bool: the runner performed it (it belongs in the script)
        FirstRecordRole, // qint64: the line's first trace record
        CanonicalRole // QString
    };

    explicit ActionLogModel(QObject *parent = nullptr);

    void append(const ActionResult &result);
    void clear();
    // scenarioFile: what the header tells the reader to replay it against ("embedded:default").
    QString script(const QString &scenarioFile) const;
    const std::vector<ActionResult> &results() const { return m_results; }

private:
    std::vector<ActionResult> m_results;
};

} // namespace umdfx::gui
