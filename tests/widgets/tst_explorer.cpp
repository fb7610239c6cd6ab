// The explorer as a person uses it: clicks in the Application panel and the device tree, the
// filter bar, the layout that comes back after a restart. Real widgets, offscreen platform.
#include "explorertestutils.h"

#include "app/explorer/mainwindow.h"

#include "widgets/models/actionlogmodel.h"
#include "widgets/models/devicetreemodel.h"
#include "widgets/models/inspectormodel.h"
#include "widgets/models/simulationbridge.h"
#include "widgets/models/snapshotlistmodels.h"
#include "widgets/models/tracetablemodel.h"
#include "widgets/views/applicationpanel.h"
#include "widgets/views/devicetreeview.h"
#include "widgets/views/inspectorwidget.h"
#include "widgets/views/messagebar.h"
#include "widgets/views/tablepanels.h"
#include "widgets/views/traceview.h"

#include <QApplication>
#include <QClipboard>
#include <QDockWidget>
#include <QElapsedTimer>
#include <QFile>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QProcess>
#include <QPushButton>
#include <QSettings>
#include <QStyle>
#include <QStyleOptionViewItem>
#include <QTableView>
#include <QTemporaryDir>
#include <QTemporaryFile>
#include <QToolButton>
#include <QTreeView>
#include <QtTest/QtTest>

#include <sys/stat.h>

using namespace umdfx::gui;

namespace {
// The tests' own copy of the echo sample (tests/widgets/data), whatever the embedded default is.
const QString kScenario = QStringLiteral(UMDFX_SOURCE_DIR "/tests/widgets/data/echo.json");
const QString kPort1Link
    = QStringLiteral("\\\\?\\ROOT#ECHO#0000#{cdc35b6e-0be4-4936-bf5f-5537380a7c1a}\\Port1");
} // namespace

class tst_Explorer : public QObject
{
    Q_OBJECT
private slots:
    void init();
    void openAndWriteFromTheApplicationPanel();
    void uncheckedInterfaceRefusesNewOpens();
    void filterBarNarrowsTheTable();
    void settingsRoundTrip();
    void actionsCopyAsScript();
    void deviceTreeKeyboardAndInspector();
    void pluginCrashEndsOnlyItsHost_data();
    void pluginCrashEndsOnlyItsHost();
    void threadsDockShowsTheDriversThreads();
    void deadlockIsNoticed();
    void threadsDockShowsPoolThreads();
    void hostileScenarioFileIsRefused_data();
    void hostileScenarioFileIsRefused();
    void hugePasteIsCutAndRefused();
    void recordLimitCanBeRaised();

private:
    void makeWindow(std::unique_ptr<MainWindow> &w);
    void openHandle(MainWindow &w, const QString &name, const QString &path = QString());
    void writeHello(MainWindow &w);
    // A window on drivers/threadecho's plugin alone, its device given these parameters (JSON).
    std::unique_ptr<MainWindow> threadEchoWindow(const QString &parameters);
    // Opens h1 on its interface from the Application dock; the result label, null on failure.
    QLabel *openThreadEchoHandle(MainWindow &w);
    template<class T> static T *child(QWidget &w, const char *name)
    {
        T *c = w.findChild<T *>(QString::fromLatin1(name));
        if (!c)
            qFatal("no child %s", name);
        return c;
    }
    // The first trace record with this method and phase, -1 if none (yet).
    static qint64 findRecord(TraceTableModel *model, const QString &method, const QString &phase);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<QSettings> m_settings;
};

void tst_Explorer::init()
{
    QVERIFY(testutils::freshSettings(m_dir, m_settings));
}

void tst_Explorer::makeWindow(std::unique_ptr<MainWindow> &w)
{
    ExplorerOptions options;
    options.realTimeClock = false; // deterministic: virtual time moves only when a test says so
    options.scenario = kScenario;
    w = std::make_unique<MainWindow>(m_settings.get(), options);
    w->show();
    if (!QTest::qWaitForWindowExposed(w.get()))
        qFatal("the window was not exposed");
    QTRY_VERIFY_WITH_TIMEOUT(w->bridge()->hasSession(), 10000);
    QTRY_COMPARE_WITH_TIMEOUT(
        child<QTableView>(*w, "interfaceTable")->model()->rowCount(), 2, 10000);
}

void tst_Explorer::openHandle(MainWindow &w, const QString &name, const QString &path)
{
    auto *interfaces = child<QTableView>(w, "interfaceTable");
    auto *pathEdit = child<QLineEdit>(w, "openPath");
    if (path.isEmpty()) {
        // Pick Port1 in the SetupDi list, as a person would.
        const QModelIndex port1 = interfaces->model()->index(0, 0);
        QTest::mouseClick(
            interfaces->viewport(), Qt::LeftButton, {}, interfaces->visualRect(port1).center());
        QCOMPARE(pathEdit->text(), kPort1Link);
    } else {
        pathEdit->clear();
        QTest::keyClicks(pathEdit, path);
    }
    auto *nameEdit = child<QLineEdit>(w, "openName");
    nameEdit->selectAll();
    QTest::keyClicks(nameEdit, name);
    QTest::mouseClick(child<QPushButton>(w, "openButton"), Qt::LeftButton);
}

