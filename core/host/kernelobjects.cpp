#include "core/host/kernelobjects.h"

#include "core/framework/fxnames.h"
#include "core/host/driverfault.h"
#include "core/host/driverhost.h"
#include "core/host/hostthreadpool.h"
#include "core/runtime/log.h"

#include <algorithm>

namespace umdfx {

namespace {
constexpr std::int64_t kNsPerMs = 1'000'000;
constexpr DWORD kCreateSuspended = 0x4;
constexpr DWORD kStillActive = 259;
constexpr DWORD kWaitObject0 = 0;
constexpr DWORD kWaitTimeout = 258;
constexpr DWORD kWaitFailed = 0xFFFFFFFFu;
constexpr DWORD kInfinite = 0xFFFFFFFFu;

void setLastError(DWORD error)
{
    *umdfx_last_error_slot() = error;
}

// A deadline on the virtual clock for a wait of ms milliseconds (INFINITE: none).
std::optional<std::int64_t> deadlineAfter(const World &world, DWORD ms)
{
    if (ms == kInfinite)
        return std::nullopt;
    return world.scheduler.after(static_cast<std::int64_t>(ms) * kNsPerMs);
}
} // namespace

// A handle's object: what a wait looks at.
struct KernelObjects::Object
{
    enum class Type { Event, Thread, Semaphore, Mutex };
    Type type = Type::Event;
    std::uint32_t number = 0; // per host, in creation order
    bool signaled = false; // events and threads
    bool manualReset = true;
    LONG count = 0, maximum = 0; // semaphores
    std::uintptr_t owner = 0; // mutexes: the owning thread's token
    std::uint32_t recursion = 0;
    // threads
    trace::StrId name = 0;
    DWORD threadId = 0;
    DWORD exitCode = kStillActive;
    std::uint32_t cooperativeId = 0; // 0 until it starts (CREATE_SUSPENDED)
    LPTHREAD_START_ROUTINE start = nullptr;
    LPVOID parameter = nullptr;
    trace::StrId driver = 0; // the lane of the driver that created it
    trace::StrId device = 0;
    std::uint32_t threadProcCall = 0; // the call id of its ThreadProc record

