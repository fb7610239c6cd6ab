#include "app/explorer/debugcontroller.h"

#include "widgets/models/breakpointmodel.h"
#include "widgets/models/simulationbridge.h"
#include "widgets/models/tracefiltermodel.h"
#include "widgets/models/tracetablemodel.h"
#include "widgets/views/icons.h"
#include "widgets/views/messagebar.h"
#include "widgets/views/sequencediagramview.h"
#include "widgets/views/tablepanels.h"
#include "widgets/views/traceview.h"

#include <QAction>
#include <QLabel>
#include <QMenu>
#include <QSettings>
#include <QTableView>
#include <QTimer>
#include <QToolBar>

namespace umdfx::gui {

DebugController::DebugController(SimulationBridge *bridge, TraceView *traceView,
    ActionsPanel *actions, MessageBar *stopBar, QWidget *window)
    : QObject(window)
    , m_bridge(bridge)
    , m_traceView(traceView)
    , m_actions(actions)
    , m_stopBar(stopBar)
    , m_window(window)
    , m_breakpoints(new BreakpointModel(this))
{
    const auto make = [this](const char *icon, const QString &text, const QList<QKeySequence> &keys,
                          const QString &tip, auto slot) {
        auto *a
            = new QAction(icon ? themeIcon(QString::fromLatin1(icon)) : QIcon(), text, m_window);
        a->setShortcuts(keys);
        a->setShortcutContext(Qt::WindowShortcut);
        const QString key
            = keys.isEmpty() ? QString() : keys.first().toString(QKeySequence::NativeText);
        a->setToolTip(key.isEmpty() ? tip : tr("%1 (%2)").arg(tip, key));
        a->setStatusTip(tip);
        connect(a, &QAction::triggered, this, slot);
        m_window->addAction(a);
        return a;
    };
    m_continue = make("debug-continue", tr("&Continue"), { QKeySequence(Qt::Key_F5) },
        tr("Go on until a breakpoint"), [this] { m_bridge->resume(); });
    m_pause = make("debug-pause", tr("&Break"),
        { QKeySequence(Qt::Key_F6), QKeySequence(Qt::Key_Pause),
            QKeySequence(Qt::CTRL | Qt::Key_Pause) },
        tr("Stop before the next framework\u2192driver callback"), [this] { m_bridge->pause(); });
    m_step = make("debug-step", tr("&Step"), { QKeySequence(Qt::Key_F11) },
        tr("Deliver the pending callback; stop before the next one, nested or not"),
        [this] { m_bridge->step(); });
    m_stepOver = make("debug-step-over", tr("Step &over"), { QKeySequence(Qt::Key_F10) },
        tr("Deliver the pending callback and everything it causes; stop once it returned"),
        [this] { m_bridge->stepOver(); });
    m_runTo = make("debug-run-to", tr("&Run to the selected record"),
        { QKeySequence(Qt::CTRL | Qt::Key_F10) },
        tr("Stop just before the record selected in the trace (restarting when it is recorded "
           "already)"),
        [this] { runToRecord(m_traceView->currentRecord()); });
    m_runFree = make(nullptr, tr("Continue &without breakpoints"),
        { QKeySequence(Qt::SHIFT | Qt::Key_F5) }, tr("Disable every breakpoint and go on"),
        [this] { continueWithoutBreakpoints(); });
    m_restartPaused = make("debug-restart", tr("Restart &paused"),
        { QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_F5) },
        tr("Build the scenario afresh and stop before its first callback"),
        [this] { restartPaused(); });
    m_toggle = make("breakpoint", tr("&Toggle breakpoint"), { QKeySequence(Qt::Key_F9) },
        tr("A breakpoint on the selected record's Interface::Method (a finding's rule on a "
           "verifier record)"),
        [this] { toggleOnSelection(); });
    m_removeAll = make(nullptr, tr("Remove &all breakpoints"),
        { QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_F9) }, tr("Remove every breakpoint"),
        [this] { m_breakpoints->removeAll(); });

    m_runTo->setIconText(tr("Run to record"));
    m_step->setIconText(tr("Step"));
    m_stepOver->setIconText(tr("Step over"));
    m_restartPaused->setIconText(tr("Restart paused"));
    m_status = new QLabel;
    m_status->setObjectName(QStringLiteral("debugStatus"));
    // A step usually stops again within milliseconds: the bar that says "it stops at the next
    // callback" shows only when it does not, so stepping does not flicker.
    m_breakingHint = new QTimer(this);
    m_breakingHint->setSingleShot(true);
    m_breakingHint->setInterval(250);
    connect(m_breakingHint, &QTimer::timeout, this, [this] {
        if (!m_live || m_bridge->debugState() != DebugState::Breaking)
            return;
        m_stopBar->showMessage(MessageBar::Kind::Information,
            tr("The simulation stops before the next framework\u2192driver callback. Do "
               "something that causes one (open a handle, write, disable an interface…)."),
            { m_continue });
        m_stopBar->setCloseButtonVisible(false);
        m_traceView->sequenceDiagram()->setPending({});
    });

    connect(m_breakpoints, &BreakpointModel::breakpointsChanged, this,
        &DebugController::applyBreakpoints);
    connect(m_bridge, &SimulationBridge::debugStateChanged, this, &DebugController::onStateChanged);
    connect(m_bridge, &SimulationBridge::stopped, this, &DebugController::onStopped);
    connect(m_bridge, &SimulationBridge::sessionStarted, this,
        [this] { onStateChanged(m_bridge->debugState()); });
    connect(m_traceView, &TraceView::breakpointRequested, this, &DebugController::toggleBreakpoint);
    connect(m_traceView, &TraceView::runToRecordRequested, this, &DebugController::runToRecord);
    onStateChanged(m_bridge->debugState());
}

