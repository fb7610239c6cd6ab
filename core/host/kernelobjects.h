#pragma once

#include "core/runtime/cooperativethreads.h"
#include "core/runtime/tracer.h"
#include "core/wudf/win32host.h"

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace umdfx {

class DriverHost;
struct World;

// Thrown by a wait in a host's code when the host is gone (a deadlock it was found in, a crash of
// one of its threads): the callback unwinds to the host's entry, which reports nothing more.
struct HostTerminated
{ };
// How a driver's thread leaves its code early (ExitThread, or its host's end): the host's entry
// for the thread (DriverHost::runDriverThread) takes it as the thread's end, not a crash.
struct DriverThreadExit
{
    DWORD code = 0;
};

// The threads and synchronization objects a simulated WUDFHost serves its drivers
// (core/wudf/win32host.h): CreateThread, events, semaphores, mutexes and their waits, and the
// contended paths of critical sections, SRW locks and condition variables. Every blocking call
// goes through the world's CooperativeThreads, so a callback may wait for a thread of the driver
// while that thread calls the framework, as Microsoft's echo and Toastmon samples do, and the
// run stays deterministic. Thread starts and ends, CreateThread, the waits and ExitThread are
// traced (kernel32 DDIs on the calling thread; a wait's return is written when it wakes).
//
// A wait that can go no further (every thread blocked, nothing due, or virtual time at the wait
// limit) is a deadlock: a WUDFHost::Deadlock record naming each thread and what it waits on, the
// verifier's V29, and the host is terminated, which unwinds the waiting callback (the reflector
// fails what the host had outstanding; the rest of the machine goes on).
//
// Threads: called with the baton (see CooperativeThreads). Owned by its DriverHost.
class KernelObjects
{
public:
    explicit KernelObjects(DriverHost &host);
    ~KernelObjects();
    KernelObjects(const KernelObjects &) = delete;
    KernelObjects &operator=(const KernelObjects &) = delete;

    HANDLE createThread(LPTHREAD_START_ROUTINE start, LPVOID parameter, DWORD flags, DWORD *id);
    DWORD resumeThread(HANDLE thread);
    [[noreturn]] void exitThread(DWORD code);
    BOOL exitCodeThread(HANDLE thread, DWORD *code);
    DWORD currentThreadId();

    HANDLE createEvent(bool manualReset, bool initialState);
    BOOL setEvent(HANDLE event, bool set);
    HANDLE createSemaphore(LONG initial, LONG maximum);
    BOOL releaseSemaphore(HANDLE semaphore, LONG count, LONG *previous);
    HANDLE createMutex(bool initialOwner);
    BOOL releaseMutex(HANDLE mutex);
    BOOL closeHandle(HANDLE handle);

    // WaitForSingleObject/WaitForMultipleObjects (api names the function for the trace).
    DWORD waitFor(std::span<const HANDLE> handles, bool all, DWORD ms, const char *api);
    // Sleep on the virtual clock; the host watchdog's rules are HostKernel32's (it calls this).
    enum class Slept { Done, Stuck };
    Slept sleepUntil(std::int64_t deadline, const std::string &what);

    // what names the lock in a contended wait ("EnterCriticalSection" by default).
    void enterCriticalSection(CRITICAL_SECTION *cs, std::string_view what = "EnterCriticalSection");
    // False, and nothing changes, when the calling thread does not hold it.
    bool leaveCriticalSection(CRITICAL_SECTION *cs);
    void acquireSrw(SRWLOCK *lock, bool exclusive);
    void releaseSrw(SRWLOCK *lock, bool exclusive);
    BOOL sleepConditionVariable(
        CONDITION_VARIABLE *cv, CRITICAL_SECTION *cs, SRWLOCK *srw, bool sharedSrw, DWORD ms);
    void wakeConditionVariable(CONDITION_VARIABLE *cv, bool all);

    // The site of a kernel32 call the running driver code makes: on a driver thread's own code,
    // the driver that made the thread; else the innermost open call's (HostKernel32::callerSite).
    Tracer::Site callSite(trace::StrId method) const;

    // A thread's run as the host sees it: a call of its start routine (LPTHREAD_START_ROUTINE::
    // ThreadProc) from the host to the driver, on the thread's own logical thread.
    static Tracer::Site threadProcSite(trace::StrId driver, trace::StrId device);

    // Who owns a lock: the running logical thread ("host1.t1", or "host1" in a callback).
    static std::uintptr_t ownerToken(const World &world);

    // The driver thread this OS thread runs (for traces: its lane is the driver that made it).
    struct DriverThread;

private:
    struct Object;
    std::shared_ptr<Object> object(HANDLE h) const;
    HANDLE add(std::shared_ptr<Object> o);
    // Blocks until acquire() holds or the deadline passes; a wait that can go no further is a
    // deadlock (never returns then: the host is terminated and the wait unwinds or, on a driver
    // thread, the thread ends). what: "WaitForSingleObject(event #2)".
    CooperativeThreads::WaitOutcome block(const std::function<bool()> &acquire,
        std::optional<std::int64_t> deadline, const std::string &what);
    [[noreturn]] void deadlock(const std::string &what);
    void threadStarted(DriverThread &t);
    void threadEnded(DriverThread &t, DWORD code);
    std::string describe(const Object &o) const;

    DriverHost &m_host;
    World &m_world;
    std::map<std::uintptr_t, std::shared_ptr<Object>> m_handles; // by handle value
    std::uintptr_t m_nextHandle = 0x100;
    std::uint32_t m_nextObject = 1; // "event #3": numbered per host in creation order
    std::uint32_t m_nextThread = 1; // "host1.t2"
    struct ConditionVariable
    {
        std::vector<std::uint64_t> waiters; // tickets, oldest first
        std::vector<std::uint64_t> woken;
    };
    std::map<const void *, ConditionVariable> m_conditionVariables;
    std::uint64_t m_nextTicket = 1;
};

} // namespace umdfx
