#include "app/explorer/mainwindow.h"

#include "app/explorer/comparecontroller.h"
#include "app/explorer/crashnotifier.h"
#include "app/explorer/debugcontroller.h"
#include "app/explorer/tracefilecontroller.h"

#include "core/trace/tracequery.h"
#include "widgets/models/actionlogmodel.h"
#include "widgets/models/actiontext.h"
#include "widgets/models/breakpointmodel.h"
#include "widgets/models/devicetreemodel.h"
#include "widgets/models/findingsmodel.h"
#include "widgets/models/lessontracker.h"
#include "widgets/models/loadedtrace.h"
#include "widgets/models/logmodel.h"
#include "widgets/models/replaybridge.h"
#include "widgets/models/simulationbridge.h"
#include "widgets/models/snapshotlistmodels.h"
#include "widgets/models/tracecapture.h"
#include "widgets/models/tracefiltermodel.h"
#include "widgets/models/tracetablemodel.h"
#include "widgets/views/applicationpanel.h"
#include "widgets/views/breakpointspanel.h"
#include "widgets/views/devicetreeview.h"
#include "widgets/views/dialogs.h"
#include "widgets/views/icons.h"
#include "widgets/views/inspectorwidget.h"
#include "widgets/views/lessonspanel.h"
#include "widgets/views/messagebar.h"
#include "widgets/views/sequencediagramview.h"
#include "widgets/views/tablepanels.h"
#include "widgets/views/traceview.h"

#include "core/scenario/actionparser.h"
#include "widgets/models/recordtext.h"

#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFile>
#include <QFileInfo>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QMimeData>
#include <QSettings>
#include <QShowEvent>
#include <QStatusBar>
#include <QTimer>
#include <QVBoxLayout>

namespace umdfx::gui {

namespace {
constexpr int kLayoutVersion = 4; // bump when docks change, so an old saved state is not applied
constexpr int kMaxRecent = 10;

bool isTracePath(const QString &path)
{
    return path.endsWith(QLatin1String(".umdftrace"), Qt::CaseInsensitive);
}

// The first local file of a drop that the explorer opens: a trace or a scenario.
QString droppedFile(const QMimeData *mime)
{
    if (!mime || !mime->hasUrls())
        return {};
    for (const QUrl &url : mime->urls()) {
        const QString path = url.toLocalFile();
        if (isTracePath(path) || path.endsWith(QLatin1String(".json"), Qt::CaseInsensitive))
            return path;
    }
    return {};
}
} // namespace

MainWindow::MainWindow(QSettings *settings, ExplorerOptions options, QWidget *parent)
    : QMainWindow(parent)
    , m_settings(settings)
    , m_options(std::move(options))
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowIcon(themeIcon(QStringLiteral("app")));
    setDockNestingEnabled(true);
    setAcceptDrops(true);
    createModels();
    createPanels();
    createDocks();
    createMenus();
    createStatusBar();
    connectPanels();
    m_builtState = saveState(kLayoutVersion); // docks where createDocks() put them
    resize(1400, 860);
    restoreSettings();

    m_bridge->setRealTimeClock(m_options.realTimeClock);
    m_clockAction->setChecked(m_options.realTimeClock);
    for (const QString &b : std::as_const(m_options.breakpoints)) {
        const QString error = m_debug->breakpoints()->addBreakpoint(b);
        if (!error.isEmpty() && !error.endsWith(QLatin1String("set already")))
            showError(tr("Not a breakpoint"), tr("--break %1: %2").arg(b, error));
    }
    if (m_options.showSequence)
        m_traceView->showSequenceDiagram(true);
    if (!openScenario(
            m_options.scenario.isEmpty() ? QStringLiteral("embedded:default") : m_options.scenario))
        openScenario(QStringLiteral("embedded:default"));
    if (!m_options.lesson.isEmpty())
        startLesson(m_options.lesson);
    if (!m_options.actionsFile.isEmpty()) {
        runStartupScript();
    } else if (!m_options.readyFile.isEmpty() && m_options.traceFile.isEmpty()) {
        connect(m_bridge, &SimulationBridge::poweredOn, this, &MainWindow::startupFinished,
            Qt::SingleShotConnection);
    }
    if (!m_options.traceFile.isEmpty()) {
        if (!m_options.readyFile.isEmpty())
            connect(m_files, &TraceFileController::traceOpened, this, &MainWindow::startupFinished,
                Qt::SingleShotConnection);
        m_files->openTrace(m_options.traceFile);
    }
}

