#include "core/runtime/cooperativethreads.h"

#include "core/runtime/tracer.h"

#include <algorithm>

namespace umdfx {

struct CooperativeThreads::Thread
{
    std::uint32_t id = 0;
    trace::StrId name = 0;
    const void *owner = nullptr;
    State state = State::Starting;
    std::function<void()> body;
    std::function<void()> exitHook;

    // While Waiting: what ends the wait, until when, and which park this is (a timeout task of an
    // earlier park finds another generation and does nothing).
    std::function<bool()> acquire;
    std::optional<std::int64_t> wakeAt;
    std::string waitingOn;
    std::uint64_t generation = 0;
    WaitOutcome outcome = WaitOutcome::Acquired;
    bool terminating = false;
    bool runaway = false; // the watchdog took the baton back: it is no longer ours

    bool turn = false; // guarded by CooperativeThreads::m_mutex: this thread may run
    std::condition_variable cv;
    std::thread os;
};

namespace {
thread_local CooperativeThreads::Thread *t_self = nullptr;
}

CooperativeThreads::CooperativeThreads(Scheduler &scheduler, WorldLock &lock)
    : m_scheduler(scheduler)
    , m_lock(lock)
{
    m_scheduler.setBeforeTask(&CooperativeThreads::beforeTask, this);
}

CooperativeThreads::~CooperativeThreads()
{
    terminateAll();
    // A runaway thread that ended since is joined; one still running driver code we no longer
    // control is let go (the process is ending, or the world it would touch is).
    for (auto &t : m_threads) {
        if (!t->os.joinable())
            continue;
        bool ended = false;
        {
            std::lock_guard lock(m_mutex);
            ended = t->state == State::Ended;
        }
        if (ended)
            t->os.join();
        else
            t->os.detach();
    }
    m_scheduler.setBeforeTask(nullptr, nullptr);
}

CooperativeThreads::Thread *CooperativeThreads::self()
{
    return t_self;
}

std::uint32_t CooperativeThreads::idOf(const Thread &t)
{
    return t.id;
}

trace::StrId CooperativeThreads::nameOf(const Thread &t)
{
    return t.name;
}

const void *CooperativeThreads::ownerOf(const Thread &t)
{
    return t.owner;
}

CooperativeThreads::Thread *CooperativeThreads::parkable() const
{
    Thread *t = t_self;
    return t && m_scheduler.currentThread() == t->name ? t : nullptr;
}

CooperativeThreads::Thread *CooperativeThreads::find(std::uint32_t id)
{
    for (auto &t : m_threads) {
        if (t->id == id)
            return t.get();
    }
    return nullptr;
}

CooperativeThreads::Thread &CooperativeThreads::create(trace::StrId name, const void *owner,
    std::function<void()> body, std::function<void()> exitHook)
{
    auto owned = std::make_unique<Thread>();
    Thread &t = *owned;
    t.id = m_nextId++;
    t.name = name;
    t.owner = owner;
    t.body = std::move(body);
    t.exitHook = std::move(exitHook);
    t.state = State::Ready;
    m_threads.push_back(std::move(owned));
    t.os = std::thread([this, &t] {
        t_self = &t;
        {
            std::unique_lock lock(m_mutex);
            t.cv.wait(lock, [&] { return t.turn; });
        }
        // The baton is ours; the world lock is free (the resumer gave it back).
        if (!t.terminating) {
            try {
                t.body(); // returns also when the exit hook ended it (a host jumps back here)
            } catch (...) {
                // An exit hook may end the thread by throwing instead; nothing else escapes a
                // host's thread entry (it contains crashes).
            }
        }
        finished(t);
    });
    return t;
}

std::uint32_t CooperativeThreads::spawn(trace::StrId name, const void *owner,
    std::function<void()> body, std::function<void()> exitHook)
{
    const std::uint32_t id = create(name, owner, std::move(body), std::move(exitHook)).id;
    m_scheduler.post(name, [this, id] { resumeIf(id, 0, State::Ready, WaitOutcome::Acquired); });
    return id;
}

std::uint32_t CooperativeThreads::spawnNow(trace::StrId name, const void *owner,
    std::function<void()> body, std::function<void()> exitHook)
{
    Thread &t = create(name, owner, std::move(body), std::move(exitHook));
    const std::uint32_t id = t.id;
    const Scheduler::ThreadScope scope(m_scheduler, name);
    resume(t, WaitOutcome::Acquired); // t may be gone after (it ended)
    return id;
}

bool CooperativeThreads::resumeNow(std::uint32_t id)
{
    Thread *t = find(id);
    if (!t || t->state != State::Waiting || !t->acquire || !t->acquire())
        return false;
    std::erase(m_waiting, t);
    ++t->generation; // a timeout task of this wait does nothing now
    const Scheduler::ThreadScope scope(m_scheduler, t->name);
    resume(*t, WaitOutcome::Acquired);
    return true;
}

void CooperativeThreads::finished(Thread &t)
{
    // Runs on t's OS thread, with the baton: give it back for good.
    std::lock_guard lock(m_mutex);
    t.state = State::Ended;
    t.turn = false;
    t.cv.notify_all();
}

void CooperativeThreads::beforeTask(void *self)
{
    static_cast<CooperativeThreads *>(self)->wakeReady();
}

void CooperativeThreads::wakeReady()
{
    // In the order they parked: the first waiter of an auto-reset event is the one it releases.
    for (std::size_t i = 0; i < m_waiting.size();) {
        Thread &t = *m_waiting[i];
        if (!t.acquire || !t.acquire()) {
            ++i;
            continue;
        }
        m_waiting.erase(m_waiting.begin() + static_cast<std::ptrdiff_t>(i));
        t.state = State::Ready;
        const std::uint32_t id = t.id;
        const std::uint64_t generation = t.generation;
        m_scheduler.post(t.name, [this, id, generation] {
            resumeIf(id, generation, State::Ready, WaitOutcome::Acquired);
        });
    }
}

void CooperativeThreads::resumeIf(
    std::uint32_t id, std::uint64_t generation, State state, WaitOutcome outcome)
{
    // By id: a task may come up after its thread ended (terminated) and was removed.
    Thread *t = find(id);
    if (!t || t->generation != generation || t->state != state)
        return;
    if (state == State::Waiting)
        std::erase(m_waiting, t);
    resume(*t, outcome);
}

void CooperativeThreads::resume(Thread &t, WaitOutcome outcome)
{
    if (t.state == State::Ended || t.runaway)
        return;
    t.state = State::Running;
    t.outcome = outcome;
    t.acquire = nullptr;
    t.wakeAt.reset();
    t.waitingOn.clear();
    handOver(t);
}

void CooperativeThreads::handOver(Thread &t)
{
    // Nothing of ours is held while another thread runs: the world lock goes with the baton.
    const std::size_t depth = m_lock.heldByThisThread();
    m_lock.releaseTo(0);
    bool spinning = false;
    {
        std::unique_lock lock(m_mutex);
        t.turn = true;
        t.cv.notify_all();
        while (!t.cv.wait_for(lock, m_spinLimit, [&] { return !t.turn; }) && stoppedByAPerson()) {
            // Stopped in the debugger: the thread is not spinning, a person is looking.
        }
        if (t.turn) {
            // The watchdog: it never reached a switch point. It keeps its OS thread (nothing can
            // stop it), but no longer the baton.
            t.turn = false;
            t.runaway = true;
            spinning = true;
        }
    }
    for (std::size_t i = 0; i < depth; ++i)
        m_lock.lock();
    if (spinning) {
        if (m_onSpinning) {
            ThreadInfo info;
            info.id = t.id;
            info.name = t.name;
            info.owner = t.owner;
            info.state = t.state;
            m_onSpinning(info);
        }
        return;
    }
    if (t.state == State::Ended) {
        if (t.os.joinable())
            t.os.join();
        m_threads.remove_if([&](const std::unique_ptr<Thread> &p) { return p.get() == &t; });
    }
}

bool CooperativeThreads::stoppedByAPerson() const
{
    const CallGate *gate = m_gateSource ? m_gateSource->gate() : nullptr;
    return gate && gate->isHolding();
}

void CooperativeThreads::park(Thread &t)
{
    const std::size_t depth = m_lock.heldByThisThread();
    m_lock.releaseTo(0);
    {
        std::unique_lock lock(m_mutex);
        t.turn = false;
        t.cv.notify_all();
        t.cv.wait(lock, [&] { return t.turn; });
    }
    for (std::size_t i = 0; i < depth; ++i)
        m_lock.lock();
    if (t.terminating) {
        if (t.exitHook)
            t.exitHook(); // a host jumps to the thread's entry from here
        throw Terminated {}; // else it unwinds there (the thread's entry catches it)
    }
}

CooperativeThreads::WaitOutcome CooperativeThreads::wait(const std::function<bool()> &acquire,
    std::optional<std::int64_t> deadline, std::string what, std::optional<trace::StrId> blocked)
{
    if (acquire())
        return WaitOutcome::Acquired;
    Thread *t = parkable();
    if (!t)
        return waitNested(acquire, deadline, blocked.value_or(m_scheduler.currentThread()));
    // A deadline already passed (Sleep(0)) still parks: the thread goes behind what is due.
    t->state = State::Waiting;
    t->acquire = acquire;
    t->wakeAt = deadline;
    t->waitingOn = std::move(what);
    const std::uint64_t generation = ++t->generation;
    m_waiting.push_back(t);
    if (deadline) {
        const std::uint32_t id = t->id;
        m_scheduler.post(
            t->name,
            [this, id, generation] {
                resumeIf(id, generation, State::Waiting, WaitOutcome::TimedOut);
            },
            *deadline - m_scheduler.now());
    }
    park(*t);
    return t->outcome;
}

CooperativeThreads::WaitOutcome CooperativeThreads::waitNested(const std::function<bool()> &acquire,
    std::optional<std::int64_t> deadline, trace::StrId blockedThread)
{
    // The outermost wait without a limit set by an operation gets the default from now.
    const bool ownLimit = !m_limit && m_waitDepth == 0;
    if (ownLimit)
        m_limit = m_scheduler.after(m_defaultLimit);
    ++m_waitDepth;
    struct Leave
    {
        CooperativeThreads &self;
        bool ownLimit;
        ~Leave()
        {
            --self.m_waitDepth;
            if (ownLimit)
                self.m_limit.reset();
        }
    } leave { *this, ownLimit };
    Scheduler::BlockedScope blocked(m_scheduler, blockedThread);
    for (;;) {
        if (acquire())
            return WaitOutcome::Acquired;
        if (m_scheduler.runOneUnblocked())
            continue;
        // Nothing due now: every thread is blocked, so time jumps to the next thing that is.
        const std::optional<std::int64_t> next = m_scheduler.nextDue();
        if (deadline && (!next || *next > *deadline)) {
            jumpTo(*deadline);
            return acquire() ? WaitOutcome::Acquired : WaitOutcome::TimedOut;
        }
        if (!next || (m_limit && *next > *m_limit))
            return WaitOutcome::Stuck;
        jumpTo(*next);
    }
}

void CooperativeThreads::jumpTo(std::int64_t t)
{
    if (m_pacer && t > m_scheduler.now())
        m_pacer(m_scheduler.now(), t);
    m_scheduler.jumpTo(t);
}

void CooperativeThreads::terminate(std::uint32_t id)
{
    Thread *t = find(id);
    if (!t || t->state == State::Ended || t->runaway || t == t_self)
        return;
    std::erase(m_waiting, t);
    t->terminating = true;
    ++t->generation; // its pending resume and timeout tasks do nothing now
    t->state = State::Running;
    handOver(*t);
}

void CooperativeThreads::terminateOwnedBy(const void *owner)
{
    std::vector<std::uint32_t> ids;
    for (const auto &t : m_threads) {
        if (t->owner == owner)
            ids.push_back(t->id);
    }
    for (const std::uint32_t id : ids)
        terminate(id);
}

void CooperativeThreads::terminateAll()
{
    std::vector<std::uint32_t> ids;
    for (const auto &t : m_threads)
        ids.push_back(t->id);
    for (const std::uint32_t id : ids)
        terminate(id);
}

std::vector<CooperativeThreads::ThreadInfo> CooperativeThreads::threads() const
{
    std::vector<ThreadInfo> out;
    for (const auto &t : m_threads) {
        ThreadInfo info;
        info.id = t->id;
        info.name = t->name;
        info.owner = t->owner;
        {
            // A runaway thread (off the baton) writes its end under the mutex.
            std::lock_guard lock(m_mutex);
            info.state = t->state;
        }
        info.waitingOn = t->waitingOn;
        info.wakeAt = t->wakeAt;
        out.push_back(std::move(info));
    }
    return out;
}

} // namespace umdfx
