// The main window's menus: File, Edit, View, Simulation, Debug, Device, Application, Help. Every
// command that changes the simulation becomes an action line (SimulationBridge::submit); the
// trace file commands and the debugger's are the controllers' (TraceFileController,
// DebugController), put in the menus here.

#include "app/explorer/mainwindow.h"

#include "app/explorer/comparecontroller.h"
#include "app/explorer/debugcontroller.h"
#include "app/explorer/tracefilecontroller.h"

#include "widgets/models/helplinks.h"
#include "widgets/models/simulationbridge.h"
#include "widgets/models/traceexport.h"
#include "widgets/views/applicationpanel.h"
#include "widgets/views/dialogs.h"
#include "widgets/views/icons.h"
#include "widgets/views/lessonspanel.h"
#include "widgets/views/tablepanels.h"
#include "widgets/views/traceview.h"

#include "resources/embeddedresources.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDesktopServices>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QStatusBar>
#include <QToolBar>
#include <QUrl>

#include <map>

namespace umdfx::gui {

void MainWindow::createMenus()
{
    // File
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(themeIcon(QStringLiteral("open")), tr("&Open scenario…"), QKeySequence::Open,
        this, &MainWindow::openScenarioDialog);
    QMenu *samples = file->addMenu(tr("&Sample scenarios"));
    for (const auto &name : resources::scenarioNames()) {
        const QString n = QString::fromUtf8(name.data(), qsizetype(name.size()));
        samples->addAction(n, this, [this, n] { openScenario(QStringLiteral("embedded:") + n); });
    }
    createTraceFileMenu(file);
    file->addSeparator();
    QAction *reset = file->addAction(themeIcon(QStringLiteral("reset")), tr("Re&set simulation"),
        QKeySequence(Qt::CTRL | Qt::Key_R), m_bridge, &SimulationBridge::resetSimulation);
    reset->setToolTip(tr("Build the scenario afresh: a new trace, the devices started again"));
    m_liveActions << reset;
    m_liveActions << file->addAction(
        tr("Save action script…"), m_actionsPanel, &ActionsPanel::saveScript);
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);

    // Edit
    QMenu *edit = menuBar()->addMenu(tr("&Edit"));
    edit->addAction(themeIcon(QStringLiteral("copy")), tr("&Copy trace rows"), m_traceView,
        &TraceView::copySelection);
    edit->addAction(tr("Copy actions as &script"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C),
        m_actionsPanel, &ActionsPanel::copyScript);
    edit->addSeparator();
    edit->addAction(themeIcon(QStringLiteral("filter")), tr("&Filter the trace"),
        QKeySequence::Find, this, [this] {
            m_traceView->filterEdit()->setFocus();
            m_traceView->filterEdit()->selectAll();
        });
    edit->addAction(tr("Run an action &line"), QKeySequence(Qt::CTRL | Qt::Key_K), this, [this] {
        for (QDockWidget *d : m_docks)
            if (d->widget() == m_actionsPanel) {
                d->show();
                d->raise();
            }
        m_actionsPanel->lineEdit()->setFocus();
    });

    // View
    m_viewMenu = menuBar()->addMenu(tr("&View"));
    int n = 1;
    for (QDockWidget *d : m_docks) {
        QAction *toggle = d->toggleViewAction();
        toggle->setShortcut(QKeySequence(Qt::ALT | Qt::SHIFT | Qt::Key(Qt::Key_0 + n++)));
        m_viewMenu->addAction(toggle);
    }
    m_viewMenu->addSeparator();
    m_followAction = m_viewMenu->addAction(themeIcon(QStringLiteral("follow")), tr("&Follow live"));
    m_followAction->setCheckable(true);
    m_followAction->setChecked(m_traceView->followLive());
    connect(m_followAction, &QAction::toggled, m_traceView, &TraceView::setFollowLive);
    connect(m_traceView, &TraceView::followLiveChanged, m_followAction, &QAction::setChecked);
    m_viewMenu->addAction(themeIcon(QStringLiteral("finding")), tr("&Next verifier finding"),
        QKeySequence(Qt::Key_F8), m_traceView, &TraceView::nextFinding);
    m_viewMenu->addAction(tr("&Previous verifier finding"), QKeySequence(Qt::SHIFT | Qt::Key_F8),
        m_traceView, &TraceView::previousFinding);
    m_viewMenu->addSeparator();
    m_viewMenu->addAction(tr("&Reset layout"), this, &MainWindow::resetLayout);