std::unique_ptr<MainWindow> tst_Explorer::threadEchoWindow(const QString &parameters)
{
    const QString scenario = m_dir->filePath(QStringLiteral("threadecho.json"));
    QFile f(scenario);
    if (!f.open(QIODevice::WriteOnly))
        qFatal("cannot write %s", qPrintable(scenario));
    f.write(QStringLiteral(
        "{ \"name\": \"threadecho\", \"drivers\": [ { \"name\": \"ThreadEcho\", \"module\": "
        "\"%1\" } ], \"devices\": [ { \"instanceId\": \"ROOT\\\\THREADECHO\\\\0000\", "
        "\"hardwareIds\": [\"WUDF\\\\ThreadEcho\"], \"drivers\": [\"ThreadEcho\"], "
        "\"parameters\": %2 } ] }")
                .arg(QStringLiteral(UMDFX_BINARY_DIR "/plugins/threadecho.so"), parameters)
                .toUtf8());
    f.close();
    ExplorerOptions options;
    options.realTimeClock = false;
    options.scenario = scenario;
    auto w = std::make_unique<MainWindow>(m_settings.get(), options);
    w->show();
    if (!QTest::qWaitForWindowExposed(w.get()))
        qFatal("the window was not exposed");
    // Not QTRY_*: they return from a function that must return the window.
    if (!QTest::qWaitFor([&] { return w->bridge()->hasSession(); }, 10000))
        QTest::qFail("the simulation did not start", __FILE__, __LINE__);
    return w;
}

void tst_Explorer::writeHello(MainWindow &w)
{
    auto *data = child<QLineEdit>(w, "writeData");
    data->clear();
    QTest::keyClicks(data, QStringLiteral("hello"));
    QTest::mouseClick(child<QPushButton>(w, "writeButton"), Qt::LeftButton);
}

QLabel *tst_Explorer::openThreadEchoHandle(MainWindow &w)
{
    auto *interfaces = child<QTableView>(w, "interfaceTable");
    if (!QTest::qWaitFor([&] { return interfaces->model()->rowCount() == 1; }, 10000))
        return nullptr;
    openHandle(w, QStringLiteral("h1"), QStringLiteral("{7a1c9e52-3b6d-4f08-a2e4-5d9c1b7f3e60}"));
    auto *result = child<QLabel>(w, "resultLabel");
    const bool opened = QTest::qWaitFor(
        [&] { return result->text().contains(QLatin1String("TRUE: handle h1 opened")); }, 10000);
    return opened ? result : nullptr;
}

qint64 tst_Explorer::findRecord(TraceTableModel *model, const QString &method, const QString &phase)
{
    for (int r = 0; r < model->rowCount(); ++r) {
        if (model->index(r, 0).data(TraceTableModel::MethodRole).toString() == method
            && model->cellText(r, TraceTableModel::PhaseColumn) == phase)
            return r;
    }
    return -1;
}

void tst_Explorer::openAndWriteFromTheApplicationPanel()
{
    std::unique_ptr<MainWindow> w;
    makeWindow(w);
    if (QTest::currentTestFailed())
        return;
    auto *result = child<QLabel>(*w, "resultLabel");
    openHandle(*w, QStringLiteral("h1"));
    QTRY_VERIFY_WITH_TIMEOUT(
        result->text().contains(QLatin1String("TRUE: handle h1 opened")), 10000);
    QTRY_COMPARE_WITH_TIMEOUT(child<QTableView>(*w, "handleTable")->model()->rowCount(), 1, 5000);
    writeHello(*w);
    QTRY_VERIFY_WITH_TIMEOUT(
        result->text().contains(QLatin1String("TRUE, 5 bytes transferred")), 10000);

    TraceTableModel *trace = w->traceModel();
    qint64 create = -1, onWrite = -1, writeReturn = -1;
    QTRY_VERIFY_WITH_TIMEOUT(
        (writeReturn = findRecord(trace, QStringLiteral("WriteFile"), QStringLiteral("return")))
            >= 0,
        5000);
    create = findRecord(trace, QStringLiteral("OnCreateFile"), QStringLiteral("call"));
    onWrite = findRecord(trace, QStringLiteral("OnWrite"), QStringLiteral("call"));
    QVERIFY(create >= 0);
    QVERIFY(onWrite > create);
    QVERIFY(writeReturn > onWrite);
    QCOMPARE(
        trace->cellText(create, TraceTableModel::DeviceColumn), QStringLiteral("ROOT\\ECHO\\0000"));
    QCOMPARE(trace->cellText(create, TraceTableModel::EventColumn),
        QStringLiteral("IQueueCallbackCreate::OnCreateFile"));
    QCOMPARE(
        trace->cellText(create, TraceTableModel::ResultColumn), QStringLiteral("completed S_OK"));
    QCOMPARE(trace->cellText(onWrite, TraceTableModel::DeviceColumn),
        QStringLiteral("ROOT\\ECHO\\0000"));
    QCOMPARE(trace->cellText(onWrite, TraceTableModel::ResultColumn),
        QStringLiteral("completed S_OK, 5 bytes"));
    QCOMPARE(trace->cellText(writeReturn, TraceTableModel::ResultColumn),
        QStringLiteral("TRUE, 5 bytes"));
    // The row is there in the view too, and selecting it fills the inspector.
    w->traceView()->selectRecord(onWrite);
    QCOMPARE(w->traceView()->currentRecord(), onWrite);
    QTRY_VERIFY(child<QLabel>(*w, "inspectorTitle")
                    ->text()
                    .contains(QLatin1String("IQueueCallbackWrite::OnWrite")));
}