void DebugController::fillMenu(QMenu *menu) const
{
    menu->addAction(m_continue);
    menu->addAction(m_pause);
    menu->addAction(m_step);
    menu->addAction(m_stepOver);
    menu->addAction(m_runTo);
    menu->addSeparator();
    menu->addAction(m_runFree);
    menu->addAction(m_restartPaused);
    menu->addSeparator();
    menu->addAction(m_toggle);
    menu->addAction(m_removeAll);
}

void DebugController::fillToolBar(QToolBar *tools) const
{
    tools->addAction(m_continue);
    tools->addAction(m_pause);
    tools->addAction(m_stepOver);
    tools->addAction(m_step);
    tools->addAction(m_runTo);
}

void DebugController::setLive(bool live)
{
    m_live = live;
    if (!live) {
        m_stopBar->hide();
        m_traceView->sequenceDiagram()->setPending({});
    } else {
        onStateChanged(m_bridge->debugState());
    }
    m_traceView->setDebugCommandsEnabled(live);
    m_status->setVisible(live);
    updateActions();
}

void DebugController::updateActions()
{
    const DebugState state = m_bridge->debugState();
    const bool stopped = state == DebugState::Stopped;
    m_continue->setEnabled(m_live && state != DebugState::Running);
    m_pause->setEnabled(m_live && state == DebugState::Running);
    m_step->setEnabled(m_live);
    m_stepOver->setEnabled(m_live);
    m_runTo->setEnabled(m_live);
    m_runFree->setEnabled(m_live);
    m_restartPaused->setEnabled(m_live);
    m_toggle->setEnabled(m_live);
    m_removeAll->setEnabled(m_breakpoints->rowCount() > 0);
    m_step->setText(stopped ? tr("&Step") : tr("&Step (stop at the next callback)"));
}

void DebugController::onStateChanged(DebugState state)
{
    updateActions();
    if (!m_live)
        return;
    switch (state) {
    case DebugState::Running:
        m_status->setText(tr("\u25b6 running"));
        m_status->setToolTip(tr("Only a breakpoint stops the simulation"));
        m_stopBar->hide();
        m_traceView->sequenceDiagram()->setPending({});
        break;
    case DebugState::Breaking:
        m_status->setText(tr("\u25b7 stopping at the next callback"));
        m_status->setToolTip(
            tr("The simulation stops before the next framework\u2192driver callback that "
               "qualifies; act as an application or the PnP manager to make one"));
        m_breakingHint->start();
        break;
    case DebugState::Stopped:
        break; // onStopped shows it
    }
}

