#pragma once

#include "core/trace/stringtable.h"

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <queue>
#include <vector>

namespace umdfx {

// How far virtual time may run in one world: 10^18 ns, about 31.7 years. The clock stops there
// (advance() and every jump saturate), so that a timer's due time, a wait's deadline or a watchdog
// (now + at most 2^32 ms, about 4.3 * 10^15 ns) is always far from overflowing a signed 64-bit ns
// count. A task due later never runs.
inline constexpr std::int64_t kMaxVirtualTimeNs = 1'000'000'000'000'000'000;

// t + delta in ns without overflow (saturates at the int64 limits); what every "now + timeout"
// of the simulator uses.
constexpr std::int64_t addSaturated(std::int64_t t, std::int64_t delta)
{
    std::int64_t sum = 0;
    if (__builtin_add_overflow(t, delta, &sum))
        return delta > 0 ? INT64_MAX : INT64_MIN;
    return sum;
}

// Why a run was told to end before its actions did (Scheduler::requestStop).
enum class StopReason : int {
    None = 0,
    RecordLimit, // the knob maxRecords: the trace holds that many records
    TraceFileLimit, // the capture file reached its size limit (umdfctl --max-trace-bytes)
    Interrupted, // SIGINT (Ctrl+C)
    Terminated, // SIGTERM
};

// The deterministic executor of one simulated world. Every piece of simulated concurrency (the
// host's dispatcher, the PnP manager's notification pump, completion delivery to applications)
// is a task posted here under a logical thread name; tasks run one at a time in (due time, post
// order), so the same scenario and actions always give the same trace. Virtual time only moves
// when advance() is called (or a caller waits for a timer), never by itself.
//
// Threads: owned by the world; all calls happen with the world lock held (see World).
class Scheduler
{
public:
    using Task = std::function<void()>;

    void post(trace::StrId thread, Task task, std::int64_t delayNs = 0);

    // Runs every task that is due now, including the ones they post. Returns how many ran.
    std::size_t runUntilIdle();
    // Runs due tasks until done() holds; returns done() (false: the world went idle first).
    // Tasks of `blocked` stay queued meanwhile: that logical thread is the one waiting (a host
    // blocked in a synchronous call does not run its other work re-entrantly), and so do those of
    // every thread blocked further out (waits nest on one OS stack).
    bool runUntil(const std::function<bool()> &done, trace::StrId blocked = 0);
    // Moves virtual time forward by ns, running timers in time order on the way; stops at
    // kMaxVirtualTimeNs, and early when a stop is requested (then time stays at the last task).
    void advance(std::int64_t ns);

    // Waits nest: while one is open, its logical thread's tasks stay queued (see runUntil).
    class BlockedScope
    {
    public:
        BlockedScope(Scheduler &s, trace::StrId thread)
            : m_s(s)
            , m_pushed(thread != 0)
        {
            if (m_pushed)
                s.m_blocked.push_back(thread);
        }
        ~BlockedScope()
        {
            if (m_pushed)
                m_s.m_blocked.pop_back();
        }
        BlockedScope(const BlockedScope &) = delete;
        BlockedScope &operator=(const BlockedScope &) = delete;

    private:
        Scheduler &m_s;
        bool m_pushed;
    };
    const std::vector<trace::StrId> &blockedThreads() const { return m_blocked; }
    // Runs the earliest due task of a thread that is not blocked; false when there is none.
    bool runOneUnblocked() { return runOne(); }
    // When the earliest task of a thread that is not blocked is due (ns, virtual time); nullopt
    // when there is none before the end of virtual time (kMaxVirtualTimeNs).
    std::optional<std::int64_t> nextDue() const;
    // Virtual time jumps forward to t (a wait found every thread blocked: nothing happens in
    // between). Never backwards, never past kMaxVirtualTimeNs.
    void jumpTo(std::int64_t t)
    {
        if (t > kMaxVirtualTimeNs)
            t = kMaxVirtualTimeNs;
        m_now = t > m_now ? t : m_now;
    }

    // Called before every task is picked (CooperativeThreads: wakes threads whose wait is over).
    void setBeforeTask(void (*hook)(void *), void *context)
    {
        m_beforeTask = hook;
        m_beforeTaskContext = context;
    }

    std::int64_t now() const { return m_now; } // ns, virtual time
    // now() + ns, saturated: a deadline that never overflows (a task due past kMaxVirtualTimeNs
    // never runs).
    std::int64_t after(std::int64_t ns) const { return addSaturated(m_now, ns); }
    // Virtual time passes while the world is frozen (a deadlock a watchdog ends): nothing runs.
    void stall(std::int64_t ns) { jumpTo(addSaturated(m_now, ns > 0 ? ns : 0)); }

    // Ends the run at the next task boundary: runUntilIdle(), runUntil() and advance() run no
    // further task once a stop is requested (tasks stay queued; waits, which are bounded by their
    // own limits, still run theirs). The first reason wins. Any thread may call it, a signal
    // handler too (one lock-free compare-and-swap). Cleared only by clearStop(): the record
    // limit, once raised, lets the run go on; every other stop is final.
    void requestStop(StopReason why) noexcept
    {
        int none = 0;
        m_stop.compare_exchange_strong(none, static_cast<int>(why), std::memory_order_relaxed);
    }
    // Clears a stop requested for exactly this reason (a signal that came meanwhile stays).
    void clearStop(StopReason why) noexcept
    {
        int expected = static_cast<int>(why);
        m_stop.compare_exchange_strong(expected, 0, std::memory_order_relaxed);
    }
    StopReason stopReason() const
    {
        return static_cast<StopReason>(m_stop.load(std::memory_order_relaxed));
    }
    bool stopRequested() const { return m_stop.load(std::memory_order_relaxed) != 0; }
    trace::StrId currentThread() const { return m_currentThread; }
    bool hasDueTasks() const;
    std::size_t pendingTasks() const { return m_queue.size(); }

    // Runs f as if on the given logical thread (an application's thread making a Win32 call).
    template<class F> decltype(auto) onThread(trace::StrId thread, F &&f)
    {
        ThreadScope scope(*this, thread);
        return f();
    }

    class ThreadScope
    {
    public:
        ThreadScope(Scheduler &s, trace::StrId thread)
            : m_s(s)
            , m_saved(s.m_currentThread)
        {
            s.m_currentThread = thread;
        }
        ~ThreadScope() { m_s.m_currentThread = m_saved; }
        ThreadScope(const ThreadScope &) = delete;
        ThreadScope &operator=(const ThreadScope &) = delete;

    private:
        Scheduler &m_s;
        trace::StrId m_saved;
    };

private:
    struct Entry
    {
        std::int64_t due;
        std::uint64_t order;
        trace::StrId thread;
        Task task;
    };
    struct Later
    {
        bool operator()(const Entry &a, const Entry &b) const
        {
            return a.due != b.due ? a.due > b.due : a.order > b.order;
        }
    };
    bool runOne();
    bool isBlocked(trace::StrId thread) const;

    std::priority_queue<Entry, std::vector<Entry>, Later> m_queue;
    std::uint64_t m_nextOrder = 0;
    std::int64_t m_now = 0;
    trace::StrId m_currentThread = 0;
    std::vector<trace::StrId> m_blocked; // logical threads waiting, outermost first
    void (*m_beforeTask)(void *) = nullptr;
    void *m_beforeTaskContext = nullptr;
    std::atomic<int> m_stop { 0 }; // a StopReason
    static_assert(std::atomic<int>::is_always_lock_free, "requestStop must be signal-safe");
};

} // namespace umdfx