    // Whether a wait by `who` would be satisfied now, and taking it if so.
    bool ready(std::uintptr_t who) const
    {
        switch (type) {
        case Type::Event:
        case Type::Thread:
            return signaled;
        case Type::Semaphore:
            return count > 0;
        case Type::Mutex:
            return owner == 0 || owner == who;
        }
        return false;
    }
    void take(std::uintptr_t who)
    {
        switch (type) {
        case Type::Event:
            if (!manualReset)
                signaled = false;
            break;
        case Type::Thread:
            break;
        case Type::Semaphore:
            --count;
            break;
        case Type::Mutex:
            owner = who;
            ++recursion;
            break;
        }
    }
};

// The driver thread whose own code this OS thread runs (set for the thread's life).
struct KernelObjects::DriverThread
{
    KernelObjects *objects = nullptr;
    std::shared_ptr<Object> object;
};

namespace {
thread_local KernelObjects::DriverThread *t_driverThread = nullptr;
} // namespace

KernelObjects::KernelObjects(DriverHost &host)
    : m_host(host)
    , m_world(host.world())
{ }

KernelObjects::~KernelObjects() = default;

std::uintptr_t KernelObjects::ownerToken(const World &world)
{
    // 0 means "free": the simulation's own thread outside every task is thread 1.
    const trace::StrId thread = world.scheduler.currentThread();
    return thread ? static_cast<std::uintptr_t>(thread) : 1;
}

Tracer::Site KernelObjects::callSite(trace::StrId method) const
{
    // On a driver thread's own code: that driver, not whatever callback is open further out.
    if (t_driverThread && t_driverThread->objects == this && m_world.threads.parkable()) {
        Tracer::Site s;
        s.kind = trace::Kind::Ddi;
        s.from = t_driverThread->object->driver;
        s.to = lanes::host();
        s.device = t_driverThread->object->device;
        s.iface = UMDFX_STR("kernel32");
        s.method = method;
        return s;
    }
    return m_host.kernel32().callerSite(UMDFX_STR("kernel32"), method);
}

HANDLE KernelObjects::add(std::shared_ptr<Object> o)
{
    o->number = m_nextObject++;
    const std::uintptr_t value = m_nextHandle;
    m_nextHandle += 4;
    m_handles.emplace(value, std::move(o));
    return reinterpret_cast<HANDLE>(value);
}

std::shared_ptr<KernelObjects::Object> KernelObjects::object(HANDLE h) const
{
    auto it = m_handles.find(reinterpret_cast<std::uintptr_t>(h));
    return it == m_handles.end() ? nullptr : it->second;
}

std::string KernelObjects::describe(const Object &o) const
{
    switch (o.type) {
    case Object::Type::Event:
        return "event #" + std::to_string(o.number);
    case Object::Type::Thread:
        return "thread " + std::string(trace::str(o.name));
    case Object::Type::Semaphore:
        return "semaphore #" + std::to_string(o.number);
    case Object::Type::Mutex:
        return "mutex #" + std::to_string(o.number)
            + (o.owner ? " held by " + std::string(trace::str(static_cast<trace::StrId>(o.owner)))
                       : std::string());
    }
    return "object";
}

// ---- threads ------------------------------------------------------------------------------------

HANDLE KernelObjects::createThread(
    LPTHREAD_START_ROUTINE start, LPVOID parameter, DWORD flags, DWORD *id)
{
    const Tracer::Site s = callSite(UMDFX_STR("CreateThread"));
    trace::ArgsWriter args;
    args.hex32("dwCreationFlags", flags);
    TracedCall call(m_world.tracer, s, &args);
    if (!start) {
        setLastError(ERROR_INVALID_PARAMETER);
        call.done(static_cast<std::uint32_t>(HRESULT_FROM_WIN32(ERROR_INVALID_PARAMETER)));
        return nullptr;
    }
    auto o = std::make_shared<Object>();
    o->type = Object::Type::Thread;
    const std::uint32_t n = m_nextThread++;
    o->name = trace::intern(m_host.name() + ".t" + std::to_string(n));
    o->threadId = 0x1000 + 4 * n;
    o->start = start;
    o->parameter = parameter;
    o->driver = s.from;
    o->device = s.device;
    const HANDLE h = add(o);
    if (id)
        *id = o->threadId;
    if (!(flags & kCreateSuspended))
        resumeThread(h);
    trace::ArgsWriter out;
    out.string("thread", trace::str(o->name));
    out.u64("dwThreadId", o->threadId);
    call.done(S_OK, &out);
    return h;
}

DWORD KernelObjects::resumeThread(HANDLE thread)
{
    const auto o = object(thread);
    if (!o || o->type != Object::Type::Thread) {
        setLastError(ERROR_INVALID_HANDLE);
        return static_cast<DWORD>(-1);
    }
    if (o->cooperativeId != 0 || o->signaled)
        return 0; // running (or ended): its suspend count is 0
    o->cooperativeId = m_world.threads.spawn(
        o->name, &m_host,
        [this, o] {
            DriverThread self { this, o };
            t_driverThread = &self;
            DriverHost::Scope scope(m_host);
            {
                std::lock_guard lock(m_world.lock);
                threadStarted(self);
            }
            // The host's entry for the thread: under its containment (a crash ends the host),
            // and where ExitThread and the host's end jump back to.
            const DWORD code = m_host.runDriverThread(o->start, o->parameter);
            std::lock_guard lock(m_world.lock);
            threadEnded(self, code);
            t_driverThread = nullptr;
        },
        [] { leaveContainedRun(std::make_exception_ptr(DriverThreadExit { 0 })); });
    return 1;
}

Tracer::Site KernelObjects::threadProcSite(trace::StrId driver, trace::StrId device)
{
    Tracer::Site s;
    s.kind = trace::Kind::Callback;
    s.from = lanes::host();
    s.to = driver;
    s.device = device;
    s.iface = UMDFX_STR("LPTHREAD_START_ROUTINE");
    s.method = UMDFX_STR("ThreadProc");
    return s;
}

void KernelObjects::threadStarted(DriverThread &t)
{
    trace::ArgsWriter args;
    args.u64("dwThreadId", t.object->threadId);
    // By hand, not a TracedCall: the thread's whole life is inside it, and it parks meanwhile.
    t.object->threadProcCall
        = m_world.tracer.call(threadProcSite(t.object->driver, t.object->device), &args);
}

void KernelObjects::threadEnded(DriverThread &t, DWORD code)
{
    t.object->exitCode = code;
    t.object->signaled = true; // its handle: what a wait for the thread waits on
    trace::ArgsWriter out;
    out.u64("exitCode", code);
    m_world.tracer.ret(threadProcSite(t.object->driver, t.object->device), t.object->threadProcCall,
        std::nullopt, &out);
    m_host.driverThreadEnded();
}

void KernelObjects::exitThread(DWORD code)
{
    if (!t_driverThread || t_driverThread->objects != this) {
        // A thread of the host's own (a callback's): on Windows the host loses a thread it
        // needs; here that is a crash of the host.
        throw std::runtime_error("ExitThread called on one of the host's own threads");
    }
    trace::ArgsWriter args;
    args.u64("dwExitCode", code);
    m_world.tracer.event(callSite(UMDFX_STR("ExitThread")), std::nullopt, &args);
    leaveContainedRun(std::make_exception_ptr(DriverThreadExit { code }));
}

BOOL KernelObjects::exitCodeThread(HANDLE thread, DWORD *code)
{
    const auto o = object(thread);
    if (!o || o->type != Object::Type::Thread || !code) {
        setLastError(o ? ERROR_INVALID_PARAMETER : ERROR_INVALID_HANDLE);
        return FALSE;
    }
    *code = o->signaled ? o->exitCode : kStillActive;
    return TRUE;
}

DWORD KernelObjects::currentThreadId()
{
    if (t_driverThread && t_driverThread->objects == this)
        return t_driverThread->object->threadId;
    // The host's own logical threads: a stable number each (their name's string id).
    return static_cast<DWORD>(ownerToken(m_world) * 4);
}

// ---- events, semaphores, mutexes ----------------------------------------------------------------

HANDLE KernelObjects::createEvent(bool manualReset, bool initialState)
{
    auto o = std::make_shared<Object>();
    o->type = Object::Type::Event;
    o->manualReset = manualReset;
    o->signaled = initialState;
    return add(std::move(o));
}

BOOL KernelObjects::setEvent(HANDLE event, bool set)
{
    const auto o = object(event);
    if (!o || o->type != Object::Type::Event) {
        setLastError(ERROR_INVALID_HANDLE);
        return FALSE;
    }
    // No switch here: a thread it releases runs at the next switch point, as the scheduler
    // orders it (CooperativeThreads wakes waiters before each task).
    o->signaled = set;
    return TRUE;
}

HANDLE KernelObjects::createSemaphore(LONG initial, LONG maximum)
{
    if (maximum <= 0 || initial < 0 || initial > maximum) {
        setLastError(ERROR_INVALID_PARAMETER);
        return nullptr;
    }
    auto o = std::make_shared<Object>();
    o->type = Object::Type::Semaphore;
    o->count = initial;
    o->maximum = maximum;
    return add(std::move(o));
}

BOOL KernelObjects::releaseSemaphore(HANDLE semaphore, LONG count, LONG *previous)
{
    const auto o = object(semaphore);
    if (!o || o->type != Object::Type::Semaphore) {
        setLastError(ERROR_INVALID_HANDLE);
        return FALSE;
    }
    if (count <= 0 || o->count > o->maximum - count) {
        setLastError(count <= 0 ? ERROR_INVALID_PARAMETER : ERROR_TOO_MANY_POSTS);
        return FALSE;
    }
    if (previous)
        *previous = o->count;
    o->count += count;
    return TRUE;
}

HANDLE KernelObjects::createMutex(bool initialOwner)
{
    auto o = std::make_shared<Object>();
    o->type = Object::Type::Mutex;
    if (initialOwner) {
        o->owner = ownerToken(m_world);
        o->recursion = 1;
    }
    return add(std::move(o));
}

BOOL KernelObjects::releaseMutex(HANDLE mutex)
{
    const auto o = object(mutex);
    if (!o || o->type != Object::Type::Mutex) {
        setLastError(ERROR_INVALID_HANDLE);
        return FALSE;
    }
    if (o->owner != ownerToken(m_world)) {
        setLastError(ERROR_NOT_OWNER);
        return FALSE;
    }
    if (--o->recursion == 0)
        o->owner = 0;
    return TRUE;
}

BOOL KernelObjects::closeHandle(HANDLE handle)
{
    // The object lives on while a thread runs or a wait holds it (shared_ptr), as a kernel
    // object lives while referenced.
    if (m_handles.erase(reinterpret_cast<std::uintptr_t>(handle)) == 0) {
        setLastError(ERROR_INVALID_HANDLE);
        return FALSE;
    }
    return TRUE;
}

// ---- waits
// ----------------------------------------------------------------------------------------

CooperativeThreads::WaitOutcome KernelObjects::block(const std::function<bool()> &acquire,
    std::optional<std::int64_t> deadline, const std::string &what)
{
    if (m_host.failed() || m_host.hasPendingThreadCrash()) {
        // The process is gone on Windows: this code does not go on.
        if (m_world.threads.parkable())
            leaveContainedRun(std::make_exception_ptr(DriverThreadExit { 0 }));
        throw HostTerminated {};
    }
    // A crash of one of the host's threads ends the wait too: the process is gone.
    const auto outcome = m_world.threads.wait(
        [&] { return m_host.hasPendingThreadCrash() || acquire(); }, deadline, what);
    if (m_host.hasPendingThreadCrash()) {
        // A thread of the driver crashed meanwhile (perhaps the one waited for): the host is gone.
        if (m_world.threads.parkable())
            leaveContainedRun(std::make_exception_ptr(DriverThreadExit { 0 }));
        throw HostTerminated {};
    }
    if (outcome == CooperativeThreads::WaitOutcome::Stuck)
        deadlock(what);
    return outcome;
}

void KernelObjects::deadlock(const std::string &what)
{
    // Everyone who waits, for the record and the finding: the wait that found it, the logical
    // threads blocked further out on the same stack, and every thread of the driver's.
    const trace::StrId waiter = m_world.scheduler.currentThread();
    std::string threads = std::string(trace::str(waiter)) + " waits on " + what;
    for (const trace::StrId blocked : m_world.scheduler.blockedThreads()) {
        if (blocked != waiter)
            threads += "; " + std::string(trace::str(blocked)) + " waits further out";
    }
    for (const auto &t : m_world.threads.threads()) {
        if (t.owner != &m_host || t.name == waiter || t.waitingOn == HostThreadPool::kIdle)
            continue; // (an idle pool thread waits for nothing anyone waits for)
        threads += "; " + std::string(trace::str(t.name));
        if (t.state == CooperativeThreads::State::Waiting)
            threads += " waits on " + t.waitingOn;
        else
            threads += " is ready";
    }
    const bool limited = m_world.scheduler.nextDue().has_value();
    const std::string why = limited ? "virtual time reached the wait limit (knob waitLimitMs, "
            + std::to_string(m_world.knobs.waitLimitMs) + " ms) with the wait still unsatisfied"
                                    : "every thread is blocked and nothing is due";
    Tracer::Site s = callSite(UMDFX_STR("Deadlock"));
    s.kind = trace::Kind::Host;
    s.iface = UMDFX_STR("WUDFHost");
    trace::ArgsWriter args;
    args.string("host", m_host.name());
    args.string("threads", threads);
    args.string("reason", why);
    m_world.tracer.event(s, static_cast<std::uint32_t>(HRESULT_FROM_WIN32(ERROR_TIMEOUT)), &args);
    const std::uint64_t seq = m_world.tracer.lastSeq();
    const std::uint64_t callbackSeq = m_world.tracer.innermostCallback();
    log()->error("{}: deadlock: {} ({})", m_host.name(), threads, why);
    m_host.fail("deadlock: " + threads);
    m_world.verifier.report(s, "V29", "Deadlock",
        "a thread of the host waits for something that cannot happen: " + threads + " (" + why
            + "); the host is terminated",
        { seq, callbackSeq });
    throw HostTerminated {};
}

DWORD KernelObjects::waitFor(std::span<const HANDLE> handles, bool all, DWORD ms, const char *api)
{
    std::vector<std::shared_ptr<Object>> objects;
    std::string names;
    for (const HANDLE h : handles) {
        auto o = object(h);
        if (!o) {
            setLastError(ERROR_INVALID_HANDLE);
            return kWaitFailed;
        }
        names += (names.empty() ? "" : ", ") + describe(*o);
        objects.push_back(std::move(o));
    }
    if (objects.empty() || objects.size() > 64) {
        setLastError(ERROR_INVALID_PARAMETER);
        return kWaitFailed;
    }
    const Tracer::Site s = callSite(trace::intern(api));
    trace::ArgsWriter args;
    args.string("objects", names);
    if (ms == kInfinite)
        args.string("dwMilliseconds", "INFINITE");
    else
        args.u64("dwMilliseconds", ms);
    // By hand: a driver thread parks inside it, and calls of other threads go on meanwhile.
    const std::uint32_t callId = m_world.tracer.call(s, &args);
    const std::uintptr_t who = ownerToken(m_world);
    std::size_t index = 0;
    const auto acquire = [&objects, all, who, &index] {
        if (all) {
            for (const auto &o : objects) {
                if (!o->ready(who))
                    return false;
            }
            for (const auto &o : objects)
                o->take(who);
            index = 0;
            return true;
        }
        for (std::size_t i = 0; i < objects.size(); ++i) {
            if (objects[i]->ready(who)) {
                objects[i]->take(who);
                index = i;
                return true;
            }
        }
        return false;
    };
    const std::string what = std::string(api) + "(" + names + ")";
    const auto outcome = block(acquire, deadlineAfter(m_world, ms), what);
    const DWORD result = outcome == CooperativeThreads::WaitOutcome::Acquired
        ? kWaitObject0 + static_cast<DWORD>(index)
        : kWaitTimeout;
    trace::ArgsWriter out;
    out.string("result",
        result == kWaitTimeout ? "WAIT_TIMEOUT" : "WAIT_OBJECT_0+" + std::to_string(index));
    m_world.tracer.ret(s, callId, std::nullopt, &out);
    return result;
}

KernelObjects::Slept KernelObjects::sleepUntil(std::int64_t deadline, const std::string &what)
{
    const auto outcome = block([] { return false; }, deadline, what);
    return outcome == CooperativeThreads::WaitOutcome::Stuck ? Slept::Stuck : Slept::Done;
}

// ---- critical sections, SRW locks, condition variables -----------------------------------------

void KernelObjects::enterCriticalSection(CRITICAL_SECTION *cs, std::string_view what)
{
    const std::uintptr_t me = ownerToken(m_world);
    const auto take = [cs, me] {
        const auto owner = reinterpret_cast<std::uintptr_t>(cs->OwningThread);
        if (owner != 0 && owner != me)
            return false;
        cs->OwningThread = reinterpret_cast<HANDLE>(me);
        ++cs->RecursionCount;
        return true;
    };
    if (take())
        return;
    const auto owner
        = static_cast<trace::StrId>(reinterpret_cast<std::uintptr_t>(cs->OwningThread));
    block(
        take, std::nullopt, std::string(what) + "(held by " + std::string(trace::str(owner)) + ")");
}

bool KernelObjects::leaveCriticalSection(CRITICAL_SECTION *cs)
{
    if (reinterpret_cast<std::uintptr_t>(cs->OwningThread) != ownerToken(m_world)
        || cs->RecursionCount <= 0)
        return false;
    if (--cs->RecursionCount == 0)
        cs->OwningThread = nullptr;
    return true;
}

void KernelObjects::acquireSrw(SRWLOCK *lock, bool exclusive)
{
    // Ptr: 0 free; odd: held exclusively by (token << 1 | 1); even: 2 * the shared holders.
    const std::uintptr_t me = ownerToken(m_world);
    const auto take = [lock, exclusive, me] {
        const auto v = reinterpret_cast<std::uintptr_t>(lock->Ptr);
        if (exclusive) {
            if (v != 0)
                return false;
            lock->Ptr = reinterpret_cast<void *>((me << 1) | 1);
            return true;
        }
        if (v & 1)
            return false;
        lock->Ptr = reinterpret_cast<void *>(v + 2);
        return true;
    };
    if (take())
        return;
    block(take, std::nullopt,
        std::string(exclusive ? "AcquireSRWLockExclusive" : "AcquireSRWLockShared") + "(held)");
}

void KernelObjects::releaseSrw(SRWLOCK *lock, bool exclusive)
{
    const auto v = reinterpret_cast<std::uintptr_t>(lock->Ptr);
    if (exclusive || (v & 1))
        lock->Ptr = nullptr;
    else if (v >= 2)
        lock->Ptr = reinterpret_cast<void *>(v - 2);
}

BOOL KernelObjects::sleepConditionVariable(
    CONDITION_VARIABLE *cv, CRITICAL_SECTION *cs, SRWLOCK *srw, bool sharedSrw, DWORD ms)
{
    const std::uint64_t ticket = m_nextTicket++;
    m_conditionVariables[cv].waiters.push_back(ticket);
    // Released atomically with starting to wait, retaken after (also after a timeout).
    LONG recursion = 0;
    if (cs) {
        recursion = cs->RecursionCount;
        cs->RecursionCount = 0;
        cs->OwningThread = nullptr;
    } else if (srw) {
        releaseSrw(srw, !sharedSrw);
    }
    const auto woken = [this, cv, ticket] {
        auto &woke = m_conditionVariables[cv].woken;
        auto it = std::find(woke.begin(), woke.end(), ticket);
        if (it == woke.end())
            return false;
        woke.erase(it);
        return true;
    };
    const auto outcome = block(woken, deadlineAfter(m_world, ms), "SleepConditionVariable");
    std::erase(m_conditionVariables[cv].waiters, ticket);
    if (cs) {
        enterCriticalSection(cs);
        cs->RecursionCount = recursion;
    } else if (srw) {
        acquireSrw(srw, !sharedSrw);
    }
    if (outcome != CooperativeThreads::WaitOutcome::Acquired) {
        setLastError(ERROR_TIMEOUT);
        return FALSE;
    }
    return TRUE;
}

void KernelObjects::wakeConditionVariable(CONDITION_VARIABLE *cv, bool all)
{
    auto it = m_conditionVariables.find(cv);
    if (it == m_conditionVariables.end())
        return;
    auto &c = it->second;
    while (!c.waiters.empty()) {
        c.woken.push_back(c.waiters.front());
        c.waiters.erase(c.waiters.begin());
        if (!all)
            break;
    }
}

} // namespace umdfx

