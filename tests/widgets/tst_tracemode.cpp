// A captured trace in the explorer, as the person receiving a bug report uses it: File > Open
// trace shows its rows read-only with the device tree as it was at the selected record; a
// damaged file opens up to the damage and says where; save and re-open, export, drop a file on
// the window, a bug report that opens as one. Real widgets, offscreen platform.
#include "explorertestutils.h"

#include "app/explorer/tracefilecontroller.h"

#include "core/scenario/actionparser.h"
#include "core/scenario/scenarioloader.h"
#include "core/simulation/actionrunner.h"
#include "core/simulation/simulation.h"
#include "core/trace/traceformat.h"
#include "drivers/builtin/builtindrivers.h"
#include "widgets/models/backgroundjob.h"
#include "widgets/models/devicetreemodel.h"
#include "widgets/models/tracecapture.h"
#include "widgets/views/applicationpanel.h"
#include "widgets/views/devicetreeview.h"
#include "widgets/views/messagebar.h"
#include "widgets/views/tablepanels.h"
#include "widgets/views/traceview.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QMimeData>
#include <QTreeView>

using namespace umdfx;
using namespace umdfx::gui;
using namespace testutils;

namespace {

// Waits for a write job of the controller to end; its error, "" when it succeeded.
QString waitForWriter(TraceFileController *files)
{
    if (!files->writer()->isRunning())
        return QStringLiteral("no write started");
    QSignalSpy finished(files->writer(), &BackgroundJob::finished);
    if (!finished.wait(20000))
        return QStringLiteral("timed out");
    return finished.at(0).at(1).toString();
}

} // namespace

class tst_TraceMode : public QObject
{
    Q_OBJECT
private slots:
    void init();
    void openCapturedTraceShowsItsRows();
    void deviceTreeIsTheReplayedOneAtTheSelectedRecord();
    void damagedFileOpensUpToTheDamage();
    void saveAndReopen();
    void exportChromeJson();
    void droppedTraceOpens();
    void bugReportOpensAsOne();

private:
    // Captures a short session from the window: open h1, write "hello", then stop. The file.
    QString captureSession(MainWindow &w);
    void openTrace(MainWindow &w, const QString &path);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<QSettings> m_settings;
};

void tst_TraceMode::init()
{
    QVERIFY(testutils::freshSettings(m_dir, m_settings));
}

QString tst_TraceMode::captureSession(MainWindow &w)
{
    const QString file = m_dir->filePath(QStringLiteral("session.umdftrace"));
    if (!w.traceFiles()->startCapture(file).isEmpty())
        return {};
    openAndWrite(w);
    if (!QTest::qWaitFor(
            [&] {
                return findRecord(
                           w.traceModel(), QStringLiteral("WriteFile"), QStringLiteral("return"))
                    >= 0;
            },
            10000))
        return {};
    QSignalSpy stopped(w.traceFiles()->capture(), &TraceCapture::stopped);
    w.traceFiles()->stopCapture();
    if (!stopped.wait(10000) || !stopped.at(0).at(3).toString().isEmpty())
        return {};
    return file;
}

void tst_TraceMode::openTrace(MainWindow &w, const QString &path)
{
    QSignalSpy opened(w.traceFiles(), &TraceFileController::traceOpened);
    w.traceFiles()->openTrace(path);
    QVERIFY(opened.wait(10000));
    QVERIFY(w.isShowingTraceFile());
}