void tst_Explorer::uncheckedInterfaceRefusesNewOpens()
{
    std::unique_ptr<MainWindow> w;
    makeWindow(w);
    if (QTest::currentTestFailed())
        return;
    auto *result = child<QLabel>(*w, "resultLabel");
    openHandle(*w, QStringLiteral("h1"));
    QTRY_VERIFY_WITH_TIMEOUT(
        result->text().contains(QLatin1String("TRUE: handle h1 opened")), 10000);

    // Uncheck \Port1 in the device tree, clicking its check box.
    QTreeView *tree = w->deviceTreeView()->tree();
    QModelIndex port1;
    const std::function<void(const QModelIndex &)> find = [&](const QModelIndex &parent) {
        for (int r = 0; r < tree->model()->rowCount(parent); ++r) {
            const QModelIndex i = tree->model()->index(r, 0, parent);
            if (i.data(DeviceTreeModel::SymbolicLinkRole).toString() == kPort1Link
                && i.data(DeviceTreeModel::NodeKindRole).toInt() == DeviceTreeModel::InterfaceNode)
                port1 = i;
            find(i);
        }
    };
    find(QModelIndex());
    QVERIFY(port1.isValid());
    QCOMPARE(port1.data(Qt::CheckStateRole).toInt(), int(Qt::Checked));
    tree->scrollTo(port1);
    QStyleOptionViewItem opt;
    opt.initFrom(tree->viewport());
    opt.rect = tree->visualRect(port1);
    opt.features |= QStyleOptionViewItem::HasCheckIndicator;
    const QRect box
        = tree->style()->subElementRect(QStyle::SE_ItemViewItemCheckIndicator, &opt, tree);
    QTest::mouseClick(tree->viewport(), Qt::LeftButton, {}, box.center());
    QTRY_COMPARE_WITH_TIMEOUT(port1.data(Qt::CheckStateRole).toInt(), int(Qt::Unchecked), 10000);

    // A new open fails as Windows says it does: the application enumerating the class finds no
    // present \Port1 (2 ERROR_FILE_NOT_FOUND)...
    openHandle(
        *w, QStringLiteral("h2"), QStringLiteral("{cdc35b6e-0be4-4936-bf5f-5537380a7c1a}\\Port1"));
    QTRY_VERIFY2_WITH_TIMEOUT(
        result->text().contains(
            QLatin1String("FALSE: INVALID_HANDLE_VALUE, GetLastError() = 2 ERROR_FILE_NOT_FOUND")),
        qPrintable(result->text()), 10000);
    // ... and CreateFile on the full symbolic link finds the kernel link gone with a reference
    // string after it (reference §4.1: 3 ERROR_PATH_NOT_FOUND, inferred).
    openHandle(*w, QStringLiteral("h3"), kPort1Link);
    QTRY_VERIFY2_WITH_TIMEOUT(
        result->text().contains(QLatin1String("GetLastError() = 3 ERROR_PATH_NOT_FOUND")),
        qPrintable(result->text()), 10000);
    QCOMPARE(child<QTableView>(*w, "handleTable")->model()->rowCount(), 1);
    // ... while the handle opened before still writes.
    w->applicationPanel()->selectHandle(QStringLiteral("app1"), QStringLiteral("h1"));
    QCOMPARE(w->applicationPanel()->currentHandle(), QStringLiteral("h1"));
    writeHello(*w);
    QTRY_VERIFY_WITH_TIMEOUT(
        result->text().contains(QLatin1String("TRUE, 5 bytes transferred")), 10000);
}

void tst_Explorer::filterBarNarrowsTheTable()
{
    std::unique_ptr<MainWindow> w;
    makeWindow(w);
    if (QTest::currentTestFailed())
        return;
    openHandle(*w, QStringLiteral("h1"));
    auto *result = child<QLabel>(*w, "resultLabel");
    QTRY_VERIFY_WITH_TIMEOUT(
        result->text().contains(QLatin1String("TRUE: handle h1 opened")), 10000);
    writeHello(*w);
    QTRY_VERIFY_WITH_TIMEOUT(result->text().contains(QLatin1String("TRUE, 5 bytes")), 10000);
    QTableView *table = child<QTableView>(*w, "traceTable");
    QTRY_VERIFY_WITH_TIMEOUT(
        findRecord(w->traceModel(), QStringLiteral("WriteFile"), QStringLiteral("return")) >= 0,
        5000);
    const int all = table->model()->rowCount();
    QVERIFY(all > 100);

    QLineEdit *filter = child<QLineEdit>(*w, "traceFilter");
    QTest::keyClicks(filter, QStringLiteral("method:OnWrite device:ECHO"));
    QTest::keyClick(filter, Qt::Key_Return);
    QTRY_COMPARE_WITH_TIMEOUT(table->model()->rowCount(), 2, 5000); // OnWrite's call and return
    for (int r = 0; r < 2; ++r)
        QCOMPARE(table->model()->index(r, TraceTableModel::EventColumn).data().toString(),
            QStringLiteral("IQueueCallbackWrite::OnWrite"));

    // A mistake is shown and changes nothing.
    filter->clear(); // the clear button's path: everything again
    QCOMPARE(table->model()->rowCount(), all);
    QTest::keyClicks(filter, QStringLiteral("method:OnWrite kidn:ddi"));
    QTest::keyClick(filter, Qt::Key_Return);
    QLabel *error = child<QLabel>(*w, "traceFilterError");
    QVERIFY(error->isVisible());
    QVERIFY(error->text().contains(QLatin1String("unknown field 'kidn'")));
    QCOMPARE(table->model()->rowCount(), all);

    // "Show this request's whole path" is a filter too.
    filter->clear();
    const qint64 onWrite
        = findRecord(w->traceModel(), QStringLiteral("OnWrite"), QStringLiteral("call"));
    const uint request
        = w->traceModel()->index(int(onWrite), 0).data(TraceTableModel::RequestRole).toUInt();
    w->traceView()->setFilterText(QStringLiteral("request:%1").arg(request));
    QVERIFY(table->model()->rowCount() >= 6); // WriteFile, OnWrite, the DDIs, completion
    for (int r = 0; r < table->model()->rowCount(); ++r)
        QCOMPARE(table->model()->index(r, 0).data(TraceTableModel::RequestRole).toUInt(), request);
}

