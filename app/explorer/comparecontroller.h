#pragma once

#include "widgets/models/backgroundjob.h"

#include <QObject>
#include <QPointer>

class QProgressDialog;
class QSettings;
class QWidget;

namespace umdfx::gui {

class CompareView;
class MessageBar;
class TraceFileController;

// File > Compare with…: asks for the trace to compare the shown trace file with (or, while the
// live simulation is shown, for both traces), reads and aligns the two on a job thread with a
// progress dialog that can cancel, and opens a CompareView window on them (closing deletes it;
// each comparison gets its own window).
//
// Threads: GUI thread; the work runs in a BackgroundJob. Ownership: QObject child of the main
// window; the windows it opens are top-level children of the main window, deleted on close.
class CompareController : public QObject
{
    Q_OBJECT
public:
    CompareController(
        TraceFileController *files, MessageBar *notices, QSettings *settings, QWidget *window);
    ~CompareController() override;

    void compareWithDialog();
    // pathA "": the trace file the window shows. Failures go to the message bar (and
    // compareFailed).
    void compare(const QString &pathA, const QString &pathB);
    BackgroundJob *job() const { return m_job; }
    CompareView *lastView() const;

Q_SIGNALS:
    void compareOpened(umdfx::gui::CompareView *view);
    void compareFailed(const QString &message);

private:
    QString dialogDirectory() const;

    TraceFileController *m_files; // not owned
    MessageBar *m_notices; // not owned
    QSettings *m_settings; // not owned
    QWidget *m_window; // not owned
    BackgroundJob *m_job = nullptr; // child
    QPointer<QProgressDialog> m_progress;
    QPointer<CompareView> m_lastView;
};

} // namespace umdfx::gui
