#pragma once

#include <QMainWindow>
#include <QPointer>
#include <QStringList>

#include <memory>

class QAction;
class QDockWidget;
class QLabel;
class QMenu;
class QSettings;

namespace umdfx {
struct DeviceTreeSnapshot;
}

namespace umdfx::gui {

class ActionLogModel;
class ActionsPanel;
class ApplicationPanel;
class BreakpointsPanel;
class CrashNotifier;
class CompareController;
class DebugController;
class DeviceTreeModel;
class DeviceTreeView;
class FindingsModel;
class FindingsPanel;
class InspectorWidget;
class LessonTracker;
class LessonsPanel;
class LogModel;
class LogPanel;
class MessageBar;
class SimulationBridge;
class ThreadListModel;
class ThreadsPanel;
class TraceFileController;
class TraceTableModel;
class TraceView;
struct LoadedTrace;

// How the explorer starts (main()'s command line; the tests set it directly).
struct ExplorerOptions
{
    QString scenario; // a scenario file or embedded:NAME; "" = the embedded default
    QString actionsFile; // an action script to run once the scenario is up
    QString readyFile; // written when the startup script has run (scripts/screenshot waits)
    QString select; // a trace filter: the first record it matches is selected after startup
    QString traceFile; // a .umdftrace to show once the scenario is up
    QStringList breakpoints; // set at start, in the debugger's words (umdfctl run --break)
    QString lesson; // a lesson to start (its id, "02-s2-open-write-close", or its number)
    bool showSequence = false; // the sequence diagram tab rather than the table
    bool realTimeClock = true; // virtual time follows real time
};

// The explorer's main window: composition only. It builds the models (trace table, device tree,
// findings, actions, log) over one SimulationBridge, the panels that show them, puts the panels
// in docks (device tree left, trace centre, inspector and lessons right, application, actions,
// findings, breakpoints and log at the bottom), wires selection between them, and owns the menus,
// the status bar and the persisted layout (QSettings: geometry, dock state, column and splitter
// sizes, recent files, breakpoints). The trace files and the debugger have controllers of their
// own (TraceFileController, DebugController); the window switches its views between the live
// simulation and a trace file shown read-only (enterTraceMode / leaveTraceMode).
// Threads: GUI thread. Ownership: QObject children; the QSettings object is not owned.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    MainWindow(QSettings *settings, ExplorerOptions options, QWidget *parent = nullptr);
    ~MainWindow() override;

    SimulationBridge *bridge() const { return m_bridge; }
    TraceTableModel *traceModel() const { return m_trace; }
    DeviceTreeModel *deviceTreeModel() const { return m_tree; }
    TraceView *traceView() const { return m_traceView; }
    DeviceTreeView *deviceTreeView() const { return m_treeView; }
    ApplicationPanel *applicationPanel() const { return m_appPanel; }
    InspectorWidget *inspector() const { return m_inspector; }
    ActionsPanel *actionsPanel() const { return m_actionsPanel; }
    ActionLogModel *actionLog() const { return m_actions; }
    QList<QDockWidget *> docks() const { return m_docks; }
    TraceFileController *traceFiles() const { return m_files; }
    CompareController *compares() const { return m_compare; }
    DebugController *debugger() const { return m_debug; }
    BreakpointsPanel *breakpointsPanel() const { return m_breakpointsPanel; }
    LessonsPanel *lessonsPanel() const { return m_lessonsPanel; }
    LessonTracker *lessons() const { return m_lessons; }
    FindingsModel *findingsModel() const { return m_findings; }
    MessageBar *modeBar() const { return m_modeBar; }
    MessageBar *stopBar() const { return m_stopBar; }
    MessageBar *noticeBar() const { return m_noticeBar; }
    // A trace file is shown (read-only) instead of the live simulation.
    bool isShowingTraceFile() const;