void tst_Explorer::settingsRoundTrip()
{
    QByteArray header;
    QSize size;
    {
        std::unique_ptr<MainWindow> w;
        makeWindow(w);
        if (QTest::currentTestFailed())
            return;
        w->resize(1200, 780);
        QTRY_COMPARE(w->size(), QSize(1200, 780));
        for (QDockWidget *d : w->docks())
            if (d->objectName() == QLatin1String("logDock"))
                d->close();
        QTableView *table = child<QTableView>(*w, "traceTable");
        table->setColumnWidth(TraceTableModel::EventColumn, 333);
        w->traceView()->setFollowLive(false);
        header = table->horizontalHeader()->saveState();
        size = w->size();
        w->close(); // saves
    }
    QVERIFY(m_settings->contains(QStringLiteral("mainWindow/state")));
    std::unique_ptr<MainWindow> w;
    makeWindow(w);
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(w->size(), size);
    for (QDockWidget *d : w->docks()) {
        if (d->objectName() == QLatin1String("logDock"))
            QVERIFY(d->isHidden());
        if (d->objectName() == QLatin1String("applicationDock"))
            QVERIFY(d->isVisible());
    }
    QTableView *table = child<QTableView>(*w, "traceTable");
    QCOMPARE(table->columnWidth(TraceTableModel::EventColumn), 333);
    QCOMPARE(w->traceView()->followLive(), false);
    // Reset layout brings every dock back.
    w->resetLayout();
    for (QDockWidget *d : w->docks())
        QVERIFY2(d->isVisible(), qPrintable(d->objectName()));
}

void tst_Explorer::actionsCopyAsScript()
{
    std::unique_ptr<MainWindow> w;
    makeWindow(w);
    if (QTest::currentTestFailed())
        return;
    openHandle(*w, QStringLiteral("h1"));
    auto *result = child<QLabel>(*w, "resultLabel");
    QTRY_VERIFY_WITH_TIMEOUT(
        result->text().contains(QLatin1String("TRUE: handle h1 opened")), 10000);
    QLineEdit *line = child<QLineEdit>(*w, "actionLine");
    QTest::keyClicks(line, QStringLiteral("advance 250ms"));
    QTest::keyClick(line, Qt::Key_Return);
    QTest::keyClicks(line, QStringLiteral("wrte h1 \"x\""));
    QTest::keyClick(line, Qt::Key_Return);
    QVERIFY(child<QLabel>(*w, "actionLineError")->isVisible()); // refused, not run
    line->clear();
    writeHello(*w);
    QTRY_COMPARE_WITH_TIMEOUT(w->actionLog()->rowCount(), 3, 10000);
    const QString script = w->actionsPanel()->script();
    QCOMPARE(script,
        QStringLiteral("# UMDF Explorer session on %1\n"
                       "# replay: umdfctl run %1 --actions THIS_FILE\n"
                       "open h1 ")
                .arg(kScenario)
            + kPort1Link
            + QStringLiteral("\n"
                             "advance 250ms\n"
                             "write h1 \"hello\"\n"));

    // umdfctl replays it headless, and the trace shows the same calls.
    QTemporaryFile file;
    QVERIFY(file.open());
    file.write(script.toUtf8());
    file.close();
    QProcess cli;
    cli.start(QStringLiteral(UMDFCTL_PATH),
        { QStringLiteral("run"), kScenario, QStringLiteral("--actions"), file.fileName(),
            QStringLiteral("--text") });
    QVERIFY(cli.waitForFinished(20000));
    QCOMPARE(cli.exitCode(), 0);
    const QString out = QString::fromUtf8(cli.readAllStandardOutput());
    QVERIFY(out.contains(QLatin1String("IQueueCallbackWrite::OnWrite")));
    QVERIFY(out.contains(QLatin1String("action::advance")));
}

void tst_Explorer::deviceTreeKeyboardAndInspector()
{
    std::unique_ptr<MainWindow> w;
    makeWindow(w);
    if (QTest::currentTestFailed())
        return;
    QTreeView *tree = w->deviceTreeView()->tree();
    QModelIndex port2;
    const std::function<void(const QModelIndex &)> find = [&](const QModelIndex &parent) {
        for (int r = 0; r < tree->model()->rowCount(parent); ++r) {
            const QModelIndex i = tree->model()->index(r, 0, parent);
            if (i.data(DeviceTreeModel::KeyRole).toString().endsWith(QLatin1String("\\Port2")))
                port2 = i;
            find(i);
        }
    };
    find(QModelIndex());
    QVERIFY(port2.isValid());
    tree->setFocus();
    tree->setCurrentIndex(port2);
    // Selecting the interface shows its fields in the inspector.
    QTRY_COMPARE(
        w->inspector()->model()->value(QStringLiteral("Enabled (AssignDeviceInterfaceState)")),
        QStringLiteral("yes"));
    // Space toggles the check box, as in any Qt item view: the interface is disabled...
    QTest::keyClick(tree, Qt::Key_Space);
    QTRY_COMPARE_WITH_TIMEOUT(port2.data(Qt::CheckStateRole).toInt(), int(Qt::Unchecked), 10000);
    // ... and the inspector, still on that item, shows the new state.
    QTRY_COMPARE(
        w->inspector()->model()->value(QStringLiteral("Enabled (AssignDeviceInterfaceState)")),
        QStringLiteral("no"));
    QTRY_COMPARE(w->actionLog()->rowCount(), 1);
    QCOMPARE(w->actionLog()->index(0, ActionLogModel::ActionColumn).data().toString(),
        QStringLiteral("disable ROOT\\ECHO\\0000 {cdc35b6e-0be4-4936-bf5f-5537380a7c1a} Port2"));
}

