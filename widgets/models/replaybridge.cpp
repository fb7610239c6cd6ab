#include "widgets/models/replaybridge.h"

#include "widgets/models/threadcheck.h"

#include "core/simulation/replaysession.h"
#include "drivers/builtin/builtindrivers.h"

#include <QPointer>

#include <condition_variable>
#include <mutex>
#include <optional>

namespace umdfx::gui {

// One trace's replay loop on a pool thread: waits for a record to be asked for, replays to it,
// reports; ends when stopped (and no request is left), destroying its ReplaySession there.
struct ReplayBridge::Job
{
    std::shared_ptr<const trace::TraceFile> file;
    std::mutex mutex;
    std::condition_variable wake;
    std::optional<std::uint64_t> wanted; // with mutex
    bool stop = false; // with mutex
};

ReplayBridge::ReplayBridge(QObject *parent)
    : QObject(parent)
{
    qRegisterMetaType<std::shared_ptr<const DeviceTreeSnapshot>>();
    // One thread for the trace shown, one for an abandoned replay that runs to its end.
    m_pool.setMaxThreadCount(2);
}

ReplayBridge::~ReplayBridge()
{
    setTrace(nullptr);
    m_pool.waitForDone();
}

void ReplayBridge::setTrace(std::shared_ptr<const trace::TraceFile> file)
{
    UMDFX_ASSERT_OWN_THREAD(this);
    if (m_job) {
        {
            std::lock_guard lock(m_job->mutex);
            m_job->stop = true;
            m_job->wanted.reset();
        }
        m_job->wake.notify_all();
        m_job.reset();
    }
    m_busy = false;
    m_lastReady = -1;
    if (!file)
        return;
    auto job = std::make_shared<Job>();
    job->file = std::move(file);
    m_job = job;
    QPointer<ReplayBridge> self(this);
    m_pool.start([self, job] {
        ReplaySession session(*job->file, builtinDrivers());
        for (;;) {
            std::uint64_t seq = 0;
            {
                std::unique_lock lock(job->mutex);
                job->wake.wait(lock, [&] { return job->stop || job->wanted; });
                if (job->stop)
                    return;
                seq = *job->wanted;
                job->wanted.reset();
            }
            if (ReplayBridge *b = self.data())
                QMetaObject::invokeMethod(b, [self, job, seq] {
                    if (self)
                        self->onStarted(job, qint64(seq));
                });
            auto result = session.treeAt(seq);
            std::shared_ptr<const DeviceTreeSnapshot> tree;
            QString error;
            if (auto *t = std::get_if<DeviceTreeSnapshot>(&result))
                tree = std::make_shared<const DeviceTreeSnapshot>(std::move(*t));
            else
                error = QString::fromStdString(std::get<std::string>(result));
            bool idle = false;
            {
                std::lock_guard lock(job->mutex);
                idle = !job->wanted;
            }
            if (ReplayBridge *b = self.data())
                QMetaObject::invokeMethod(b, [self, job, seq, tree, error, idle] {
                    if (self)
                        self->onReady(job, qint64(seq), tree, error, idle);
                });
        }
    });
}

void ReplayBridge::requestTreeAt(qint64 seq)
{
    UMDFX_ASSERT_OWN_THREAD(this);
    if (!m_job || seq < 0)
        return;
    {
        std::lock_guard lock(m_job->mutex);
        m_job->wanted = std::uint64_t(seq);
    }
    m_job->wake.notify_all();
}

void ReplayBridge::onStarted(const std::shared_ptr<Job> &job, qint64 seq)
{
    if (job != m_job)
        return;
    m_busy = true;
    Q_EMIT replayStarted(seq);
}

void ReplayBridge::onReady(const std::shared_ptr<Job> &job, qint64 seq,
    std::shared_ptr<const DeviceTreeSnapshot> tree, const QString &error, bool idle)
{
    if (job != m_job)
        return;
    m_busy = !idle;
    if (!error.isEmpty()) {
        Q_EMIT replayFailed(error);
        return;
    }
    m_lastReady = seq;
    Q_EMIT treeReady(seq, std::move(tree));
}

} // namespace umdfx::gui
