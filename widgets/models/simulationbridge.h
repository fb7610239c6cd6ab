#pragma once

#include "widgets/models/actionresult.h"
#include "widgets/models/debugstop.h"

#include "core/host/debugger.h"
#include "core/scenario/scenario.h"
#include "core/simulation/snapshot.h"
#include "core/trace/tracestore.h"

#include <QObject>
#include <QString>

#include <atomic>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

class QThread;

namespace umdfx::gui {

class SimulationWorker;
struct LiveSession;

// The GUI's only way to the simulated world (DESIGN.md "Threading": the GUI never touches the
// world). A worker thread owns the simulation (an InteractiveSession); the GUI sends it action
// LINES in the action language, and it answers each with an ActionResult and, whenever the
// device tree or a handle table changed, publishes an immutable DeviceTreeSnapshot. The trace
// store is shared with the GUI for lock-free reading (TraceStore's rules).
//
// Virtual time: by default virtual time follows real time (50 ms ticks, capped at 1 s a tick), so
// that drivers' timers fire while a person watches; setRealTimeClock(false) freezes it for
// deterministic tests and for stepping. The time the clock makes is owed to the simulation and
// paid as a recorded `advance` action line — before the next action line runs, or every 500 ms
// while a timer waits — so that a capture replays with the same virtual times (umdfctl replay,
// ReplaySession). It never runs while the debugger holds the simulation stopped.
//
// Debugging (issue "Teaching"): every simulation runs with a Debugger as its Tracer's gate. The
// commands (pause, step, stepOver, resume, runToRecord) go straight to it from the GUI thread; a
// stop blocks the worker thread — which holds the world lock meanwhile — and is reported by
// `stopped` with the pending call and a snapshot taken at the stop, so the GUI never needs the
// world while it waits. Loading, resetting or destroying releases a stopped simulation first.
// The breakpoints are the bridge's and apply to every simulation it starts.
//
// A bad line from any GUI field is refused by submit() with a message (actionRejected) and
// changes nothing; checkLine() lets a field check its text before it offers to run it.
//
// Threads: create, call and destroy on the GUI thread; every signal is emitted there. The worker
// thread is started in the constructor and stopped (after the action it is running) by the
// destructor. Ownership: owns the worker and, through it, the simulation; hands out shared
// pointers to immutable state only.
class SimulationBridge : public QObject
{
    Q_OBJECT
public:
    explicit SimulationBridge(QObject *parent = nullptr);
    ~SimulationBridge() override;

    // Loads and validates a scenario here, then builds and powers it on in the worker; the
    // returned message ("file:line:col: what") is non-empty when the text is not a scenario, and
    // then nothing changes. Actions still queued for the previous simulation are dropped.
    QString loadScenario(const QByteArray &text, const QString &fileName);
    QString loadScenarioFile(const QString &path);
    QString loadEmbeddedScenario(const QString &name); // "default", "consumer", ...
    // Builds the current scenario afresh: a new trace, the devices started again.
    void resetSimulation();
    // The same, with the debugger armed before the devices start: paused at the first callback,
    // or running until the trace holds `records` records.
    void restartPaused();
    void restartAndRunToRecord(qint64 records);
    QString scenarioName() const { return m_scenarioName; }
    QString scenarioDescription() const { return m_scenarioDescription; }
    QString scenarioFile() const { return m_scenarioFile; } // "embedded:default" or a path
    QByteArray scenarioText() const { return m_scenarioText; } // the file's exact bytes
    const scenario::Scenario &scenario() const { return m_scenario; }

    // "" when the line parses; else "column N: what is wrong".
    static QString checkLine(const QString &line);
    // Queues a line; returns its ticket, or 0 when it was refused (and actionRejected emitted).
    quint64 submit(const QString &line);
    int pendingCount() const;
    // Drops every queued line that has not started (each reported as cancelled).
    void cancelPending();

    void setRealTimeClock(bool on);
    bool isRealTimeClock() const { return m_realTime; }

    // Breakpoints, in the words of Debugger::parseBreakpoint ("OnWrite", "device:ROOT\ECHO\0000",
    // "finding", "finding:V5"). A text that is not a breakpoint is refused with its reason
    // ("breakpoint 2: ...") and nothing changes; "" when they apply (to this simulation and
    // every later one).
    QString setBreakpoints(const QStringList &texts);
    QStringList breakpoints() const { return m_breakpointTexts; }
    static QString checkBreakpoint(const QString &text);

