#pragma once

#include "core/simulation/snapshot.h"
#include "core/trace/tracefile.h"

#include <QObject>
#include <QString>
#include <QThreadPool>

#include <memory>

namespace umdfx::gui {

// The device tree as it was at a record of an opened trace (File > Open trace): a ReplaySession
// (core/simulation/replaysession.h) replays the trace's scenario and actions, paused just before
// the record, on a pool thread, so the GUI never waits for it. Requests coalesce: while a replay
// runs, only the latest record asked for is kept, and answered when the replay is free — a person
// pressing the arrow keys through the trace table sees "replaying to record N…" and then the
// tree of the row they stopped at. Asking for a later record runs the paused replay on; an
// earlier one starts it again.
//
// Threads: GUI thread; signals there. Ownership: the replay holds the trace file (shared); the
// destructor waits for the replay that runs (the rest of it runs to its end).
class ReplayBridge : public QObject
{
    Q_OBJECT
public:
    explicit ReplayBridge(QObject *parent = nullptr);
    ~ReplayBridge() override;

    // The trace to replay; null: none. A replay of the previous one still running is abandoned
    // (its answers are dropped).
    void setTrace(std::shared_ptr<const trace::TraceFile> file);
    void requestTreeAt(qint64 seq);
    bool isBusy() const { return m_busy; }
    qint64 lastReady() const { return m_lastReady; } // -1: none yet

Q_SIGNALS:
    void replayStarted(qint64 seq);
    void treeReady(qint64 seq, std::shared_ptr<const umdfx::DeviceTreeSnapshot> tree);
    void replayFailed(const QString &message);

private:
    struct Job;
    void onStarted(const std::shared_ptr<Job> &job, qint64 seq);
    void onReady(const std::shared_ptr<Job> &job, qint64 seq,
        std::shared_ptr<const DeviceTreeSnapshot> tree, const QString &error, bool idle);

    QThreadPool m_pool;
    std::shared_ptr<Job> m_job; // the current trace's
    bool m_busy = false;
    qint64 m_lastReady = -1;
};

} // namespace umdfx::gui
