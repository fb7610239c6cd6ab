#pragma once

#include "core/runtime/scheduler.h"
#include "core/runtime/worldlock.h"
#include "core/trace/stringtable.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace umdfx {

class Tracer;

// The baton of DESIGN.md "Threading". Threads a driver creates itself (CreateThread) are real OS
// threads, but only the thread holding the baton runs simulated code, and it hands the baton over
// only where a thread could block on Windows: a wait or a sleep (wait()), and its end. Which
// thread runs next is decided by the Scheduler's task order alone — a thread runs when the task
// that resumes it comes up, posted on the thread's logical name ("host1.t1") when it becomes
// ready: at creation, when what it waits for arrives, or when its timeout passes on the virtual
// clock. So the same scenario and actions give the same trace, whatever the OS does.
//
// Two kinds of wait: a driver thread waiting in its own code parks (hands the baton back to the
// thread that resumed it); any other wait — the simulation's own thread, or a driver thread
// inside a task it runs for a synchronous DDI — runs the scheduler nested until the wait is over,
// letting virtual time jump to the next deadline when nothing is due (every thread is blocked).
// Nothing of ours is held while driver code waits: the world lock is given back while another
// thread has the baton and taken again after.
//
// Threads: every call is made with the baton, i.e. by the thread running simulated code, which
// holds the world lock except while parked. Owned by the World; threads still parked when it ends
// are terminated first (terminateAll, from the Simulation, before its hosts go).
class CooperativeThreads
{
public:
    CooperativeThreads(Scheduler &scheduler, WorldLock &lock);
    ~CooperativeThreads();
    CooperativeThreads(const CooperativeThreads &) = delete;
    CooperativeThreads &operator=(const CooperativeThreads &) = delete;

    enum class State { Starting, Ready, Running, Waiting, Ended };
    // What a terminated thread's wait throws when its exit hook returned (or it has none).
    struct Terminated
    { };
    struct Thread;
    // What a thread looks like from outside, for the Threads view and deadlock reports.
    struct ThreadInfo
    {
        std::uint32_t id = 0; // 1, 2, ... in creation order
        trace::StrId name = 0; // its logical thread: "host1.t1"
        const void *owner = nullptr; // the DriverHost
        State state = State::Starting;
        std::string waitingOn; // "Sleep(100)", "thread host1.t1", while Waiting
        std::optional<std::int64_t> wakeAt; // ns, virtual time: a wait's timeout
    };

    // Makes a thread that runs body(context) once the baton first reaches it: the task that
    // resumes it is posted now. exit is where terminate() sends it (never returns; a host jumps
    // to the thread's entry). Returns its id.
    std::uint32_t spawn(trace::StrId name, const void *owner, std::function<void()> body,
        std::function<void()> exitHook);
    // The same, but the new thread runs at once, inside the calling task, as if that task were
    // its own: for a thread-pool thread taking work the task hands it (a timer's callback, a
    // work item), so that the work runs where the task stood in the scheduler's order. Returns
    // when the thread first waits (parks) or ends.
    std::uint32_t spawnNow(trace::StrId name, const void *owner, std::function<void()> body,
        std::function<void()> exitHook);
    // A parked thread whose wait is over (its acquire holds) runs at once, inside the calling
    // task, until it waits again or ends; false, and nothing happens, when it is not parked or
    // its wait is not over. For an idle pool thread given new work.
    bool resumeNow(std::uint32_t id);

    enum class WaitOutcome { Acquired, TimedOut, Stuck };
    // Waits until acquire() holds (it is called with the baton and takes what it waits for: an
    // auto-reset event's signal, a semaphore's count), until the deadline (ns, virtual time;
    // nullopt: none) passes, or until the wait can go no further (Stuck: nothing is due and no
    // thread can run, or virtual time would pass the limit — see setLimit). what names it for
    // the Threads view and reports. A parked thread that its host terminates meanwhile never
    // returns from here (its exit hook runs).
    // blocked: the logical thread whose tasks stay queued while it waits (nested waits only):
    // by default the calling one; 0 for a wait whose own completion comes on its thread (an
    // application's synchronous I/O is completed on the application's thread).
    WaitOutcome wait(const std::function<bool()> &acquire, std::optional<std::int64_t> deadline,
        std::string what, std::optional<trace::StrId> blocked = std::nullopt);

