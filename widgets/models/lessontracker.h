#pragma once

#include "core/teaching/lesson.h"
#include "core/teaching/lessonprogress.h"

#include <QObject>
#include <QString>
#include <QTimer>

#include <memory>
#include <optional>
#include <vector>

namespace umdfx::gui {

class LessonStepModel;
class SimulationBridge;
struct ActionResult;

// The guided lessons in the explorer (issue "Teaching"; resources/lessons/, docs/teaching.md):
// the embedded lessons, the one being taken, and the watching of the live trace that ticks its
// steps off (teaching::LessonProgress, the same contract the headless lesson tests use).
//
// Starting a lesson loads its scenario into the bridge; once that simulation runs, the first
// step watches its records. A step's action is performed either here (doAction(): the line goes
// through the bridge like any other GUI action, so it lands in the Actions dock and a copied
// script) or by the learner with the explorer's own widgets: an action that finishes with the
// same canonical line as the step's counts as the step's action, its records from the line's
// first record on. A simulation the lesson did not start (another scenario opened, the
// simulation reset) ends the lesson, with the reason in lessonStopped().
//
// Threads: GUI thread. Ownership: the bridge is not owned; owns the step model and the progress.
class LessonTracker : public QObject
{
    Q_OBJECT
public:
    explicit LessonTracker(SimulationBridge *bridge, QObject *parent = nullptr);
    ~LessonTracker() override;

    // The embedded lessons, in the order they are meant to be taken. Empty with loadError() set
    // when one of them does not load (a build defect the teaching tests catch first).
    const std::vector<teaching::Lesson> &lessons() const { return m_lessons; }
    QString loadError() const { return m_loadError; }

    // Loads lesson `index`'s scenario and starts at its first step; "" when it started, else why
    // not (and nothing changes).
    QString start(int index);
    // Ends the lesson being taken (the simulation keeps running).
    void stop();
    bool isActive() const { return m_progress.has_value(); }
    // The lesson is loading its scenario: no step is watched yet.
    bool isStarting() const { return m_starting; }
    int currentLesson() const { return m_current; } // -1 when none
    const teaching::LessonProgress *progress() const { return m_progress ? &*m_progress : nullptr; }
    LessonStepModel *stepModel() const { return m_steps; }

    // Performs the current step's action through the bridge; false when it has none, it was
    // performed already, or the bridge refused it.
    bool doAction();
    // On to the next step (allowed whether or not this one is complete).
    void nextStep();
    // Reads what the simulation has recorded since the last look (the timer does it too).
    void poll();

Q_SIGNALS:
    // Something the panel shows changed: the lesson, the step, a tick, the action's state.
    void changed();
    // The step just became complete (every expected record seen, nothing forbidden).
    void stepCompleted(int step);
    void lessonFinished(int lesson);
    void lessonStopped(const QString &reason);

private:
    void onSessionStarted();
    void onActionFinished(const ActionResult &result);
    void refresh(bool ticksChanged);

    SimulationBridge *m_bridge; // not owned
    std::vector<teaching::Lesson> m_lessons;
    QString m_loadError;
    int m_current = -1;
    bool m_starting = false; // the lesson's scenario is being loaded
    bool m_ownSession = false; // sessionStarted is the lesson's own load
    quint64 m_actionTicket = 0; // the step's action as doAction() submitted it
    bool m_wasComplete = false;
    std::optional<teaching::LessonProgress> m_progress;
    std::shared_ptr<const trace::TraceStore> m_store; // the lesson's simulation's
    LessonStepModel *m_steps = nullptr;
    QTimer m_poll;
};

} // namespace umdfx::gui
