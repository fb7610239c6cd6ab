#pragma once

#include "core/teaching/lessonprogress.h"

#include <QAbstractListModel>

#include <vector>

namespace umdfx::gui {

// The records the current lesson step waits for, as a list: each expected Interface::Method,
// ticked once the trace has it, then each record the step says must not appear ("must not
// appear: …"), flagged when it did. The Lessons dock shows it; a seen row knows its record.
// Threads: GUI thread. Ownership: keeps copies of the ticks.
class LessonStepModel : public QAbstractListModel
{
    Q_OBJECT
public:
    enum Role {
        SeenRole = Qt::UserRole + 1, // bool
        ForbiddenRole, // bool: an "absent" row
        RecordRole, // qint64: the record that ticked it, -1 when not seen
        NameRole, // QString: "IQueueCallbackWrite::OnWrite"
    };

    explicit LessonStepModel(QObject *parent = nullptr);

    // The ticks of a new step (a reset), or of the same step with some newly seen (dataChanged).
    void setTicks(const std::vector<teaching::LessonProgress::Tick> &expected,
        const std::vector<teaching::LessonProgress::Tick> &absent, bool sameStep);
    void clear();

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

private:
    struct Row
    {
        teaching::LessonProgress::Tick tick;
        bool forbidden = false;
    };
    std::vector<Row> m_rows;
};

} // namespace umdfx::gui