    // How far virtual time may run in waits (ns, absolute): set by whoever starts an operation a
    // person waits for (an action), cleared with nullopt. Without it the outermost wait sets
    // now + defaultLimit for its own duration.
    void setLimit(std::optional<std::int64_t> limit) { m_limit = limit; }
    std::optional<std::int64_t> limit() const { return m_limit; }
    void setDefaultLimit(std::int64_t ns) { m_defaultLimit = ns; }
    // Wall-clock time a thread may hold the baton without giving it back before the watchdog
    // reports it (onSpinning) and takes the baton back.
    void setSpinLimit(std::chrono::milliseconds limit) { m_spinLimit = limit; }
    void setSpinningHandler(std::function<void(const ThreadInfo &)> handler)
    {
        m_onSpinning = std::move(handler);
    }

    // Called before a wait lets virtual time jump (nothing is due before `to`), with the world
    // lock held: the explorer's real-time clock sleeps there until the wall clock has caught up,
    // so a driver's Sleep(100) takes 100 ms for the person watching too. Unset: time jumps at once.
    using Pacer = std::function<void(std::int64_t fromNs, std::int64_t toNs)>;
    void setPacer(Pacer pacer) { m_pacer = std::move(pacer); }

    // Where to ask whether a person has the simulation stopped (the Tracer's gate, the debugger):
    // the spin watchdog does not fire meanwhile. Set once, before the simulation runs.
    void setGateSource(const Tracer *tracer) { m_gateSource = tracer; }

    // The thread the calling OS thread runs own code of (its logical thread is current), or
    // nullptr: then a wait runs the scheduler instead of parking.
    Thread *parkable() const;
    // The driver thread whose OS thread this is, whatever it runs now; nullptr on others.
    static Thread *self();
    static std::uint32_t idOf(const Thread &t);
    static trace::StrId nameOf(const Thread &t);
    static const void *ownerOf(const Thread &t);

    // Ends a parked or not yet started thread (its host terminated): it runs its exit hook.
    void terminate(std::uint32_t id);
    void terminateOwnedBy(const void *owner);
    void terminateAll();

    std::vector<ThreadInfo> threads() const;
    std::size_t waitingDepth() const { return m_waitDepth; } // nested scheduler waits open now

private:
    static void beforeTask(void *self);
    void wakeReady();
    void resumeIf(std::uint32_t id, std::uint64_t generation, State state, WaitOutcome outcome);
    void resume(Thread &t, WaitOutcome outcome);
    Thread &create(trace::StrId name, const void *owner, std::function<void()> body,
        std::function<void()> exitHook);
    void handOver(Thread &t);
    void park(Thread &t);
    bool stoppedByAPerson() const;
    void finished(Thread &t);
    void jumpTo(std::int64_t t);
    WaitOutcome waitNested(const std::function<bool()> &acquire,
        std::optional<std::int64_t> deadline, trace::StrId blocked);
    Thread *find(std::uint32_t id);

    Scheduler &m_scheduler;
    WorldLock &m_lock;
    mutable std::mutex m_mutex; // guards every Thread's turn flag, and a runaway thread's end
    std::list<std::unique_ptr<Thread>> m_threads; // creation order; ended ones are removed
    std::vector<Thread *> m_waiting; // parked in wait(), in the order they parked
    std::uint32_t m_nextId = 1;
    std::optional<std::int64_t> m_limit;
    std::int64_t m_defaultLimit = 30'000'000'000; // ns
    std::size_t m_waitDepth = 0;
    std::chrono::milliseconds m_spinLimit { 10000 };
    std::function<void(const ThreadInfo &)> m_onSpinning;
    const Tracer *m_gateSource = nullptr; // not owned
    Pacer m_pacer;
};

} // namespace umdfx