void tst_Explorer::pluginCrashEndsOnlyItsHost_data()
{
    QTest::addColumn<int>("fault"); // classic's FaultOnWrite
    QTest::addColumn<QString>("what"); // in the notice
    QTest::addRow("NULL pointer write") << 1 << QStringLiteral("access violation writing");
    // On the simulation's worker thread, whose stack the host's alternate stack stands in for.
    QTest::addRow("stack overflow") << 6 << QStringLiteral("stack overflow (");
    QTest::addRow("bad pointer given to the framework")
        << 8 << QStringLiteral("access violation writing 0x0000000000000008");
}

void tst_Explorer::pluginCrashEndsOnlyItsHost()
{
    QFETCH(int, fault);
    QFETCH(QString, what);
    // The classic plugin beside the echo device, made to crash in OnWrite.
    const QString scenario = m_dir->filePath(QStringLiteral("crash.json"));
    {
        QFile f(scenario);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QStringLiteral(
            "{ \"name\": \"crash\", \"drivers\": [ { \"name\": \"echo\", \"module\": "
            "\"builtin:echo\" }, { \"name\": \"ClassicSample\", \"module\": \"%1\" } ], "
            "\"devices\": [ { \"instanceId\": \"ROOT\\\\ECHO\\\\0000\", \"hardwareIds\": "
            "[\"WUDF\\\\Echo\"], \"drivers\": [\"echo\"], \"parameters\": { "
            "\"ReferenceStrings\": [\"Port1\"] } }, { \"instanceId\": "
            "\"ROOT\\\\CLASSIC\\\\0000\", \"hardwareIds\": [\"WUDF\\\\ClassicSample\"], "
            "\"drivers\": [\"ClassicSample\"], \"parameters\": { \"FaultOnWrite\": %2 } } ] }")
                    .arg(QStringLiteral(UMDFX_BINARY_DIR "/plugins/classic.so"))
                    .arg(fault)
                    .toUtf8());
    }
    ExplorerOptions options;
    options.realTimeClock = false;
    options.scenario = scenario;
    auto w = std::make_unique<MainWindow>(m_settings.get(), options);
    w->show();
    QVERIFY(QTest::qWaitForWindowExposed(w.get()));
    QTRY_VERIFY_WITH_TIMEOUT(w->bridge()->hasSession(), 10000);
    // Both devices started: the SetupDi list shows echo's Port1 and classic's interface.
    QTRY_COMPARE_WITH_TIMEOUT(
        child<QTableView>(*w, "interfaceTable")->model()->rowCount(), 2, 10000);

    auto *result = child<QLabel>(*w, "resultLabel");
    openHandle(*w, QStringLiteral("h1"),
        QStringLiteral("{7a3b9c1d-2e4f-4a6b-8c0d-9e1f2a3b4c5d}\\Classic"));
    QTRY_VERIFY_WITH_TIMEOUT(
        result->text().contains(QLatin1String("TRUE: handle h1 opened")), 10000);
    QTRY_COMPARE_WITH_TIMEOUT(child<QTableView>(*w, "handleTable")->model()->rowCount(), 1, 5000);
    writeHello(*w);
    // The application's write fails as Windows fails it...
    QTRY_VERIFY2_WITH_TIMEOUT(
        result->text().contains(QLatin1String("ERROR_DRIVER_PROCESS_TERMINATED")),
        qPrintable(result->text()), 10000);
    // ...the notice says what happened and where, and shows the record when asked...
    auto *notice = child<MessageBar>(*w, "noticeBar");
    QTRY_VERIFY_WITH_TIMEOUT(notice->isVisible(), 5000);
    QCOMPARE(notice->kind(), MessageBar::Kind::Error);
    QVERIFY2(notice->text().contains(QLatin1String("Driver host ")), qPrintable(notice->text()));
    QVERIFY2(notice->text().contains(what), qPrintable(notice->text()));
    QVERIFY2(
        notice->text().contains(QLatin1String("Only that host ended")), qPrintable(notice->text()));
    QToolButton *show = nullptr;
    for (auto *b : notice->findChildren<QToolButton *>()) {
        if (b->defaultAction()
            && b->defaultAction()->objectName() == QLatin1String("showCrashRecord"))
            show = b;
    }
    QVERIFY(show);
    QTest::mouseClick(show, Qt::LeftButton);
    auto *trace = w->findChild<TraceView *>();
    QVERIFY(trace);
    const QList<qint64> selected = trace->selectedRecords();
    QCOMPARE(selected.size(), 1);
    QCOMPARE(umdfx::trace::str(w->bridge()->traceStore()->at(std::size_t(selected.front())).method),
        std::string_view("UnhandledException"));
    // ...the device shows its host failed...
    QTreeView *tree = w->deviceTreeView()->tree();
    QModelIndex classic;
    const std::function<void(const QModelIndex &)> find = [&](const QModelIndex &parent) {
        for (int r = 0; r < tree->model()->rowCount(parent); ++r) {
            const QModelIndex i = tree->model()->index(r, 0, parent);
            if (i.data(DeviceTreeModel::NodeKindRole).toInt() == DeviceTreeModel::DeviceNode
                && i.data(DeviceTreeModel::InstanceIdRole).toString()
                    == QLatin1String("ROOT\\CLASSIC\\0000"))
                classic = i;
            find(i);
        }
    };
    QTRY_VERIFY_WITH_TIMEOUT(
        (find(QModelIndex()),
            classic.isValid() && classic.data(DeviceTreeModel::HostFailedRole).toBool()),
        5000);
    // ...and the rest goes on: the echo device still answers.
    openHandle(
        *w, QStringLiteral("h2"), QStringLiteral("{cdc35b6e-0be4-4936-bf5f-5537380a7c1a}\\Port1"));
    QTRY_VERIFY_WITH_TIMEOUT(
        result->text().contains(QLatin1String("TRUE: handle h2 opened")), 10000);
    writeHello(*w);
    QTRY_VERIFY2_WITH_TIMEOUT(
        result->text().contains(QLatin1String("write h2")), qPrintable(result->text()), 10000);
    QVERIFY2(!result->text().contains(QLatin1String("ERROR_")), qPrintable(result->text()));
}

