#pragma once

#include "core/trace/stringtable.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <string_view>
#include <vector>

namespace umdfx {

class DriverHost;
struct World;

// The thread pool of a simulated WUDFHost: where timer-queue callbacks, QueueUserWorkItem
// functions and IWDFWorkItems that are not serialized with the device run. Its threads are real
// threads of the world's CooperativeThreads ("host1.pool", then "host1.pool2", ... when every
// one is busy), so pool work that waits parks its own thread, as on Windows, instead of
// stacking the wait on the simulation's: a callback that then waits for the pool work to go on
// is no deadlock. A thread that finishes its work stays, idle, for the next.
//
// The work runs at once, inside the task that hands it over (its place in the scheduler's
// order is the task's), until it ends or first waits.
//
// Threads: called with the baton. Owned by its DriverHost; its threads end with the host's
// (CooperativeThreads::terminateOwnedBy, terminateAll).
class HostThreadPool
{
public:
    explicit HostThreadPool(DriverHost &host);
    ~HostThreadPool();
    HostThreadPool(const HostThreadPool &) = delete;
    HostThreadPool &operator=(const HostThreadPool &) = delete;

    // Runs work on an idle pool thread, or on a new one. work runs with this host current and
    // the world lock free: it enters the host itself (DriverHost::contain). Nothing runs once the
    // host has failed.
    void run(std::function<void()> work);

    // What an idle pool thread waits on, as the Threads view and deadlock reports show it.
    static constexpr std::string_view kIdle = "work (an idle thread-pool thread)";

    std::size_t threadCount() const { return m_workers.size(); }

private:
    struct Worker
    {
        HostThreadPool *pool = nullptr;
        std::uint32_t id = 0; // its CooperativeThreads id
        trace::StrId name = 0;
        std::function<void()> work; // handed over, not yet taken
        std::function<void()> running; // taken, being run
        bool idle = false; // parked, waiting for work
    };
    // A pool thread's life: take the work, run it, wait idle for the next; its host's end
    // jumps out of it.
    void serve(Worker &w);

    DriverHost &m_host;
    World &m_world;
    std::vector<std::unique_ptr<Worker>> m_workers; // creation order
};

} // namespace umdfx