// ---- the kernel32 entry points drivers call (core/wudf/win32host.h) -----------------------------

namespace {

// The calling thread's host and the world lock, or why not: outside every host these fail with
// ERROR_INVALID_FUNCTION (a thread the host does not know).
struct InHost
{
    umdfx::DriverHost *host = umdfx::DriverHost::current();
    std::unique_lock<umdfx::WorldLock> lock;
    InHost()
    {
        if (host)
            lock = std::unique_lock(host->world().lock);
        else
            *umdfx_last_error_slot() = 1; // ERROR_INVALID_FUNCTION
    }
    explicit operator bool() const { return host != nullptr; }
    umdfx::KernelObjects *operator->() const { return &host->kernelObjects(); }
};

} // namespace

DWORD GetCurrentThreadId(void)
{
    InHost in;
    return in ? in->currentThreadId() : 1;
}

HANDLE CreateThread(void *, SIZE_T, LPTHREAD_START_ROUTINE lpStartAddress, LPVOID lpParameter,
    DWORD dwCreationFlags, DWORD *lpThreadId)
{
    InHost in;
    return in ? in->createThread(lpStartAddress, lpParameter, dwCreationFlags, lpThreadId)
              : nullptr;
}

DWORD ResumeThread(HANDLE hThread)
{
    InHost in;
    return in ? in->resumeThread(hThread) : static_cast<DWORD>(-1);
}

