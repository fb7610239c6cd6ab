#pragma once
// The flat lists the Application dock shows, rebuilt from each DeviceTreeSnapshot.

#include "widgets/models/rowlistmodel.h"

#include "core/simulation/snapshot.h"

#include <memory>

namespace umdfx::gui {

// The simulated applications' open handles (their handle tables, reference §4.4): the handles
// the composer writes to. Threads: GUI thread.
class HandleListModel : public RowListModel
{
    Q_OBJECT
public:
    enum Column {
        NameColumn,
        AppColumn,
        ValueColumn,
        DeviceColumn,
        StateColumn,
        PathColumn,
        ColumnCount
    };
    enum Role {
        HandleNameRole = Qt::UserRole + 1, // QString: "h1" ("" = unnamed)
        AppRole, // QString: "app1"
        ValueRole, // qulonglong: the HANDLE value
        PathRole, // QString: what CreateFile was given
        InstanceIdRole, // QString
        PendingRole, // int: requests outstanding
        OverlappedRole // bool
    };
    explicit HandleListModel(QObject *parent = nullptr);
    void setSnapshot(const DeviceTreeSnapshot *snapshot);
    // The row of a named handle of an application, -1 when it is not open.
    int rowForHandle(const QString &app, const QString &name) const;
};

// The present device interfaces, the way an application finds them with
// SetupDiGetClassDevs(DIGCF_PRESENT | DIGCF_DEVICEINTERFACE): enabled instances only, in
// registration order. Threads: GUI thread.
class InterfaceListModel : public RowListModel
{
    Q_OBJECT
public:
    enum Column { ClassColumn, ReferenceColumn, DeviceColumn, LinkColumn, ColumnCount };
    enum Role {
        SymbolicLinkRole = Qt::UserRole + 1, // QString
        InterfaceClassRole, // QString: {guid}
        ReferenceRole, // QString
        HasReferenceRole, // bool
        InstanceIdRole // QString
    };
    explicit InterfaceListModel(QObject *parent = nullptr);
    void setSnapshot(const DeviceTreeSnapshot *snapshot);
};

// The driver hosts' threads: each host's dispatcher and every thread its drivers made, with what
// each waits on and until when (DESIGN.md "Threading"), as a debugger's Threads window shows
// them. Threads: GUI thread.
class ThreadListModel : public RowListModel
{
    Q_OBJECT
public:
    // What a thread does comes first: a narrow dock still shows it.
    enum Column { NameColumn, StateColumn, WaitColumn, KindColumn, HostColumn, ColumnCount };
    enum Role {
        StateRole = Qt::UserRole + 1, // QString: "idle", "ready", "running", "waiting", "ended"
        WakeAtRole // qlonglong: ns, virtual time; -1 without a timeout
    };
    explicit ThreadListModel(QObject *parent = nullptr);
    void setSnapshot(const DeviceTreeSnapshot *snapshot);
};

} // namespace umdfx::gui