void tst_Explorer::threadsDockShowsTheDriversThreads()
{
    // A driver whose own thread completes requests (drivers/threadecho): the Threads dock lists
    // the host's dispatcher and the driver's thread, sleeping on the virtual clock; a write from
    // the Application dock is completed by that thread and returns.
    const auto w = threadEchoWindow(QStringLiteral("{}"));
    if (QTest::currentTestFailed())
        return;
    auto *threads = child<QTableView>(*w, "threadsTable");
    QAbstractItemModelTester tester(threads->model());
    QTRY_COMPARE_WITH_TIMEOUT(threads->model()->rowCount(), 2, 10000);
    const auto cell = [threads](int row, int column) {
        return threads->model()->index(row, column).data().toString();
    };
    QCOMPARE(cell(0, ThreadListModel::NameColumn), QStringLiteral("host1"));
    QCOMPARE(cell(0, ThreadListModel::KindColumn), QStringLiteral("dispatcher"));
    QCOMPARE(cell(1, ThreadListModel::NameColumn), QStringLiteral("host1.t1"));
    QCOMPARE(cell(1, ThreadListModel::KindColumn), QStringLiteral("driver thread"));
    QCOMPARE(cell(1, ThreadListModel::StateColumn), QStringLiteral("waiting"));
    QCOMPARE(cell(1, ThreadListModel::WaitColumn), QStringLiteral("Sleep(100) until 0.100 s"));

    // Write from the Application dock: the driver's thread completes it 100 ms later.
    auto *result = openThreadEchoHandle(*w);
    QVERIFY(result);
    writeHello(*w);
    QTRY_VERIFY2_WITH_TIMEOUT(
        result->text().contains(QStringLiteral("\u2192 TRUE, 5 bytes transferred")),
        qPrintable(result->text()), 10000);
    // The thread sleeps on, its next wake later on the virtual clock.
    QTRY_VERIFY_WITH_TIMEOUT(
        cell(1, ThreadListModel::WaitColumn) != QStringLiteral("Sleep(100) until 0.100 s"), 5000);
    QVERIFY(cell(1, ThreadListModel::WaitColumn).startsWith(QLatin1String("Sleep(100) until ")));
}

void tst_Explorer::threadsDockShowsPoolThreads()
{
    // threadecho with PoolHandOff: each write is completed by a thread-pool work item that then
    // waits for cleanup. Two writes from the Application dock: two pool threads (the first is
    // still waiting when the second write comes), listed as such, waiting on their event.
    const auto w = threadEchoWindow(QStringLiteral("{ \"PoolHandOff\": 1 }"));
    if (QTest::currentTestFailed())
        return;
    auto *threads = child<QTableView>(*w, "threadsTable");
    QAbstractItemModelTester tester(threads->model());
    QTRY_COMPARE_WITH_TIMEOUT(threads->model()->rowCount(), 2, 10000);
    auto *result = openThreadEchoHandle(*w);
    QVERIFY(result);
    for (int i = 0; i < 2; ++i) {
        writeHello(*w);
        QTRY_VERIFY2_WITH_TIMEOUT(
            result->text().contains(QStringLiteral("\u2192 TRUE, 5 bytes transferred")),
            qPrintable(result->text()), 10000);
        if (i == 0)
            QTRY_COMPARE_WITH_TIMEOUT(threads->model()->rowCount(), 3, 10000);
    }
    QTRY_COMPARE_WITH_TIMEOUT(threads->model()->rowCount(), 4, 10000);
    const auto cell = [threads](int row, int column) {
        return threads->model()->index(row, column).data().toString();
    };
    QCOMPARE(cell(2, ThreadListModel::NameColumn), QStringLiteral("host1.pool"));
    QCOMPARE(cell(3, ThreadListModel::NameColumn), QStringLiteral("host1.pool2"));
    for (int row : { 2, 3 }) {
        QCOMPARE(cell(row, ThreadListModel::KindColumn), QStringLiteral("thread pool"));
        QCOMPARE(cell(row, ThreadListModel::StateColumn), QStringLiteral("waiting"));
        QVERIFY2(cell(row, ThreadListModel::WaitColumn)
                     .startsWith(QLatin1String("WaitForSingleObject(event #")),
            qPrintable(cell(row, ThreadListModel::WaitColumn)));
    }
}

