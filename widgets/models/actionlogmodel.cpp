#include "widgets/models/actionlogmodel.h"

#include "widgets/models/recordtext.h"

#include "core/scenario/actionparser.h"

namespace umdfx::gui {

ActionLogModel::ActionLogModel(QObject *parent)
    : RowListModel(
        { tr("#"), tr("Virtual time (s)"), tr("App"), tr("Action"), tr("Result") }, parent)
{ }

void ActionLogModel::append(const ActionResult &result)
{
    if (result.cancelled || !result.parsed)
        return; // never ran: not part of what was done
    m_results.push_back(result);
    Row row;
    row.key = QString::number(result.ticket);
    row.cells = QStringList { QString::number(m_results.size()),
        QString::fromStdString(timeText(result.virtualTimeBefore)), result.app,
        result.canonical.isEmpty() ? result.line : result.canonical, result.summary() };
    row.roles.insert(SucceededRole, result.succeeded());
    row.roles.insert(RanRole, result.ok);
    row.roles.insert(FirstRecordRole, result.firstRecord);
    row.roles.insert(CanonicalRole, result.canonical);
    appendRows({ std::move(row) });
}

void ActionLogModel::clear()
{
    m_results.clear();
    clearRows();
}

QString ActionLogModel::script(const QString &scenarioFile) const
{
    QStringList lines;
    lines << QStringLiteral("# UMDF Explorer session on %1").arg(scenarioFile);
    lines << QStringLiteral("# replay: umdfctl run %1 --actions THIS_FILE").arg(scenarioFile);
    qint64 clock = 0; // ns, virtual time the script has reached
    for (const ActionResult &r : m_results) {
        if (r.virtualTimeBefore > clock) {
            scenario::Action advance;
            advance.op = scenario::AdvanceAction { r.virtualTimeBefore - clock };
            lines << QString::fromStdString(scenario::formatAction(advance));
        }
        if (r.ok) {
            lines << r.canonical;
            clock = r.virtualTimeAfter;
        } else {
            // It recorded an action record but did nothing else; a replay would stop here.
            lines << QStringLiteral("# failed: %1").arg(r.message);
            lines << QStringLiteral("# ") + r.canonical;
            clock = r.virtualTimeBefore;
        }
    }
    return lines.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

} // namespace umdfx::gui
