#pragma once

#include "core/trace/tracefile.h"

#include <QObject>
#include <QString>

#include <memory>

namespace umdfx::gui {

// File > Capture trace: a TraceFileWriter streaming the live trace store to a .umdftrace file
// while the simulation runs (flushed every 100 ms, so a killed explorer leaves a file that opens
// with everything up to the last flush). It writes the whole store from its first record, so
// nothing recorded before the capture started is lost either. stop() writes the rest and the End
// chunk off the GUI thread.
//
// Threads: GUI thread; the writer has a thread of its own. Ownership: owns the writer, which
// holds the store alive (shared) until it is closed.
class TraceCapture : public QObject
{
    Q_OBJECT
public:
    explicit TraceCapture(QObject *parent = nullptr);
    ~TraceCapture() override;

    // An error message (and nothing changes) when the file cannot be created; stops a capture
    // that runs first.
    QString start(std::shared_ptr<const trace::TraceStore> store, trace::TraceFileInfo info,
        const QString &path);
    // Closes the file; `stopped` says how it ended. why: shown with it ("the simulation was
    // reset").
    void stop(const QString &why = QString());
    bool isCapturing() const { return m_writer != nullptr; }
    QString path() const { return m_path; }
    const trace::TraceStore *store() const { return m_store.get(); }
    // Bytes on disk now (the file's size: what was handed to the OS, without waiting for the
    // writer).
    qint64 bytesOnDisk() const;
    // Waits for a stop in progress (tests, closing).
    bool waitForStopped(int ms);

Q_SIGNALS:
    void started(const QString &path);
    // error "" when the file was completed cleanly.
    void stopped(const QString &path, qint64 records, qint64 bytes, const QString &error,
        const QString &why);

private:
    std::unique_ptr<trace::TraceFileWriter> m_writer;
    std::shared_ptr<const trace::TraceStore> m_store;
    QString m_path;
};

} // namespace umdfx::gui
