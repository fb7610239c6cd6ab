#pragma once

#include "widgets/models/loadedtrace.h"
#include "widgets/models/traceexport.h"

#include <QObject>
#include <QPointer>

#include <functional>

class QAction;
class QLabel;
class QMenu;
class QProgressDialog;
class QSettings;
class QWidget;

namespace umdfx::gui {

class FindingsModel;
class MessageBar;
class ReplayBridge;
class SimulationBridge;
class TraceCapture;
class TraceTableModel;

// The explorer's trace files (issue "Traces for bug reports", in the explorer), kept out of the
// main window: the capture that streams the live trace to a .umdftrace file, File > Open trace
// (read on a job thread, a damaged file opened up to the damage), Save trace as, Export (Chrome
// JSON, CTF, JSON Lines, text) with progress and atomic writes, Help > Save bug report, the trace
// file's properties, and the replay that gives the device tree at a record of an opened trace.
// Which trace the window shows is the window's business: it hears traceOpened / liveRequested.
//
// Threads: GUI thread; the work runs in BackgroundJobs. Ownership: QObject child of the window;
// the bridge and the models are not owned.
class TraceFileController : public QObject
{
    Q_OBJECT
public:
    // notices: where failures and finished writes are told (a message bar of the window);
    // settings: the window's (the last directory used), not owned.
    TraceFileController(SimulationBridge *bridge, TraceTableModel *trace, FindingsModel *findings,
        MessageBar *notices, QSettings *settings, const QString &appVersion, QWidget *window);
    ~TraceFileController() override;

    QAction *captureAction() const { return m_captureAction; }
    QLabel *captureLabel() const { return m_captureLabel; }
    ReplayBridge *replay() const { return m_replay; }
    TraceCapture *capture() const { return m_capture; }

    // The trace file shown, invalid while the live simulation is.
    const LoadedTrace &current() const { return m_current; }
    bool isTraceShown() const { return m_current.isValid(); }

    void openTraceDialog();
    // Reads the file off the GUI thread; traceOpened when it is read, a message when refused.
    void openTrace(const QString &path);
    // Back to the live simulation (the window switches; the replay stops).
    void closeTrace();
    void startCaptureDialog();
    // "" when the capture started; else why not (and nothing changes).
    QString startCapture(const QString &path);
    void stopCapture(const QString &why = QString());
    void saveTraceAsDialog();
    void saveTraceAs(const QString &path);
    void exportDialog(ExportFormat format);
    void exportTo(ExportFormat format, const QString &path);
    void bugReportDialog();
    void saveBugReport(const QString &path, const QString &summary, const QString &description);
    void showProperties();
    // The job that writes (tests wait for it).
    BackgroundJob *writer() const { return m_writer; }
    BackgroundJob *loader() const { return m_loader; }

Q_SIGNALS:
    void traceOpened(const umdfx::gui::LoadedTrace &trace);
    void traceClosed();
    void openFailed(const QString &path, const QString &message);
    void statusMessage(const QString &text);
    void fileWritten(const QString &path);
    void recentFileUsed(const QString &path);

private:
    // The trace shown (live or file) with what a file of it must say about itself.
    std::shared_ptr<const trace::TraceStore> shownStore() const;
    trace::TraceFileInfo shownInfo() const;
    trace::TraceFileInfo liveInfo() const;
    void notify(int kind, const QString &text);
    void runWriter(const QString &title, const QString &path, BackgroundJob::Work work);
    void updateCaptureLabel();
    QString dialogDirectory() const;
    void rememberDirectory(const QString &path);

    SimulationBridge *m_bridge; // not owned
    TraceTableModel *m_trace; // not owned
    FindingsModel *m_findings; // not owned
    MessageBar *m_notices; // not owned
    QSettings *m_settings; // not owned
    QString m_appVersion;
    QWidget *m_window; // not owned
    TraceCapture *m_capture = nullptr; // child
    ReplayBridge *m_replay = nullptr; // child
    BackgroundJob *m_loader = nullptr; // child
    BackgroundJob *m_writer = nullptr; // child
    QPointer<QProgressDialog> m_progress;
    QAction *m_captureAction = nullptr;
    QLabel *m_captureLabel = nullptr; // owned by the status bar it is put in
    LoadedTrace m_current;
};

} // namespace umdfx::gui
