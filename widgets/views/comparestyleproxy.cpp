#include "widgets/views/comparestyleproxy.h"

#include "widgets/models/tracecomparemodel.h"
#include "widgets/views/palette.h"

#include <QFont>
#include <QFontDatabase>

namespace umdfx::gui {

CompareStyleProxy::CompareStyleProxy(QObject *parent)
    : QIdentityProxyModel(parent)
{ }

void CompareStyleProxy::setPalette(const QPalette &palette)
{
    m_palette = palette;
    if (rowCount() > 0)
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, columnCount() - 1),
            { Qt::BackgroundRole, Qt::ForegroundRole });
}

QVariant CompareStyleProxy::data(const QModelIndex &index, int role) const
{
    if (!index.isValid())
        return {};
    const auto status
        = DiffRow::Status(QIdentityProxyModel::data(index, TraceCompareModel::StatusRole).toInt());
    const int column = index.column();
    switch (role) {
    case Qt::BackgroundRole: {
        // Only the side that has the line is tinted; the empty side stays plain.
        const bool sideA
            = column == TraceCompareModel::SeqAColumn || column == TraceCompareModel::LineAColumn;
        const bool sideB
            = column == TraceCompareModel::SeqBColumn || column == TraceCompareModel::LineBColumn;
        const QColor base = m_palette.color(QPalette::Base);
        switch (status) {
        case DiffRow::Status::Same:
            return {};
        case DiffRow::Status::Changed:
            return blend(base, QColor(230, 160, 20), 0.22);
        case DiffRow::Status::OnlyA:
            return sideB ? QVariant() : QVariant(blend(base, QColor(220, 50, 50), 0.22));
        case DiffRow::Status::OnlyB:
            return sideA ? QVariant() : QVariant(blend(base, QColor(40, 170, 60), 0.22));
        }
        return {};
    }
    case Qt::ForegroundRole:
        if (column == TraceCompareModel::SeqAColumn || column == TraceCompareModel::SeqBColumn)
            return quietText(m_palette);
        if (column == TraceCompareModel::MarkerColumn) {
            switch (status) {
            case DiffRow::Status::OnlyA:
                return failureText(m_palette);
            case DiffRow::Status::OnlyB:
                return successText(m_palette);
            default:
                return {};
            }
        }
        return {};
    case Qt::FontRole:
        if (column == TraceCompareModel::LineAColumn || column == TraceCompareModel::LineBColumn)
            return QFontDatabase::systemFont(QFontDatabase::FixedFont);
        if (column == TraceCompareModel::MarkerColumn) {
            QFont bold;
            bold.setBold(true);
            return bold;
        }
        return {};
    default:
        return QIdentityProxyModel::data(index, role);
    }
}

} // namespace umdfx::gui
