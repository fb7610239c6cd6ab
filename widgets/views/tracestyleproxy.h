#pragma once

#include <QIdentityProxyModel>
#include <QPalette>

namespace umdfx::gui {

// The trace table's presentation (GammaRay's split: the raw model formats values, this thin
// proxy adds how they look): row tints by record kind, failures in red, routine probes faded,
// an arrow per phase, tabular figures right-aligned, the full text line as a tooltip. Colours
// come from the palette it is given, so the table reads in light and dark themes.
// Threads: GUI thread. Ownership: the source model is not owned.
class TraceStyleProxy : public QIdentityProxyModel
{
    Q_OBJECT
public:
    explicit TraceStyleProxy(QObject *parent = nullptr);
    void setPalette(const QPalette &palette);
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

private:
    QPalette m_palette;
};

} // namespace umdfx::gui