void ExitThread(DWORD dwExitCode)
{
    umdfx::DriverHost *host = umdfx::DriverHost::current();
    if (!host)
        std::terminate(); // not a thread of any host: nothing to return to
    std::unique_lock lock(host->world().lock);
    host->kernelObjects().exitThread(dwExitCode);
}

BOOL GetExitCodeThread(HANDLE hThread, DWORD *lpExitCode)
{
    InHost in;
    return in ? in->exitCodeThread(hThread, lpExitCode) : FALSE;
}

HANDLE CreateEventW(void *, BOOL bManualReset, BOOL bInitialState, const WCHAR *)
{
    InHost in;
    return in ? in->createEvent(bManualReset != FALSE, bInitialState != FALSE) : nullptr;
}

BOOL SetEvent(HANDLE hEvent)
{
    InHost in;
    return in ? in->setEvent(hEvent, true) : FALSE;
}

BOOL ResetEvent(HANDLE hEvent)
{
    InHost in;
    return in ? in->setEvent(hEvent, false) : FALSE;
}

HANDLE CreateSemaphoreW(void *, LONG lInitialCount, LONG lMaximumCount, const WCHAR *)
{
    InHost in;
    return in ? in->createSemaphore(lInitialCount, lMaximumCount) : nullptr;
}