    // Stop before the next framework->driver callback.
    void pause();
    // From a stop: deliver the pending callback and stop before the next one (nested or not).
    void step();
    // From a stop: deliver it and everything it causes; stop at the next callback once it returned.
    void stepOver();
    // Run on until a breakpoint.
    void resume();
    // Run on until the trace holds `records` records: stop just before record `records` is
    // recorded. "" when armed; a message (and nothing changes) when that record exists already.
    QString runToRecord(qint64 records);
    DebugState debugState() const { return m_debugState; }
    DebugStop currentStop() const { return m_stop; } // invalid unless Stopped

    std::shared_ptr<const DeviceTreeSnapshot> snapshot() const { return m_snapshot; }
    std::shared_ptr<const trace::TraceStore> traceStore() const { return m_store; }
    qint64 virtualTimeNs() const { return m_virtualTime; }
    bool hasSession() const { return m_store != nullptr; }

Q_SIGNALS:
    // A new simulation runs: traceStore() is its store (models switch to it). Emitted before its
    // devices start, so that a stop during the start-up shows the records made so far.
    void sessionStarted();
    // Its devices have started (Simulation::powerOn() returned): it waits for action lines.
    void poweredOn();
    void sessionFailed(const QString &message);
    void snapshotChanged();
    void actionFinished(const umdfx::gui::ActionResult &result);
    void actionRejected(const QString &line, const QString &message);
    void pendingCountChanged(int pending);
    void virtualTimeChanged(qint64 ns);
    // The simulation stopped (the snapshot of that moment was published just before).
    void stopped(const umdfx::gui::DebugStop &stop);
    void debugStateChanged(umdfx::gui::DebugState state);

private:
    friend class SimulationWorker;
    struct Command
    {
        quint64 ticket = 0;
        QString line;
    };
    // The command queue between the GUI thread and the worker.
    struct Queue
    {
        mutable std::mutex mutex;
        std::deque<Command> commands; // guarded by mutex
        // The GUI wants the worker back (a pause, the clock turned off, the end): a wait paced
        // by the real-time clock stops sleeping and lets time jump.
        std::atomic<bool> stopPacing { false };
    };

    QString launch(const QByteArray &text, const QString &fileName,
        const std::function<void(Debugger &)> &arm);
    void onSessionStarted(
        std::shared_ptr<LiveSession> session, std::shared_ptr<const DeviceTreeSnapshot> snapshot);
    void onStopped(const DebugStop &stop, std::shared_ptr<const DeviceTreeSnapshot> snapshot,
        const LiveSession *session);
    void onSnapshot(std::shared_ptr<const DeviceTreeSnapshot> snapshot);
    void onActionFinished(const ActionResult &result);
    void onVirtualTime(qint64 ns);
    void kickWorker();
    void setDebugState(DebugState state);
    // The next simulation's debugger, with the breakpoints; a stopped one is let go first.
    std::shared_ptr<Debugger> nextDebugger();
    void releaseCurrentDebugger();

    std::shared_ptr<Queue> m_queue;
    QThread *m_thread = nullptr; // owned (a child)
    SimulationWorker *m_worker = nullptr; // lives on m_thread; deleted when it finishes
    std::shared_ptr<const DeviceTreeSnapshot> m_snapshot;
    std::shared_ptr<const trace::TraceStore> m_store;
    std::shared_ptr<LiveSession> m_session; // the running one: its debugger takes the commands
    std::shared_ptr<Debugger> m_pendingDebugger; // armed for the session being started
    QString m_scenarioName, m_scenarioDescription, m_scenarioFile;
    QByteArray m_scenarioText;
    scenario::Scenario m_scenario;
    QStringList m_breakpointTexts;
    std::vector<Debugger::Breakpoint> m_breakpoints;
    DebugState m_debugState = DebugState::Running;
    DebugStop m_stop;
    quint64 m_nextTicket = 1;
    qint64 m_virtualTime = 0;
    bool m_realTime = true;
};

} // namespace umdfx::gui
