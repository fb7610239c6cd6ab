#pragma once

#include <QWidget>

class QLabel;
class QLineEdit;
class QAbstractItemModel;
class QIdentityProxyModel;
class QSortFilterProxyModel;
class QTreeView;
class QModelIndex;

namespace umdfx::gui {

class DeviceTreeModel;

// The Device tree panel: DeviceTreeModel under a recursive QSortFilterProxyModel (a search box
// that keeps the parents of what matches, STYLE.md: the tree is small) and a presentation proxy
// (PnP state icons, dimmed disabled interfaces). New devices open expanded. Context menus offer
// what Device Manager does on a device (disable = orderly removal, enable = start, restart,
// surprise removal, query-remove, post a custom event) and on an interface (enable/disable,
// open a handle, copy the symbolic link); each becomes an action line (actionRequested).
// Threads: GUI thread.
class DeviceTreeView : public QWidget
{
    Q_OBJECT
public:
    explicit DeviceTreeView(QWidget *parent = nullptr);

    void setTreeModel(DeviceTreeModel *model);
    QTreeView *tree() const { return m_tree; }
    // The source-model index of the current item.
    QModelIndex currentSourceIndex() const;
    // Makes a source-model index current.
    void setCurrentSourceIndex(const QModelIndex &index);

    QByteArray saveState() const;
    bool restoreState(const QByteArray &state);

    // Read-only (a trace file's replayed tree): the context menus only copy, nothing acts.
    void setReadOnly(bool readOnly);
    // A line above the tree ("As it was after record #120 (replayed)"); "" hides it. busy: a
    // replay is on its way.
    void setStatusText(const QString &text, bool busy = false);
    QString statusText() const;

Q_SIGNALS:
    void actionRequested(const QString &line);
    // "Break on callbacks to this device" (the debugger's words: device:ROOT\ECHO\0000).
    void breakpointRequested(const QString &text);
    void openHandleRequested(const QString &symbolicLink);
    void postEventRequested(const QString &instanceId);
    // The person selected an item: its key path, fields, framework object (0 = none), device.
    void itemSelected(const QString &key, const QString &title, const QVariantList &properties,
        uint objectId, const QString &instanceId);
    // The item with this key path changed (a new snapshot): its fresh fields.
    void itemUpdated(const QString &key, const QString &title, const QVariantList &properties,
        uint objectId, const QString &instanceId);

private:
    void showContextMenu(const QPoint &pos);
    void expandNew(const QModelIndex &parent, int first, int last);
    void onCurrentChanged(const QModelIndex &current, bool selected);

    DeviceTreeModel *m_model = nullptr; // not owned
    QSortFilterProxyModel *m_filter = nullptr; // child
    QIdentityProxyModel *m_style = nullptr; // child
    QTreeView *m_tree = nullptr;
    QLineEdit *m_search = nullptr;
    QLabel *m_status = nullptr;
    bool m_readOnly = false;
};

// An action-language line that sets an interface's state (enable/disable DEV {guid} [REF]).
QString interfaceStateLine(const QString &instanceId, const QString &interfaceClass,
    bool hasReference, const QString &reference, bool enable);

} // namespace umdfx::gui