BOOL ReleaseSemaphore(HANDLE hSemaphore, LONG lReleaseCount, LONG *lpPreviousCount)
{
    InHost in;
    return in ? in->releaseSemaphore(hSemaphore, lReleaseCount, lpPreviousCount) : FALSE;
}

HANDLE CreateMutexW(void *, BOOL bInitialOwner, const WCHAR *)
{
    InHost in;
    return in ? in->createMutex(bInitialOwner != FALSE) : nullptr;
}

BOOL ReleaseMutex(HANDLE hMutex)
{
    InHost in;
    return in ? in->releaseMutex(hMutex) : FALSE;
}

DWORD WaitForSingleObject(HANDLE hHandle, DWORD dwMilliseconds)
{
    InHost in;
    return in ? in->waitFor({ &hHandle, 1 }, false, dwMilliseconds, "WaitForSingleObject")
              : 0xFFFFFFFFu;
}

DWORD WaitForSingleObjectEx(HANDLE hHandle, DWORD dwMilliseconds, BOOL)
{
    InHost in;
    return in ? in->waitFor({ &hHandle, 1 }, false, dwMilliseconds, "WaitForSingleObjectEx")
              : 0xFFFFFFFFu;
}

namespace {
DWORD waitMultiple(
    DWORD count, const HANDLE *handles, BOOL waitAll, DWORD milliseconds, const char *api)
{
    InHost in;
    if (!in)
        return 0xFFFFFFFFu;
    if (!handles && count) {
        *umdfx_last_error_slot() = ERROR_INVALID_PARAMETER;
        return 0xFFFFFFFFu;
    }
    return in->waitFor({ handles, count }, waitAll != FALSE, milliseconds, api);
}
} // namespace

