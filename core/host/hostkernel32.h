#pragma once

#include "core/framework/fxnames.h"
#include "core/runtime/world.h"
#include "core/wudf/win32host.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>

namespace umdfx {

class DriverHost;

// The kernel32 a simulated WUDFHost serves to its drivers (core/wudf/win32host.h): timer-queue
// timers and QueueUserWorkItem on the host's thread pool (HostThreadPool: "host1.pool", ...),
// Sleep, and the host watchdog of reference §2.8 that Sleep can trip: PnP, power, cancel and
// notification work that does not finish within the knob hostTimeoutMs (60 s) gets the host
// terminated (V27).
//
// Time is the world's virtual clock. Sleep is a wait (KernelObjects::sleepUntil): a thread of the
// driver's or of the pool parks and the others run meanwhile; a callback's Sleep lets the rest of
// the machine run nested until it is over.
//
// Threads: world lock (the free functions take it). Owned by its DriverHost.
class HostKernel32
{
public:
    explicit HostKernel32(DriverHost &host);
    ~HostKernel32();
    HostKernel32(const HostKernel32 &) = delete;
    HostKernel32 &operator=(const HostKernel32 &) = delete;

    BOOL createTimer(PHANDLE timer, WAITORTIMERCALLBACK callback, PVOID parameter, DWORD dueMs,
        DWORD periodMs, ULONG flags);
    BOOL deleteTimer(HANDLE timer);
    BOOL queueWorkItem(LPTHREAD_START_ROUTINE function, PVOID context, ULONG flags);
    void sleep(DWORD ms);

    // The watchdog: the host is inside work the reflector times (a PnP/power IRP, a cancel, a
    // notification) from `since` on. Nested scopes keep the outermost start.
    class WatchScope
    {
    public:
        WatchScope(HostKernel32 &k, std::string what);
        ~WatchScope();
        WatchScope(const WatchScope &) = delete;
        WatchScope &operator=(const WatchScope &) = delete;

    private:
        HostKernel32 &m_k;
        bool m_outermost;
    };

    // A record site for a call the driver whose code runs now makes to the host (its lane from
    // the open call: the callee of a callback, the caller of a DDI), on the device of that call.
    Tracer::Site callerSite(trace::StrId iface, trace::StrId method) const;

    // The driver with this lane is unloading: its timers must be gone (V26 when they are not;
    // they are cancelled so that no callback runs into an unloaded module).
    void driverUnloading(trace::StrId driverLane);

private:
    struct Timer
    {
        std::uint32_t id = 0;
        WAITORTIMERCALLBACK callback = nullptr;
        PVOID parameter = nullptr;
        DWORD periodMs = 0;
        trace::StrId driver = 0; // the lane of the driver that created it
        std::uint64_t createdSeq = 0;
    };
    void fire(std::uint32_t id);
    void fireContained(std::uint32_t id); // fire() inside the host's containment
    void schedule(std::uint32_t id, DWORD ms);
    trace::StrId callerLane() const; // the driver whose code is calling, from the open call
    Tracer::Site site(trace::StrId method) const
    {
        return callerSite(UMDFX_STR("kernel32"), method);
    }
    trace::StrId poolThread() const;

    DriverHost &m_host;
    World &m_world;
    std::map<std::uint32_t, Timer> m_timers; // by handle value
    std::uint32_t m_nextTimer = 1;
    std::optional<std::int64_t> m_watchSince; // ns, virtual time
    std::string m_watchWhat; // "IRP_MN_START_DEVICE", for the finding
};

} // namespace umdfx
