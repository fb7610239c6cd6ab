#pragma once

#include <QObject>
#include <QString>
#include <QThreadPool>
#include <QTimer>

#include <atomic>
#include <functional>
#include <memory>

namespace umdfx::gui {

// How far a job running on another thread has come, and whether it is asked to stop: written by
// the job, read by the GUI (and the cancel flag the other way round). total 0 = unknown.
struct JobProgress
{
    std::atomic<qint64> done { 0 };
    std::atomic<qint64> total { 0 };
    std::atomic<bool> cancel { false };
    bool cancelled() const { return cancel.load(std::memory_order_relaxed); }
};

// One piece of long work (reading a trace file, an export, a save) off the GUI thread, heaptrack's
// way: the work is a plain function that reports through JobProgress and returns "" or an error
// message; the GUI polls the progress (every 100 ms, not a signal per step) and hears the end
// through `finished` on its own thread. One job at a time per object.
//
// Threads: create, start, cancel on the GUI thread; signals there. The work runs on a private
// pool thread; it must not touch QObjects of the GUI. Ownership: the destructor cancels and waits
// for the work (it holds what it needs by value or shared pointer).
class BackgroundJob : public QObject
{
    Q_OBJECT
public:
    using Work = std::function<QString(JobProgress &)>;

    explicit BackgroundJob(QObject *parent = nullptr);
    ~BackgroundJob() override;

    // False (and nothing starts) while another job runs.
    bool start(const QString &title, Work work);
    void cancel();
    bool isRunning() const { return m_progress != nullptr; }
    QString title() const { return m_title; }
    // Waits for the running job (tests; closing). Returns whether it finished within ms.
    bool wait(int ms);

Q_SIGNALS:
    void progress(qint64 done, qint64 total);
    // error: "" when it succeeded; cancelled: it stopped because cancel() asked it to.
    void finished(const QString &title, const QString &error, bool cancelled);

private:
    void poll();
    void onDone(const std::shared_ptr<JobProgress> &progress, const QString &error);

    QThreadPool m_pool;
    QTimer m_poll;
    std::shared_ptr<JobProgress> m_progress; // the running job's; null when idle
    QString m_title;
};

} // namespace umdfx::gui