void DebugController::onStopped(const DebugStop &stop)
{
    updateActions();
    if (!m_live)
        return;
    m_breakpoints->noteStop(stop.reason);
    m_status->setText(tr("\u2016 stopped before #%1").arg(stop.seq));
    m_status->setToolTip(stop.description);
    m_stopBar->showMessage(MessageBar::Kind::Stopped,
        tr("Stopped \u2014 %1. The simulation waits; virtual time does not move.")
            .arg(stop.description),
        { m_step, m_stepOver, m_continue });
    m_stopBar->setCloseButtonVisible(false);
    m_traceView->sequenceDiagram()->setPending(stop);
    Q_EMIT statusMessage(stop.description);
}

void DebugController::applyBreakpoints()
{
    const QString error = m_bridge->setBreakpoints(m_breakpoints->enabledTexts());
    if (!error.isEmpty())
        Q_EMIT statusMessage(tr("Breakpoints not applied: %1").arg(error));
    updateActions();
}

void DebugController::toggleBreakpoint(const QString &text)
{
    QString error;
    const bool set = m_breakpoints->toggleBreakpoint(text, &error);
    if (!error.isEmpty())
        Q_EMIT statusMessage(tr("No breakpoint: %1").arg(error));
    else
        Q_EMIT statusMessage(
            set ? tr("Breakpoint set: %1").arg(text) : tr("Breakpoint removed: %1").arg(text));
}

void DebugController::toggleOnSelection()
{
    const qint64 record = m_traceView->currentRecord();
    TraceTableModel *trace = m_traceView->filterModel()->traceModel();
    if (record < 0 || !trace) {
        Q_EMIT statusMessage(tr("Select a callback in the trace first"));
        return;
    }
    const QModelIndex idx = trace->index(int(record), 0);
    const int kind = idx.data(TraceTableModel::KindRole).toInt();
    const QString method = idx.data(TraceTableModel::MethodRole).toString();
    if (kind == int(trace::Kind::Verifier)) {
        toggleBreakpoint(QStringLiteral("finding:") + method);
        return;
    }
    if (kind != int(trace::Kind::Callback)) {
        Q_EMIT statusMessage(
            tr("Breakpoints stop before framework\u2192driver callbacks; #%1 is no callback")
                .arg(record));
        return;
    }
    toggleBreakpoint(
        idx.data(TraceTableModel::InterfaceRole).toString() + QLatin1String("::") + method);
}

void DebugController::runToRecord(qint64 record)
{
    if (!m_live)
        return;
    if (record < 0) {
        Q_EMIT statusMessage(tr("Select the record to run to first"));
        return;
    }
    const std::shared_ptr<const trace::TraceStore> store = m_bridge->traceStore();
    if (store && record >= qint64(store->size())) {
        const QString error = m_bridge->runToRecord(record);
        if (!error.isEmpty())
            Q_EMIT statusMessage(error);
        return;
    }
    // Recorded already: the same scenario and the same lines again, stopped just before it. The
    // simulation is deterministic once the real-time clock is off (the script has the advances
    // it made).
    const QString script = m_actions->script();
    if (m_bridge->isRealTimeClock()) {
        m_bridge->setRealTimeClock(false);
        Q_EMIT statusMessage(tr("The real-time clock is off, so that the run is the same"));
    }
    m_bridge->restartAndRunToRecord(record);
    for (const QString &line : script.split(QLatin1Char('\n'))) {
        const QString l = line.trimmed();
        if (!l.isEmpty() && !l.startsWith(QLatin1Char('#')))
            m_bridge->submit(l);
    }
    Q_EMIT statusMessage(tr("Restarted: running to record #%1").arg(record));
}

void DebugController::continueWithoutBreakpoints()
{
    for (int r = 0; r < m_breakpoints->rowCount(); ++r)
        m_breakpoints->setEnabled(r, false);
    m_bridge->resume();
}

void DebugController::restartPaused()
{
    m_bridge->restartPaused();
}

void DebugController::saveSettings(QSettings &settings) const
{
    settings.setValue(QStringLiteral("debugger/breakpoints"), m_breakpoints->saved());
}

void DebugController::restoreSettings(QSettings &settings)
{
    m_breakpoints->restore(settings.value(QStringLiteral("debugger/breakpoints")).toStringList());
}

} // namespace umdfx::gui
