#pragma once

#include "core/simulation/snapshot.h"

#include <QAbstractItemModel>
#include <QStringList>

#include <memory>
#include <vector>

namespace umdfx::gui {

// The PnP tree as Device Manager's "Devices by connection" view: the root enumerator, devices
// under their parents, and under each device its driver layers (with their I/O queues, open file
// objects, remote interfaces and remote targets), its device interfaces (checkable: checked =
// enabled) and its child devices. Built from DeviceTreeSnapshots; a new snapshot is merged into
// the rows by stable keys, so expansion, selection and scroll position survive live updates
// (rows are inserted, removed and changed, never reset).
//
// Checking or unchecking an interface does not change the model: it asks for the change
// (interfaceStateRequested) and the next snapshot shows what the simulation did.
//
// Raw data only (text, state words, keys); icons are added by a presentation proxy.
// Threads: GUI thread (asserted in every mutator). Ownership: owns its nodes; keeps the last
// snapshot alive.
class DeviceTreeModel : public QAbstractItemModel
{
    Q_OBJECT
public:
    enum Column { NameColumn, DetailsColumn, ColumnCount };
    enum NodeKind {
        ComputerNode,
        DeviceNode,
        DriverNode,
        QueueNode,
        FileNode,
        InterfaceNode,
        RemoteInterfaceNode,
        RemoteTargetNode
    };
    Q_ENUM(NodeKind)
    enum Role {
        NodeKindRole = Qt::UserRole + 1, // int: NodeKind
        KeyRole, // QString: unique among siblings, stable across snapshots
        InstanceIdRole, // QString: the device the node belongs to
        StateRole, // QString: PnP state word (devices), target state (targets), enabled/disabled
        ProblemRole, // QString: why the device is not working (devices)
        InterfaceClassRole, // QString: {guid} (interfaces, remote interfaces)
        ReferenceRole, // QString: reference string (interfaces)
        HasReferenceRole, // bool
        SymbolicLinkRole, // QString (interfaces, remote interfaces, targets)
        ObjectIdRole, // uint: framework object id (queues, files, remote objects, drivers' device)
        HostFailedRole, // bool (devices)
        PropertiesRole // QVariantList of QStringList {name, value}: every field, for the inspector
    };

    explicit DeviceTreeModel(QObject *parent = nullptr);
    ~DeviceTreeModel() override;

    void setSnapshot(std::shared_ptr<const DeviceTreeSnapshot> snapshot);
    // Read-only: interfaces show their state but cannot be checked (a tree replayed from a
    // trace file).
    void setReadOnly(bool readOnly) { m_readOnly = readOnly; }
    bool isReadOnly() const { return m_readOnly; }
    std::shared_ptr<const DeviceTreeSnapshot> snapshot() const { return m_snapshot; }

    // The node with this key path ("root/dev:ROOT\ECHO\0000/if:{guid}\Port1"), invalid if absent.
    QModelIndex indexForPath(const QStringList &keys) const;
    // The device node of an instance id anywhere in the tree.
    QModelIndex deviceIndex(const QString &instanceId) const;
    // "HTREE\ROOT\0[UMDF Echo Sample[echo[Queue #5 (default)], ...]]": names, for tests.
    QString treeString() const;

    QModelIndex index(
        int row, int column, const QModelIndex &parent = QModelIndex()) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QVariant headerData(
        int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    struct Node;

Q_SIGNALS:
    // The person asked for AssignDeviceInterfaceState(enable) on this interface instance.
    void interfaceStateRequested(const QString &instanceId, const QString &interfaceClass,
        bool hasReference, const QString &reference, bool enable);

private:
    Node *nodeFor(const QModelIndex &index) const;
    QModelIndex indexFor(const Node *node, int column = 0) const;
    void merge(Node *old, Node &fresh, const QModelIndex &oldIndex);

    std::unique_ptr<Node> m_root; // invisible; its one child is the computer
    std::shared_ptr<const DeviceTreeSnapshot> m_snapshot;
    bool m_readOnly = false;
};

} // namespace umdfx::gui