    // Loads a scenario (file path or embedded:NAME) and remembers it in the recent files.
    bool openScenario(const QString &scenario);
    // A scenario (.json) or a trace (.umdftrace), by its suffix: recent files, drops.
    void openFile(const QString &path);
    void saveSettings();
    void restoreSettings();
    void resetLayout();

protected:
    void closeEvent(QCloseEvent *event) override;
    void showEvent(QShowEvent *event) override;
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    void createModels();
    void createPanels();
    void createDocks();
    void showSnapshot(std::shared_ptr<const DeviceTreeSnapshot> snapshot);
    void createMenus(); // mainwindowactions.cpp
    void createStatusBar();
    void applyDefaultDockSizes();
    void connectPanels();
    QDockWidget *addDock(
        QWidget *content, const QString &title, const QString &name, Qt::DockWidgetArea area);
    void updateTitle();
    void showLessons();
    void startLesson(const QString &lesson);
    void updateStatus();
    void updateRecentMenu();
    void addRecent(const QString &scenario);
    void runStartupScript();
    void startupFinished();
    void submit(const QString &line);
    void openScenarioDialog();
    void stress();
    void postEvent(const QString &instanceId);
    void deviceCommand(const QString &verb);
    void showError(const QString &title, const QString &message);
    // The run stopped at the knob maxRecords: say so once, and offer to raise it and go on.
    void offerToRaiseRecordLimit(quint64 limit);
    void enterTraceMode(const LoadedTrace &trace);
    void leaveTraceMode();
    void onTraceRecordSelected(qint64 record);
    void createTraceFileMenu(QMenu *file); // mainwindowactions.cpp

    QSettings *m_settings; // not owned
    ExplorerOptions m_options;

    SimulationBridge *m_bridge = nullptr;
    TraceTableModel *m_trace = nullptr;
    DeviceTreeModel *m_tree = nullptr;
    FindingsModel *m_findings = nullptr;
    ActionLogModel *m_actions = nullptr;
    LogModel *m_log = nullptr;

    TraceView *m_traceView = nullptr;
    DeviceTreeView *m_treeView = nullptr;
    InspectorWidget *m_inspector = nullptr;
    ApplicationPanel *m_appPanel = nullptr;
    FindingsPanel *m_findingsPanel = nullptr;
    ThreadListModel *m_threads = nullptr; // the Threads dock's rows, from each snapshot
    ThreadsPanel *m_threadsPanel = nullptr;
    LogPanel *m_logPanel = nullptr;
    ActionsPanel *m_actionsPanel = nullptr;
    BreakpointsPanel *m_breakpointsPanel = nullptr;
    LessonTracker *m_lessons = nullptr;
    LessonsPanel *m_lessonsPanel = nullptr;
    MessageBar *m_stopBar = nullptr; // the debugger's stop
    MessageBar *m_modeBar = nullptr; // "viewing a trace file"
    MessageBar *m_noticeBar = nullptr; // what a file command came to
    QList<QDockWidget *> m_docks;
    TraceFileController *m_files = nullptr;
    DebugController *m_debug = nullptr;
    CompareController *m_compare = nullptr;
    CrashNotifier *m_crashes = nullptr;
    QList<QAction *> m_liveActions; // what acts on the simulation: off while a trace file shows
    QList<QAction *> m_traceActions; // what needs a trace file shown

    QMenu *m_viewMenu = nullptr;
    QMenu *m_recentMenu = nullptr;
    QAction *m_clockAction = nullptr;
    QAction *m_followAction = nullptr;
    QStringList m_recent;
    QByteArray m_builtState; // the dock arrangement as built, for Reset layout
    bool m_restoredLayout = false; // a saved layout was applied
    bool m_shownOnce = false;

    QLabel *m_scenarioLabel = nullptr;
    QLabel *m_recordsLabel = nullptr;
    QLabel *m_timeLabel = nullptr;
    QLabel *m_pendingLabel = nullptr;
    QLabel *m_modeLabel = nullptr;

    quint64 m_lastStartupTicket = 0;
    bool m_startupPending = false; // the startup script runs (a stop in it counts as its end)
    MessageBar *m_limitBar = nullptr; // the record limit reached, with the way on
    QAction *m_raiseLimit = nullptr; // its button: `record-limit N`, N in its data
};

} // namespace umdfx::gui