DWORD WaitForMultipleObjects(
    DWORD nCount, const HANDLE *lpHandles, BOOL bWaitAll, DWORD dwMilliseconds)
{
    return waitMultiple(nCount, lpHandles, bWaitAll, dwMilliseconds, "WaitForMultipleObjects");
}

DWORD WaitForMultipleObjectsEx(
    DWORD nCount, const HANDLE *lpHandles, BOOL bWaitAll, DWORD dwMilliseconds, BOOL)
{
    // Alertable or not: nothing queues an APC to a driver's thread here.
    return waitMultiple(nCount, lpHandles, bWaitAll, dwMilliseconds, "WaitForMultipleObjectsEx");
}

DWORD SignalObjectAndWait(
    HANDLE hObjectToSignal, HANDLE hObjectToWaitOn, DWORD dwMilliseconds, BOOL)
{
    InHost in;
    if (!in)
        return 0xFFFFFFFFu;
    // Signalling and starting to wait are one step: nothing runs in between.
    if (!in->setEvent(hObjectToSignal, true) && !in->releaseSemaphore(hObjectToSignal, 1, nullptr)
        && !in->releaseMutex(hObjectToSignal))
        return 0xFFFFFFFFu;
    return in->waitFor({ &hObjectToWaitOn, 1 }, false, dwMilliseconds, "SignalObjectAndWait");
}