void tst_Explorer::deadlockIsNoticed()
{
    // threadecho's cleanup waits for a thread it never told to stop: the removal typed in the
    // Actions dock ends in a deadlock the simulator finds; the notice bar says who waits on what,
    // the window goes on, and the Threads dock no longer lists the ended host's thread.
    const auto w = threadEchoWindow(QStringLiteral("{ \"ForgetToStopThread\": 1 }"));
    if (QTest::currentTestFailed())
        return;
    auto *threads = child<QTableView>(*w, "threadsTable");
    QTRY_COMPARE_WITH_TIMEOUT(threads->model()->rowCount(), 2, 10000);

    auto *line = child<QLineEdit>(*w, "actionLine");
    line->setFocus();
    QTest::keyClicks(line, QStringLiteral("surprise-remove ROOT\\THREADECHO\\0000"));
    QTest::keyClick(line, Qt::Key_Return);
    auto *notice = child<MessageBar>(*w, "noticeBar");
    QTRY_VERIFY_WITH_TIMEOUT(notice->isVisible(), 10000);
    QCOMPARE(notice->kind(), MessageBar::Kind::Error);
    QVERIFY2(notice->text().contains(QLatin1String("Driver host host1 deadlocked")),
        qPrintable(notice->text()));
    QVERIFY2(notice->text().contains(QLatin1String("host1.t1 waits on Sleep(100)")),
        qPrintable(notice->text()));
    // The ended host's thread is gone from the Threads dock; its dispatcher shows it ended.
    const auto rowOf = [threads](const QString &name) {
        for (int r = 0; r < threads->model()->rowCount(); ++r) {
            if (threads->model()->index(r, ThreadListModel::NameColumn).data().toString() == name)
                return r;
        }
        return -1;
    };
    QTRY_COMPARE_WITH_TIMEOUT(rowOf(QStringLiteral("host1.t1")), -1, 10000);
    QVERIFY(rowOf(QStringLiteral("host1")) >= 0);
    QCOMPARE(threads->model()
                 ->index(rowOf(QStringLiteral("host1")), ThreadListModel::StateColumn)
                 .data()
                 .toString(),
        QStringLiteral("ended"));
}

void tst_Explorer::hostileScenarioFileIsRefused_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("message"); // PATH: the file opened
    QTest::addRow("/dev/zero") << "zero"
                               << "PATH: it is a character device, not a regular file";
    QTest::addRow("a 60 MB file")
        << "big"
        << "PATH: larger than the 16 MiB a scenario may have; read stopped there";
    QTest::addRow("a FIFO without a writer") << "fifo"
                                             << "PATH: it is a FIFO, not a regular file";
}

