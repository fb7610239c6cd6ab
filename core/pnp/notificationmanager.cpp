#include "core/pnp/notificationmanager.h"

namespace umdfx {

const char *deviceChangeName(DeviceChange c)
{
    switch (c) {
    case DeviceChange::Arrival:
        return "DBT_DEVICEARRIVAL";
    case DeviceChange::RemoveComplete:
        return "DBT_DEVICEREMOVECOMPLETE";
    case DeviceChange::QueryRemove:
        return "DBT_DEVICEQUERYREMOVE";
    case DeviceChange::RemovePending:
        return "DBT_DEVICEREMOVEPENDING";
    case DeviceChange::CustomEvent:
        return "DBT_CUSTOMEVENT";
    case DeviceChange::QueryRemoveFailed:
        return "DBT_DEVICEQUERYREMOVEFAILED";
    }
    return "?";
}

std::uint32_t NotificationManager::registerInterfaceClass(
    const std::string &app, trace::StrId thread, const GUID &cls, Receiver r)
{
    Registration reg;
    reg.id = m_next++;
    reg.app = app;
    reg.thread = thread;
    reg.interfaceClass = cls;
    reg.receiver = std::move(r);
    const auto id = reg.id;
    m_registrations.emplace(id, std::move(reg));
    return id;
}

std::uint32_t NotificationManager::registerHandle(
    const std::string &app, trace::StrId thread, DevNodeId node, HANDLE handle, Receiver r)
{
    Registration reg;
    reg.id = m_next++;
    reg.app = app;
    reg.thread = thread;
    reg.isHandle = true;
    reg.node = node;
    reg.handle = handle;
    reg.receiver = std::move(r);
    const auto id = reg.id;
    m_registrations.emplace(id, std::move(reg));
    return id;
}

std::uint32_t NotificationManager::registerTarget(
    trace::StrId hostThread, DevNodeId node, Receiver r)
{
    Registration reg;
    reg.id = m_next++;
    reg.app = std::string(trace::str(hostThread));
    reg.thread = hostThread;
    reg.isHandle = true;
    reg.node = node;
    reg.receiver = std::move(r);
    const auto id = reg.id;
    m_registrations.emplace(id, std::move(reg));
    return id;
}

bool NotificationManager::unregister(std::uint32_t registration)
{
    return m_registrations.erase(registration) > 0;
}

void NotificationManager::deliver(
    const Registration &r, DeviceChangeMessage msg, std::shared_ptr<Pending> done)
{
    msg.registration = r.id;
    const std::uint32_t id = r.id;
    // The window procedure (or the host's notification handler) runs on the receiver's thread,
    // after what is already queued there.
    m_world.scheduler.post(r.thread, [this, id, msg = std::move(msg), done] {
        auto it = m_registrations.find(id);
        bool allowed = true;
        if (it != m_registrations.end()) {
            Receiver receiver = it->second.receiver; // it may unregister itself
            allowed = receiver(msg);
        }
        if (done && !allowed)
            done->vetoed = true;
        // The last receiver to return lets the sender go on.
        if (done && done.use_count() == 1 && done->whenHandled) {
            auto whenHandled = done->whenHandled;
            const bool vetoed = done->vetoed;
            m_world.scheduler.post(lanes::pnp(), [whenHandled, vetoed] { whenHandled(vetoed); });
        }
    });
}

void NotificationManager::registerDriver(
    DevNodeId listener, HostPort *host, trace::StrId hostThread, const GUID &cls)
{
    m_drivers.push_back({ listener, host, hostThread, cls });
}

void NotificationManager::unregisterDriver(DevNodeId listener)
{
    std::erase_if(
        m_drivers, [listener](const DriverRegistration &d) { return d.listener == listener; });
}

void NotificationManager::interfaceChanged(
    const GUID &cls, const std::string &symbolicLink, bool arrived)
{
    // UMDF listeners first, each on its host's notification pump (§6.1: one at a time).
    for (const auto &d : m_drivers) {
        if (!(d.interfaceClass == cls))
            continue;
        HostPort *host = d.host;
        const DevNodeId listener = d.listener;
        m_world.scheduler.post(d.thread, [host, listener, cls, symbolicLink, arrived] {
            if (arrived)
                host->remoteInterfaceArrival(listener, cls, symbolicLink);
            else
                host->remoteInterfaceRemoval(listener, cls, symbolicLink);
        });
    }
    for (const auto &[id, r] : m_registrations) {
        if (r.isHandle || !(r.interfaceClass == cls))
            continue;
        DeviceChangeMessage msg;
        msg.change = arrived ? DeviceChange::Arrival : DeviceChange::RemoveComplete;
        msg.symbolicLink = symbolicLink;
        msg.interfaceClass = cls;
        deliver(r, std::move(msg));
    }
}

std::size_t NotificationManager::deviceChanged(
    DevNodeId node, DeviceChange change, std::function<void(bool vetoed)> whenHandled)
{
    // Shared by the pending deliveries: the last one to finish holds the only reference.
    auto done = whenHandled ? std::make_shared<Pending>(Pending { std::move(whenHandled), false })
                            : nullptr;
    std::size_t n = 0;
    for (const auto &[id, r] : m_registrations) {
        if (!r.isHandle || r.node != node)
            continue;
        DeviceChangeMessage msg;
        msg.change = change;
        msg.handle = r.handle;
        deliver(r, std::move(msg), done);
        ++n;
    }
    return n; // with no receiver whenHandled never runs: the caller goes on at once
}

std::size_t NotificationManager::customEvent(
    DevNodeId node, const GUID &event, const std::vector<std::byte> &data)
{
    std::size_t n = 0;
    for (const auto &[id, r] : m_registrations) {
        // Custom events travel on the target-device (handle) path only (§5.2).
        if (!r.isHandle || r.node != node)
            continue;
        DeviceChangeMessage msg;
        msg.change = DeviceChange::CustomEvent;
        msg.handle = r.handle;
        msg.eventGuid = event;
        msg.data = data;
        deliver(r, std::move(msg));
        ++n;
    }
    return n;
}

} // namespace umdfx
