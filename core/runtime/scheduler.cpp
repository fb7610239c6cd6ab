#include "core/runtime/scheduler.h"

namespace umdfx {

void Scheduler::post(trace::StrId thread, Task task, std::int64_t delayNs)
{
    m_queue.push(
        Entry { m_now + (delayNs > 0 ? delayNs : 0), m_nextOrder++, thread, std::move(task) });
}

bool Scheduler::hasDueTasks() const
{
    return !m_queue.empty() && m_queue.top().due <= m_now;
}

bool Scheduler::runOne()
{
    if (!hasDueTasks())
        return false;
    // priority_queue::top() is const; the task is moved out through a copy of the entry.
    Entry e = m_queue.top();
    m_queue.pop();
    ThreadScope scope(*this, e.thread);
    e.task();
    return true;
}

std::size_t Scheduler::runUntilIdle()
{
    std::size_t n = 0;
    while (runOne())
        ++n;
    return n;
}

bool Scheduler::runUntil(const std::function<bool()> &done)
{
    while (!done()) {
        if (!runOne())
            return done();
    }
    return true;
}

void Scheduler::advance(std::int64_t ns)
{
    const std::int64_t end = m_now + (ns > 0 ? ns : 0);
    runUntilIdle();
    while (!m_queue.empty() && m_queue.top().due <= end) {
        m_now = m_queue.top().due;
        runUntilIdle();
    }
    m_now = end;
    runUntilIdle();
}

} // namespace umdfx