MainWindow::~MainWindow() = default;

void MainWindow::createModels()
{
    m_bridge = new SimulationBridge(this);
    m_trace = new TraceTableModel(this);
    m_tree = new DeviceTreeModel(this);
    m_findings = new FindingsModel(this);
    m_findings->setTraceModel(m_trace);
    m_actions = new ActionLogModel(this);
    m_log = new LogModel(this);
    m_log->setSink(explorerLogSink());
}

void MainWindow::createPanels()
{
    m_traceView = new TraceView(this);
    m_traceView->setTraceModel(m_trace);
    m_traceView->setFindingsModel(m_findings);
    // Above the trace: the debugger's stop, the trace file shown, what a file command came to.
    m_stopBar = new MessageBar(this);
    m_stopBar->setObjectName(QStringLiteral("stopBar"));
    m_modeBar = new MessageBar(this);
    m_modeBar->setObjectName(QStringLiteral("modeBar"));
    m_modeBar->setCloseButtonVisible(false);
    m_noticeBar = new MessageBar(this);
    m_noticeBar->setObjectName(QStringLiteral("noticeBar"));
    m_limitBar = new MessageBar(this);
    m_limitBar->setObjectName(QStringLiteral("recordLimitBar"));
    m_limitBar->hide();
    m_raiseLimit = new QAction(this);
    connect(m_raiseLimit, &QAction::triggered, this, [this] {
        m_limitBar->hide();
        m_bridge->submit(QStringLiteral("record-limit %1").arg(m_raiseLimit->data().toULongLong()));
    });
    auto *centre = new QWidget(this);
    auto *column = new QVBoxLayout(centre);
    column->setContentsMargins(0, 0, 0, 0);
    column->setSpacing(3);
    column->addWidget(m_stopBar);
    column->addWidget(m_modeBar);
    column->addWidget(m_noticeBar);
    column->addWidget(m_limitBar);
    column->addWidget(m_traceView, 1);
    setCentralWidget(centre);
    m_treeView = new DeviceTreeView(this);
    m_treeView->setTreeModel(m_tree);
    m_inspector = new InspectorWidget(this);
    m_inspector->setTraceModel(m_trace);
    m_appPanel = new ApplicationPanel(m_bridge, this);
    m_findingsPanel = new FindingsPanel(m_findings, this);
    m_threads = new ThreadListModel(this);
    m_threadsPanel = new ThreadsPanel(m_threads, this);
    m_logPanel = new LogPanel(m_log, this);
    m_actionsPanel = new ActionsPanel(m_actions, m_bridge, this);
    m_files = new TraceFileController(m_bridge, m_trace, m_findings, m_noticeBar, m_settings,
        QStringLiteral(UMDFX_VERSION), this);
    m_compare = new CompareController(m_files, m_noticeBar, m_settings, this);
    m_debug = new DebugController(m_bridge, m_traceView, m_actionsPanel, m_stopBar, this);
    m_crashes = new CrashNotifier(m_trace, m_traceView, m_noticeBar, this);
    m_breakpointsPanel = new BreakpointsPanel(m_debug->breakpoints(), this);
    m_lessons = new LessonTracker(m_bridge, this);
    m_lessonsPanel = new LessonsPanel(m_lessons, this);
}

void MainWindow::showSnapshot(std::shared_ptr<const DeviceTreeSnapshot> snapshot)
{
    // The tree and the threads show the same moment: the live state, or a trace file's replay
    // at the selected record.
    m_threads->setSnapshot(snapshot.get());
    m_tree->setSnapshot(std::move(snapshot));
}

