#include "core/pnp/pnpmanager.h"

#include "core/common/text.h"
#include "core/runtime/log.h"
#include "core/wudf/guid.h"
#include "core/wudf/wudfstatus.h"

namespace umdfx {

const char *deviceStateName(DeviceState s)
{
    switch (s) {
    case DeviceState::NotStarted:
        return "not-started";
    case DeviceState::Starting:
        return "starting";
    case DeviceState::Started:
        return "started";
    case DeviceState::StartFailed:
        return "start-failed";
    case DeviceState::QueryRemove:
        return "query-remove";
    case DeviceState::Removing:
        return "removing";
    case DeviceState::Removed:
        return "removed";
    case DeviceState::SurpriseRemoved:
        return "surprise-removed";
    case DeviceState::NotPresent:
        return "not-present";
    case DeviceState::NoDriver:
        return "no-driver";
    case DeviceState::HostFailed:
        return "host-failed";
    case DeviceState::QueryStop:
        return "query-stop";
    case DeviceState::Stopped:
        return "stopped";
    }
    return "?";
}

const char *pnpOperationName(PnpOperation op)
{
    switch (op) {
    case PnpOperation::AddDevice:
        return "AddDevice";
    case PnpOperation::Start:
        return "IRP_MN_START_DEVICE";
    case PnpOperation::QueryRemove:
        return "IRP_MN_QUERY_REMOVE_DEVICE";
    case PnpOperation::CancelRemove:
        return "IRP_MN_CANCEL_REMOVE_DEVICE";
    case PnpOperation::Remove:
        return "IRP_MN_REMOVE_DEVICE";
    case PnpOperation::SurpriseRemove:
        return "IRP_MN_SURPRISE_REMOVAL";
    case PnpOperation::QueryStop:
        return "IRP_MN_QUERY_STOP_DEVICE";
    case PnpOperation::CancelStop:
        return "IRP_MN_CANCEL_STOP_DEVICE";
    case PnpOperation::Stop:
        return "IRP_MN_STOP_DEVICE";
    }
    return "?";
}

static trace::StrId pnpIface()
{
    static const trace::StrId id = trace::intern("PnP");
    return id;
}

PnpManager::PnpManager(World &world, InterfaceRegistry &interfaces)
    : m_world(world)
    , m_interfaces(interfaces)
{
    m_interfaces.setChangeListener(
        [this](const InterfaceInstance &i, bool enabled) { onInterfaceChanged(i, enabled); });
}

DeviceNode &PnpManager::addNode(DeviceNode node)
{
    node.id = static_cast<DevNodeId>(m_nodes.size() + 1);
    // Without UMDF drivers a device either runs on its kernel-mode driver, which the simulation
    // does not model (started, no host), or has no driver at all (Code 28).
    if (node.stack.empty())
        node.state = node.kernelService.empty() ? DeviceState::NoDriver : DeviceState::Started;
    m_nodes.push_back(std::make_unique<DeviceNode>(std::move(node)));
    DeviceNode &n = *m_nodes.back();
    if (n.parent != 0)
        find(n.parent)->children.push_back(n.id);

    trace::ArgsWriter args;
    args.string("instanceId", n.instanceId);
    args.string("enumerator", n.enumerator);
    if (!n.hardwareIds.empty())
        args.string("hardwareId", n.hardwareIds.front());
    m_world.tracer.event(
        { trace::Kind::Pnp, lanes::pnp(), lanes::pnp(), trace::intern(n.instanceId), pnpIface(),
            trace::intern("DeviceEnumerated") },
        std::nullopt, &args);
    return n;
}

void PnpManager::enumerate()
{
    for (auto &n : m_nodes) {
        if (n->startOnLoad && !n->stack.empty())
            start(n->id);
    }
}

DeviceNode *PnpManager::find(DevNodeId id)
{
    return id >= 1 && id <= m_nodes.size() ? m_nodes[id - 1].get() : nullptr;
}

DeviceNode *PnpManager::find(std::string_view instanceId)
{
    for (auto &n : m_nodes) {
        if (equalsIgnoreCase(n->instanceId, instanceId))
            return n.get();
    }
    return nullptr;
}

void PnpManager::setState(DeviceNode &n, DeviceState s, std::string_view why)
{
    if (n.state == s)
        return;
    trace::ArgsWriter args;
    args.string("from", deviceStateName(n.state));
    args.string("to", deviceStateName(s));
    if (!why.empty())
        args.string("reason", why);
    log()->debug("{}: {} -> {}{}{}", n.instanceId, deviceStateName(n.state), deviceStateName(s),
        why.empty() ? "" : ": ", why);
    n.state = s;
    n.problem = std::string(why);
    m_world.tracer.event(
        { trace::Kind::Pnp, lanes::pnp(), lanes::pnp(), trace::intern(n.instanceId), pnpIface(),
            trace::intern("DeviceStateChange") },
        std::nullopt, &args);
}

void PnpManager::send(DeviceNode &n, PnpOperation op)
{
    const Tracer::Site site { trace::Kind::Pnp, lanes::pnp(), lanes::framework(),
        trace::intern(n.instanceId), pnpIface(), trace::intern(pnpOperationName(op)) };
    trace::ArgsWriter args;
    args.string("host", n.hostName);
    m_pendingCalls[n.id] = m_world.tracer.call(site, &args);

    HostPort *host = n.host;
    const DevNodeId id = n.id;
    const trace::StrId hostThread = trace::intern(n.hostName);
    if (op == PnpOperation::AddDevice) {
        AddDeviceMessage msg { id, n.instanceId, n.stack, n.parameters };
        m_world.scheduler.post(hostThread, [host, msg] { host->addDevice(msg); });
    } else {
        m_world.scheduler.post(hostThread, [host, id, op] { host->pnp(id, op); });
    }
}

std::optional<std::string> PnpManager::start(DevNodeId id)
{
    DeviceNode *n = find(id);
    if (!n)
        return "no such device";
    if (n->stack.empty())
        return "device " + n->instanceId + " has no driver";
    switch (n->state) {
    case DeviceState::NotStarted:
    case DeviceState::Removed:
    case DeviceState::StartFailed:
        break;
    case DeviceState::NotPresent:
    case DeviceState::SurpriseRemoved:
        return "device " + n->instanceId + " is not present";
    default:
        return "device " + n->instanceId + " is " + deviceStateName(n->state);
    }
    if (!n->host) {
        n->host = m_hostFactory(*n);
        if (!n->host)
            return "no driver host could be created for " + n->instanceId;
    }
    setState(*n, DeviceState::Starting);
    send(*n, PnpOperation::AddDevice);
    return std::nullopt;
}

std::optional<std::string> PnpManager::remove(DevNodeId id)
{
    DeviceNode *n = find(id);
    if (!n)
        return "no such device";
    if (n->state != DeviceState::Started)
        return "device " + n->instanceId + " is " + deviceStateName(n->state) + ", not started";
    setState(*n, DeviceState::QueryRemove);
    // Handle holders hear the query first (§2.6 step 1): a well-behaved application closes its
    // handle. The rest waits until their window procedures have run.
    if (m_notifications
        && m_notifications->deviceChanged(id, DeviceChange::QueryRemove,
               [this, id](bool vetoed) { continueQueryRemove(id, vetoed); })
            > 0)
        return std::nullopt;
    continueQueryRemove(id, false);
    return std::nullopt;
}

void PnpManager::continueQueryRemove(DevNodeId id, bool vetoed)
{
    DeviceNode *n = find(id);
    if (!n || n->state != DeviceState::QueryRemove)
        return;
    if (vetoed) {
        // A handle holder (a driver's OnRemoteTargetQueryRemove returning FALSE) said no.
        trace::ArgsWriter args;
        args.string("reason", "a handle holder vetoed");
        m_world.tracer.event(
            { trace::Kind::Pnp, lanes::pnp(), lanes::pnp(), trace::intern(n->instanceId),
                pnpIface(), trace::intern("QueryRemoveVetoed") },
            std::nullopt, &args);
        m_queryOnly.erase(id);
        cancelRemoval(*n, "query-remove vetoed by a handle holder");
        return;
    }
    // Handles still open after the notifications are a veto before any driver sees the query
    // (reference §2.6 step 2, inferred: no driver callback, the reason is "outstanding open
    // handle").
    const std::size_t open
        = m_openHandles ? m_openHandles(id) : (m_openFiles ? m_openFiles(id) : 0);
    if (open > 0) {
        trace::ArgsWriter args;
        args.string("reason", "outstanding open handle");
        args.u64("openHandles", open);
        m_world.tracer.event(
            { trace::Kind::Pnp, lanes::pnp(), lanes::pnp(), trace::intern(n->instanceId),
                pnpIface(), trace::intern("QueryRemoveVetoed") },
            std::nullopt, &args);
        m_queryOnly.erase(id);
        cancelRemoval(*n, "query-remove vetoed: outstanding open handle");
        return;
    }
    send(*n, PnpOperation::QueryRemove);
}

std::optional<std::string> PnpManager::queryRemove(DevNodeId id)
{
    m_queryOnly.insert(id);
    auto err = remove(id);
    if (err || find(id)->state != DeviceState::QueryRemove)
        m_queryOnly.erase(id);
    return err;
}

std::optional<std::string> PnpManager::surpriseRemove(DevNodeId id)
{
    DeviceNode *n = find(id);
    if (!n)
        return "no such device";
    if (n->state != DeviceState::Started && n->state != DeviceState::StartFailed)
        return "device " + n->instanceId + " is " + deviceStateName(n->state) + ", not started";
    setState(*n, DeviceState::SurpriseRemoved);
    // Handle holders hear remove-pending and remove-complete without a query (§2.7); before or
    // after the stack disables its interfaces (knob surpriseNotificationOrder).
    const bool targetFirst
        = m_world.knobs.surpriseNotificationOrder == Knobs::NotificationOrder::TargetFirst;
    if (targetFirst && m_notifications) {
        m_notifications->deviceChanged(id, DeviceChange::RemovePending);
        m_notifications->deviceChanged(id, DeviceChange::RemoveComplete);
    }
    send(*n, PnpOperation::SurpriseRemove);
    return std::nullopt;
}

std::optional<std::string> PnpManager::stop(DevNodeId id)
{
    DeviceNode *n = find(id);
    if (!n)
        return "no such device";
    if (n->state != DeviceState::Started)
        return "device " + n->instanceId + " is " + deviceStateName(n->state) + ", not started";
    // No handle holder hears a query-stop: handles stay open across a rebalance and the I/O sent
    // meanwhile waits in the power-managed queues (§2.5).
    setState(*n, DeviceState::QueryStop);
    send(*n, PnpOperation::QueryStop);
    return std::nullopt;
}

void PnpManager::pnpCompleted(DevNodeId id, PnpOperation op, HRESULT hr, const std::string &problem)
{
    DeviceNode *n = find(id);
    if (!n)
        return;
    const Tracer::Site site { trace::Kind::Pnp, lanes::pnp(), lanes::framework(),
        trace::intern(n->instanceId), pnpIface(), trace::intern(pnpOperationName(op)) };
    const auto call = m_pendingCalls[id];
    m_world.tracer.ret(site, call, static_cast<std::uint32_t>(hr));

    switch (op) {
    case PnpOperation::AddDevice:
        if (FAILED(hr)) {
            // The host says why when no OnDeviceAdd ran (a module that did not load, a failed
            // OnInitialize): "a driver's OnDeviceAdd returned an error" would be untrue then.
            setState(*n, DeviceState::StartFailed,
                "AddDevice failed: "
                    + (problem.empty() ? std::string("a driver's OnDeviceAdd returned an error")
                                       : problem));
            return;
        }
        send(*n, PnpOperation::Start);
        return;
    case PnpOperation::Start:
        if (FAILED(hr)) {
            setState(*n, DeviceState::StartFailed, "the start sequence failed (Code 10)");
            send(*n, PnpOperation::Remove);
            return;
        }
        setState(*n, DeviceState::Started);
        return;
    case PnpOperation::QueryRemove:
        if (FAILED(hr)) {
            m_queryOnly.erase(id);
            n->problem = "query-remove vetoed by a driver";
            send(*n, PnpOperation::CancelRemove);
            return;
        }
        if (m_queryOnly.erase(id)) {
            send(*n, PnpOperation::CancelRemove);
            return;
        }
        setState(*n, DeviceState::Removing);
        // Handle holders (remote targets closed for the query, applications' handle
        // registrations) hear remove-complete before IRP_MN_REMOVE_DEVICE, as the kernel
        // documents it for target-device notifications, so before the stack disables its
        // interfaces (§2.6 step 5; knob orderlyNotificationOrder). The IRP waits for them.
        if (m_notifications
            && m_world.knobs.orderlyNotificationOrder == Knobs::NotificationOrder::TargetFirst
            && m_notifications->deviceChanged(id, DeviceChange::RemoveComplete,
                   [this, id](bool) {
                       if (DeviceNode *node = find(id);
                           node && node->state == DeviceState::Removing)
                           send(*node, PnpOperation::Remove);
                   })
                > 0)
            return;
        send(*n, PnpOperation::Remove);
        return;
    case PnpOperation::CancelRemove:
        cancelRemoval(*n, n->problem);
        return;
    case PnpOperation::QueryStop:
        if (FAILED(hr)) {
            n->problem = "query-stop vetoed by a driver";
            send(*n, PnpOperation::CancelStop);
            return;
        }
        setState(*n, DeviceState::Stopped, "resources are being reassigned");
        send(*n, PnpOperation::Stop);
        return;
    case PnpOperation::CancelStop:
        setState(*n, DeviceState::Started, n->problem);
        return;
    case PnpOperation::Stop:
        if (FAILED(hr)) {
            setState(*n, DeviceState::StartFailed, "the stop sequence failed");
            return;
        }
        // The new resources are assigned (knob rebalanceDelayMs later): the same stack starts
        // again (§2.5).
        m_world.scheduler.post(
            lanes::pnp(),
            [this, id] {
                if (DeviceNode *node = find(id); node && node->state == DeviceState::Stopped)
                    send(*node, PnpOperation::Start);
            },
            static_cast<std::int64_t>(m_world.knobs.rebalanceDelayMs) * 1'000'000);
        return;
    case PnpOperation::SurpriseRemove:
        // Handle holders hear remove-pending and remove-complete without a query (§2.7).
        if (m_notifications
            && m_world.knobs.surpriseNotificationOrder
                == Knobs::NotificationOrder::InterfaceFirst) {
            m_notifications->deviceChanged(id, DeviceChange::RemovePending);
            m_notifications->deviceChanged(id, DeviceChange::RemoveComplete);
        }
        // The stack is torn down only when every handle is closed (§2.7).
        n->removeWhenHandlesClose = true;
        // Applications react on their threads first; then, if no file is left, the stack goes.
        m_world.scheduler.post(lanes::pnp(), [this, id] { fileClosed(id); });
        return;
    case PnpOperation::Remove:
        // The framework unregisters the device's remote-interface notifications (§6.1).
        if (m_notifications)
            m_notifications->unregisterDriver(id);
        if (n->state == DeviceState::SurpriseRemoved) {
            setState(*n, DeviceState::NotPresent);
        } else if (n->state == DeviceState::StartFailed) {
            return;
        } else {
            const bool wasRemoving = n->state == DeviceState::Removing;
            setState(*n, DeviceState::Removed);
            // Handle holders that stayed registered (remote targets closed for the query) hear
            // the removal complete after the interfaces left, when the knob orderlyNotification-
            // Order says interfaceFirst (targetFirst told them before IRP_MN_REMOVE_DEVICE).
            const bool toldBefore = wasRemoving
                && m_world.knobs.orderlyNotificationOrder == Knobs::NotificationOrder::TargetFirst;
            if (m_notifications && !toldBefore)
                m_notifications->deviceChanged(id, DeviceChange::RemoveComplete);
        }
        return;
    }
}

void PnpManager::cancelRemoval(DeviceNode &n, std::string_view why)
{
    // The removal is off: the device keeps working and the handle holders that closed for the
    // query hear DBT_DEVICEQUERYREMOVEFAILED (remote targets: OnRemoteTargetRemoveCanceled).
    setState(n, DeviceState::Started, why);
    if (m_notifications)
        m_notifications->deviceChanged(n.id, DeviceChange::QueryRemoveFailed);
}

void PnpManager::hostFailed(DevNodeId id, std::string_view reason)
{
    DeviceNode *n = find(id);
    if (!n || n->state == DeviceState::HostFailed)
        return;
    // Reference §2.8 and S12: the reflector fails outstanding I/O (done by the I/O manager), the
    // host-problem custom event goes to handle holders, the device looks removed to them, and
    // once every handle is closed the stack is rebuilt a limited number of times.
    m_pendingCalls.erase(id);
    setState(*n, DeviceState::HostFailed, reason);
    m_interfaces.disableAll(id);
    if (m_notifications) {
        static const GUID hostProblem
            = { 0xc43d25bd, 0x9346, 0x40ee, { 0xa2, 0xd2, 0xd7, 0x0c, 0x15, 0xf8, 0xb7, 0x5b } };
        m_notifications->customEvent(id, hostProblem, {});
        m_notifications->deviceChanged(id, DeviceChange::RemovePending);
        m_notifications->deviceChanged(id, DeviceChange::RemoveComplete);
        m_notifications->unregisterDriver(id);
    }
    n->host = nullptr; // the dead host serves nothing any more
    n->restartWhenHandlesClose = true;
    m_world.scheduler.post(lanes::pnp(), [this, id] { fileClosed(id); });
}

void PnpManager::fileClosed(DevNodeId id)
{
    DeviceNode *n = find(id);
    if (n && n->restartWhenHandlesClose && m_openFiles && m_openFiles(id) == 0) {
        n->restartWhenHandlesClose = false;
        if (n->hostRestarts >= m_world.knobs.hostRestartLimit) {
            setState(*n, DeviceState::HostFailed,
                "the driver host failed too often: the device stays disabled");
            return;
        }
        ++n->hostRestarts;
        setState(*n, DeviceState::NotStarted, "restarting after a host failure");
        start(id);
        return;
    }
    if (!n || !n->removeWhenHandlesClose)
        return;
    if (m_openFiles && m_openFiles(id) == 0) {
        n->removeWhenHandlesClose = false;
        send(*n, PnpOperation::Remove);
    }
}

void PnpManager::onInterfaceChanged(const InterfaceInstance &i, bool enabled)
{
    trace::ArgsWriter args;
    args.string("interfaceClass", wudf::guidToString(i.interfaceClass));
    args.string("symbolicLink", i.symbolicLink);
    m_world.tracer.event(
        { trace::Kind::Notify, lanes::pnp(), lanes::pnp(), trace::intern(i.instanceId), pnpIface(),
            trace::intern(enabled ? "DeviceInterfaceArrival" : "DeviceInterfaceRemoval") },
        std::nullopt, &args);
    if (m_notifications)
        m_notifications->interfaceChanged(i.interfaceClass, i.symbolicLink, enabled);
}

} // namespace umdfx
