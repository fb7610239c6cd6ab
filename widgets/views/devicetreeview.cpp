#include "widgets/views/devicetreeview.h"

#include "widgets/models/actiontext.h"
#include "widgets/models/devicetreemodel.h"
#include "widgets/views/icons.h"
#include "widgets/views/palette.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QDataStream>
#include <QHeaderView>
#include <QIODevice>
#include <QIdentityProxyModel>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QSortFilterProxyModel>
#include <QTreeView>
#include <QVBoxLayout>

namespace umdfx::gui {

namespace {

constexpr quint32 kStateMagic = 0x55445431; // "UDT1"

// Icons and tints for the device tree (the raw model has none).
class DeviceTreeStyleProxy : public QIdentityProxyModel
{
public:
    using QIdentityProxyModel::QIdentityProxyModel;
    QPalette palette;

    QVariant data(const QModelIndex &index, int role) const override
    {
        if (!index.isValid())
            return {};
        const auto kind = DeviceTreeModel::NodeKind(
            QIdentityProxyModel::data(index, DeviceTreeModel::NodeKindRole).toInt());
        const QString state
            = QIdentityProxyModel::data(index, DeviceTreeModel::StateRole).toString();
        if (role == Qt::DecorationRole && index.column() == DeviceTreeModel::NameColumn) {
            switch (kind) {
            case DeviceTreeModel::ComputerNode:
                return themeIcon(QStringLiteral("computer"));
            case DeviceTreeModel::DeviceNode:
                return deviceStateIcon(state,
                    QIdentityProxyModel::data(index, DeviceTreeModel::HostFailedRole).toBool());
            case DeviceTreeModel::DriverNode:
                return themeIcon(QStringLiteral("driver"));
            case DeviceTreeModel::QueueNode:
                return themeIcon(QStringLiteral("queue"));
            case DeviceTreeModel::FileNode:
                return themeIcon(QStringLiteral("file"));
            case DeviceTreeModel::InterfaceNode:
                return themeIcon(QStringLiteral("interface"));
            case DeviceTreeModel::RemoteInterfaceNode:
                return themeIcon(QStringLiteral("remote-interface"));
            case DeviceTreeModel::RemoteTargetNode:
                return themeIcon(QStringLiteral("remote-target"));
            }
        }
        if (role == Qt::ForegroundRole) {
            if (kind == DeviceTreeModel::InterfaceNode && state == QLatin1String("disabled"))
                return quietText(palette);
            if (kind == DeviceTreeModel::DeviceNode
                && !QIdentityProxyModel::data(index, DeviceTreeModel::ProblemRole)
                        .toString()
                        .isEmpty())
                return failureText(palette);
            if (index.column() == DeviceTreeModel::DetailsColumn)
                return quietText(palette);
        }
        if (role == Qt::FontRole && kind == DeviceTreeModel::DeviceNode
            && index.column() == DeviceTreeModel::NameColumn) {
            QFont f;
            f.setBold(true);
            return f;
        }
        return QIdentityProxyModel::data(index, role);
    }
};

} // namespace

QString interfaceStateLine(const QString &instanceId, const QString &interfaceClass,
    bool hasReference, const QString &reference, bool enable)
{
    QString line = (enable ? QStringLiteral("enable ") : QStringLiteral("disable "))
        + actionWord(instanceId) + QLatin1Char(' ') + interfaceClass;
    if (hasReference)
        line += QLatin1Char(' ') + actionWord(reference);
    return line;
}

DeviceTreeView::DeviceTreeView(QWidget *parent)
    : QWidget(parent)
{
    m_search = new QLineEdit(this);
    m_search->setObjectName(QStringLiteral("deviceSearch"));
    m_search->setClearButtonEnabled(true);
    m_search->setPlaceholderText(tr("Search devices, drivers, interfaces…"));

    m_filter = new QSortFilterProxyModel(this);
    m_filter->setRecursiveFilteringEnabled(true);
    m_filter->setAutoAcceptChildRows(true);
    m_filter->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_filter->setFilterKeyColumn(-1);
    auto *style = new DeviceTreeStyleProxy(this);
    style->palette = palette();
    style->setSourceModel(m_filter);
    m_style = style;

    m_tree = new QTreeView(this);
    m_tree->setObjectName(QStringLiteral("deviceTree"));
    m_tree->setModel(m_style);
    m_tree->setUniformRowHeights(true);
    m_tree->setContextMenuPolicy(Qt::CustomContextMenu);
    m_tree->setAllColumnsShowFocus(true);
    m_tree->header()->setStretchLastSection(true);

    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("deviceTreeStatus"));
    m_status->setWordWrap(true);
    m_status->setVisible(false);
    m_status->setContentsMargins(4, 2, 4, 2);
    m_status->setAutoFillBackground(true);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->setSpacing(2);
    layout->addWidget(m_search);
    layout->addWidget(m_status);
    layout->addWidget(m_tree, 1);

