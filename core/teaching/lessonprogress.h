#pragma once

#include "core/teaching/lesson.h"
#include "core/trace/tracestore.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace umdfx::teaching {

// Walks a learner through a lesson by watching the trace: for the current step it examines the
// records appended since the step's window began and ticks off each expected record as it
// appears (in order, unless the step says otherwise), and notices a record the step says must
// not appear. The Lessons dock drives it; the lesson tests drive it the same way headless:
//
//     LessonProgress progress(lesson, firstRecord); // the scenario's records start there
//     // for each step:
//     if (progress.awaitingAction()) {           // the step has an action: "Do it"
//         progress.actionStarted(store.size());  // its records start here
//         perform(progress.step()->actionLine);  // through the action bridge / ActionRunner
//     }
//     progress.update(store);                    // again on every batch of new records
//     if (progress.stepComplete()) ...           // all ticked, nothing forbidden seen
//     progress.advance();                        // the learner moves on (allowed any time)
//
// Windows: an action step watches from actionStarted() on, so records that happen while the
// learner reads (a timer's events) cannot tick it. A "just look" step (no action) looks at the
// records of the last action performed, or of the start-up (from firstRecord) before any: it
// points out what the learner has just caused. Only calls and events match (returns repeat the
// call's name); matching compares interned ids, so update() costs one comparison per record.
//
// Threads: not thread-safe; one thread (the GUI's) calls every member. update() reads the store,
// which the simulation may append to at the same time (TraceStore allows readers during appends;
// only records below size() are read). Ownership: keeps its own copy of the lesson; refers to no
// store between calls.
class LessonProgress
{
public:
    explicit LessonProgress(Lesson lesson, std::size_t firstRecord = 0);

    const Lesson &lesson() const { return m_lesson; }
    std::size_t stepIndex() const { return m_step; } // == lesson().steps.size() when finished
    bool finished() const { return m_step >= m_lesson.steps.size(); }
    const LessonStep *step() const { return finished() ? nullptr : &m_lesson.steps[m_step]; }

    // The current step has an action the learner has not performed yet: nothing is watched.
    bool awaitingAction() const { return !finished() && !m_window; }
    // The learner performs the current step's action now; its records start at firstRecord (the
    // store's size just before the action is sent). Ignored unless awaitingAction().
    void actionStarted(std::size_t firstRecord);

    // Examines the records the store has published since the last call (from the window's start
    // the first time). Returns true when a tick changed.
    bool update(const trace::TraceStore &store);

    struct Tick
    {
        std::string name; // "IQueueCallbackCreate::OnCreateFile"
        bool seen = false; // expected: ticked off; absent: the forbidden record appeared
        std::uint64_t seq = 0; // the record that did it (valid when seen)
    };
    const std::vector<Tick> &expected() const { return m_expected; } // in the step's order
    const std::vector<Tick> &absent() const { return m_absent; }
    // Every expected record seen, no forbidden one. A step with an unperformed action is not.
    bool stepComplete() const;
    // The first record the current step watches (nullopt while awaiting its action).
    std::optional<std::size_t> windowStart() const { return m_window; }

    // Moves to the next step (or past the last: finished()). The learner may skip a step that is
    // not complete.
    void advance();

private:
    void enterStep();
    bool examine(const trace::TraceRecord &r);

    Lesson m_lesson;
    std::size_t m_step = 0;
    std::size_t m_lastActionStart; // where the last performed action's records began
    std::optional<std::size_t> m_window; // the current step's first record
    std::size_t m_cursor = 0; // next record to examine
    std::vector<Tick> m_expected, m_absent;
    // Interned (interface, method) of each tick, parallel to m_expected / m_absent.
    std::vector<std::pair<trace::StrId, trace::StrId>> m_expectedIds, m_absentIds;
    std::size_t m_nextInOrder = 0; // in-order steps: the first expectation not yet seen
};

} // namespace umdfx::teaching
