#pragma once

#include "core/pnp/devicenode.h"
#include "core/pnp/interfaceregistry.h"
#include "core/pnp/notificationmanager.h"
#include "core/runtime/world.h"

#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace umdfx {

// The simulated PnP manager: the device tree, each device's PnP state, and the PnP operations a
// person triggers (start, orderly removal, query-remove, surprise removal). It sends the host the
// messages Windows sends a UMDF stack (AddDevice, IRP_MN_START_DEVICE, IRP_MN_QUERY_REMOVE_DEVICE,
// …) and advances when the host answers. Every operation and state change is a trace record.
//
// Threads: kernel side, world lock held; replies arrive as tasks on the "pnp" thread.
// Owns the device nodes; the hosts belong to the Simulation.
class PnpManager
{
public:
    using HostFactory = std::function<HostPort *(DeviceNode &)>;
    using OpenFileCount = std::function<std::size_t(DevNodeId)>;

    PnpManager(World &world, InterfaceRegistry &interfaces);

    void setHostFactory(HostFactory f) { m_hostFactory = std::move(f); }
    void setOpenFileCount(OpenFileCount f) { m_openFiles = std::move(f); }
    // Open application handles (a query-remove veto) as opposed to file objects not yet closed.
    void setOpenHandleCount(OpenFileCount f) { m_openHandles = std::move(f); }
    void setNotifications(NotificationManager *n) { m_notifications = n; }

    DeviceNode &addNode(DeviceNode node); // parent must already exist (0 = root)
    void enumerate(); // start every device marked startOnLoad, parents first

    // User operations. nullopt: started (watch the trace); otherwise why it cannot start now.
    std::optional<std::string> start(DevNodeId node);
    std::optional<std::string> remove(DevNodeId node);
    std::optional<std::string> queryRemove(DevNodeId node);
    std::optional<std::string> surpriseRemove(DevNodeId node);
    // Resource rebalance (reference §2.5, S11): query-stop, stop, start with new resources.
    std::optional<std::string> stop(DevNodeId node);

    // From the host, through the kernel endpoint (on the pnp thread).
    void pnpCompleted(DevNodeId node, PnpOperation op, HRESULT hr, const std::string &problem = {});
    // From the I/O manager: the last handle to a file object on this device is gone.
    void fileClosed(DevNodeId node);
    // The device's driver host died (a crash, or a verifier failure in strict mode).
    void hostFailed(DevNodeId node, std::string_view reason);

    DeviceNode *find(DevNodeId id);
    DeviceNode *find(std::string_view instanceId);
    const std::vector<std::unique_ptr<DeviceNode>> &nodes() const { return m_nodes; }

private:
    void setState(DeviceNode &n, DeviceState s, std::string_view why = {});
    void send(DeviceNode &n, PnpOperation op);
    void onInterfaceChanged(const InterfaceInstance &i, bool enabled);
    // After the handle holders heard DBT_DEVICEQUERYREMOVE: the veto check and the drivers' query.
    void continueQueryRemove(DevNodeId id, bool vetoed);
    void cancelRemoval(DeviceNode &n, std::string_view why);

    World &m_world;
    InterfaceRegistry &m_interfaces;
    HostFactory m_hostFactory;
    OpenFileCount m_openFiles;
    OpenFileCount m_openHandles;
    NotificationManager *m_notifications = nullptr; // not owned
    std::vector<std::unique_ptr<DeviceNode>> m_nodes;
    std::map<DevNodeId, std::uint32_t>
        m_pendingCalls; // node -> call id of the PnP request in flight
    std::set<DevNodeId> m_queryOnly; // query-remove probes: cancel instead of removing
};

} // namespace umdfx
