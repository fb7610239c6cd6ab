#pragma once

#include "core/host/hostport.h"
#include "core/runtime/world.h"

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace umdfx {

// WM_DEVICECHANGE as RegisterDeviceNotification delivers it (reference §5.2, §2.6, §2.7).
enum class DeviceChange : std::uint8_t {
    Arrival, // DBT_DEVICEARRIVAL (interface class registrations)
    RemoveComplete, // DBT_DEVICEREMOVECOMPLETE
    QueryRemove, // DBT_DEVICEQUERYREMOVE (handle registrations)
    RemovePending, // DBT_DEVICEREMOVEPENDING (handle registrations)
    CustomEvent, // DBT_CUSTOMEVENT (handle registrations; PostEvent)
    QueryRemoveFailed, // DBT_DEVICEQUERYREMOVEFAILED (handle registrations: the removal was vetoed)
};
const char *deviceChangeName(DeviceChange c);

struct DeviceChangeMessage
{
    DeviceChange change = DeviceChange::Arrival;
    std::uint32_t registration = 0; // the HDEVNOTIFY it arrives through
    std::string symbolicLink; // interface notifications: dbcc_name
    GUID interfaceClass {}; // interface notifications: dbcc_classguid
    HANDLE handle = nullptr; // handle notifications: dbch_handle
    GUID eventGuid {}; // custom events: dbch_eventguid
    std::vector<std::byte> data; // custom events: dbch_data
};

// The PnP manager's notification registrations for applications (RegisterDeviceNotification):
// interface-class registrations hear arrivals and removals of interfaces of their class;
// handle registrations hear query-remove, remove-pending/complete and custom events of the
// device their handle is open on. Delivery is asynchronous: each message is a task on the
// receiving application's thread (its window procedure), so notifications interleave with
// everything else in the deterministic order of the scheduler.
//
// Threads: kernel side, world lock held. Owns the registrations; receivers are callbacks.
class NotificationManager
{
public:
    // Returns whether the receiver lets the device go (meaningful for DBT_DEVICEQUERYREMOVE).
    using Receiver = std::function<bool(const DeviceChangeMessage &)>;

    explicit NotificationManager(World &world)
        : m_world(world)
    { }

    std::uint32_t registerInterfaceClass(
        const std::string &app, trace::StrId thread, const GUID &cls, Receiver r);
    // A DBT_DEVTYP_HANDLE registration: it is on the device the handle was open on, and lives
    // until unregister() (UnregisterDeviceNotification), whether the handle is still open or not,
    // as on Windows: an application that closed its handle on DBT_DEVICEQUERYREMOVE still hears
    // DBT_DEVICEQUERYREMOVEFAILED or DBT_DEVICEREMOVECOMPLETE.
    std::uint32_t registerHandle(
        const std::string &app, trace::StrId thread, DevNodeId node, HANDLE handle, Receiver r);
    bool unregister(std::uint32_t registration);
    // A driver's remote target on the device: its host hears query-remove, cancel and
    // remove-complete through `r` on the host's thread.
    std::uint32_t registerTarget(trace::StrId hostThread, DevNodeId node, Receiver r);

    void interfaceChanged(const GUID &cls, const std::string &symbolicLink, bool arrived);

    // UMDF drivers' remote-interface registrations (IPnpCallbackRemoteInterfaceNotification).
    void registerDriver(
        DevNodeId listener, HostPort *host, trace::StrId hostThread, const GUID &cls);
    // The listener's device is gone: the framework unregisters automatically (§6.1).
    void unregisterDriver(DevNodeId listener);
    // Sends `change` to every handle registration on the device; returns how many were sent.
    // whenHandled (optional) runs, as a task on the PnP thread, once every receiver has returned:
    // the PnP manager waits for the window procedures of a query, as Windows does. When nobody
    // is registered it never runs (the caller sees 0 and goes on at once).
    std::size_t deviceChanged(
        DevNodeId node, DeviceChange change, std::function<void(bool vetoed)> whenHandled = {});
    std::size_t customEvent(DevNodeId node, const GUID &event, const std::vector<std::byte> &data);

private:
    struct Registration
    {
        std::uint32_t id = 0;
        std::string app;
        trace::StrId thread = 0;
        bool isHandle = false;
        GUID interfaceClass {};
        DevNodeId node = 0;
        HANDLE handle = nullptr;
        Receiver receiver;
    };
    struct Pending
    {
        std::function<void(bool vetoed)> whenHandled;
        bool vetoed = false;
    };
    void deliver(
        const Registration &r, DeviceChangeMessage msg, std::shared_ptr<Pending> done = {});

    struct DriverRegistration
    {
        DevNodeId listener = 0;
        HostPort *host = nullptr;
        trace::StrId thread = 0;
        GUID interfaceClass {};
    };

    World &m_world;
    std::vector<DriverRegistration> m_drivers;
    std::map<std::uint32_t, Registration> m_registrations; // by HDEVNOTIFY, in registration order
    std::uint32_t m_next = 0x10;
};

} // namespace umdfx
