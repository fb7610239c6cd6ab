#include "core/runtime/scheduler.h"

#include <algorithm>

namespace umdfx {

void Scheduler::post(trace::StrId thread, Task task, std::int64_t delayNs)
{
    // Saturated: a huge delay (a timer period near 2^32 ms late in a long run, a caller's bug)
    // makes a task that never runs, not a due time in the past.
    m_queue.push(Entry {
        addSaturated(m_now, delayNs > 0 ? delayNs : 0), m_nextOrder++, thread, std::move(task) });
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
    const auto beforeTheEnd = [](std::int64_t due) {
        return due <= kMaxVirtualTimeNs ? std::optional<std::int64_t>(due) : std::nullopt;
    };
    if (m_blocked.empty())
        return m_queue.empty() ? std::nullopt : beforeTheEnd(m_queue.top().due);
    // Rare (a wait found nothing due): a copy is simpler than popping and pushing back.
    auto copy = m_queue;
    while (!copy.empty()) {
        if (!isBlocked(copy.top().thread))
            return beforeTheEnd(copy.top().due);
        copy.pop();
    }
    return std::nullopt;
}

std::size_t Scheduler::runUntilIdle()
{
    std::size_t n = 0;
    while (!stopRequested() && runOne())
        ++n;
    return n;
}

bool Scheduler::runUntil(const std::function<bool()> &done, trace::StrId blocked)
{
    BlockedScope scope(*this, blocked);
    while (!done()) {
        if (stopRequested() || !runOne())
            return done();
    }
    return true;
}

void Scheduler::advance(std::int64_t ns)
{
    // A wait inside a task may have jumped time past the end meanwhile: time never goes back.
    const std::int64_t end = std::min(addSaturated(m_now, ns > 0 ? ns : 0), kMaxVirtualTimeNs);
    runUntilIdle();
    while (!stopRequested() && !m_queue.empty() && m_queue.top().due <= end) {
        m_now = std::max(m_now, m_queue.top().due);
        runUntilIdle();
    }
    if (stopRequested())
        return; // the run ends here: time stays where the last task ran
    m_now = std::max(m_now, end);
    runUntilIdle();
}

} // namespace umdfx
