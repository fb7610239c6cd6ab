#pragma once

#include <QIdentityProxyModel>
#include <QPalette>

namespace umdfx::gui {

// How the comparison of two traces looks (TraceCompareModel underneath): rows only in A tinted
// red, only in B green, with other arguments amber, the marker column bold, record numbers
// faded, the lines in a fixed-pitch font so that nesting reads. Colours are blends into the
// palette's base (palette.h), so light and dark themes both read.
// Threads: GUI thread. Ownership: the source model is not owned.
class CompareStyleProxy : public QIdentityProxyModel
{
    Q_OBJECT
public:
    explicit CompareStyleProxy(QObject *parent = nullptr);
    void setPalette(const QPalette &palette);
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

private:
    QPalette m_palette;
};

} // namespace umdfx::gui