void tst_Explorer::hostileScenarioFileIsRefused()
{
    // File > Open scenario on something that is no scenario file: a message at once, the window
    // stays responsive, and the running simulation is kept (nothing lost).
    QFETCH(QString, kind);
    QFETCH(QString, message);
    std::unique_ptr<MainWindow> w;
    makeWindow(w);
    if (QTest::currentTestFailed())
        return;
    QString path = QStringLiteral("/dev/zero");
    if (kind == QLatin1String("big")) {
        path = m_dir->filePath(QStringLiteral("big.json"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        const QByteArray mib(1 << 20, ' ');
        for (int i = 0; i < 60; ++i)
            QCOMPARE(f.write(mib), qint64(mib.size()));
    } else if (kind == QLatin1String("fifo")) {
        path = m_dir->filePath(QStringLiteral("fifo"));
        QCOMPARE(::mkfifo(qPrintable(path), 0600), 0);
    }
    // The warning is a modal message box: read it and close it, as a person would.
    QString shown;
    QTimer closer;
    connect(&closer, &QTimer::timeout, this, [&] {
        if (auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget())) {
            shown = box->text();
            box->accept();
        }
    });
    closer.start(20);
    QElapsedTimer timer;
    timer.start();
    QVERIFY(!w->openScenario(path));
    QVERIFY2(timer.elapsed() < 5000, qPrintable(QString::number(timer.elapsed())));
    QCOMPARE(shown, QString(message).replace(QLatin1String("PATH"), path));
    // The echo scenario still runs: its interfaces are there, and it takes actions.
    QCOMPARE(w->bridge()->scenarioFile(), kScenario);
    QCOMPARE(child<QTableView>(*w, "interfaceTable")->model()->rowCount(), 2);
    QLineEdit *line = child<QLineEdit>(*w, "actionLine");
    QTest::keyClicks(line, QStringLiteral("advance 10ms"));
    QTest::keyClick(line, Qt::Key_Return);
    QTRY_COMPARE_WITH_TIMEOUT(w->actionLog()->rowCount(), 1, 10000);
}

void tst_Explorer::hugePasteIsCutAndRefused()
{
    // 5 MB pasted into the Actions line or the filter bar: the field takes what it can hold,
    // says so at once, refuses to run or apply the cut text, and the window stays responsive.
    std::unique_ptr<MainWindow> w;
    makeWindow(w);
    if (QTest::currentTestFailed())
        return;
    QApplication::clipboard()->setText(
        QStringLiteral("write h1 hex:") + QString(5 * 1024 * 1024, QLatin1Char('a')));
    QTableView *table = child<QTableView>(*w, "traceTable");
    const int rows = table->model()->rowCount();

    QElapsedTimer timer;
    timer.start();
    QLineEdit *line = child<QLineEdit>(*w, "actionLine");
    line->setFocus();
    QTest::keySequence(line, QKeySequence::Paste);
    QCOMPARE(line->text().size(), ActionsPanel::kMaxLineCharacters + 1);
    QLabel *lineError = child<QLabel>(*w, "actionLineError");
    QVERIFY(lineError->isVisible());
    QVERIFY2(lineError->text().contains(QLatin1String("at most 32768 characters")),
        qPrintable(lineError->text()));
    QTest::keyClick(line, Qt::Key_Return);
    QVERIFY(lineError->isVisible());
    QCOMPARE(line->text().size(), ActionsPanel::kMaxLineCharacters + 1); // kept, to be edited
    QTest::qWait(200);
    QCOMPARE(w->actionLog()->rowCount(), 0); // not run

    QLineEdit *filter = child<QLineEdit>(*w, "traceFilter");
    filter->setFocus();
    QTest::keySequence(filter, QKeySequence::Paste);
    QCOMPARE(filter->text().size(), TraceView::kMaxFilterCharacters + 1);
    QLabel *filterError = child<QLabel>(*w, "traceFilterError");
    QVERIFY(filterError->isVisible());
    QVERIFY2(filterError->text().contains(QLatin1String("at most 4096 characters")),
        qPrintable(filterError->text()));
    QTest::keyClick(filter, Qt::Key_Return);
    QVERIFY(filterError->text().contains(QLatin1String("at most 4096 characters")));
    QCOMPARE(table->model()->rowCount(), rows); // not applied
    QVERIFY2(timer.elapsed() < 10000, qPrintable(QString::number(timer.elapsed())));

    // A long unknown word is quoted, not echoed: the message stays one readable line.
    filter->clear();
    QTest::keyClicks(filter, QStringLiteral("kind:") + QString(300, QLatin1Char('z')));
    QTest::keyClick(filter, Qt::Key_Return);
    QVERIFY(filterError->isVisible());
    QVERIFY2(!filterError->text().contains(QString(81, QLatin1Char('z'))),
        qPrintable(filterError->text()));
    QVERIFY(filterError->text().contains(QStringLiteral("\u2026'")));

    // A line exactly at the limit is a line, not a cut paste: it runs.
    QString exact = QStringLiteral("advance 10ms # ");
    exact += QString(ActionsPanel::kMaxLineCharacters - exact.size(), QLatin1Char('z'));
    line->setText(exact);
    QVERIFY(!lineError->isVisible());
    QTest::keyClick(line, Qt::Key_Return);
    QTRY_COMPARE_WITH_TIMEOUT(w->actionLog()->rowCount(), 1, 10000);
    QVERIFY(!lineError->isVisible());

    // The window still works: a typed action runs.
    line->clear();
    QTest::keyClicks(line, QStringLiteral("advance 10ms"));
    QTest::keyClick(line, Qt::Key_Return);
    QTRY_COMPARE_WITH_TIMEOUT(w->actionLog()->rowCount(), 2, 10000);
}

void tst_Explorer::recordLimitCanBeRaised()
{
    // The knob maxRecords reached: the window says so once and offers to raise it; the person
    // clicks the button, the raise is the logged action `record-limit N`, and the run goes on.
    // The default scenario: its sensor's timer makes records while virtual time runs.
    QFile source(QStringLiteral(UMDFX_SOURCE_DIR "/resources/scenarios/default.json"));
    QVERIFY(source.open(QIODevice::ReadOnly));
    QByteArray text = source.readAll();
    text.truncate(text.lastIndexOf('}'));
    text += ", \"knobs\": { \"maxRecords\": 3000 } }\n";
    const QString capped = m_dir->filePath(QStringLiteral("capped.json"));
    {
        QFile f(capped);
        QVERIFY(f.open(QIODevice::WriteOnly));
        QCOMPARE(f.write(text), qint64(text.size()));
    }
    ExplorerOptions options;
    options.realTimeClock = false;
    options.scenario = capped;
    MainWindow w(m_settings.get(), options);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QTRY_VERIFY_WITH_TIMEOUT(w.bridge()->hasSession(), 10000);
    QLineEdit *line = child<QLineEdit>(w, "actionLine");
    QTRY_VERIFY_WITH_TIMEOUT(line->isEnabled(), 10000);
    line->setFocus();
    QTest::keyClicks(line, QStringLiteral("advance 100000s"));
    QTest::keyClick(line, Qt::Key_Return);
    MessageBar *bar = child<MessageBar>(w, "recordLimitBar");
    QTRY_VERIFY_WITH_TIMEOUT(bar->isVisible(), 20000);
    QVERIFY2(bar->text().contains(QStringLiteral("holds %1 records").arg(QLocale().toString(3000))),
        qPrintable(bar->text()));
    const qint64 atCap = qint64(w.bridge()->traceStore()->size());
    QVERIFY2(atCap >= 3000 && atCap < 3200, qPrintable(QString::number(atCap)));
    // A further line is not run meanwhile.
    QTest::keyClicks(line, QStringLiteral("advance 1s"));
    QTest::keyClick(line, Qt::Key_Return);
    QTRY_COMPARE_WITH_TIMEOUT(w.actionLog()->rowCount(), 2, 10000);
    QCOMPARE(qint64(w.bridge()->traceStore()->size()), atCap);
    QToolButton *raise = nullptr;
    for (auto *b : bar->findChildren<QToolButton *>())
        if (b->text() == QStringLiteral("Raise to %1 and continue").arg(QLocale().toString(6000)))
            raise = b;
    QVERIFY2(raise, "no Raise button");
    QTest::mouseClick(raise, Qt::LeftButton);
    QVERIFY(!bar->isVisible());
    QTRY_COMPARE_WITH_TIMEOUT(w.actionLog()->rowCount(), 3, 10000);
    const QModelIndex last = w.actionLog()->index(2, ActionLogModel::ActionColumn);
    QCOMPARE(last.data().toString(), QStringLiteral("record-limit 6000"));
    // The run goes on, to the new limit.
    QTest::keyClicks(line, QStringLiteral("advance 100000s"));
    QTest::keyClick(line, Qt::Key_Return);
    QTRY_VERIFY_WITH_TIMEOUT(bar->isVisible(), 20000);
    QVERIFY2(bar->text().contains(QStringLiteral("holds %1 records").arg(QLocale().toString(6000))),
        qPrintable(bar->text()));
    QVERIFY(w.bridge()->traceStore()->size() >= 6000);
}

QTEST_MAIN(tst_Explorer)
#include "tst_explorer.moc"