QDockWidget *MainWindow::addDock(
    QWidget *content, const QString &title, const QString &name, Qt::DockWidgetArea area)
{
    auto *dock = new QDockWidget(title, this);
    dock->setObjectName(name);
    dock->setWidget(content);
    dock->setFeatures(QDockWidget::DockWidgetClosable | QDockWidget::DockWidgetMovable
        | QDockWidget::DockWidgetFloatable);
    addDockWidget(area, dock);
    m_docks << dock;
    return dock;
}

void MainWindow::createDocks()
{
    addDock(
        m_treeView, tr("Device tree"), QStringLiteral("deviceTreeDock"), Qt::LeftDockWidgetArea);
    QDockWidget *inspector = addDock(
        m_inspector, tr("Inspector"), QStringLiteral("inspectorDock"), Qt::RightDockWidgetArea);
    QDockWidget *lessons = addDock(
        m_lessonsPanel, tr("Lessons"), QStringLiteral("lessonsDock"), Qt::RightDockWidgetArea);
    QDockWidget *app = addDock(
        m_appPanel, tr("Application"), QStringLiteral("applicationDock"), Qt::BottomDockWidgetArea);
    QDockWidget *actions = addDock(
        m_actionsPanel, tr("Actions"), QStringLiteral("actionsDock"), Qt::BottomDockWidgetArea);
    QDockWidget *findings = addDock(m_findingsPanel, tr("Verifier findings"),
        QStringLiteral("findingsDock"), Qt::BottomDockWidgetArea);
    QDockWidget *breakpoints = addDock(m_breakpointsPanel, tr("Breakpoints"),
        QStringLiteral("breakpointsDock"), Qt::BottomDockWidgetArea);
    QDockWidget *threads = addDock(
        m_threadsPanel, tr("Threads"), QStringLiteral("threadsDock"), Qt::BottomDockWidgetArea);
    QDockWidget *log
        = addDock(m_logPanel, tr("Log"), QStringLiteral("logDock"), Qt::BottomDockWidgetArea);
    // Bottom: the application on the left; actions, findings, breakpoints and log tabbed on its
    // right.
    splitDockWidget(app, actions, Qt::Horizontal);
    tabifyDockWidget(actions, findings);
    tabifyDockWidget(findings, breakpoints);
    tabifyDockWidget(breakpoints, threads);
    tabifyDockWidget(threads, log);
    actions->raise();
    // The lessons share the right with the inspector: one reads either, and a tab each keeps
    // the trace wide.
    tabifyDockWidget(inspector, lessons);
    inspector->raise();
    // The bottom area runs the full width under the side docks, as an IDE's output panes do: the
    // composer and the lists need the width more than the tree and the inspector need height.
    setCorner(Qt::BottomLeftCorner, Qt::BottomDockWidgetArea);
    setCorner(Qt::BottomRightCorner, Qt::BottomDockWidgetArea);
}

void MainWindow::applyDefaultDockSizes()
{
    QDockWidget *tree = findChild<QDockWidget *>(QStringLiteral("deviceTreeDock"));
    QDockWidget *inspector = findChild<QDockWidget *>(QStringLiteral("inspectorDock"));
    QDockWidget *app = findChild<QDockWidget *>(QStringLiteral("applicationDock"));
    QDockWidget *actions = findChild<QDockWidget *>(QStringLiteral("actionsDock"));
    const int w = width(), h = height();
    resizeDocks({ tree, inspector }, { w * 22 / 100, w * 25 / 100 }, Qt::Horizontal);
    resizeDocks({ app }, { h * 36 / 100 }, Qt::Vertical);
    resizeDocks({ app, actions }, { w * 68 / 100, w * 32 / 100 }, Qt::Horizontal);
}

void MainWindow::showEvent(QShowEvent *event)
{
    QMainWindow::showEvent(event);
    if (m_shownOnce)
        return;
    m_shownOnce = true;
    // Dock sizes need a laid-out window: apply the defaults once it is on screen, unless a saved
    // layout was restored.
    QTimer::singleShot(0, this, [this] {
        if (!m_restoredLayout)
            applyDefaultDockSizes();
    });
}

