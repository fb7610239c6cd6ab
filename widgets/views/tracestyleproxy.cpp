#include "widgets/views/tracestyleproxy.h"

#include "widgets/models/explanations.h"
#include "widgets/models/tracetablemodel.h"
#include "widgets/views/icons.h"
#include "widgets/views/palette.h"

#include <QFont>
#include <QFontDatabase>

namespace umdfx::gui {

TraceStyleProxy::TraceStyleProxy(QObject *parent)
    : QIdentityProxyModel(parent)
{ }

void TraceStyleProxy::setPalette(const QPalette &palette)
{
    m_palette = palette;
    if (rowCount() > 0)
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, columnCount() - 1),
            { Qt::BackgroundRole, Qt::ForegroundRole });
}

QVariant TraceStyleProxy::data(const QModelIndex &index, int role) const
{
    if (!index.isValid())
        return {};
    const int column = index.column();
    switch (role) {
    case Qt::BackgroundRole: {
        const auto kind
            = trace::Kind(QIdentityProxyModel::data(index, TraceTableModel::KindRole).toInt());
        return kindBackground(kind, m_palette);
    }
    case Qt::ForegroundRole:
        if (column == TraceTableModel::ResultColumn || column == TraceTableModel::EventColumn) {
            if (QIdentityProxyModel::data(index, TraceTableModel::FailureRole).toBool())
                return failureText(m_palette);
        }
        if (QIdentityProxyModel::data(index, TraceTableModel::RoutineRole).toBool())
            return quietText(m_palette);
        if (column == TraceTableModel::SeqColumn || column == TraceTableModel::TimeColumn
            || column == TraceTableModel::ObjectsColumn || column == TraceTableModel::DetailsColumn)
            return quietText(m_palette);
        return {};
    case Qt::DecorationRole:
        if (column == TraceTableModel::EventColumn) {
            switch (trace::Phase(
                QIdentityProxyModel::data(index, TraceTableModel::PhaseRole).toInt())) {
            case trace::Phase::Call:
                return themeIcon(QStringLiteral("phase-call"));
            case trace::Phase::Return:
                return themeIcon(QStringLiteral("phase-return"));
            case trace::Phase::Event:
                return themeIcon(QStringLiteral("phase-event"));
            }
        }
        if (column == TraceTableModel::KindColumn
            && trace::Kind(QIdentityProxyModel::data(index, TraceTableModel::KindRole).toInt())
                == trace::Kind::Verifier)
            return themeIcon(QStringLiteral("finding"));
        return {};
    case Qt::TextAlignmentRole:
        if (column == TraceTableModel::SeqColumn || column == TraceTableModel::TimeColumn)
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        return QVariant(Qt::AlignLeft | Qt::AlignVCenter);
    case Qt::FontRole:
        if (column == TraceTableModel::EventColumn
            && trace::Kind(QIdentityProxyModel::data(index, TraceTableModel::KindRole).toInt())
                == trace::Kind::Action) {
            QFont f;
            f.setBold(true);
            return f;
        }
        return {};
    case Qt::ToolTipRole: {
        const QString line
            = QIdentityProxyModel::data(index, TraceTableModel::TextLineRole).toString();
        const QString explanation = explanationToolTipHtml(explanationOf(
            QIdentityProxyModel::data(index, TraceTableModel::InterfaceRole)
                .toString()
                .toStdString(),
            QIdentityProxyModel::data(index, TraceTableModel::MethodRole).toString().toStdString(),
            trace::Kind(QIdentityProxyModel::data(index, TraceTableModel::KindRole).toInt())));
        if (explanation.isEmpty())
            return line;
        // Rich text, so that the explanation wraps; the record's line stays one line.
        return QString(QStringLiteral("<p style=\"white-space:pre\">") + line.toHtmlEscaped()
            + QStringLiteral("</p>") + explanation);
    }
    default:
        return QIdentityProxyModel::data(index, role);
    }
}

} // namespace umdfx::gui
