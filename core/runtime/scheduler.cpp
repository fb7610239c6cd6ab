#include "core/runtime/scheduler.h"

#include <algorithm>

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

bool Scheduler::isBlocked(trace::StrId thread) const
{
    return !m_blocked.empty()
        && std::find(m_blocked.begin(), m_blocked.end(), thread) != m_blocked.end();
}

bool Scheduler::runOne()
{
    if (m_beforeTask)
        m_beforeTask(m_beforeTaskContext);
    // The earliest due task not on a blocked thread; skipped ones go back unchanged.
    std::vector<Entry> skipped;
    bool ran = false;
    while (hasDueTasks()) {
        Entry e = m_queue.top();
        m_queue.pop();
        if (isBlocked(e.thread)) {
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

std::optional<std::int64_t> Scheduler::nextDue() const
{
    if (m_blocked.empty())
        return m_queue.empty() ? std::nullopt : std::optional<std::int64_t>(m_queue.top().due);
    // Rare (a wait found nothing due): a copy is simpler than popping and pushing back.
    auto copy = m_queue;
    while (!copy.empty()) {
        if (!isBlocked(copy.top().thread))
            return copy.top().due;
        copy.pop();
    }
    return std::nullopt;
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
    BlockedScope scope(*this, blocked);
    while (!done()) {
        if (!runOne())
            return done();
    }
    return true;
}

void Scheduler::advance(std::int64_t ns)
{
    // A wait inside a task may have jumped time past the end meanwhile: time never goes back.
    const std::int64_t end = m_now + (ns > 0 ? ns : 0);
    runUntilIdle();
    while (!m_queue.empty() && m_queue.top().due <= end) {
        m_now = std::max(m_now, m_queue.top().due);
        runUntilIdle();
    }
    m_now = std::max(m_now, end);
    runUntilIdle();
}

} // namespace umdfx