void MainWindow::createStatusBar()
{
    m_scenarioLabel = new QLabel(this);
    m_recordsLabel = new QLabel(this);
    m_timeLabel = new QLabel(this);
    m_timeLabel->setToolTip(tr("Virtual time of the simulation"));
    m_pendingLabel = new QLabel(this);
    m_modeLabel = new QLabel(this);
    m_modeLabel->setObjectName(QStringLiteral("modeStatus"));
    statusBar()->addPermanentWidget(m_files->captureLabel());
    statusBar()->addPermanentWidget(m_debug->statusLabel());
    statusBar()->addPermanentWidget(m_modeLabel);
    statusBar()->addPermanentWidget(m_pendingLabel);
    statusBar()->addPermanentWidget(m_recordsLabel);
    statusBar()->addPermanentWidget(m_timeLabel);
    statusBar()->addPermanentWidget(m_scenarioLabel);
    auto *timer = new QTimer(this);
    timer->setInterval(250);
    connect(timer, &QTimer::timeout, this, &MainWindow::updateStatus);
    timer->start();
}

void MainWindow::connectPanels()
{
    connect(m_bridge, &SimulationBridge::sessionStarted, this, [this] {
        m_actions->clear();
        if (isShowingTraceFile())
            return; // the live simulation starts again behind the trace file shown
        m_trace->setStore(m_bridge->traceStore());
        m_inspector->clear();
        m_limitBar->hide(); // a new simulation: its own limit
        updateTitle();
    });
    connect(m_bridge, &SimulationBridge::sessionFailed, this,
        [this](const QString &message) { showError(tr("The scenario cannot run"), message); });
    connect(m_bridge, &SimulationBridge::snapshotChanged, this, [this] {
        if (!isShowingTraceFile())
            showSnapshot(m_bridge->snapshot());
    });
    connect(m_bridge, &SimulationBridge::actionFinished, this, [this](const ActionResult &r) {
        m_actions->append(r);
        if (!r.cancelled && (!r.parsed || !r.ok))
            statusBar()->showMessage(tr("%1: %2").arg(r.line, r.summary()), 8000);
        if (r.recordLimitReached)
            offerToRaiseRecordLimit(r.recordLimitReached);
        if (r.ticket == m_lastStartupTicket)
            startupFinished();
    });
    connect(m_bridge, &SimulationBridge::actionRejected, this,
        [this](const QString &line, const QString &message) {
            statusBar()->showMessage(tr("Not run: %1 (%2)").arg(message, line), 8000);
        });
    // A breakpoint hit by the startup script (--actions with --break) is where it ends for now.
    connect(m_bridge, &SimulationBridge::stopped, this, [this] {
        if (m_startupPending)
            startupFinished();
    });
    connect(m_treeView, &DeviceTreeView::breakpointRequested, m_debug,
        &DebugController::toggleBreakpoint);
    connect(m_debug, &DebugController::statusMessage, this,
        [this](const QString &text) { statusBar()->showMessage(text, 8000); });
    connect(m_files, &TraceFileController::statusMessage, this,
        [this](const QString &text) { statusBar()->showMessage(text, 8000); });
    connect(m_files, &TraceFileController::traceOpened, this, &MainWindow::enterTraceMode);
    connect(m_files, &TraceFileController::traceClosed, this, &MainWindow::leaveTraceMode);
    connect(m_files, &TraceFileController::recentFileUsed, this, &MainWindow::addRecent);
    connect(
        m_traceView, &TraceView::currentRecordChanged, this, &MainWindow::onTraceRecordSelected);
    ReplayBridge *replay = m_files->replay();
    connect(replay, &ReplayBridge::replayStarted, this, [this](qint64 seq) {
        m_treeView->setStatusText(seq >= m_trace->recordCount()
                ? tr("Replaying to the end of the trace…")
                : tr("Replaying to record #%L1…").arg(seq),
            true);
    });
    connect(replay, &ReplayBridge::treeReady, this,
        [this](qint64 seq, std::shared_ptr<const DeviceTreeSnapshot> tree) {
            if (!isShowingTraceFile())
                return;
            showSnapshot(std::move(tree));
            m_treeView->setStatusText(seq >= m_trace->recordCount()
                    ? tr("As it was at the end of the trace (replayed)")
                    : tr("As it was after record #%L1 (replayed)").arg(seq - 1));
        });
    connect(replay, &ReplayBridge::replayFailed, this, [this](const QString &message) {
        m_treeView->setStatusText(tr("The device tree cannot be replayed: %1").arg(message));
    });
    connect(m_tree, &DeviceTreeModel::interfaceStateRequested, this,
        [this](const QString &id, const QString &cls, bool hasRef, const QString &ref,
            bool enable) { submit(interfaceStateLine(id, cls, hasRef, ref, enable)); });
    connect(m_treeView, &DeviceTreeView::actionRequested, this, &MainWindow::submit);
    connect(m_treeView, &DeviceTreeView::openHandleRequested, this, [this](const QString &link) {
        m_appPanel->preparePath(link);
        for (QDockWidget *d : m_docks)
            if (d->widget() == m_appPanel)
                d->raise();
    });
    connect(m_treeView, &DeviceTreeView::postEventRequested, this, &MainWindow::postEvent);
    connect(m_treeView, &DeviceTreeView::itemSelected, m_inspector, &InspectorWidget::showItem);
    connect(m_treeView, &DeviceTreeView::itemUpdated, m_inspector, &InspectorWidget::updateItem);
    connect(
        m_traceView, &TraceView::currentRecordChanged, m_inspector, &InspectorWidget::showRecord);
    connect(m_traceView, &TraceView::statusMessage, this,
        [this](const QString &text) { statusBar()->showMessage(text, 6000); });
    connect(m_inspector, &InspectorWidget::recordRequested, m_traceView, &TraceView::selectRecord);
    connect(
        m_findingsPanel, &FindingsPanel::recordRequested, m_traceView, &TraceView::selectRecord);
    connect(m_actionsPanel, &ActionsPanel::recordRequested, m_traceView, &TraceView::selectRecord);
    connect(m_lessonsPanel, &LessonsPanel::recordRequested, m_traceView, &TraceView::selectRecord);
    connect(m_lessonsPanel, &LessonsPanel::statusMessage, this,
        [this](const QString &text) { statusBar()->showMessage(text, 8000); });
}

