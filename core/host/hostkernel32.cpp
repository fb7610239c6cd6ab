#include "core/host/hostkernel32.h"

#include "core/framework/fxnames.h"
#include "core/host/driverhost.h"

#include <chrono>
#include <mutex>
#include <thread>

namespace umdfx {

namespace {
constexpr std::int64_t kNsPerMs = 1000000;

HANDLE timerHandle(std::uint32_t id)
{
    return reinterpret_cast<HANDLE>(static_cast<std::uintptr_t>(id));
}
} // namespace

HostKernel32::HostKernel32(DriverHost &host)
    : m_host(host)
    , m_world(host.world())
{ }

HostKernel32::~HostKernel32() = default;

trace::StrId HostKernel32::poolThread() const
{
    return trace::intern(m_host.name() + ".pool");
}

trace::StrId HostKernel32::callerLane() const
{
    // Driver code runs inside a framework->driver callback (the driver is its "to") or a DDI it
    // is making (its "from").
    const auto call = m_world.tracer.innermostCall();
    if (!call)
        return lanes::host();
    const trace::TraceRecord &r = m_world.trace.at(*call);
    if (r.kind == trace::Kind::Callback)
        return r.to;
    if (r.kind == trace::Kind::Ddi)
        return r.from;
    return lanes::host();
}

Tracer::Site HostKernel32::callerSite(trace::StrId iface, trace::StrId method) const
{
    Tracer::Site s;
    s.kind = trace::Kind::Ddi;
    s.from = callerLane();
    s.to = lanes::host();
    if (const auto call = m_world.tracer.innermostCall())
        s.device = m_world.trace.at(*call).device;
    s.iface = iface;
    s.method = method;
    return s;
}

BOOL HostKernel32::createTimer(PHANDLE timer, WAITORTIMERCALLBACK callback, PVOID parameter,
    DWORD dueMs, DWORD periodMs, ULONG flags)
{
    trace::ArgsWriter args;
    args.u64("DueTime", dueMs);
    args.u64("Period", periodMs);
    args.hex32("Flags", flags);
    const Tracer::Site s = site(UMDFX_STR("CreateTimerQueueTimer"));
    TracedCall call(m_world.tracer, s, &args);
    if (!timer || !callback) {
        call.done(static_cast<std::uint32_t>(HRESULT_FROM_WIN32(ERROR_INVALID_PARAMETER)));
        return FALSE;
    }
    Timer t;
    t.id = m_nextTimer++;
    t.callback = callback;
    t.parameter = parameter;
    t.periodMs = (flags & WT_EXECUTEONLYONCE) ? 0 : periodMs;
    t.driver = s.from;
    t.createdSeq = call.seq();
    m_timers[t.id] = t;
    *timer = timerHandle(t.id);
    schedule(t.id, dueMs);
    trace::ArgsWriter out;
    out.u64("phNewTimer", t.id);
    call.done(S_OK, &out);
    return TRUE;
}

void HostKernel32::schedule(std::uint32_t id, DWORD ms)
{
    m_world.scheduler.post(
        poolThread(), [this, id] { fire(id); }, static_cast<std::int64_t>(ms) * kNsPerMs);
}

void HostKernel32::fire(std::uint32_t id)
{
    // On a thread of the host's pool, as Windows' timer queue runs it: its callback may wait.
    m_host.threadPool().run([this, id] { m_host.contain([&] { fireContained(id); }); });
}

void HostKernel32::fireContained(std::uint32_t id)
{
    if (m_host.failed())
        return;
    auto it = m_timers.find(id);
    if (it == m_timers.end())
        return; // deleted before it was due
    const Timer t = it->second;
    if (t.periodMs)
        schedule(id, t.periodMs); // the period runs from the due time, not from the callback's end
    else
        m_timers.erase(it);
    Tracer::Site s;
    s.kind = trace::Kind::Callback;
    s.from = lanes::host();
    s.to = t.driver;
    s.device = m_world.trace.at(t.createdSeq).device;
    s.iface = UMDFX_STR("WAITORTIMERCALLBACK");
    s.method = UMDFX_STR("TimerCallback");
    trace::ArgsWriter args;
    args.u64("hTimer", id);
    args.boolean("TimerOrWaitFired", true);
    TracedCall call(m_world.tracer, s, &args);
    t.callback(t.parameter, 1);
}

BOOL HostKernel32::deleteTimer(HANDLE timer)
{
    const auto id = static_cast<std::uint32_t>(reinterpret_cast<std::uintptr_t>(timer));
    trace::ArgsWriter args;
    args.u64("Timer", id);
    TracedCall call(m_world.tracer, site(UMDFX_STR("DeleteTimerQueueTimer")), &args);
    if (m_timers.erase(id) == 0) {
        call.done(static_cast<std::uint32_t>(HRESULT_FROM_WIN32(ERROR_INVALID_HANDLE)));
        return FALSE;
    }
    call.done(S_OK);
    return TRUE;
}

BOOL HostKernel32::queueWorkItem(LPTHREAD_START_ROUTINE function, PVOID context, ULONG flags)
{
    trace::ArgsWriter args;
    args.hex32("Flags", flags);
    const Tracer::Site s = site(UMDFX_STR("QueueUserWorkItem"));
    TracedCall call(m_world.tracer, s, &args);
    if (!function) {
        call.done(static_cast<std::uint32_t>(HRESULT_FROM_WIN32(ERROR_INVALID_PARAMETER)));
        return FALSE;
    }
    const trace::StrId driver = s.from;
    const trace::StrId device = s.device;
    m_world.scheduler.post(poolThread(), [this, function, context, driver, device] {
        m_host.threadPool().run([this, function, context, driver, device] {
            m_host.contain([&] {
                if (m_host.failed())
                    return;
                TracedCall traced(m_world.tracer, KernelObjects::threadProcSite(driver, device));
                const DWORD exitCode = function(context);
                trace::ArgsWriter out;
                out.u64("exitCode", exitCode);
                traced.done(std::nullopt, &out);
            });
        });
    });
    call.done(S_OK);
    return TRUE;
}

void HostKernel32::sleep(DWORD ms)
{
    KernelObjects &objects = m_host.kernelObjects();
    trace::ArgsWriter args;
    args.u64("dwMilliseconds", ms);
    const Tracer::Site s = objects.callSite(UMDFX_STR("Sleep"));
    // By hand, not a TracedCall: a driver's thread parks inside it while others run.
    const std::uint32_t callId = m_world.tracer.call(s, &args);
    const std::uint64_t sleepSeq = m_world.tracer.lastSeq();
    const std::int64_t now = m_world.scheduler.now();
    std::int64_t deadline = addSaturated(now, static_cast<std::int64_t>(ms) * kNsPerMs);
    // The reflector's watchdog (§2.8) times the host's PnP/power/notification work, i.e. a
    // callback, not the driver's own threads.
    std::optional<std::int64_t> watchdog;
    if (m_watchSince && !m_world.threads.parkable()) {
        const std::int64_t fires = addSaturated(
            *m_watchSince, static_cast<std::int64_t>(m_world.knobs.hostTimeoutMs) * kNsPerMs);
        if (deadline > fires) {
            watchdog = fires;
            deadline = std::max(fires, now);
        }
    }
    {
        // Time may run to the watchdog however far the wait limit is: it fires there anyway. Only
        // then is the limit touched (a driver's thread parks in its Sleep, and the limit is the
        // simulation thread's wait's by the time it wakes).
        const auto limit = m_world.threads.limit();
        const bool extend = watchdog && (!limit || *limit < *watchdog);
        if (extend)
            m_world.threads.setLimit(*watchdog);
        const auto restore = [&] {
            if (extend)
                m_world.threads.setLimit(limit);
        };
        try {
            objects.sleepUntil(deadline, "Sleep(" + std::to_string(ms) + ")");
        } catch (...) {
            restore();
            throw;
        }
        restore();
    }
    if (!watchdog) {
        m_world.tracer.ret(s, callId, std::nullopt);
        return;
    }
    // The watchdog fires first: the host is killed while the driver still sleeps; the sleep
    // never ends for it.
    Tracer::Site timeout { trace::Kind::Host, lanes::kernel(), lanes::host(), s.device,
        UMDFX_STR("Reflector"), UMDFX_STR("HostTimeout") };
    trace::ArgsWriter fired;
    fired.string("operation", m_watchWhat);
    fired.u64("timeoutMs", m_world.knobs.hostTimeoutMs);
    m_world.tracer.event(timeout, std::nullopt, &fired);
    const std::uint64_t timeoutSeq = m_world.tracer.lastSeq();
    // The callback that is sleeping: the innermost open framework->driver call.
    const std::uint64_t callbackSeq = m_world.tracer.innermostCallback();
    const std::string what = m_watchWhat;
    // The watchdog ends the host first; the finding then says why.
    m_host.fail("host timeout: " + what + " did not finish within "
        + std::to_string(m_world.knobs.hostTimeoutMs) + " ms");
    m_world.verifier.report(s, "V27", "CallbackExceededHostTimeout",
        "a callback blocked during " + what + " for longer than the host timeout ("
            + std::to_string(m_world.knobs.hostTimeoutMs)
            + " ms); the reflector terminates the host",
        { timeoutSeq, callbackSeq, sleepSeq });
    m_world.tracer.ret(s, callId, std::nullopt);
}

HostKernel32::WatchScope::WatchScope(HostKernel32 &k, std::string what)
    : m_k(k)
    , m_outermost(!k.m_watchSince)
{
    if (m_outermost) {
        k.m_watchSince = k.m_world.scheduler.now();
        k.m_watchWhat = std::move(what);
    }
}

HostKernel32::WatchScope::~WatchScope()
{
    if (m_outermost) {
        m_k.m_watchSince.reset();
        m_k.m_watchWhat.clear();
    }
}

void HostKernel32::driverUnloading(trace::StrId driverLane)
{
    for (auto it = m_timers.begin(); it != m_timers.end();) {
        if (it->second.driver != driverLane) {
            ++it;
            continue;
        }
        Tracer::Site s { trace::Kind::Ddi, driverLane, lanes::host(),
            m_world.trace.at(it->second.createdSeq).device, UMDFX_STR("kernel32"),
            UMDFX_STR("DeleteTimerQueueTimer") };
        m_world.verifier.report(s, "V26", "TimerLeak",
            "a timer-queue timer was still set when the driver unloaded; its callback would run "
            "into an unloaded module (delete it in OnSelfManagedIoCleanup or OnDeinitialize)",
            { it->second.createdSeq });
        it = m_timers.erase(it);
    }
}

} // namespace umdfx

