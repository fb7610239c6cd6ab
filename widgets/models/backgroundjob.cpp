#include "widgets/models/backgroundjob.h"

#include "widgets/models/threadcheck.h"

#include <QPointer>

namespace umdfx::gui {

BackgroundJob::BackgroundJob(QObject *parent)
    : QObject(parent)
{
    m_pool.setMaxThreadCount(1);
    m_poll.setInterval(100);
    connect(&m_poll, &QTimer::timeout, this, &BackgroundJob::poll);
}

BackgroundJob::~BackgroundJob()
{
    cancel();
    m_pool.waitForDone();
}

bool BackgroundJob::start(const QString &title, Work work)
{
    UMDFX_ASSERT_OWN_THREAD(this);
    if (m_progress)
        return false;
    auto progress = std::make_shared<JobProgress>();
    m_progress = progress;
    m_title = title;
    QPointer<BackgroundJob> self(this);
    m_pool.start([self, progress, work = std::move(work)] {
        QString error;
        try {
            error = work(*progress);
        } catch (const std::exception &e) {
            error = QString::fromUtf8(e.what());
        }
        // Queued to the object's thread. The destructor waits for this task, so the object is
        // there to post to; the event is dropped if it dies before the event is delivered.
        if (BackgroundJob *job = self.data())
            QMetaObject::invokeMethod(
                job,
                [self, progress, error] {
                    if (self)
                        self->onDone(progress, error);
                },
                Qt::QueuedConnection);
    });
    m_poll.start();
    return true;
}

void BackgroundJob::cancel()
{
    if (m_progress)
        m_progress->cancel.store(true, std::memory_order_relaxed);
}

bool BackgroundJob::wait(int ms)
{
    return m_pool.waitForDone(ms);
}

void BackgroundJob::poll()
{
    if (m_progress)
        Q_EMIT progress(m_progress->done.load(std::memory_order_relaxed),
            m_progress->total.load(std::memory_order_relaxed));
}

void BackgroundJob::onDone(const std::shared_ptr<JobProgress> &progress, const QString &error)
{
    if (progress != m_progress)
        return;
    m_poll.stop();
    poll();
    const bool cancelled = progress->cancelled() && !error.isEmpty();
    m_progress.reset();
    Q_EMIT finished(m_title, error, cancelled);
}

} // namespace umdfx::gui