void MainWindow::submit(const QString &line)
{
    if (isShowingTraceFile()) {
        statusBar()->showMessage(
            tr("A trace file is shown read-only: go back to the live simulation to act"), 6000);
        return;
    }
    m_bridge->submit(line);
}

void MainWindow::showLessons()
{
    for (QDockWidget *d : std::as_const(m_docks))
        if (d->widget() == m_lessonsPanel) {
            d->show();
            d->raise();
        }
}

void MainWindow::startLesson(const QString &lesson)
{
    const auto &lessons = m_lessons->lessons();
    bool isNumber = false;
    const int number = lesson.toInt(&isNumber);
    int index = -1;
    for (std::size_t i = 0; i < lessons.size(); ++i)
        if ((isNumber && number == int(i) + 1) || QString::fromStdString(lessons[i].id) == lesson)
            index = int(i);
    if (index < 0) {
        QStringList known;
        for (const auto &l : lessons)
            known << QString::fromStdString(l.id);
        showError(tr("No such lesson"),
            tr("--lesson %1: no lesson has that id or number (1 to %2): %3")
                .arg(lesson)
                .arg(lessons.size())
                .arg(known.join(QStringLiteral(", "))));
        return;
    }
    showLessons();
    m_lessonsPanel->lessonBox()->setCurrentIndex(index);
    const QString error = m_lessons->start(index);
    if (!error.isEmpty())
        showError(tr("The lesson cannot start"), error);
}

bool MainWindow::isShowingTraceFile() const
{
    return m_files && m_files->isTraceShown();
}

void MainWindow::openFile(const QString &path)
{
    if (isTracePath(path))
        m_files->openTrace(path);
    else
        openScenario(path);
}

void MainWindow::dragEnterEvent(QDragEnterEvent *event)
{
    if (!droppedFile(event->mimeData()).isEmpty())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent *event)
{
    const QString path = droppedFile(event->mimeData());
    if (path.isEmpty())
        return;
    event->acceptProposedAction();
    openFile(path);
}

