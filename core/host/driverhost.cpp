#include "core/host/driverhost.h"

#include <utility>

#include "core/common/messagetext.h"
#include "core/common/text.h"
#include "core/framework/fxdevice.h"
#include "core/framework/fxdeviceinit.h"
#include "core/framework/fxdriver.h"
#include "core/framework/fxfile.h"
#include "core/framework/fxioqueue.h"
#include "core/framework/fxnames.h"
#include "core/framework/fxremotetarget.h"
#include "core/framework/fxrequest.h"
#include "core/pnp/notificationmanager.h"
#include "core/runtime/log.h"
#include "core/wudf/guid.h"

#include <algorithm>
#include <csignal>
#include <cstdio>

namespace umdfx {

using fx::FxDevice;
using fx::FxDriver;
using fx::FxRequest;

DriverHost::DriverHost(
    World &world, KernelPort &kernel, const DriverModuleRegistry &modules, std::string name)
    : m_world(world)
    , m_kernel(kernel)
    , m_modules(modules)
    , m_name(std::move(name))
    , m_thread(trace::intern(m_name))
    , m_kernel32(std::make_unique<HostKernel32>(*this))
    , m_kernelObjects(std::make_unique<KernelObjects>(*this))
    , m_threadPool(std::make_unique<HostThreadPool>(*this))
{ }

namespace {
thread_local DriverHost *t_currentHost = nullptr;
}

DriverHost *DriverHost::current()
{
    return t_currentHost;
}

DriverHost::Scope::Scope(DriverHost &host)
    : m_saved(t_currentHost)
{
    t_currentHost = &host;
}

DriverHost::Scope::~Scope()
{
    t_currentHost = m_saved;
}

DriverHost::~DriverHost()
{
    // The world is ending: report what the drivers leaked, then free everything the framework
    // still has so that only the drivers' own leaks remain.
    for (auto *r : m_retired)
        r->release();
    m_retired.clear();
    for (auto &[node, s] : m_stacks) {
        for (auto *d : s.layers)
            d->release();
        s.layers.clear();
    }
    for (auto *o : std::vector<fx::FxObjectBase *>(m_objects))
        o->releaseCallbacks();
    for (auto *o : m_objects)
        o->forgetFrameworkReferences();
    while (!m_objects.empty())
        delete m_objects.back();
}

void DriverHost::registerObject(fx::FxObjectBase *o)
{
    m_objects.push_back(o);
}

void DriverHost::unregisterObject(fx::FxObjectBase *o)
{
    std::erase(m_objects, o);
}

void DriverHost::trackRequest(IrpId irp, FxRequest *r)
{
    m_requests[irp] = r;
}

void DriverHost::untrackRequest(IrpId irp)
{
    m_requests.erase(irp);
}

void DriverHost::post(std::function<void()> task, std::int64_t delayNs)
{
    m_world.scheduler.post(
        m_thread,
        [this, task = std::move(task)] {
            contain([&] {
                if (!m_failed)
                    task();
            });
        },
        delayNs);
}

void DriverHost::fail(const std::string &reason)
{
    if (m_failed)
        return;
    m_failed = true;
    Tracer::Site site { trace::Kind::Host, lanes::host(), lanes::host(), 0, UMDFX_STR("WUDFHost"),
        UMDFX_STR("HostTerminated") };
    trace::ArgsWriter args;
    args.string("host", m_name);
    args.string("reason", reason);
    m_world.tracer.event(
        site, static_cast<std::uint32_t>(HRESULT_FROM_NT(STATUS_DRIVER_PROCESS_TERMINATED)), &args);
    log()->warn("{} terminated: {}", m_name, reason);
    m_kernel.hostFailed(this, reason);
    // The process is gone: so are its threads (those parked in a wait end there).
    m_world.threads.terminateOwnedBy(this);
}

void DriverHost::threadSpinning(const std::string &thread)
{
    Tracer::Site site { trace::Kind::Host, lanes::host(), lanes::host(), 0, UMDFX_STR("WUDFHost"),
        UMDFX_STR("ThreadSpinning") };
    trace::ArgsWriter args;
    args.string("host", m_name);
    args.string("thread", thread);
    args.u64("spinLimitMs", m_world.knobs.spinLimitMs);
    m_world.tracer.event(site, std::nullopt, &args);
    const std::uint64_t seq = m_world.tracer.lastSeq();
    log()->error("{}: thread {} ran {} ms without reaching a switch point", m_name, thread,
        m_world.knobs.spinLimitMs);
    fail("thread " + thread + " spins: it ran " + std::to_string(m_world.knobs.spinLimitMs)
        + " ms (wall clock) without waiting, sleeping or ending");
    m_world.verifier.report(site, "V30", "ThreadSpinning",
        "a thread of the driver ran without ever waiting, sleeping or calling a blocking DDI (a "
        "busy loop on a flag another thread sets never lets that thread run here, nor on a "
        "single-processor machine); the host is terminated",
        { seq });
}

bool DriverHost::containRun(void *context, void (*body)(void *))
{
    const Entry entry(*this);
    const std::size_t lockDepth = m_world.lock.heldByThisThread();
    const std::size_t openCalls = m_world.tracer.openCalls().size();
    DriverHost *const current = t_currentHost;
    const ContainedRun run = runContained(body, context);
    if (!run.crash) {
        // A thread of the driver crashed while this ran and nothing in it waited to notice: the
        // host is gone all the same.
        if (hasPendingThreadCrash() && lockDepth == 1) {
            crashed(nullptr, false);
            return false;
        }
        return true;
    }
    if (run.resumed)
        giveBackSkipped(lockDepth, openCalls, current);
    crashed(run.crash, run.resumed);
    return false;
}

void DriverHost::giveBackSkipped(std::size_t lockDepth, std::size_t openCalls, DriverHost *current)
{
    // The skipped TracedCalls first, while the world lock that guards the tracer is still held (a
    // thread that no longer holds it has none open: calls are opened under it); then the holds.
    if (m_world.lock.heldByThisThread() > 0)
        m_world.tracer.abandonCallsOfThisThread(openCalls);
    m_world.lock.releaseTo(lockDepth);
    t_currentHost = current;
}

DWORD DriverHost::runDriverThread(DWORD (*start)(void *), void *parameter)
{
    struct Thread
    {
        DWORD (*start)(void *);
        void *parameter;
        DWORD exitCode = 0;
    } thread { start, parameter };
    DriverHost *const current = t_currentHost;
    const ContainedRun run = runContained(
        [](void *t) {
            auto *self = static_cast<Thread *>(t);
            self->exitCode = self->start(self->parameter);
        },
        &thread);
    if (!run.crash)
        return thread.exitCode;
    const std::exception_ptr crash = run.crash;
    // The thread held nothing when it started: what skipped frames (a DDI it was in) took goes.
    if (run.resumed)
        giveBackSkipped(0, 0, current);
    // ExitThread or the host's end: not a crash (HostTerminated: a wait found the host gone).
    try {
        std::rethrow_exception(crash);
    } catch (const DriverThreadExit &exit) {
        return exit.code;
    } catch (const HostTerminated &) {
        return 0;
    } catch (...) { }
    const DriverFault fault = driverFaultFrom(crash);
    {
        std::lock_guard lock(m_threadCrashMutex);
        if (!m_threadCrash) {
            m_threadCrash = crash;
            m_threadCrashResumed = run.resumed;
        }
    }
    log()->error("{}: a thread of the driver crashed: {}", m_name, fault.description);
    return fault.exceptionCode;
}

void DriverHost::driverThreadEnded()
{
    if (!hasPendingThreadCrash())
        return;
    // A callback of the host is open (waiting: the thread ran while it waited): its wait sees the
    // crash and unwinds, and the report then names that callback as what was running.
    for (const std::uint64_t seq : m_world.tracer.openCalls()) {
        if (m_world.trace.at(seq).kind == trace::Kind::Callback)
            return;
    }
    const Entry entry(*this);
    if (hasPendingThreadCrash()) // a callback's wait may have reported it meanwhile
        crashed(nullptr, false);
}

bool DriverHost::hasPendingThreadCrash() const
{
    std::lock_guard lock(m_threadCrashMutex);
    return m_threadCrash != nullptr;
}

void DriverHost::crashed(std::exception_ptr e, bool resumed)
{
    std::exception_ptr threadCrash;
    {
        std::lock_guard lock(m_threadCrashMutex);
        threadCrash = std::exchange(m_threadCrash, nullptr);
        if (threadCrash)
            resumed = std::exchange(m_threadCrashResumed, false);
    }
    // What was running when it crashed: the innermost call still open on this thread, the
    // callback a person will look for first.
    std::string during;
    const auto abandoned = m_world.tracer.takeAbandonedCalls();
    if (m_failed)
        return; // a crash after the host is gone (a second thread's): the process is no more
    const DriverFault fault = driverFaultFrom(threadCrash ? threadCrash : e);
    if (!abandoned.empty()) {
        const auto &r = m_world.trace.at(abandoned.front());
        during = std::string(trace::str(r.iface)) + "::" + std::string(trace::str(r.method));
    }
    Tracer::Site site { trace::Kind::Host, lanes::host(), lanes::host(), 0, UMDFX_STR("WUDFHost"),
        UMDFX_STR("UnhandledException") };
    trace::ArgsWriter args;
    args.string("host", m_name);
    args.hex32("ExceptionCode", fault.exceptionCode);
    args.string("exception", fault.description);
    if (!fault.module.empty())
        args.string("module", fault.module);
    if (fault.signal != 0) {
        // As EXCEPTION_RECORD has them: ExceptionAddress is where it happened; an access
        // violation's ExceptionInformation adds what it touched (faultingAddress).
        const auto hex = [](std::uintptr_t v) {
            char text[24];
            std::snprintf(text, sizeof text, "0x%016llx", static_cast<unsigned long long>(v));
            return std::string(text);
        };
        args.string("ExceptionAddress", hex(fault.pc));
        if (fault.signal == SIGSEGV || fault.signal == SIGBUS)
            args.string("faultingAddress", hex(fault.address));
    }
    if (!abandoned.empty())
        args.string("cites", std::to_string(abandoned.front())); // the call that never returned
    if (!during.empty())
        args.string("during", during);
    if (threadCrash)
        args.string("thread", "the driver's own (CreateThread)");
    // Not Windows' (its process is simply gone) but the simulator's: the frames between the crash
    // and the host's entry were not unwound, so their destructors did not run (driverfault.h).
    if (resumed)
        args.string("unwound",
            "no: C++ could not unwind from where it happened (a stack "
            "overflow, or a frame the unwind tables do not cover); the host's "
            "entry was resumed past it");
    m_world.tracer.event(site, fault.exceptionCode, &args);
    const std::string where = threadCrash ? std::string(" on a thread of the driver's own")
            + (during.empty() ? std::string() : " while " + during + " was running")
                                          : (during.empty() ? std::string() : " in " + during);
    log()->error("{}: driver crashed{}: {}", m_name, where, fault.description);
    fail(fault.description + where);
}

void DriverHost::retire(FxRequest *r)
{
    r->addRef();
    m_retired.push_back(r);
    if (m_retired.size() > kRetiredRequests) {
        m_retired.front()->release();
        m_retired.pop_front();
    }
}

std::vector<FxDriver *> DriverHost::drivers() const
{
    std::vector<FxDriver *> out;
    for (const auto &[name, d] : m_drivers)
        out.push_back(d);
    return out;
}

DriverHost::Stack *DriverHost::stack(DevNodeId node)
{
    auto it = m_stacks.find(node);
    return it == m_stacks.end() ? nullptr : &it->second;
}

void DriverHost::reply(DevNodeId node, PnpOperation op, HRESULT hr, const std::string &problem)
{
    m_kernel.pnpCompleted(node, op, hr, problem);
}

// ---- driver loading (§2.2) ----------------------------------------------------------------------

namespace {

std::string hresultHex(HRESULT hr)
{
    char text[16];
    std::snprintf(text, sizeof text, "0x%08x", static_cast<unsigned>(hr));
    return text;
}

} // namespace

FxDriver *DriverHost::loadDriver(const DriverBinding &binding, std::string &why)
{
    if (auto it = m_drivers.find(binding.name); it != m_drivers.end())
        return it->second;
    const DriverModule *module = m_modules.find(binding.module);
    const trace::StrId lane = trace::intern(binding.name);
    const trace::StrId dll = trace::intern(module ? module->fileName : binding.module);
    Tracer::Site site { trace::Kind::Host, lanes::host(), lane, 0, dll, 0 };
    if (!module) {
        trace::ArgsWriter args;
        args.string("module", binding.module);
        std::string error = m_modules.why(binding.module);
        if (error.empty())
            error = "no such driver module";
        args.string("error", error);
        site.method = UMDFX_STR("LoadLibrary");
        why = "driver " + binding.name + "'s module " + binding.module
            + " could not be loaded: " + error;
        log()->warn("{}: {}", m_name, why);
        m_world.tracer.event(
            site, static_cast<std::uint32_t>(HRESULT_FROM_WIN32(ERROR_FILE_NOT_FOUND)), &args);
        return nullptr;
    }
    if (module->dllMain) {
        site.method = UMDFX_STR("DllMain");
        trace::ArgsWriter args;
        args.string("fdwReason", "DLL_PROCESS_ATTACH");
        TracedCall call(m_world.tracer, site, &args);
        const BOOL ok = module->dllMain(nullptr, DLL_PROCESS_ATTACH, nullptr);
        trace::ArgsWriter out;
        out.boolean("result", ok != FALSE);
        call.done(std::nullopt, &out);
        if (!ok) {
            why = "driver " + binding.name + "'s DllMain(DLL_PROCESS_ATTACH) returned FALSE";
            return nullptr;
        }
    }
    IClassFactory *factory = nullptr;
    {
        site.method = UMDFX_STR("DllGetClassObject");
        trace::ArgsWriter args;
        args.string("rclsid", wudf::guidToString(module->driverClsid));
        args.string("riid", "IClassFactory");
        TracedCall call(m_world.tracer, site, &args);
        const HRESULT hr = module->dllGetClassObject(
            module->driverClsid, IID_IClassFactory, reinterpret_cast<void **>(&factory));
        call.done(static_cast<std::uint32_t>(hr));
        if (FAILED(hr) || !factory) {
            why = "driver " + binding.name + "'s DllGetClassObject failed ("
                + hresultHex(FAILED(hr) ? hr : E_NOINTERFACE) + ")";
            return nullptr;
        }
    }
    IDriverEntry *entry = nullptr;
    {
        Tracer::Site cf { trace::Kind::Callback, lanes::host(), lane, 0, UMDFX_STR("IClassFactory"),
            UMDFX_STR("CreateInstance") };
        trace::ArgsWriter args;
        args.string("pUnkOuter", "NULL");
        args.string("riid", "IDriverEntry");
        TracedCall call(m_world.tracer, cf, &args);
        const HRESULT hr
            = factory->CreateInstance(nullptr, IID_IDriverEntry, reinterpret_cast<void **>(&entry));
        call.done(static_cast<std::uint32_t>(hr));
        factory->Release();
        if (FAILED(hr) || !entry) {
            why = "driver " + binding.name + "'s class factory created no IDriverEntry ("
                + hresultHex(FAILED(hr) ? hr : E_NOINTERFACE) + ")";
            return nullptr;
        }
    }
    auto *driver = new FxDriver(*this, *module, binding.name);
    driver->setEntry(entry);
    HRESULT hr = S_OK;
    {
        trace::ArgsWriter args;
        args.objectRef("pWdfDriver", driver->id());
        TracedCall call(m_world.tracer,
            driver->callbackSite(UMDFX_STR("IDriverEntry"), UMDFX_STR("OnInitialize")), &args);
        hr = entry->OnInitialize(driver);
        call.done(static_cast<std::uint32_t>(hr));
    }
    if (FAILED(hr)) {
        log()->info("{}: {} OnInitialize failed with 0x{:08x}; not loaded", m_name, binding.name,
            static_cast<std::uint32_t>(hr));
        // The framework does not load a driver whose OnInitialize fails.
        driver->deleteTree();
        why = "driver " + binding.name + "'s IDriverEntry::OnInitialize failed (" + hresultHex(hr)
            + ")";
        return nullptr;
    }
    m_drivers[binding.name] = driver;
    return driver;
}

void DriverHost::unloadDriverIfIdle(FxDriver *driver)
{
    if (driver->deviceCount() > 0)
        return;
    {
        trace::ArgsWriter args;
        args.objectRef("pWdfDriver", driver->id());
        TracedCall call(m_world.tracer,
            driver->callbackSite(UMDFX_STR("IDriverEntry"), UMDFX_STR("OnDeinitialize")), &args);
        driver->entry()->OnDeinitialize(driver);
    }
    m_drivers.erase(driver->serviceName());
    // Completed requests the framework kept for use-after-completion checks are not the driver's.
    for (auto it = m_retired.begin(); it != m_retired.end();) {
        if ((*it)->driver() == driver) {
            (*it)->release();
            it = m_retired.erase(it);
        } else {
            ++it;
        }
    }
    const DriverModule &module = driver->module();
    const trace::StrId lane = driver->lane();
    driver->deleteTree();
    m_kernel32->driverUnloading(lane);
    // Objects still alive that belonged to this driver were leaked (TrackObjects, V26).
    for (auto *o : m_objects) {
        if (o->driver() == driver) {
            // The driver object is gone already: the site is built from what was kept of it.
            const Tracer::Site about { trace::Kind::Ddi, lane, lanes::framework(), 0,
                trace::intern(o->typeName()), UMDFX_STR("Release"), o->id() };
            m_world.verifier.report(about, "V26", "ObjectLeak",
                withArticle(o->typeName()) + " object (id " + std::to_string(o->id())
                    + ") was still referenced when the driver unloaded",
                { o->createdSeq() });
        }
    }
    if (module.dllMain) {
        Tracer::Site site { trace::Kind::Host, lanes::host(), lane, 0,
            trace::intern(module.fileName), UMDFX_STR("DllMain") };
        trace::ArgsWriter args;
        args.string("fdwReason", "DLL_PROCESS_DETACH");
        TracedCall call(m_world.tracer, site, &args);
        module.dllMain(nullptr, DLL_PROCESS_DETACH, nullptr);
    }
}

// ---- PnP (§2.3-§2.7)
// ------------------------------------------------------------------------------

void DriverHost::addDevice(const AddDeviceMessage &msg)
{
    contain([&] {
        if (m_failed)
            return;
        HostKernel32::WatchScope watch(*m_kernel32, "AddDevice");
        Stack &s = m_stacks[msg.node];
        s = Stack {};
        s.node = msg.node;
        s.instanceId = msg.instanceId;
        s.parameters = msg.parameters;
        HRESULT result = S_OK;
        std::string problem;
        for (const auto &binding : msg.stack) { // lowest first
            FxDriver *driver = loadDriver(binding, problem);
            if (!driver) {
                result = HRESULT_FROM_WIN32(ERROR_FILE_NOT_FOUND);
                break;
            }
            auto *init
                = new fx::FxDeviceInit(*this, *driver, msg.node, msg.instanceId, msg.parameters);
            HRESULT hr = S_OK;
            std::uint64_t addSeq = Verifier::kNoRecord;
            {
                trace::ArgsWriter args;
                args.objectRef("pWdfDriver", driver->id());
                args.objectRef("pWdfDeviceInit", init->id());
                Tracer::Site site
                    = driver->callbackSite(UMDFX_STR("IDriverEntry"), UMDFX_STR("OnDeviceAdd"));
                site.device = trace::intern(msg.instanceId);
                TracedCall call(m_world.tracer, site, &args);
                addSeq = call.seq();
                hr = driver->entry()->OnDeviceAdd(driver, init);
                call.done(static_cast<std::uint32_t>(hr));
            }
            FxDevice *device = init->createdDevice();
            init->Release();
            if (SUCCEEDED(hr) && !device) {
                // S_OK without a device is a driver bug; UMDF terminates the host (V16).
                Tracer::Site about
                    = driver->callbackSite(UMDFX_STR("IDriverEntry"), UMDFX_STR("OnDeviceAdd"));
                about.device = trace::intern(msg.instanceId);
                m_world.verifier.report(about, "V16", "OnDeviceAddWithoutDevice",
                    "OnDeviceAdd returned S_OK without creating a device; UMDF terminates the host",
                    { addSeq });
                hr = E_FAIL;
            }
            if (device) {
                device->addRef(); // the stack's reference
                s.layers.push_back(device);
            }
            if (FAILED(hr)) {
                result = hr;
                break;
            }
        }
        if (FAILED(result)) {
            // The whole stack is torn down (§2.1 OnDeviceAdd failure).
            teardownStack(s);
            m_stacks.erase(msg.node);
        }
        reply(msg.node, PnpOperation::AddDevice, result, problem);
    });
}

HRESULT DriverHost::startStack(Stack &s)
{
    for (auto *d : s.layers) { // lowest first
        const HRESULT hr = d->startSequence(!s.started);
        if (FAILED(hr))
            return hr;
    }
    s.started = true;
    s.power = Stack::Power::D0;
    for (auto *d : s.layers)
        d->enableInterfacesAfterStart();
    armIdleTimer(s);
    return S_OK;
}

void DriverHost::removeStack(Stack &s, bool surprise)
{
    s.power = Stack::Power::Off; // an idle timer or a held-up power-down has nothing to do now
    s.idleTimer = 0;
    // Highest driver first (§2.6 step 4, §2.7).
    for (auto it = s.layers.rbegin(); it != s.layers.rend(); ++it)
        (*it)->removeSequence(surprise, (*it)->inD0());
    for (auto *d : s.layers)
        d->disableInterfaces();
    s.started = false;
}

void DriverHost::teardownStack(Stack &s)
{
    // Object tree teardown (§2.6 step 6), then OnDeinitialize for drivers with no device left.
    std::vector<FxDriver *> drivers;
    for (auto it = s.layers.rbegin(); it != s.layers.rend(); ++it) {
        FxDevice *d = *it;
        auto *driver = d->driver();
        d->disableInterfaces();
        d->deleteTree();
        d->release();
        driver->deviceRemoved();
        drivers.push_back(driver);
    }
    s.layers.clear();
    for (auto *driver : drivers)
        unloadDriverIfIdle(driver);
}

void DriverHost::pnp(DevNodeId node, PnpOperation op)
{
    contain([&] {
        if (m_failed)
            return;
        HostKernel32::WatchScope watch(*m_kernel32, pnpOperationName(op));
        Stack *s = stack(node);
        if (!s) {
            reply(node, op, HRESULT_FROM_NT(STATUS_INVALID_DEVICE_STATE));
            return;
        }
        switch (op) {
        case PnpOperation::AddDevice:
            break;
        case PnpOperation::Start: {
            // After IRP_MN_STOP_DEVICE the same stack starts again with its new resources.
            const bool restart = s->started && s->power == Stack::Power::Stopped;
            const HRESULT hr = restart ? restartStack(*s) : startStack(*s);
            if (FAILED(hr)) {
                removeStack(*s, false);
            }
            reply(node, op, hr);
            return;
        }
        case PnpOperation::QueryRemove: {
            HRESULT hr = S_OK;
            for (auto it = s->layers.rbegin(); it != s->layers.rend() && SUCCEEDED(hr); ++it)
                hr = (*it)->queryRemove();
            reply(node, op, hr);
            return;
        }
        case PnpOperation::CancelRemove:
        case PnpOperation::CancelStop: // UMDF 1 has no driver callback for either
            reply(node, op, S_OK);
            return;
        case PnpOperation::QueryStop: {
            // Reference §2.5: OnQueryStop may veto (not called by UMDF 1.7 and earlier; the
            // simulated framework is 1.11).
            HRESULT hr = S_OK;
            for (auto it = s->layers.rbegin(); it != s->layers.rend() && SUCCEEDED(hr); ++it)
                hr = (*it)->queryStop();
            reply(node, op, hr);
            return;
        }
        case PnpOperation::Stop:
            stopStack(*s); // replies when the stack is down (a driver may hold that up)
            return;
        case PnpOperation::SurpriseRemove:
            s->surpriseRemoved = true;
            removeStack(*s, true);
            reply(node, op, S_OK);
            return;
        case PnpOperation::Remove:
            if (s->started)
                removeStack(*s, false);
            teardownStack(*s);
            m_stacks.erase(node);
            reply(node, op, S_OK);
            return;
        }
        reply(node, op, E_INVALIDARG);
    });
}

// ---- I/O (§3.3, §4.5) ---------------------------------------------------------------------------

void DriverHost::io(const IoMessage &msg)
{
    contain([&] {
        if (m_failed) {
            // A dead host: the reflector answers for it (cleanup and close succeed so handles
            // close).
            const bool housekeeping = msg.type == IrpType::Cleanup || msg.type == IrpType::Close;
            m_kernel.ioCompleted(msg.irp,
                housekeeping ? S_OK : HRESULT_FROM_NT(STATUS_DRIVER_PROCESS_TERMINATED), 0, {});
            return;
        }
        Stack *s = stack(msg.node);
        if (!s || s->layers.empty()) {
            m_kernel.ioCompleted(msg.irp, HRESULT_FROM_NT(STATUS_INVALID_DEVICE_STATE), 0, {});
            return;
        }
        // The reflector hands every request to the top driver of the stack.
        FxDevice *top = s->layers.back();
        switch (msg.type) {
        case IrpType::Create: {
            auto *file = new fx::FxFile(*this, *top, msg.file, msg.fileName, msg.processId);
            top->addFile(msg.file, file);
            auto *r = new FxRequest(*this, *top, msg, file);
            if (fx::FxIoQueue *q = top->queueFor(WdfRequestCreate))
                q->enqueue(r);
            else
                r->completeByFramework(S_OK, 0, "the device has no queue for creates");
            // A failed create leaves no file object (no cleanup or close will come).
            return;
        }
        case IrpType::Read:
        case IrpType::Write:
        case IrpType::DeviceIoControl: {
            fx::FxFile *file = top->file(msg.file);
            auto *r = new FxRequest(*this, *top, msg, file);
            fx::FxIoQueue *q = top->queueFor(r->type());
            if (!q) {
                // No queue at all: a function driver's request fails (§3.3 step 4, inferred).
                r->completeByFramework(HRESULT_FROM_NT(STATUS_INVALID_DEVICE_REQUEST), 0,
                    "the device has no I/O queue");
                return;
            }
            q->enqueue(r);
            return;
        }
        case IrpType::Cleanup: {
            fx::FxFile *file = top->file(msg.file);
            if (file) {
                top->fileCleanup(file);
                // After OnCleanupFile the framework cancels the file's requests still pending
                // (§3.5).
                for (auto [irp, r] : std::map<IrpId, FxRequest *>(m_requests)) {
                    if (r->file() == file)
                        r->requestCancel();
                }
            }
            m_kernel.ioCompleted(msg.irp, S_OK, 0, {});
            return;
        }
        case IrpType::Close: {
            fx::FxFile *file = top->file(msg.file);
            if (file) {
                top->fileClose(file);
                top->removeFile(msg.file);
                file->deleteTree();
            }
            m_kernel.ioCompleted(msg.irp, S_OK, 0, {});
            return;
        }
        }
    });
}

void DriverHost::cancelIo(IrpId irp)
{
    contain([&] {
        if (m_failed)
            return;
        HostKernel32::WatchScope watch(*m_kernel32, "a cancel");
        auto it = m_requests.find(irp);
        if (it != m_requests.end())
            it->second->requestCancel();
    });
}

HRESULT DriverHost::assignInterfaceState(
    DevNodeId node, const GUID &cls, const std::u16string *reference, bool enable)
{
    return contain(HRESULT_FROM_NT(STATUS_DRIVER_PROCESS_TERMINATED), [&]() -> HRESULT {
        if (m_failed)
            return HRESULT_FROM_NT(STATUS_DRIVER_PROCESS_TERMINATED);
        Stack *s = stack(node);
        if (!s)
            return HRESULT_FROM_NT(STATUS_INVALID_DEVICE_STATE);
        // The framework does what the driver's AssignDeviceInterfaceState would do; the record says
        // that a person asked for it, not the driver.
        Tracer::Site site { trace::Kind::Host, lanes::user(), lanes::framework(),
            trace::intern(s->instanceId), UMDFX_STR("IWDFDevice"),
            UMDFX_STR("AssignDeviceInterfaceState") };
        trace::ArgsWriter args;
        args.string("pDeviceInterfaceGuid", wudf::guidToString(cls));
        args.string("pReferenceString", reference ? toUtf8(*reference) : std::string("NULL"));
        args.boolean("Enable", enable);
        args.string("requestedBy", "user");
        TracedCall call(m_world.tracer, site, &args);
        HRESULT hr = HRESULT_FROM_WIN32(ERROR_NOT_FOUND);
        for (auto *d : s->layers) {
            hr = d->setInterfaceState(cls, reference, enable);
            if (hr != HRESULT_FROM_WIN32(ERROR_NOT_FOUND))
                break;
        }
        call.done(static_cast<std::uint32_t>(hr));
        return hr;
    });
}

HRESULT DriverHost::postEvent(DevNodeId node, const GUID &event, const std::vector<std::byte> &data)
{
    return contain(HRESULT_FROM_NT(STATUS_DRIVER_PROCESS_TERMINATED), [&]() -> HRESULT {
        if (m_failed)
            return HRESULT_FROM_NT(STATUS_DRIVER_PROCESS_TERMINATED);
        Stack *s = stack(node);
        if (!s || s->layers.empty())
            return HRESULT_FROM_NT(STATUS_INVALID_DEVICE_STATE);
        Tracer::Site site { trace::Kind::Host, lanes::user(), lanes::framework(),
            trace::intern(s->instanceId), UMDFX_STR("IWDFDevice"), UMDFX_STR("PostEvent") };
        trace::ArgsWriter args;
        args.string("EventGuid", wudf::guidToString(event));
        args.string("EventType", "WdfEventBroadcast");
        args.bytes("pbData", data);
        args.string("requestedBy", "user");
        TracedCall call(m_world.tracer, site, &args);
        const HRESULT hr = s->layers.back()->postEvent(event, WdfEventBroadcast,
            reinterpret_cast<const BYTE *>(data.data()), static_cast<DWORD>(data.size()));
        call.done(static_cast<std::uint32_t>(hr));
        return hr;
    });
}

void DriverHost::remoteInterfaceArrival(
    DevNodeId listener, const GUID &cls, const std::string &symbolicLink)
{
    contain([&] {
        if (m_failed)
            return;
        HostKernel32::WatchScope watch(*m_kernel32, "OnRemoteInterfaceArrival");
        if (Stack *s = stack(listener)) {
            for (auto *d : std::vector<FxDevice *>(s->layers))
                d->remoteInterfaceArrival(cls, symbolicLink);
        }
    });
}

void DriverHost::remoteInterfaceRemoval(
    DevNodeId listener, const GUID &cls, const std::string &symbolicLink)
{
    contain([&] {
        if (m_failed)
            return;
        HostKernel32::WatchScope watch(*m_kernel32, "OnRemoteInterfaceRemoval");
        if (Stack *s = stack(listener)) {
            for (auto *d : std::vector<FxDevice *>(s->layers))
                d->remoteInterfaceRemoval(cls, symbolicLink);
        }
    });
}

void DriverHost::targetIoCompleted(
    IrpId irp, HRESULT status, std::uint64_t information, std::vector<std::byte> output)
{
    contain([&] {
        if (m_failed)
            return;
        auto it = m_sent.find(irp);
        if (it == m_sent.end())
            return;
        FxRequest *r = it->second;
        m_sent.erase(it);
        r->targetCompleted(status, information, std::move(output));
    });
}

bool DriverHost::remoteTargetDeviceChange(std::uint32_t target, int change)
{
    return contain(true, [&]() -> bool {
        if (m_failed)
            return true;
        HostKernel32::WatchScope watch(*m_kernel32, "a target-device notification");
        for (auto *o : m_objects) {
            if (o->id() != target)
                continue;
            if (auto *t = dynamic_cast<fx::FxRemoteTarget *>(o))
                return t->deviceChange(static_cast<DeviceChange>(change));
        }
        return true; // the target is gone: nothing holds the device
    });
}

fx::FxObjectBase *DriverHost::object(std::uint32_t id) const
{
    for (auto *o : m_objects)
        if (o->id() == id)
            return o;
    return nullptr;
}

void DriverHost::remoteTargetCustomEvent(
    std::uint32_t target, const GUID &event, const std::vector<std::byte> &data)
{
    contain([&] {
        if (m_failed)
            return;
        if (auto *t = dynamic_cast<fx::FxRemoteTarget *>(object(target)))
            t->customEvent(event, data);
    });
}

} // namespace umdfx