void tst_TraceMode::openCapturedTraceShowsItsRows()
{
    auto w = makeWindow(*m_settings);
    const QString file = captureSession(*w);
    QVERIFY(!file.isEmpty());
    const QStringList live = jsonLines(*w->bridge()->traceStore());
    const qint64 liveRows = w->traceModel()->rowCount();

    openTrace(*w, file);
    // The file's rows, the same records the live trace had when the capture stopped.
    QTRY_COMPARE(w->traceModel()->store()->size(), std::size_t(live.size()));
    QCOMPARE(jsonLines(*w->traceModel()->store()), live);
    QTableView *table = child<QTableView>(*w, "traceTable");
    QCOMPARE(table->model()->rowCount(), int(liveRows));
    const qint64 onWrite
        = findRecord(w->traceModel(), QStringLiteral("OnWrite"), QStringLiteral("call"));
    QVERIFY(onWrite > 0);
    QCOMPARE(w->traceModel()->cellText(onWrite, TraceTableModel::ResultColumn),
        QStringLiteral("completed S_OK, 5 bytes"));
    // Read-only, and it says so, with the way back.
    QVERIFY(w->modeBar()->isVisible());
    QVERIFY2(w->modeBar()->text().contains(QLatin1String("read-only")),
        qPrintable(w->modeBar()->text()));
    QVERIFY(w->windowTitle().contains(QLatin1String("session.umdftrace")));
    QVERIFY(!w->applicationPanel()->isEnabled());
    QVERIFY(!w->actionsPanel()->lineEdit()->isEnabled());
    QCOMPARE(w->actionsPanel()->table()->model()->rowCount(), 2); // the file's action log
    // The inspector shows a record of the file.
    w->traceView()->selectRecord(onWrite);
    QTRY_VERIFY(child<QLabel>(*w, "inspectorTitle")->text().contains(QLatin1String("OnWrite")));
    // Back to the live simulation, which went on meanwhile.
    w->traceFiles()->closeTrace();
    QVERIFY(!w->isShowingTraceFile());
    QVERIFY(!w->modeBar()->isVisible());
    QVERIFY(w->applicationPanel()->isEnabled());
    QCOMPARE(w->traceModel()->store(), w->bridge()->traceStore().get());
}

void tst_TraceMode::deviceTreeIsTheReplayedOneAtTheSelectedRecord()
{
    auto w = makeWindow(*m_settings);
    const QString file = captureSession(*w);
    QVERIFY(!file.isEmpty());
    openTrace(*w, file);
    DeviceTreeView *treeView = w->deviceTreeView();
    // At first: the end of the trace, the handle's file object open.
    QTRY_COMPARE_WITH_TIMEOUT(treeView->statusText(),
        QStringLiteral("As it was at the end of the trace (replayed)"), 10000);
    QVERIFY(w->deviceTreeModel()->treeString().contains(QLatin1String("File #")));
    QVERIFY(w->deviceTreeModel()->isReadOnly());

    // Just before the application's CreateFile: no file object yet.
    const qint64 create
        = findRecord(w->traceModel(), QStringLiteral("CreateFile"), QStringLiteral("call"));
    QVERIFY(create > 5);
    w->traceView()->selectRecord(create - 1);
    QTRY_COMPARE_WITH_TIMEOUT(treeView->statusText(),
        QStringLiteral("As it was after record #%L1 (replayed)").arg(create - 1), 10000);
    QVERIFY2(!w->deviceTreeModel()->treeString().contains(QLatin1String("File #")),
        qPrintable(w->deviceTreeModel()->treeString()));
    // A later one: there.
    const qint64 write
        = findRecord(w->traceModel(), QStringLiteral("OnWrite"), QStringLiteral("call"));
    w->traceView()->selectRecord(write);
    QTRY_COMPARE_WITH_TIMEOUT(treeView->statusText(),
        QStringLiteral("As it was after record #%L1 (replayed)").arg(write), 10000);
    QVERIFY(w->deviceTreeModel()->treeString().contains(QLatin1String("File #")));
    // Read-only: clicking an interface's check box asks for nothing.
    QSignalSpy asked(w->deviceTreeModel(), &DeviceTreeModel::interfaceStateRequested);
    const QModelIndex device
        = w->deviceTreeModel()->deviceIndex(QStringLiteral("ROOT\\ECHO\\0000"));
    QVERIFY(device.isValid());
    for (int r = 0; r < w->deviceTreeModel()->rowCount(device); ++r) {
        const QModelIndex i = w->deviceTreeModel()->index(r, 0, device);
        QVERIFY(!(w->deviceTreeModel()->flags(i) & Qt::ItemIsUserCheckable));
        QVERIFY(!w->deviceTreeModel()->setData(i, Qt::Unchecked, Qt::CheckStateRole));
    }
    QCOMPARE(asked.count(), 0);
}