void MainWindow::enterTraceMode(const LoadedTrace &trace)
{
    m_traceView->setFollowLive(false);
    m_crashes->setLive(false); // before the file's records arrive
    m_trace->setStore(trace.store());
    m_inspector->clear();
    showSnapshot(std::make_shared<const DeviceTreeSnapshot>());
    m_treeView->setReadOnly(true);
    m_treeView->setStatusText(tr("Replaying to the end of the trace…"), true);
    m_appPanel->setEnabled(false);
    const std::shared_ptr<const trace::TraceStore> store = trace.store();
    m_actionsPanel->showRecordedActions(
        trace.file->actions, trace.meta("scenario.file"), [store](std::uint64_t seq) {
            return seq < store->size() ? qint64(store->at(std::size_t(seq)).tNs) : qint64(0);
        });
    m_debug->setLive(false);
    m_lessonsPanel->setLive(false);
    for (QAction *a : std::as_const(m_liveActions))
        a->setEnabled(false);
    for (QAction *a : std::as_const(m_traceActions))
        a->setEnabled(true);

    // Say what is shown, how much of it there is, and how to get back.
    const QString problem = trace.problem();
    QString text;
    if (trace.isBugReport()) {
        text = tr("Bug report “%1” from %2 (%3). ")
                   .arg(trace.meta("report.summary"), trace.meta("report.app"),
                       trace.meta("report.os"));
    }
    text += tr("Viewing %1, read-only: %L2 records of the scenario “%3”, made by %4.")
                .arg(trace.fileName())
                .arg(m_trace->recordCount())
                .arg(trace.meta("scenario.name"), trace.meta("producer"));
    if (!problem.isEmpty())
        text = problem + QStringLiteral(". ")
            + tr("What was read is shown; the rest of the file is lost.") + QLatin1Char('\n')
            + text;
    m_modeBar->showMessage(
        problem.isEmpty() ? MessageBar::Kind::Information : MessageBar::Kind::Warning, text,
        m_traceActions);
    m_modeLabel->setText(tr("Trace file %1 (read-only)").arg(trace.fileName()));
    m_modeLabel->setToolTip(trace.path);
    m_files->replay()->requestTreeAt(m_trace->recordCount());
    updateTitle();
    statusBar()->showMessage(
        tr("Opened %1: %L2 records").arg(trace.path).arg(m_trace->recordCount()), 8000);
}

void MainWindow::leaveTraceMode()
{
    m_modeBar->hide();
    m_modeLabel->clear();
    m_trace->setStore(m_bridge->traceStore());
    m_inspector->clear();
    m_treeView->setReadOnly(false);
    m_treeView->setStatusText(QString());
    showSnapshot(m_bridge->snapshot());
    m_appPanel->setEnabled(true);
    m_actionsPanel->showLiveActions();
    m_debug->setLive(true);
    m_crashes->setLive(true); // the crashes from now on: the earlier ones were told
    m_lessonsPanel->setLive(true);
    for (QAction *a : std::as_const(m_liveActions))
        a->setEnabled(true);
    for (QAction *a : std::as_const(m_traceActions))
        a->setEnabled(false);
    m_traceView->setFollowLive(true);
    updateTitle();
    statusBar()->showMessage(tr("Back to the live simulation"), 5000);
}

void MainWindow::onTraceRecordSelected(qint64 record)
{
    // The device tree as it was once the selected record happened (just before the next one).
    if (isShowingTraceFile() && record >= 0)
        m_files->replay()->requestTreeAt(record + 1);
}

bool MainWindow::openScenario(const QString &scenario)
{
    QString error;
    if (scenario.startsWith(QLatin1String("embedded:")))
        error = m_bridge->loadEmbeddedScenario(scenario.mid(9));
    else
        error = m_bridge->loadScenarioFile(scenario);
    if (!error.isEmpty()) {
        showError(tr("Cannot open the scenario"), error);
        return false;
    }
    if (isShowingTraceFile())
        m_files->closeTrace(); // a scenario opened is a live simulation to look at
    addRecent(scenario);
    updateTitle();
    return true;
}

void MainWindow::showError(const QString &title, const QString &message)
{
    statusBar()->showMessage(message, 10000);
    if (isVisible())
        QMessageBox::warning(this, title, message);
}

