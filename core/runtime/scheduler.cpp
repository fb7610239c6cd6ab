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

bool Scheduler::runOne(trace::StrId blocked)
{
    // The earliest due task not on the blocked thread; skipped ones go back unchanged.
    std::vector<Entry> skipped;
    bool ran = false;
    while (hasDueTasks()) {
        Entry e = m_queue.top();
        m_queue.pop();
        if (blocked && e.thread == blocked) {
            skipped.push_back(std::move(e));
            continue;
        }
        for (auto &s : skipped)
            m_queue.push(std::move(s));
        skipped.clear();
        ThreadScope scope(*this, e.thread);
        e.task();
        ran = true;
        break;
    }
    for (auto &s : skipped)
        m_queue.push(std::move(s));
    return ran;
}

std::size_t Scheduler::runUntilIdle()
{
    std::size_t n = 0;
    while (runOne())
        ++n;
    return n;
}

bool Scheduler::runUntil(const std::function<bool()> &done, trace::StrId blocked)
{
    while (!done()) {
        if (!runOne(blocked))
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
