#pragma once

#include "widgets/models/actionresult.h"

#include "core/simulation/snapshot.h"
#include "core/trace/tracestore.h"

#include <QObject>
#include <QString>

#include <deque>
#include <memory>
#include <mutex>

class QThread;

namespace umdfx::gui {

class SimulationWorker;

// The GUI's only way to the simulated world (DESIGN.md "Threading": the GUI never touches the
// world). A worker thread owns the simulation (an InteractiveSession); the GUI sends it action
// LINES in the action language, and it answers each with an ActionResult and, whenever the
// device tree or a handle table changed, publishes an immutable DeviceTreeSnapshot. The trace
// store is shared with the GUI for lock-free reading (TraceStore's rules).
//
// Virtual time: by default the worker advances the simulation's clock in step with real time
// (every 50 ms, capped at 1 s a tick), so that drivers' timers fire while a person watches;
// setRealTimeClock(false) freezes it for deterministic tests and for stepping.
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
    QString scenarioName() const { return m_scenarioName; }
    QString scenarioDescription() const { return m_scenarioDescription; }
    QString scenarioFile() const { return m_scenarioFile; } // "embedded:default" or a path

    // "" when the line parses; else "column N: what is wrong".
    static QString checkLine(const QString &line);
    // Queues a line; returns its ticket, or 0 when it was refused (and actionRejected emitted).
    quint64 submit(const QString &line);
    int pendingCount() const;
    // Drops every queued line that has not started (each reported as cancelled).
    void cancelPending();

    void setRealTimeClock(bool on);
    bool isRealTimeClock() const { return m_realTime; }

    std::shared_ptr<const DeviceTreeSnapshot> snapshot() const { return m_snapshot; }
    std::shared_ptr<const trace::TraceStore> traceStore() const { return m_store; }
    qint64 virtualTimeNs() const { return m_virtualTime; }
    bool hasSession() const { return m_store != nullptr; }

Q_SIGNALS:
    // A new simulation runs: traceStore() is its store (models switch to it).
    void sessionStarted();
    void sessionFailed(const QString &message);
    void snapshotChanged();
    void actionFinished(const umdfx::gui::ActionResult &result);
    void actionRejected(const QString &line, const QString &message);
    void pendingCountChanged(int pending);
    void virtualTimeChanged(qint64 ns);

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
    };

    void onSessionStarted(std::shared_ptr<const trace::TraceStore> store,
        std::shared_ptr<const DeviceTreeSnapshot> snapshot);
    void onSnapshot(std::shared_ptr<const DeviceTreeSnapshot> snapshot);
    void onActionFinished(const ActionResult &result);
    void onVirtualTime(qint64 ns);
    void kickWorker();

    std::shared_ptr<Queue> m_queue;
    QThread *m_thread = nullptr; // owned (a child)
    SimulationWorker *m_worker = nullptr; // lives on m_thread; deleted when it finishes
    std::shared_ptr<const DeviceTreeSnapshot> m_snapshot;
    std::shared_ptr<const trace::TraceStore> m_store;
    QString m_scenarioName, m_scenarioDescription, m_scenarioFile;
    QByteArray m_scenarioText;
    quint64 m_nextTicket = 1;
    qint64 m_virtualTime = 0;
    bool m_realTime = true;
};

} // namespace umdfx::gui