// ---- the kernel32 entry points drivers call (core/wudf/win32host.h) -----------------------------

DWORD *umdfx_last_error_slot()
{
    thread_local DWORD lastError = 0;
    return &lastError;
}

namespace {

// FALSE with the thread's last error set, as kernel32 fails.
BOOL failWith(DWORD error)
{
    *umdfx_last_error_slot() = error;
    return FALSE;
}

// A call's result: on failure, the last error the host's trace gave it.
BOOL withLastError(BOOL ok, DWORD error)
{
    return ok ? TRUE : failWith(error);
}

} // namespace

BOOL CreateTimerQueueTimer(PHANDLE phNewTimer, HANDLE TimerQueue, WAITORTIMERCALLBACK Callback,
    PVOID Parameter, DWORD DueTime, DWORD Period, ULONG Flags)
{
    umdfx::DriverHost *host = umdfx::DriverHost::current();
    if (!host)
        return failWith(ERROR_INVALID_FUNCTION);
    if (TimerQueue)
        return failWith(ERROR_INVALID_HANDLE); // only the default timer queue exists in the host
    std::lock_guard lock(host->world().lock);
    return withLastError(
        host->kernel32().createTimer(phNewTimer, Callback, Parameter, DueTime, Period, Flags),
        ERROR_INVALID_PARAMETER);
}

