#pragma once

#include "core/host/driverfault.h"
#include "core/host/drivermodule.h"
#include "core/host/hostkernel32.h"
#include "core/host/hostport.h"
#include "core/host/hostthreadpool.h"
#include "core/host/kernelobjects.h"
#include "core/runtime/world.h"

#include <deque>
#include <exception>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

namespace umdfx::fx {
class FxObjectBase;
class FxDriver;
class FxDevice;
class FxRequest;
} // namespace umdfx::fx

namespace umdfx {

// One simulated WUDFHost process: it loads driver modules (DllMain, DllGetClassObject,
// IClassFactory::CreateInstance, IDriverEntry — reference §2.2), builds each device stack
// (§2.3), runs the PnP sequences of §2.3–§2.7, and turns the reflector's I/O messages into
// framework requests for the top driver of the stack (§3.3). It is the only receiver of
// HostPort messages and the only sender of KernelPort messages for its stacks.
//
// Threads: its messages arrive as tasks on its logical thread ("host1"); drivers' own threads
// may call framework objects, which take the world lock. Owns the framework objects (through
// their tree) and the driver objects it created; owned by the Simulation.
class DriverHost final : public HostPort
{
public:
    DriverHost(
        World &world, KernelPort &kernel, const DriverModuleRegistry &modules, std::string name);
    ~DriverHost() override;

    // HostPort
    void addDevice(const AddDeviceMessage &msg) override;
    void pnp(DevNodeId node, PnpOperation op) override;
    void io(const IoMessage &msg) override;
    void cancelIo(IrpId irp) override;
    HRESULT assignInterfaceState(
        DevNodeId node, const GUID &cls, const std::u16string *reference, bool enable) override;
    HRESULT postEvent(
        DevNodeId node, const GUID &event, const std::vector<std::byte> &data) override;
    void remoteInterfaceArrival(
        DevNodeId listener, const GUID &cls, const std::string &symbolicLink) override;
    void remoteInterfaceRemoval(
        DevNodeId listener, const GUID &cls, const std::string &symbolicLink) override;
    bool remoteTargetDeviceChange(std::uint32_t target, int change) override;
    void remoteTargetCustomEvent(
        std::uint32_t target, const GUID &event, const std::vector<std::byte> &data) override;
    void terminate(const std::string &reason) override { fail(reason); }
    fx::FxObjectBase *object(std::uint32_t id) const;
    void targetIoCompleted(IrpId irp, HRESULT status, std::uint64_t information,
        std::vector<std::byte> output) override;

    // The host process dies (reference §2.8): no driver callback runs any more, the kernel fails
    // what it had outstanding. Called for a strict verifier failure; a crash does the same.
    void fail(const std::string &reason);
    // One of its drivers' threads ran longer than the knob spinLimitMs without reaching a switch
    // point: WUDFHost::ThreadSpinning, V30, and the host ends (the thread keeps running off the
    // baton; nothing can stop an OS thread that calls nothing of ours).
    void threadSpinning(const std::string &thread);

    // Runs body as this host's code: under the world lock, with this host current, and contained:
    // a C++ exception escaping it, or a hardware fault in it (driverfault.h), is a crash of the
    // host process, which crashed() records before the host fails; contain() then returns
    // onCrash. Every HostPort message, posted task, timer and work item enters the host this way.
    template<class R, class F> R contain(R onCrash, F &&body);
    template<class F> void contain(F &&body);
    bool failed() const { return m_failed; }

    // The driver's own threads (win32host.h umdfx_run_driver_thread): runs one, keeping a crash
    // as pending (the first one wins); applies a pending crash once the thread has ended; tells
    // waits in the host's code that the host is going down. Any thread.
    DWORD runDriverThread(DWORD (*start)(void *), void *parameter);
    void driverThreadEnded();
    bool hasPendingThreadCrash() const;

