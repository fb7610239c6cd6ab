#pragma once

#include "widgets/models/debugstop.h"

#include <QObject>
#include <QPointer>

class QAction;
class QLabel;
class QMenu;
class QSettings;
class QTimer;
class QToolBar;
class QWidget;

namespace umdfx::gui {

class ActionsPanel;
class BreakpointModel;
class MessageBar;
class SimulationBridge;
class TraceView;

// The explorer's debugger commands (issue "Teaching": stepping and breakpoints), kept out of the
// main window: the actions with a debugger's keys, the breakpoints list handed to the bridge, the
// message bar that shows the pending callback while the simulation is stopped, the status word,
// and the ghost of the pending call in the sequence diagram.
//
//   F5 Continue · F6 (or Pause/Break) Break before the next callback · F10 Step over ·
//   F11 Step · Ctrl+F10 Run to the selected record · Shift+F5 Continue without breakpoints ·
//   Ctrl+Shift+F5 Restart paused · F9 Toggle a breakpoint on the selected record's method ·
//   Ctrl+Shift+F9 Remove all breakpoints
//
// Run to a record that is recorded already restarts the simulation with the same action lines
// (the real-time clock off, so the run is the same) and stops just before it.
// Threads: GUI thread. Ownership: QObject child of the window; the bridge, views and bars are
// not owned.
class DebugController : public QObject
{
    Q_OBJECT
public:
    DebugController(SimulationBridge *bridge, TraceView *traceView, ActionsPanel *actions,
        MessageBar *stopBar, QWidget *window);

    BreakpointModel *breakpoints() const { return m_breakpoints; }
    void fillMenu(QMenu *menu) const;
    void fillToolBar(QToolBar *tools) const;
    QLabel *statusLabel() const { return m_status; }
    QAction *continueAction() const { return m_continue; }
    QAction *pauseAction() const { return m_pause; }
    QAction *stepAction() const { return m_step; }
    QAction *stepOverAction() const { return m_stepOver; }

    // Off while a trace file is shown: nothing runs there.
    void setLive(bool live);
    // Adds (or removes, when set) a breakpoint in the debugger's words; a bad text is reported in
    // the status bar and changes nothing.
    void toggleBreakpoint(const QString &text);
    // Stops before record `record`: on from here when it is to come, by a restart otherwise.
    void runToRecord(qint64 record);

    void saveSettings(QSettings &settings) const;
    void restoreSettings(QSettings &settings);

Q_SIGNALS:
    void statusMessage(const QString &text);

private:
    void onStateChanged(DebugState state);
    void onStopped(const DebugStop &stop);
    void applyBreakpoints();
    void toggleOnSelection();
    void continueWithoutBreakpoints();
    void restartPaused();
    void updateActions();

    SimulationBridge *m_bridge; // not owned
    TraceView *m_traceView; // not owned
    ActionsPanel *m_actions; // not owned
    MessageBar *m_stopBar; // not owned
    QWidget *m_window; // not owned
    BreakpointModel *m_breakpoints = nullptr; // child
    QLabel *m_status = nullptr; // owned by the status bar it is put in
    QAction *m_continue = nullptr, *m_pause = nullptr, *m_step = nullptr, *m_stepOver = nullptr;
    QAction *m_runTo = nullptr, *m_runFree = nullptr, *m_restartPaused = nullptr;
    QAction *m_toggle = nullptr, *m_removeAll = nullptr;
    QTimer *m_breakingHint = nullptr; // child: the "stops at the next callback" bar, a little late
    bool m_live = true;
};

} // namespace umdfx::gui