    // Simulation
    QMenu *sim = menuBar()->addMenu(tr("&Simulation"));
    m_clockAction = sim->addAction(themeIcon(QStringLiteral("clock")), tr("&Real-time clock"));
    m_clockAction->setCheckable(true);
    m_clockAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_P));
    m_clockAction->setToolTip(tr("Virtual time follows real time, so drivers' timers fire; off, "
                                 "time moves only with advance actions"));
    connect(m_clockAction, &QAction::toggled, m_bridge, &SimulationBridge::setRealTimeClock);
    sim->addAction(tr("Advance 10 ms"), this, [this] { submit(QStringLiteral("advance 10ms")); });
    sim->addAction(tr("Advance 100 ms"), QKeySequence(Qt::CTRL | Qt::Key_Period), this,
        [this] { submit(QStringLiteral("advance 100ms")); });
    sim->addAction(tr("Advance 1 s"), this, [this] { submit(QStringLiteral("advance 1s")); });
    sim->addSeparator();
    QAction *stressAction = sim->addAction(themeIcon(QStringLiteral("stress")), tr("&Stress…"),
        QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S), this, &MainWindow::stress);
    sim->addAction(tr("&Cancel pending actions"),
        QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Period), m_bridge,
        &SimulationBridge::cancelPending);
    m_liveActions << sim->actions();

    // Debug: the debugger's commands and keys (DebugController).
    QMenu *debug = menuBar()->addMenu(tr("De&bug"));
    m_debug->fillMenu(debug);

    // Device (the device selected in the tree)
    QMenu *device = menuBar()->addMenu(tr("&Device"));
    device->addAction(themeIcon(QStringLiteral("device-disabled")),
        tr("&Disable (orderly removal)"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_D), this,
        [this] { deviceCommand(QStringLiteral("disable-device")); });
    device->addAction(themeIcon(QStringLiteral("device-started")), tr("&Enable (start)"),
        QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E), this,
        [this] { deviceCommand(QStringLiteral("enable-device")); });
    device->addAction(tr("&Restart"), this, [this] { deviceCommand(QStringLiteral("restart")); });
    device->addAction(
        tr("&Query remove"), this, [this] { deviceCommand(QStringLiteral("query-remove")); });
    device->addAction(
        tr("S&top (resource rebalance)"), this, [this] { deviceCommand(QStringLiteral("stop")); });
    device->addAction(themeIcon(QStringLiteral("device-surprise-removed")), tr("&Surprise remove"),
        QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_X), this,
        [this] { deviceCommand(QStringLiteral("surprise-remove")); });
    device->addAction(tr("&Post a custom event…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_V),
        this, [this] { deviceCommand(QStringLiteral("post-event")); });
    m_liveActions << device->actions();

    // Application (the handle selected in the Application panel)
    QMenu *app = menuBar()->addMenu(tr("&Application"));
    app->addAction(themeIcon(QStringLiteral("handle")), tr("&CreateFile"),
        QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O), m_appPanel, &ApplicationPanel::open);
    app->addAction(tr("&WriteFile"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_W), m_appPanel,
        &ApplicationPanel::write);
    app->addAction(tr("&ReadFile"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R), m_appPanel,
        &ApplicationPanel::read);
    app->addAction(tr("&DeviceIoControl"), m_appPanel, &ApplicationPanel::ioctl);
    app->addAction(tr("CancelIo&Ex"), m_appPanel, &ApplicationPanel::cancelIo);
    app->addAction(tr("Close&Handle"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_H), m_appPanel,
        &ApplicationPanel::closeHandle);
    m_liveActions << app->actions();

    // Help
    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(themeIcon(QStringLiteral("lesson")), tr("Guided &lessons"),
        QKeySequence(Qt::Key_F1), this, [this] {
            showLessons();
            m_lessonsPanel->lessonBox()->setFocus();
        });
    QMenu *concepts
        = help->addMenu(themeIcon(QStringLiteral("help")), tr("UMDF &concepts (Microsoft docs)"));
    std::map<std::string, QMenu *> groups;
    for (const HelpLink &link : umdfConceptLinks()) {
        const std::string group(link.group);
        QMenu *&m = groups[group];
        if (!m)
            m = concepts->addMenu(QString::fromStdString(group));
        const QUrl url(QString::fromStdString(link.url));
        QAction *a
            = m->addAction(QString::fromUtf8(link.title.data(), qsizetype(link.title.size())), this,
                [url] { QDesktopServices::openUrl(url); });
        a->setToolTip(url.toString());
        a->setStatusTip(url.toString());
    }
    help->addSeparator();
    help->addAction(themeIcon(QStringLiteral("bug-report")), tr("Save &bug report…"), m_files,
            &TraceFileController::bugReportDialog)
        ->setToolTip(tr("One file with the trace, the scenario, the versions, the driver "
                        "modules' SHA-256 and the verifier findings"));
    help->addSeparator();
    help->addAction(themeIcon(QStringLiteral("app")), tr("&About UMDF Explorer"), this, [this] {
        AboutDialog dialog(QStringLiteral(UMDFX_VERSION), this);
        dialog.exec();
    });
    help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);

    // A tool bar with the frequent commands.
    QToolBar *tools = addToolBar(tr("Main"));
    tools->setObjectName(QStringLiteral("mainToolBar"));
    tools->setIconSize(QSize(18, 18));
    tools->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    tools->addAction(
        themeIcon(QStringLiteral("open")), tr("Open"), this, &MainWindow::openScenarioDialog);
    tools->addAction(themeIcon(QStringLiteral("trace-open")), tr("Open trace"), m_files,
        &TraceFileController::openTraceDialog);
    tools->addAction(reset);
    tools->addSeparator();
    tools->addAction(m_clockAction);
    tools->addAction(stressAction);
    tools->addAction(m_files->captureAction());
    tools->addSeparator();
    tools->addAction(m_followAction);
    QToolBar *debugTools = addToolBar(tr("Debug"));
    debugTools->setObjectName(QStringLiteral("debugToolBar"));
    debugTools->setIconSize(QSize(18, 18));
    debugTools->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_debug->fillToolBar(debugTools);
    QAction *toolbarsAt = m_viewMenu->actions().value(m_docks.size());
    m_viewMenu->insertAction(toolbarsAt, tools->toggleViewAction());
    m_viewMenu->insertAction(toolbarsAt, debugTools->toggleViewAction());
}