    World &world() { return m_world; }
    KernelPort &kernel() { return m_kernel; }
    // The kernel32 this host serves its drivers (timers, thread-pool work, Sleep, the watchdog).
    HostKernel32 &kernel32() { return *m_kernel32; }
    // Its threads, events, waits and locks (kernelobjects.h).
    KernelObjects &kernelObjects() { return *m_kernelObjects; }
    // Its thread pool: timer callbacks, QueueUserWorkItem, unserialized work items.
    HostThreadPool &threadPool() { return *m_threadPool; }

    // The host whose driver code this OS thread is running now, for the Win32 calls of
    // core/wudf/win32host.h; nullptr outside every host. Set by Scope: every message the host
    // handles and every task it runs is inside one.
    static DriverHost *current();
    class Scope
    {
    public:
        explicit Scope(DriverHost &host);
        ~Scope();
        Scope(const Scope &) = delete;
        Scope &operator=(const Scope &) = delete;

    private:
        DriverHost *m_saved;
    };
    const std::string &name() const { return m_name; }
    trace::StrId thread() const { return m_thread; }

    // Framework object registry (views, leak reports).
    void registerObject(fx::FxObjectBase *o);
    void unregisterObject(fx::FxObjectBase *o);
    const std::vector<fx::FxObjectBase *> &objects() const { return m_objects; }

    // Requests by IRP id, for cancellation.
    void trackRequest(IrpId irp, fx::FxRequest *r);
    // Requests a driver sent to a remote target, by the IRP the kernel made of them.
    void trackSent(IrpId irp, fx::FxRequest *r) { m_sent[irp] = r; }
    void untrackSent(IrpId irp) { m_sent.erase(irp); }
    void untrackRequest(IrpId irp);

    struct Stack
    {
        DevNodeId node = 0;
        std::string instanceId;
        std::vector<fx::FxDevice *> layers; // lowest first; referenced
        std::map<std::string, DeviceParameter> parameters;
        bool started = false;
        bool surpriseRemoved = false;
        // The stack's device power state (§2.4, §2.5). PoweringDown: layers go down highest
        // first, held up at a layer whose driver has not answered OnIoStop yet.
        enum class Power : std::uint8_t { D0, PoweringDown, Dx, Stopped, Off };
        Power power = Power::Off;
        WDF_POWER_DEVICE_STATE dxState = WdfPowerDeviceD3; // the target of the power-down
        bool forStop = false; // the power-down is IRP_MN_STOP_DEVICE's (rebalance), not idle
        std::size_t layersUp = 0; // power-down: layers still in D0, from the bottom
        bool heldUpReported = false; // "PowerTransitionBlocked" recorded for this power-down
        bool wakeRequested = false; // I/O or StopIdle during the power-down: back to D0 after
        bool stopRequested = false; // IRP_MN_STOP_DEVICE during an idle power-down
        std::uint64_t idleTimer = 0; // the idle timer task that counts; 0: none armed
    };
    const std::map<DevNodeId, Stack> &stacks() const { return m_stacks; }
    std::vector<fx::FxDriver *> drivers() const;

    // Posts work on this host's dispatcher thread (queue dispatch, deferred callbacks), after
    // delayNs of virtual time.
    void post(std::function<void()> task, std::int64_t delayNs = 0);