void tst_TraceMode::damagedFileOpensUpToTheDamage()
{
    // More records than one chunk holds (65,536), captured by the core as umdfctl does.
    QFile f(kScenario);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const std::string text = f.readAll().toStdString();
    auto loaded = scenario::loadScenario(text, "echo.json");
    Simulation sim(std::get<scenario::Scenario>(loaded), builtinDrivers());
    const QString file = m_dir->filePath(QStringLiteral("damaged.umdftrace"));
    {
        trace::TraceFileInfo info;
        info.meta["producer"] = "tst_tracemode";
        info.meta["scenario.name"] = "echo";
        info.scenarioText = text;
        trace::TraceFileWriter writer(sim.world().trace, info);
        QVERIFY(!writer.open(file.toStdString()));
        sim.powerOn();
        ActionRunner runner(sim);
        const auto parsed = scenario::parseActions(
            "open h1 {cdc35b6e-0be4-4936-bf5f-5537380a7c1a}\\Port1\nwrite h1 \"x\" repeat 6000\n",
            "t");
        for (const auto &a : std::get<std::vector<scenario::Action>>(parsed))
            runner.run(a);
        QVERIFY(sim.world().trace.size() > 65536);
        QVERIFY(!writer.close());
    }
    // Flip a byte in the payload of the last Records chunk. How the records fall into chunks
    // depends on the writer's 100 ms flushes (a slow machine flushes smaller chunks), so what
    // must be read is counted from the file: every record of the chunks before it.
    QFile rw(file);
    QVERIFY(rw.open(QIODevice::ReadWrite));
    QByteArray bytes = rw.readAll();
    qsizetype at = 32, lastRecords = -1;
    quint64 before = 0, lastCount = 0;
    while (at + 16 <= bytes.size()) {
        quint32 type = 0, size = 0, count = 0;
        memcpy(&type, bytes.constData() + at, 4);
        memcpy(&size, bytes.constData() + at + 4, 4);
        memcpy(&count, bytes.constData() + at + 8, 4); // format 2: type, size, count, CRC
        if (type == 4) {
            if (lastRecords >= 0)
                before += lastCount;
            lastRecords = at;
            lastCount = count;
        }
        at += 16 + size;
    }
    QVERIFY(lastRecords > 0);
    QVERIFY2(before > 0, "more than 65,536 records make at least two Records chunks");
    quint32 lastSize = 0;
    memcpy(&lastSize, bytes.constData() + lastRecords + 4, 4);
    const qsizetype flipped = lastRecords + 16 + lastSize / 2;
    bytes[flipped] = char(bytes[flipped] ^ 0x5a);
    rw.seek(0);
    rw.write(bytes);
    rw.close();

    auto w = makeWindow(*m_settings);
    openTrace(*w, file);
    // Up to the damage: the earlier chunks' records, usable.
    QCOMPARE(w->traceModel()->store()->size(), std::size_t(before));
    QTRY_COMPARE(child<QTableView>(*w, "traceTable")->model()->rowCount(), int(before));
    MessageBar *bar = w->modeBar();
    QVERIFY(bar->isVisible());
    QCOMPARE(bar->kind(), MessageBar::Kind::Warning);
    QVERIFY2(bar->text().startsWith(QLatin1String("damaged.umdftrace: chunk ")),
        qPrintable(bar->text()));
    QVERIFY2(bar->text().contains(QLatin1String("checksum mismatch")), qPrintable(bar->text()));
    const QString readCount
        = QStringLiteral("(%1 records) read").arg(QLocale(QLocale::English).toString(before));
    QVERIFY2(bar->text().contains(readCount),
        qPrintable(bar->text() + QStringLiteral(" / ") + readCount));
    // The part that was read is as usable as any trace: filter it, select in it.
    const trace::TraceStore &store = *w->traceModel()->store();
    int onWriteCalls = 0;
    for (std::size_t i = 0; i < store.size(); ++i)
        onWriteCalls += trace::str(store.at(i).method) == "OnWrite"
            && store.at(i).phase == trace::Phase::Call;
    QVERIFY(onWriteCalls > 0);
    QCOMPARE(w->traceView()->setFilterText(QStringLiteral("method:OnWrite phase:call")), QString());
    QTRY_COMPARE(child<QTableView>(*w, "traceTable")->model()->rowCount(), onWriteCalls);
}