void MainWindow::createTraceFileMenu(QMenu *file)
{
    QAction *open = file->addAction(themeIcon(QStringLiteral("trace-open")), tr("Open &trace…"),
        QKeySequence(Qt::CTRL | Qt::Key_T), m_files, &TraceFileController::openTraceDialog);
    open->setToolTip(tr("Show a captured .umdftrace read-only (or drop one on the window)"));
    m_recentMenu = file->addMenu(tr("Open &recent"));
    QAction *compare
        = file->addAction(tr("Co&mpare with…"), m_compare, &CompareController::compareWithDialog);
    compare->setObjectName(QStringLiteral("compareWithAction"));
    compare->setToolTip(tr("Align the trace file shown (or two you choose) with another, request "
                           "beside request, and show where they differ"));
    file->addSeparator();
    QAction *live = file->addAction(themeIcon(QStringLiteral("live")),
        tr("Back to the &live simulation"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_L), m_files,
        &TraceFileController::closeTrace);
    QAction *properties
        = file->addAction(tr("Trace &properties…"), m_files, &TraceFileController::showProperties);
    m_traceActions << live << properties;
    for (QAction *a : std::as_const(m_traceActions))
        a->setEnabled(false);
    file->addSeparator();
    // Always on: it captures the live simulation, which goes on behind a trace file shown.
    file->addAction(m_files->captureAction());
    file->addAction(themeIcon(QStringLiteral("save")), tr("Save trace &as…"), QKeySequence::Save,
        m_files, &TraceFileController::saveTraceAsDialog);
    QMenu *exports = file->addMenu(themeIcon(QStringLiteral("export")), tr("&Export"));
    bool first = true;
    for (const ExportFormatInfo &f : exportFormats()) {
        QAction *a = exports->addAction(f.name + QStringLiteral("…"), m_files,
            [this, format = f.format] { m_files->exportDialog(format); });
        if (first)
            a->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
        first = false;
    }
}

void MainWindow::updateRecentMenu()
{
    if (!m_recentMenu)
        return;
    m_recentMenu->clear();
    for (const QString &path : m_recent) {
        const bool trace = path.endsWith(QLatin1String(".umdftrace"), Qt::CaseInsensitive);
        m_recentMenu
            ->addAction(themeIcon(trace ? QStringLiteral("trace-open") : QStringLiteral("open")),
                QFileInfo(path).fileName(), this, [this, path] { openFile(path); })
            ->setToolTip(path);
    }
    if (!m_recent.isEmpty()) {
        m_recentMenu->addSeparator();
        m_recentMenu->addAction(tr("Clear list"), this, [this] {
            m_recent.clear();
            updateRecentMenu();
        });
    }
    m_recentMenu->setEnabled(!m_recent.isEmpty());
}

void MainWindow::openScenarioDialog()
{
    const QString dir = m_recent.isEmpty() ? QString() : QFileInfo(m_recent.first()).absolutePath();
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Open scenario"), dir, tr("Scenarios (*.json);;All files (*)"));
    if (!path.isEmpty())
        openScenario(path);
}

} // namespace umdfx::gui