void MainWindow::offerToRaiseRecordLimit(quint64 limit)
{
    // Doubled, within the knob's range (a u32); past that, no limit.
    const quint64 raised = limit * 2 <= 0xFFFFFFFFull ? limit * 2 : 0;
    m_raiseLimit->setText(
        raised ? tr("Raise to %L1 and continue").arg(raised) : tr("Remove the limit and continue"));
    m_raiseLimit->setData(raised);
    m_limitBar->showMessage(MessageBar::Kind::Warning,
        tr("The run stopped at its record limit: the trace holds %L1 records, the most the "
           "scenario's knob maxRecords allows. Every record made is kept; nothing runs until the "
           "limit is raised (the action \"record-limit N\", which a capture replays).")
            .arg(limit),
        { m_raiseLimit });
}

void MainWindow::addRecent(const QString &scenario)
{
    if (!scenario.startsWith(QLatin1String("embedded:")) && QFileInfo::exists(scenario)) {
        const QString path = QFileInfo(scenario).absoluteFilePath();
        m_recent.removeAll(path);
        m_recent.prepend(path);
    }
    while (m_recent.size() > kMaxRecent)
        m_recent.removeLast();
    m_recent.removeDuplicates();
    updateRecentMenu();
}

void MainWindow::updateTitle()
{
    if (isShowingTraceFile()) {
        const LoadedTrace &t = m_files->current();
        setWindowTitle(tr("UMDF Explorer \u2014 %1 (trace file, read-only)").arg(t.fileName()));
        m_scenarioLabel->setText(tr("Scenario: %1").arg(t.meta("scenario.name")));
        m_scenarioLabel->setToolTip(t.meta("scenario.file"));
        return;
    }
    const QString name = m_bridge->scenarioName();
    setWindowTitle(tr("UMDF Explorer \u2014 %1 (%2)").arg(name, m_bridge->scenarioFile()));
    m_scenarioLabel->setText(tr("Scenario: %1").arg(name));
    m_scenarioLabel->setToolTip(m_bridge->scenarioDescription());
}

void MainWindow::updateStatus()
{
    m_recordsLabel->setText(tr("%L1 records").arg(m_trace->recordCount()));
    if (isShowingTraceFile()) {
        m_timeLabel->clear();
        m_pendingLabel->clear();
        return;
    }
    QString clock;
    if (m_bridge->debugState() == DebugState::Stopped)
        clock = tr(" (stopped)");
    else if (!m_bridge->isRealTimeClock())
        clock = tr(" (clock off)");
    m_timeLabel->setText(tr("t = %1 s%2")
                             .arg(QString::fromStdString(timeText(m_bridge->virtualTimeNs())))
                             .arg(clock));
    const int pending = m_bridge->pendingCount();
    m_pendingLabel->setText(pending ? tr("%n action(s) queued", nullptr, pending) : QString());
}

void MainWindow::runStartupScript()
{
    auto parsed = scenario::parseActionsFile(m_options.actionsFile.toStdString());
    if (auto *err = std::get_if<scenario::LoadError>(&parsed)) {
        showError(tr("Cannot run the action script"), QString::fromStdString(err->toString()));
        return;
    }
    for (const auto &a : std::get<std::vector<scenario::Action>>(parsed)) {
        const quint64 t = m_bridge->submit(QString::fromStdString(scenario::formatAction(a)));
        if (t)
            m_lastStartupTicket = t;
    }
    m_startupPending = m_lastStartupTicket != 0;
}

void MainWindow::startupFinished()
{
    m_startupPending = false;
    m_trace->poll();
    if (!m_options.select.isEmpty() && m_trace->store()) {
        auto parsed = trace::TraceQuery::parse(m_options.select.toStdString());
        if (auto *q = std::get_if<trace::TraceQuery>(&parsed)) {
            const trace::TraceStore &store = *m_trace->store();
            for (std::size_t i = 0; i < std::size_t(m_trace->recordCount()); ++i) {
                if (q->matches(store, store.at(i))) {
                    m_traceView->selectRecord(qint64(i));
                    break;
                }
            }
        }
    }
    if (m_options.readyFile.isEmpty())
        return;
    // Let the views paint what the script produced, then say so.
    QTimer::singleShot(600, this, [this] {
        QFile f(m_options.readyFile);
        if (f.open(QIODevice::WriteOnly))
            f.write("ready\n");
    });
}

