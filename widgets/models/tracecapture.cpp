#include "widgets/models/tracecapture.h"

#include "widgets/models/backgroundjob.h"
#include "widgets/models/threadcheck.h"

#include <QFileInfo>

namespace umdfx::gui {

TraceCapture::TraceCapture(QObject *parent)
    : QObject(parent)
{ }

TraceCapture::~TraceCapture()
{
    if (m_writer)
        m_writer->close();
    // The closing jobs are children: each waits for its work as it is destroyed.
}

QString TraceCapture::start(
    std::shared_ptr<const trace::TraceStore> store, trace::TraceFileInfo info, const QString &path)
{
    UMDFX_ASSERT_OWN_THREAD(this);
    if (!store)
        return tr("there is no trace to capture");
    stop();
    auto writer = std::make_unique<trace::TraceFileWriter>(*store, std::move(info));
    if (auto err = writer->open(path.toStdString()))
        return QString::fromStdString(*err);
    m_writer = std::move(writer);
    m_store = std::move(store);
    m_path = path;
    Q_EMIT started(path);
    return {};
}

void TraceCapture::stop(const QString &why)
{
    UMDFX_ASSERT_OWN_THREAD(this);
    if (!m_writer)
        return;
    // Closing drains what the last flush left (at most ~100 ms of records) and joins the
    // writer's thread: done on a job thread, the store kept alive until then.
    std::shared_ptr<trace::TraceFileWriter> writer(std::move(m_writer));
    std::shared_ptr<const trace::TraceStore> store = std::move(m_store);
    const QString path = m_path;
    auto result = std::make_shared<std::pair<qint64, qint64>>(0, 0);
    auto *closer = new BackgroundJob(this);
    connect(closer, &BackgroundJob::finished, this,
        [this, closer, path, result, why](const QString &, const QString &error, bool) {
            Q_EMIT stopped(path, result->first, result->second, error, why);
            closer->deleteLater();
        });
    closer->start(tr("Closing the capture"), [writer, store, result](JobProgress &) {
        const auto err = writer->close();
        result->first = qint64(writer->recordsWritten());
        result->second = qint64(writer->bytesWritten());
        return err ? QString::fromStdString(*err) : QString();
    });
}

qint64 TraceCapture::bytesOnDisk() const
{
    return m_writer ? QFileInfo(m_path).size() : 0;
}

bool TraceCapture::waitForStopped(int ms)
{
    bool done = true;
    for (BackgroundJob *job : findChildren<BackgroundJob *>(Qt::FindDirectChildrenOnly))
        done = job->wait(ms) && done;
    return done;
}

} // namespace umdfx::gui
