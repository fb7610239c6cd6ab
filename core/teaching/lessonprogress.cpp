#include "core/teaching/lessonprogress.h"

#include "core/trace/stringtable.h"

#include <algorithm>

namespace umdfx::teaching {

namespace {

std::pair<trace::StrId, trace::StrId> ids(const Expectation &e)
{
    return { trace::intern(e.interfaceName), trace::intern(e.method) };
}

} // namespace

LessonProgress::LessonProgress(Lesson lesson, std::size_t firstRecord)
    : m_lesson(std::move(lesson))
    , m_lastActionStart(firstRecord)
{
    enterStep();
}

void LessonProgress::enterStep()
{
    m_expected.clear();
    m_absent.clear();
    m_expectedIds.clear();
    m_absentIds.clear();
    m_nextInOrder = 0;
    m_window.reset();
    if (finished())
        return;
    const LessonStep &s = m_lesson.steps[m_step];
    for (const auto &e : s.expect) {
        m_expected.push_back({ e.name(), false, 0 });
        m_expectedIds.push_back(ids(e));
    }
    for (const auto &e : s.absent) {
        m_absent.push_back({ e.name(), false, 0 });
        m_absentIds.push_back(ids(e));
    }
    if (!s.action) {
        // A "just look" step: the records of the last action, or of the start-up.
        m_window = m_lastActionStart;
        m_cursor = m_lastActionStart;
    }
}

void LessonProgress::actionStarted(std::size_t firstRecord)
{
    if (!awaitingAction())
        return;
    m_lastActionStart = firstRecord;
    m_window = firstRecord;
    m_cursor = firstRecord;
}

bool LessonProgress::examine(const trace::TraceRecord &r)
{
    if (r.phase == trace::Phase::Return)
        return false;
    const std::pair<trace::StrId, trace::StrId> name { r.iface, r.method };
    bool changed = false;
    for (std::size_t i = 0; i < m_absentIds.size(); ++i) {
        if (!m_absent[i].seen && m_absentIds[i] == name) {
            m_absent[i].seen = true;
            m_absent[i].seq = r.seq;
            changed = true;
        }
    }
    if (m_lesson.steps[m_step].inOrder) {
        if (m_nextInOrder < m_expected.size() && m_expectedIds[m_nextInOrder] == name) {
            m_expected[m_nextInOrder].seen = true;
            m_expected[m_nextInOrder].seq = r.seq;
            ++m_nextInOrder;
            changed = true;
        }
    } else {
        for (std::size_t i = 0; i < m_expected.size(); ++i) {
            if (!m_expected[i].seen && m_expectedIds[i] == name) {
                m_expected[i].seen = true;
                m_expected[i].seq = r.seq;
                changed = true;
                break; // one record ticks one expectation
            }
        }
    }
    return changed;
}

bool LessonProgress::update(const trace::TraceStore &store)
{
    if (finished() || !m_window)
        return false;
    bool changed = false;
    const std::size_t end = store.size();
    for (; m_cursor < end; ++m_cursor)
        changed = examine(store.at(m_cursor)) || changed;
    return changed;
}

bool LessonProgress::stepComplete() const
{
    if (finished() || !m_window)
        return false;
    const auto seen = [](const Tick &t) { return t.seen; };
    return std::all_of(m_expected.begin(), m_expected.end(), seen)
        && std::none_of(m_absent.begin(), m_absent.end(), seen);
}

void LessonProgress::advance()
{
    if (finished())
        return;
    ++m_step;
    enterStep();
}

} // namespace umdfx::teaching