    connect(m_search, &QLineEdit::textChanged, this, [this](const QString &text) {
        m_filter->setFilterFixedString(text);
        if (!text.isEmpty())
            m_tree->expandAll();
    });
    connect(m_tree, &QTreeView::customContextMenuRequested, this, &DeviceTreeView::showContextMenu);
    connect(m_tree->selectionModel(), &QItemSelectionModel::currentChanged, this,
        [this](const QModelIndex &current) { onCurrentChanged(current, true); });
    connect(m_tree, &QTreeView::clicked, this,
        [this](const QModelIndex &index) { onCurrentChanged(index, true); });
    connect(m_style, &QAbstractItemModel::rowsInserted, this, &DeviceTreeView::expandNew);
    connect(m_style, &QAbstractItemModel::dataChanged, this, [this](const QModelIndex &tl) {
        if (m_tree->currentIndex().isValid() && m_tree->currentIndex().row() == tl.row()
            && m_tree->currentIndex().parent() == tl.parent())
            onCurrentChanged(m_tree->currentIndex(), false); // fresh fields for the inspector
    });
    connect(m_tree, &QTreeView::activated, this, [this](const QModelIndex &idx) {
        const QModelIndex src = m_filter->mapToSource(m_style->mapToSource(idx));
        if (src.data(DeviceTreeModel::NodeKindRole).toInt() == DeviceTreeModel::InterfaceNode)
            Q_EMIT openHandleRequested(src.data(DeviceTreeModel::SymbolicLinkRole).toString());
    });
}

void DeviceTreeView::setTreeModel(DeviceTreeModel *model)
{
    m_model = model;
    m_model->setReadOnly(m_readOnly);
    m_filter->setSourceModel(model);
    m_tree->expandAll();
    m_tree->setColumnWidth(
        DeviceTreeModel::NameColumn, fontMetrics().horizontalAdvance(QLatin1Char('0')) * 38);
}

QModelIndex DeviceTreeView::currentSourceIndex() const
{
    const QModelIndex cur = m_tree->currentIndex();
    return m_filter->mapToSource(m_style->mapToSource(cur));
}

void DeviceTreeView::setCurrentSourceIndex(const QModelIndex &index)
{
    const QModelIndex proxy = m_style->mapFromSource(m_filter->mapFromSource(index));
    m_tree->setCurrentIndex(proxy);
    m_tree->scrollTo(proxy);
}

void DeviceTreeView::expandNew(const QModelIndex &parent, int first, int last)
{
    // A device (and the computer) opens with its children showing, as Device Manager's view by
    // connection does; queues and files stay under their driver, which opens too.
    for (int r = first; r <= last; ++r) {
        const QModelIndex idx = m_style->index(r, 0, parent);
        const int kind = idx.data(DeviceTreeModel::NodeKindRole).toInt();
        if (kind == DeviceTreeModel::ComputerNode || kind == DeviceTreeModel::DeviceNode
            || kind == DeviceTreeModel::DriverNode) {
            m_tree->expand(idx);
            if (m_style->rowCount(idx) > 0)
                expandNew(idx, 0, m_style->rowCount(idx) - 1);
        }
    }
}