BOOL CloseHandle(HANDLE hObject)
{
    InHost in;
    return in ? in->closeHandle(hObject) : FALSE;
}

void InitializeCriticalSection(LPCRITICAL_SECTION lpCriticalSection)
{
    *lpCriticalSection = {};
    lpCriticalSection->LockCount = -1;
}

BOOL InitializeCriticalSectionAndSpinCount(LPCRITICAL_SECTION lpCriticalSection, DWORD dwSpinCount)
{
    InitializeCriticalSection(lpCriticalSection);
    lpCriticalSection->SpinCount = dwSpinCount;
    return TRUE;
}

BOOL InitializeCriticalSectionEx(LPCRITICAL_SECTION lpCriticalSection, DWORD dwSpinCount, DWORD)
{
    return InitializeCriticalSectionAndSpinCount(lpCriticalSection, dwSpinCount);
}

void EnterCriticalSection(LPCRITICAL_SECTION lpCriticalSection)
{
    InHost in;
    if (in) {
        in->enterCriticalSection(lpCriticalSection);
        return;
    }
    // Outside every host (a module's static constructor): one thread, nothing to wait for.
    lpCriticalSection->OwningThread = reinterpret_cast<HANDLE>(std::uintptr_t(1));
    ++lpCriticalSection->RecursionCount;
}

