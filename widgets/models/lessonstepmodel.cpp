#include "widgets/models/lessonstepmodel.h"

namespace umdfx::gui {

LessonStepModel::LessonStepModel(QObject *parent)
    : QAbstractListModel(parent)
{ }

void LessonStepModel::setTicks(const std::vector<teaching::LessonProgress::Tick> &expected,
    const std::vector<teaching::LessonProgress::Tick> &absent, bool sameStep)
{
    std::vector<Row> rows;
    rows.reserve(expected.size() + absent.size());
    for (const auto &t : expected)
        rows.push_back({ t, false });
    for (const auto &t : absent)
        rows.push_back({ t, true });
    if (sameStep && rows.size() == m_rows.size()) {
        // Ticks only ever turn on within a step: report the rows that did.
        for (std::size_t i = 0; i < rows.size(); ++i) {
            const bool changed = rows[i].tick.seen != m_rows[i].tick.seen
                || rows[i].tick.seq != m_rows[i].tick.seq;
            m_rows[i] = rows[i];
            if (changed) {
                const QModelIndex at = index(int(i));
                Q_EMIT dataChanged(at, at);
            }
        }
        return;
    }
    beginResetModel();
    m_rows = std::move(rows);
    endResetModel();
}

void LessonStepModel::clear()
{
    if (m_rows.empty())
        return;
    beginResetModel();
    m_rows.clear();
    endResetModel();
}

int LessonStepModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant LessonStepModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows[std::size_t(index.row())];
    const QString name = QString::fromStdString(row.tick.name);
    switch (role) {
    case Qt::DisplayRole:
        if (row.forbidden)
            return row.tick.seen ? tr("%1 appeared, and must not").arg(name)
                                 : tr("no %1").arg(name);
        return name;
    case Qt::ToolTipRole:
        if (row.forbidden)
            return row.tick.seen
                ? tr("Record #%L1 is %2, which this step says must not happen. Double-click to "
                     "see it.")
                      .arg(row.tick.seq)
                      .arg(name)
                : tr("This step must not produce %1.").arg(name);
        return row.tick.seen ? tr("Seen: record #%L1. Double-click to see it.").arg(row.tick.seq)
                             : tr("Not seen yet");
    case SeenRole:
        return row.tick.seen;
    case ForbiddenRole:
        return row.forbidden;
    case RecordRole:
        return row.tick.seen ? qint64(row.tick.seq) : qint64(-1);
    case NameRole:
        return name;
    default:
        return {};
    }
}

QHash<int, QByteArray> LessonStepModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractListModel::roleNames();
    names.insert(SeenRole, "seen");
    names.insert(ForbiddenRole, "forbidden");
    names.insert(RecordRole, "record");
    names.insert(NameRole, "name");
    return names;
}

} // namespace umdfx::gui