void DeviceTreeView::onCurrentChanged(const QModelIndex &current, bool selected)
{
    const QModelIndex src = m_filter->mapToSource(m_style->mapToSource(current));
    if (!src.isValid())
        return;
    const QString title = src.siblingAtColumn(DeviceTreeModel::NameColumn).data().toString();
    const auto kind = src.data(DeviceTreeModel::NodeKindRole).toInt();
    const uint object = kind == DeviceTreeModel::DriverNode || kind == DeviceTreeModel::DeviceNode
            || kind == DeviceTreeModel::InterfaceNode
        ? 0u
        : src.data(DeviceTreeModel::ObjectIdRole).toUInt();
    const QString device = kind == DeviceTreeModel::DeviceNode
        ? src.data(DeviceTreeModel::InstanceIdRole).toString()
        : QString();
    QStringList path;
    for (QModelIndex i = src; i.isValid(); i = i.parent())
        path.prepend(i.data(DeviceTreeModel::KeyRole).toString());
    const QString key = path.join(QLatin1Char('/'));
    const QVariantList props = src.data(DeviceTreeModel::PropertiesRole).toList();
    if (selected)
        Q_EMIT itemSelected(key, title, props, object, device);
    else
        Q_EMIT itemUpdated(key, title, props, object, device);
}

void DeviceTreeView::setReadOnly(bool readOnly)
{
    m_readOnly = readOnly;
    if (m_model)
        m_model->setReadOnly(readOnly);
}

void DeviceTreeView::setStatusText(const QString &text, bool busy)
{
    m_status->setText(text);
    m_status->setVisible(!text.isEmpty());
    QPalette p = m_status->palette();
    p.setColor(QPalette::Window,
        blend(palette().color(QPalette::Window), palette().color(QPalette::Highlight),
            busy ? 0.28 : 0.12));
    m_status->setPalette(p);
}

QString DeviceTreeView::statusText() const
{
    return m_status->isVisible() ? m_status->text() : QString();
}

