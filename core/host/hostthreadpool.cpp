#include "core/host/hostthreadpool.h"

#include "core/host/driverhost.h"

#include <string>
#include <utility>

namespace umdfx {

HostThreadPool::HostThreadPool(DriverHost &host)
    : m_host(host)
    , m_world(host.world())
{ }

HostThreadPool::~HostThreadPool() = default;

void HostThreadPool::run(std::function<void()> work)
{
    std::lock_guard lock(m_world.lock);
    if (m_host.failed())
        return;
    for (const auto &w : m_workers) {
        if (!w->idle)
            continue;
        w->work = std::move(work);
        if (m_world.threads.resumeNow(w->id))
            return;
        // Not parked after all (its thread was ended): never again; a new thread takes it.
        w->idle = false;
        work = std::exchange(w->work, nullptr);
    }
    auto owned = std::make_unique<Worker>();
    Worker &w = *owned;
    w.pool = this;
    w.name = trace::intern(m_host.name() + ".pool"
        + (m_workers.empty() ? std::string() : std::to_string(m_workers.size() + 1)));
    w.work = std::move(work);
    m_workers.push_back(std::move(owned));
    w.id = m_world.threads.spawnNow(
        w.name, &m_host,
        [&w] {
            HostThreadPool &pool = *w.pool;
            const DriverHost::Scope scope(pool.m_host);
            // As a thread the driver made: ExitThread's jump and the host's end land here.
            pool.m_host.runDriverThread(
                [](void *p) -> DWORD {
                    auto &worker = *static_cast<Worker *>(p);
                    worker.pool->serve(worker);
                    return 0;
                },
                &w);
            const std::lock_guard ended(pool.m_world.lock);
            pool.m_host.driverThreadEnded();
        },
        [&w] {
            // Idle, it is in our own code alone: the wait throws and everything unwinds (serve
            // returns). Busy in driver code, it ends as a driver's thread does: a jump to the
            // entry, no destructors run.
            if (!w.idle)
                leaveContainedRun(std::make_exception_ptr(DriverThreadExit { 0 }));
        });
}

void HostThreadPool::serve(Worker &w)
{
    for (;;) {
        // Held by the worker, not this frame: a thread its host ends while it runs driver code
        // leaves by a jump that skips this frame's destructors.
        w.running = std::exchange(w.work, nullptr);
        if (w.running)
            w.running();
        w.running = nullptr;
        const std::lock_guard lock(m_world.lock);
        w.idle = true;
        try {
            // Parks (the thread's own code is running): the task that hands it work resumes it.
            m_world.threads.wait(
                [&w] { return w.work != nullptr; }, std::nullopt, std::string(kIdle));
        } catch (const CooperativeThreads::Terminated &) {
            return; // its host ended while it was idle
        }
        w.idle = false;
    }
}

} // namespace umdfx
