#pragma once

#include <QObject>

class QAction;

namespace umdfx::gui {

class MessageBar;
class TraceTableModel;
class TraceView;

// Tells the person that a driver host crashed (WUDFHost::UnhandledException in the live trace),
// deadlocked (WUDFHost::Deadlock) or lost a thread to a busy loop (WUDFHost::ThreadSpinning):
// the notice bar above the trace names the host, what happened and where, says that only that
// host ended, and offers to show the record. Without it a crash is one row among thousands and
// a device icon that changed; Windows itself says so with the device's problem code and an event
// in the log.
//
// Threads: GUI. Owns its action; the model, the view and the bar are the window's.
class CrashNotifier : public QObject
{
    Q_OBJECT
public:
    CrashNotifier(TraceTableModel *trace, TraceView *view, MessageBar *bar, QObject *parent);

    // Watches only the live simulation: a trace file opened for reading says what it holds in
    // its own bar.
    void setLive(bool live);
    // The crash record shown last, -1 before any.
    qint64 lastCrash() const { return m_record; }

private:
    void scan(qint64 first, qint64 last);

    TraceTableModel *m_trace;
    TraceView *m_view;
    MessageBar *m_bar;
    QAction *m_show;
    bool m_live = true;
    qint64 m_record = -1;
    int m_crashes = 0; // in this session
};

} // namespace umdfx::gui