BOOL TryEnterCriticalSection(LPCRITICAL_SECTION lpCriticalSection)
{
    InHost in;
    const std::uintptr_t me = in ? umdfx::KernelObjects::ownerToken(in.host->world()) : 1;
    const auto owner = reinterpret_cast<std::uintptr_t>(lpCriticalSection->OwningThread);
    if (owner != 0 && owner != me)
        return FALSE;
    lpCriticalSection->OwningThread = reinterpret_cast<HANDLE>(me);
    ++lpCriticalSection->RecursionCount;
    return TRUE;
}

void LeaveCriticalSection(LPCRITICAL_SECTION lpCriticalSection)
{
    InHost in;
    if (in) {
        in->leaveCriticalSection(lpCriticalSection);
        return;
    }
    if (lpCriticalSection->RecursionCount > 0 && --lpCriticalSection->RecursionCount == 0)
        lpCriticalSection->OwningThread = nullptr;
}

void DeleteCriticalSection(LPCRITICAL_SECTION lpCriticalSection)
{
    *lpCriticalSection = {};
}

void InitializeSRWLock(PSRWLOCK SRWLock)
{
    SRWLock->Ptr = nullptr;
}

void AcquireSRWLockExclusive(PSRWLOCK SRWLock)
{
    InHost in;
    if (in)
        in->acquireSrw(SRWLock, true);
}

void AcquireSRWLockShared(PSRWLOCK SRWLock)
{
    InHost in;
    if (in)
        in->acquireSrw(SRWLock, false);
}

BOOLEAN TryAcquireSRWLockExclusive(PSRWLOCK SRWLock)
{
    InHost in;
    if (!in || SRWLock->Ptr)
        return FALSE;
    in->acquireSrw(SRWLock, true);
    return TRUE;
}

BOOLEAN TryAcquireSRWLockShared(PSRWLOCK SRWLock)
{
    InHost in;
    if (!in || (reinterpret_cast<std::uintptr_t>(SRWLock->Ptr) & 1))
        return FALSE;
    in->acquireSrw(SRWLock, false);
    return TRUE;
}

void ReleaseSRWLockExclusive(PSRWLOCK SRWLock)
{
    InHost in;
    if (in)
        in->releaseSrw(SRWLock, true);
}

void ReleaseSRWLockShared(PSRWLOCK SRWLock)
{
    InHost in;
    if (in)
        in->releaseSrw(SRWLock, false);
}

void InitializeConditionVariable(PCONDITION_VARIABLE ConditionVariable)
{
    ConditionVariable->Ptr = nullptr;
}

BOOL SleepConditionVariableCS(
    PCONDITION_VARIABLE ConditionVariable, PCRITICAL_SECTION CriticalSection, DWORD dwMilliseconds)
{
    InHost in;
    return in ? in->sleepConditionVariable(
               ConditionVariable, CriticalSection, nullptr, false, dwMilliseconds)
              : FALSE;
}

BOOL SleepConditionVariableSRW(
    PCONDITION_VARIABLE ConditionVariable, PSRWLOCK SRWLock, DWORD dwMilliseconds, ULONG Flags)
{
    constexpr ULONG kConditionVariableLockModeShared = 0x1;
    InHost in;
    return in ? in->sleepConditionVariable(ConditionVariable, nullptr, SRWLock,
               (Flags & kConditionVariableLockModeShared) != 0, dwMilliseconds)
              : FALSE;
}

void WakeConditionVariable(PCONDITION_VARIABLE ConditionVariable)
{
    InHost in;
    if (in)
        in->wakeConditionVariable(ConditionVariable, false);
}

void WakeAllConditionVariable(PCONDITION_VARIABLE ConditionVariable)
{
    InHost in;
    if (in)
        in->wakeConditionVariable(ConditionVariable, true);
}