void MainWindow::saveSettings()
{
    m_settings->setValue(QStringLiteral("mainWindow/geometry"), saveGeometry());
    m_settings->setValue(QStringLiteral("mainWindow/state"), saveState(kLayoutVersion));
    m_settings->setValue(QStringLiteral("trace/view"), m_traceView->saveState());
    m_settings->setValue(QStringLiteral("deviceTree/view"), m_treeView->saveState());
    m_settings->setValue(QStringLiteral("inspector/view"), m_inspector->saveState());
    m_settings->setValue(QStringLiteral("application/view"), m_appPanel->saveState());
    m_settings->setValue(QStringLiteral("files/recent"), m_recent);
    m_settings->setValue(QStringLiteral("simulation/realTimeClock"), m_bridge->isRealTimeClock());
    m_debug->saveSettings(*m_settings);
    m_settings->setValue(QStringLiteral("lessons/completed"), m_lessonsPanel->completedLessons());
    m_settings->sync();
}

void MainWindow::restoreSettings()
{
    restoreGeometry(m_settings->value(QStringLiteral("mainWindow/geometry")).toByteArray());
    m_restoredLayout = restoreState(
        m_settings->value(QStringLiteral("mainWindow/state")).toByteArray(), kLayoutVersion);
    m_traceView->restoreState(m_settings->value(QStringLiteral("trace/view")).toByteArray());
    m_treeView->restoreState(m_settings->value(QStringLiteral("deviceTree/view")).toByteArray());
    m_inspector->restoreState(m_settings->value(QStringLiteral("inspector/view")).toByteArray());
    m_appPanel->restoreState(m_settings->value(QStringLiteral("application/view")).toByteArray());
    m_recent = m_settings->value(QStringLiteral("files/recent")).toStringList();
    updateRecentMenu();
    m_debug->restoreSettings(*m_settings);
    m_lessonsPanel->setCompletedLessons(
        m_settings->value(QStringLiteral("lessons/completed")).toStringList());
}

void MainWindow::resetLayout()
{
    if (!m_builtState.isEmpty())
        restoreState(m_builtState, kLayoutVersion);
    for (QDockWidget *d : m_docks) {
        d->setFloating(false);
        d->show();
    }
    for (QDockWidget *d : m_docks)
        if (d->objectName() == QLatin1String("actionsDock")
            || d->objectName() == QLatin1String("inspectorDock"))
            d->raise();
    applyDefaultDockSizes();
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveSettings();
    if (m_files->capture()->isCapturing())
        m_files->stopCapture(tr("the explorer closed"));
    QMainWindow::closeEvent(event);
}

void MainWindow::stress()
{
    StressDialog dialog(m_appPanel->namedHandles(), this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    const QStringList lines = dialog.lines();
    for (const QString &l : lines)
        m_bridge->submit(l);
    statusBar()->showMessage(
        tr("Stress: %n action line(s) queued", nullptr, int(lines.size())), 6000);
}

void MainWindow::postEvent(const QString &instanceId)
{
    PostEventDialog dialog(instanceId, this);
    if (dialog.exec() == QDialog::Accepted && !dialog.line().isEmpty())
        submit(dialog.line());
}

void MainWindow::deviceCommand(const QString &verb)
{
    const QModelIndex idx = m_treeView->currentSourceIndex();
    const QString id = idx.data(DeviceTreeModel::InstanceIdRole).toString();
    if (id.isEmpty()) {
        statusBar()->showMessage(tr("Select a device in the device tree first"), 5000);
        return;
    }
    if (verb == QLatin1String("post-event")) {
        postEvent(id);
        return;
    }
    if (verb == QLatin1String("restart")) {
        submit(QStringLiteral("disable-device ") + actionWord(id));
        submit(QStringLiteral("enable-device ") + actionWord(id));
        return;
    }
    submit(verb + QLatin1Char(' ') + actionWord(id));
}

} // namespace umdfx::gui