void DeviceTreeView::showContextMenu(const QPoint &pos)
{
    const QModelIndex proxy = m_tree->indexAt(pos);
    const QModelIndex src = m_filter->mapToSource(m_style->mapToSource(proxy));
    if (!src.isValid())
        return;
    const auto kind = src.data(DeviceTreeModel::NodeKindRole).toInt();
    const QString id = src.data(DeviceTreeModel::InstanceIdRole).toString();
    QMenu menu(this);
    if (m_readOnly) {
        // A replayed tree: copying is all that makes sense.
        if (!id.isEmpty())
            menu.addAction(
                tr("Copy instance ID"), this, [id] { QApplication::clipboard()->setText(id); });
        const QString link = src.data(DeviceTreeModel::SymbolicLinkRole).toString();
        if (!link.isEmpty())
            menu.addAction(tr("Copy symbolic link"), this,
                [link] { QApplication::clipboard()->setText(link); });
        if (!menu.isEmpty())
            menu.exec(m_tree->viewport()->mapToGlobal(pos));
        return;
    }
    const auto act = [this](const QString &line) { Q_EMIT actionRequested(line); };
    if (kind == DeviceTreeModel::DeviceNode) {
        const QString state = src.data(DeviceTreeModel::StateRole).toString();
        const bool started = state == QLatin1String("started");
        menu.addAction(themeIcon(QStringLiteral("device-disabled")),
                tr("&Disable (orderly removal)"), this,
                [=, this] { act(QStringLiteral("disable-device ") + actionWord(id)); })
            ->setEnabled(started);
        menu.addAction(themeIcon(QStringLiteral("device-started")), tr("&Enable (start)"), this,
                [=, this] { act(QStringLiteral("enable-device ") + actionWord(id)); })
            ->setEnabled(!started);
        menu.addAction(tr("&Restart (remove, then start)"), this,
                [=, this] {
                    act(QStringLiteral("disable-device ") + actionWord(id));
                    act(QStringLiteral("enable-device ") + actionWord(id));
                })
            ->setEnabled(started);
        menu.addSeparator();
        menu.addAction(tr("&Query remove (then cancel)"), this,
                [=, this] { act(QStringLiteral("query-remove ") + actionWord(id)); })
            ->setEnabled(started);
        menu.addAction(tr("S&top (resource rebalance)"), this,
                [=, this] { act(QStringLiteral("stop ") + actionWord(id)); })
            ->setEnabled(started);
        menu.addAction(themeIcon(QStringLiteral("device-surprise-removed")), tr("&Surprise remove"),
                this, [=, this] { act(QStringLiteral("surprise-remove ") + actionWord(id)); })
            ->setEnabled(started);
        menu.addSeparator();
        menu.addAction(
                tr("&Post a custom event…"), this, [=, this] { Q_EMIT postEventRequested(id); })
            ->setEnabled(started);
        menu.addSeparator();
        menu.addAction(themeIcon(QStringLiteral("breakpoint")),
            tr("&Break on callbacks to this device"), this,
            [=, this] { Q_EMIT breakpointRequested(QStringLiteral("device:") + id); });
        menu.addSeparator();
        menu.addAction(
            tr("Copy instance ID"), this, [id] { QApplication::clipboard()->setText(id); });
    } else if (kind == DeviceTreeModel::InterfaceNode) {
        const bool enabled
            = src.data(DeviceTreeModel::StateRole).toString() == QLatin1String("enabled");
        const QString cls = src.data(DeviceTreeModel::InterfaceClassRole).toString();
        const bool hasRef = src.data(DeviceTreeModel::HasReferenceRole).toBool();
        const QString ref = src.data(DeviceTreeModel::ReferenceRole).toString();
        const QString link = src.data(DeviceTreeModel::SymbolicLinkRole).toString();
        menu.addAction(enabled ? tr("&Disable interface") : tr("&Enable interface"), this,
            [=, this] { act(interfaceStateLine(id, cls, hasRef, ref, !enabled)); });
        menu.addAction(themeIcon(QStringLiteral("handle")), tr("&Open a handle"), this,
            [=, this] { Q_EMIT openHandleRequested(link); });
        menu.addAction(
            tr("Copy symbolic link"), this, [link] { QApplication::clipboard()->setText(link); });
    } else if (kind == DeviceTreeModel::RemoteInterfaceNode
        || kind == DeviceTreeModel::RemoteTargetNode) {
        const QString link = src.data(DeviceTreeModel::SymbolicLinkRole).toString();
        menu.addAction(tr("Copy symbolic link"), this,
                [link] { QApplication::clipboard()->setText(link); })
            ->setEnabled(!link.isEmpty());
    } else {
        menu.addAction(tr("Expand all"), m_tree, &QTreeView::expandAll);
        menu.addAction(tr("Collapse all"), m_tree, &QTreeView::collapseAll);
    }
    menu.exec(m_tree->viewport()->mapToGlobal(pos));
}

QByteArray DeviceTreeView::saveState() const
{
    QByteArray state;
    QDataStream out(&state, QIODevice::WriteOnly);
    out << kStateMagic << m_tree->header()->saveState();
    return state;
}

bool DeviceTreeView::restoreState(const QByteArray &state)
{
    QDataStream in(state);
    quint32 magic = 0;
    QByteArray header;
    in >> magic >> header;
    if (magic != kStateMagic || in.status() != QDataStream::Ok)
        return false;
    return m_tree->header()->restoreState(header);
}

} // namespace umdfx::gui