void tst_TraceMode::saveAndReopen()
{
    auto w = makeWindow(*m_settings);
    openAndWrite(*w);
    QTRY_VERIFY_WITH_TIMEOUT(
        findRecord(w->traceModel(), QStringLiteral("WriteFile"), QStringLiteral("return")) >= 0,
        10000);
    // Save the live trace, open it, save it again from the file, open that: the same records.
    const QString first = m_dir->filePath(QStringLiteral("first.umdftrace"));
    const QString second = m_dir->filePath(QStringLiteral("second.umdftrace"));
    const QStringList live = jsonLines(*w->bridge()->traceStore());
    w->traceFiles()->saveTraceAs(first);
    QCOMPARE(waitForWriter(w->traceFiles()), QString());
    QVERIFY(w->noticeBar()->text().contains(QLatin1String("Written: ")));
    openTrace(*w, first);
    QCOMPARE(jsonLines(*w->traceModel()->store()), live);
    w->traceFiles()->saveTraceAs(second);
    QCOMPARE(waitForWriter(w->traceFiles()), QString());
    openTrace(*w, second);
    QCOMPARE(jsonLines(*w->traceModel()->store()), live);
    QCOMPARE(w->traceFiles()->current().meta("scenario.name"), QStringLiteral("echo"));
    QVERIFY(w->traceFiles()->current().problem().isEmpty());
    // No file was left half written beside them.
    QCOMPARE(QDir(m_dir->path()).entryList({ QStringLiteral("*.part-*") }).size(), 0);
}

void tst_TraceMode::exportChromeJson()
{
    auto w = makeWindow(*m_settings);
    openAndWrite(*w);
    QTRY_VERIFY_WITH_TIMEOUT(
        findRecord(w->traceModel(), QStringLiteral("WriteFile"), QStringLiteral("return")) >= 0,
        10000);
    const QString out = m_dir->filePath(QStringLiteral("perfetto.json"));
    w->traceFiles()->exportTo(ExportFormat::Chrome, out);
    QCOMPARE(waitForWriter(w->traceFiles()), QString());
    QFile f(out);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(f.readAll(), &error);
    QCOMPARE(error.error, QJsonParseError::NoError);
    QVERIFY(doc.object().value(QStringLiteral("traceEvents")).toArray().size() > 50);
    QVERIFY(w->noticeBar()->text().contains(out));
}

void tst_TraceMode::droppedTraceOpens()
{
    auto w = makeWindow(*m_settings);
    const QString file = captureSession(*w);
    QVERIFY(!file.isEmpty());
    QMimeData mime;
    mime.setUrls({ QUrl::fromLocalFile(file) });
    QDragEnterEvent enter(QPoint(40, 40), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(w.get(), &enter);
    QVERIFY(enter.isAccepted());
    QSignalSpy opened(w->traceFiles(), &TraceFileController::traceOpened);
    QDropEvent drop(QPointF(40, 40), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(w.get(), &drop);
    QVERIFY(opened.wait(10000));
    QCOMPARE(w->traceFiles()->current().path, file);
    // Something else is not taken.
    QMimeData other;
    other.setUrls({ QUrl::fromLocalFile(m_dir->filePath(QStringLiteral("notes.txt"))) });
    QDragEnterEvent refused(QPoint(40, 40), Qt::CopyAction, &other, Qt::LeftButton, Qt::NoModifier);
    refused.setAccepted(false);
    QApplication::sendEvent(w.get(), &refused);
    QVERIFY(!refused.isAccepted());
    // It is a recent file now.
    w->saveSettings();
    QVERIFY(m_settings->value(QStringLiteral("files/recent"))
                .toStringList()
                .contains(QFileInfo(file).absoluteFilePath()));
}

void tst_TraceMode::bugReportOpensAsOne()
{
    auto w = makeWindow(*m_settings);
    openAndWrite(*w);
    QTRY_VERIFY_WITH_TIMEOUT(
        findRecord(w->traceModel(), QStringLiteral("WriteFile"), QStringLiteral("return")) >= 0,
        10000);
    const QString report = m_dir->filePath(QStringLiteral("report.umdftrace"));
    w->traceFiles()->saveBugReport(
        report, QStringLiteral("echo loses a byte"), QStringLiteral("wrote hello"));
    QCOMPARE(waitForWriter(w->traceFiles()), QString());
    openTrace(*w, report);
    const LoadedTrace &t = w->traceFiles()->current();
    QVERIFY(t.isBugReport());
    QCOMPARE(t.meta("report.summary"), QStringLiteral("echo loses a byte"));
    QCOMPARE(t.meta("report.driver.1.module"), QStringLiteral("builtin:echo"));
    QCOMPARE(t.meta("report.driver.1.sha256").size(), 64);
    QVERIFY2(
        w->modeBar()->text().startsWith(QStringLiteral("Bug report \u201cecho loses a byte\u201d")),
        qPrintable(w->modeBar()->text()));
}

QTEST_MAIN(tst_TraceMode)
#include "tst_tracemode.moc"