    // Device power (reference §2.4, §2.5; driverhostpower.cpp). The framework's devices report
    // here; the stack's power state and its idle timer live in its Stack.
    void powerManagedIoArrived(DevNodeId node);
    void powerManagedIoDone(DevNodeId node);
    void idleSettingsChanged(DevNodeId node);
    // IWDFDevice2::StopIdle of the stack's power policy owner (its count already raised).
    HRESULT stopIdle(DevNodeId node, bool waitForD0);
    // A completed request stays readable for a while (one reference kept) so that a driver's use
    // after completion is reported instead of touching freed memory.
    void retire(fx::FxRequest *r);

private:
    // nullptr when the driver does not load; `why` then says why, for the device's problem.
    fx::FxDriver *loadDriver(const DriverBinding &binding, std::string &why);
    void unloadDriverIfIdle(fx::FxDriver *driver);
    HRESULT startStack(Stack &s);
    // Power (driverhostpower.cpp).
    fx::FxDevice *powerPolicyOwner(const Stack &s) const;
    void armIdleTimer(Stack &s);
    bool idleConditionsHold(const Stack &s) const;
    void idleTimerExpired(DevNodeId node, std::uint64_t timer);
    void beginPowerDown(Stack &s, WDF_POWER_DEVICE_STATE target, bool forStop);
    void continuePowerDown(Stack &s);
    HRESULT powerUpStack(Stack &s, std::string_view why);
    void stopStack(Stack &s);
    HRESULT restartStack(Stack &s);
    void powerEvent(const Stack &s, trace::StrId what, const trace::ArgsWriter &args);
    void removeStack(Stack &s, bool surprise);
    void teardownStack(Stack &s);
    Stack *stack(DevNodeId node);
    // The start of every HostPort message: the world lock, and this host as the current one.
    struct Entry
    {
        explicit Entry(DriverHost &host)
            : lock(host.m_world.lock)
            , scope(host)
        { }
        std::lock_guard<WorldLock> lock;
        Scope scope;
    };
    void reply(DevNodeId node, PnpOperation op, HRESULT hr, const std::string &problem = {});
    // A crash caught by contain(): WUDFHost::UnhandledException in the trace, then fail(). A crash
    // pending from one of the driver's own threads is the one reported, whatever e is (a wait
    // that unwound because of it).
    // resumed: it could not be unwound (runContained), which the record says.
    void crashed(std::exception_ptr e, bool resumed);
    // contain() without the template: enters the host (Entry), runs body(context) contained
    // (driverfault.h runContained), and when it crashed gives back what skipped frames held and
    // reports the crash. Returns false after a crash.
    bool containRun(void *context, void (*body)(void *));
    // What a run that could not be unwound skipped (runContained: resumed): this thread's
    // TracedCalls opened after the first openCalls, the world lock's holds above lockDepth, and
    // the current host as it was at the entry. For contain() and the driver's own threads.
    void giveBackSkipped(std::size_t lockDepth, std::size_t openCalls, DriverHost *current);

    World &m_world;
    KernelPort &m_kernel;
    const DriverModuleRegistry &m_modules;
    std::string m_name;
    trace::StrId m_thread;
    std::map<std::string, fx::FxDriver *> m_drivers; // by service name
    std::map<DevNodeId, Stack> m_stacks;
    std::vector<fx::FxObjectBase *> m_objects;
    std::map<IrpId, fx::FxRequest *> m_requests;
    std::map<IrpId, fx::FxRequest *> m_sent;
    bool m_failed = false;
    mutable std::mutex m_threadCrashMutex;
    std::exception_ptr m_threadCrash; // guarded by m_threadCrashMutex
    bool m_threadCrashResumed = false; // guarded by m_threadCrashMutex
    std::deque<fx::FxRequest *> m_retired; // referenced
    std::unique_ptr<HostKernel32> m_kernel32;
    std::unique_ptr<KernelObjects> m_kernelObjects;
    std::unique_ptr<HostThreadPool> m_threadPool;
    static constexpr std::size_t kRetiredRequests = 256;
    std::uint64_t m_lastIdleTimer = 0;
};

template<class R, class F> R DriverHost::contain(R onCrash, F &&body)
{
    std::optional<R> result;
    auto run = [&] { result.emplace(body()); };
    if (!containRun(&run, [](void *r) { (*static_cast<decltype(run) *>(r))(); }))
        return onCrash;
    return std::move(*result);
}

template<class F> void DriverHost::contain(F &&body)
{
    containRun(&body, [](void *b) { (*static_cast<std::remove_reference_t<F> *>(b))(); });
}

} // namespace umdfx
