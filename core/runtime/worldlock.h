#pragma once

#include <atomic>
#include <cstddef>
#include <mutex>
#include <thread>

namespace umdfx {

// The world lock (World::lock): a recursive mutex that knows how many times its owner holds it.
// That count is what a host needs when a driver crashed where C++ cannot unwind: the host's entry
// is resumed past the framework frames in between (driverfault.h runContained), and it gives back
// the holds those frames took (releaseTo) instead of leaving the world locked for ever.
//
// Threads: any. m_depth is touched only by the thread that owns the mutex; m_owner says which
// one that is, so a thread can ask for its own count without a race.
class WorldLock
{
public:
    void lock()
    {
        m_mutex.lock();
        acquired();
    }
    bool try_lock()
    {
        if (!m_mutex.try_lock())
            return false;
        acquired();
        return true;
    }
    void unlock()
    {
        if (--m_depth == 0)
            m_owner.store(std::thread::id(), std::memory_order_relaxed);
        m_mutex.unlock();
    }

    // How many times the calling thread holds the lock (0: it does not).
    std::size_t heldByThisThread() const
    {
        return m_owner.load(std::memory_order_relaxed) == std::this_thread::get_id() ? m_depth : 0;
    }
    // Gives back the calling thread's holds above depth.
    void releaseTo(std::size_t depth)
    {
        while (heldByThisThread() > depth)
            unlock();
    }

private:
    void acquired()
    {
        if (m_depth++ == 0)
            m_owner.store(std::this_thread::get_id(), std::memory_order_relaxed);
    }

    std::recursive_mutex m_mutex;
    std::atomic<std::thread::id> m_owner {};
    std::size_t m_depth = 0; // the owner's holds; read and written by the owner only
};

} // namespace umdfx