BOOL DeleteTimerQueueTimer(HANDLE TimerQueue, HANDLE Timer, HANDLE)
{
    umdfx::DriverHost *host = umdfx::DriverHost::current();
    if (!host)
        return failWith(ERROR_INVALID_FUNCTION);
    if (TimerQueue)
        return failWith(ERROR_INVALID_HANDLE);
    std::lock_guard lock(host->world().lock);
    return withLastError(host->kernel32().deleteTimer(Timer), ERROR_INVALID_HANDLE);
}

BOOL QueueUserWorkItem(LPTHREAD_START_ROUTINE Function, PVOID Context, ULONG Flags)
{
    umdfx::DriverHost *host = umdfx::DriverHost::current();
    if (!host)
        return failWith(ERROR_INVALID_FUNCTION);
    std::lock_guard lock(host->world().lock);
    return withLastError(
        host->kernel32().queueWorkItem(Function, Context, Flags), ERROR_INVALID_PARAMETER);
}

void Sleep(DWORD dwMilliseconds)
{
    umdfx::DriverHost *host = umdfx::DriverHost::current();
    if (!host) {
        // A thread the host does not know (not made by CreateThread): not on the simulation's
        // clock, so it sleeps for real, and a polling loop does not spin.
        std::this_thread::sleep_for(std::chrono::milliseconds(dwMilliseconds));
        return;
    }
    std::lock_guard lock(host->world().lock);
    host->kernel32().sleep(dwMilliseconds);
}

DWORD SleepEx(DWORD dwMilliseconds, BOOL)
{
    // No APC is ever queued to a driver's thread here, so an alertable sleep is a sleep.
    Sleep(dwMilliseconds);
    return 0;
}
