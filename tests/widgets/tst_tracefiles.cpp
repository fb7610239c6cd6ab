// The explorer's trace files below the widgets: the capture that streams a live store, the
// atomic writes (save, every export, the bug report), what a refused or damaged file says, the
// replay that gives the device tree at a record (coalescing requests), and the properties model.
#include "widgets/models/backgroundjob.h"
#include "widgets/models/loadedtrace.h"
#include "widgets/models/replaybridge.h"
#include "widgets/models/simulationbridge.h"
#include "widgets/models/tracecapture.h"
#include "widgets/models/traceexport.h"
#include "widgets/models/traceinfomodel.h"

#include "core/simulation/replay.h"
#include "core/trace/traceformat.h"
#include "drivers/builtin/builtindrivers.h"

#include <QAbstractItemModelTester>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest/QtTest>

using namespace umdfx;
using namespace umdfx::gui;

namespace {

const QString kOpen = QStringLiteral("open h1 {cdc35b6e-0be4-4936-bf5f-5537380a7c1a}\\Port1");

trace::TraceFileInfo infoFor(const SimulationBridge &bridge)
{
    trace::TraceFileInfo info;
    info.meta["producer"] = "tst_tracefiles";
    info.meta["scenario.name"] = bridge.scenarioName().toStdString();
    info.meta["scenario.file"] = bridge.scenarioFile().toStdString();
    info.scenarioText = bridge.scenarioText().toStdString();
    return info;
}

QStringList jsonLines(const trace::TraceStore &store)
{
    QStringList out;
    for (std::size_t i = 0; i < store.size(); ++i)
        out << QString::fromStdString(trace::toJsonLine(store, store.at(i), false));
    return out;
}

// Nothing but the target in the directory: no ".part-" file left behind.
QStringList leftovers(const QString &dir)
{
    return QDir(dir).entryList({ QStringLiteral("*.part-*") }, QDir::AllEntries | QDir::Hidden);
}

} // namespace

class tst_TraceFiles : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void captureStreamsTheLiveStore();
    void captureRefusesAnUnwritablePath();
    void saveAndReadBack();
    void exports_data();
    void exports();
    void cancelledExportLeavesTheTarget();
    void ctfReplacesADirectory();
    void refusedAndDamagedFiles();
    void replayGivesTheTreeAtARecord();
    void replayOfABadScenarioSaysSo();
    void bugReport();
    void realTimeCaptureReplays();

private:
    void runLines(const QStringList &lines);
    QString path(const QString &name) const { return m_dir.filePath(name); }

    QTemporaryDir m_dir;
    std::unique_ptr<SimulationBridge> m_bridge;
};

void tst_TraceFiles::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_bridge = std::make_unique<SimulationBridge>();
    m_bridge->setRealTimeClock(false);
    QSignalSpy ready(m_bridge.get(), &SimulationBridge::poweredOn);
    QCOMPARE(m_bridge->loadScenarioFile(
                 QStringLiteral(UMDFX_SOURCE_DIR "/tests/widgets/data/echo.json")),
        QString());
    QVERIFY(ready.wait(10000));
    runLines({ kOpen, QStringLiteral("write h1 \"hello\""), QStringLiteral("read h1 16") });
}

void tst_TraceFiles::runLines(const QStringList &lines)
{
    QSignalSpy finished(m_bridge.get(), &SimulationBridge::actionFinished);
    for (const QString &l : lines)
        m_bridge->submit(l);
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), lines.size(), 10000);
}

void tst_TraceFiles::captureStreamsTheLiveStore()
{
    TraceCapture capture;
    QSignalSpy stopped(&capture, &TraceCapture::stopped);
    const QString file = path(QStringLiteral("capture.umdftrace"));
    QCOMPARE(capture.start(m_bridge->traceStore(), infoFor(*m_bridge), file), QString());
    QVERIFY(capture.isCapturing());
    // Flushed while it runs: the file holds the records made before the capture started, then
    // those made after.
    QTRY_VERIFY_WITH_TIMEOUT(capture.bytesOnDisk() > 1000, 5000);
    runLines({ QStringLiteral("write h1 \"more\""), QStringLiteral("close h1") });
    const auto recorded = m_bridge->traceStore()->size();
    capture.stop(QStringLiteral("test"));
    QVERIFY(!capture.isCapturing());
    QVERIFY(stopped.wait(10000));
    QCOMPARE(stopped.at(0).at(3).toString(), QString());
    QCOMPARE(stopped.at(0).at(4).toString(), QStringLiteral("test"));
    QCOMPARE(stopped.at(0).at(1).toLongLong(), qint64(recorded));
    auto loaded = loadTraceFile(file);
    QVERIFY(std::holds_alternative<LoadedTrace>(loaded));
    const LoadedTrace &t = std::get<LoadedTrace>(loaded);
    QVERIFY(t.file->complete);
    QCOMPARE(t.problem(), QString());
    QCOMPARE(t.file->store->size(), recorded);
    const QStringList live = jsonLines(*m_bridge->traceStore());
    QCOMPARE(jsonLines(*t.store()), live.mid(0, qsizetype(recorded)));
    QCOMPARE(t.meta("scenario.name"), QStringLiteral("echo"));
    QCOMPARE(t.file->actions.size(), std::size_t(5)); // the action log, for a replay
}

void tst_TraceFiles::captureRefusesAnUnwritablePath()
{
    TraceCapture capture;
    const QString error = capture.start(m_bridge->traceStore(), infoFor(*m_bridge),
        path(QStringLiteral("no-such-dir/x.umdftrace")));
    QVERIFY(error.contains(QLatin1String("cannot create")));
    QVERIFY(!capture.isCapturing());
}

void tst_TraceFiles::saveAndReadBack()
{
    const QString file = path(QStringLiteral("saved.umdftrace"));
    QFile old(file);
    QVERIFY(old.open(QIODevice::WriteOnly));
    old.write("an older file, replaced whole");
    old.close();
    JobProgress progress;
    QCOMPARE(saveTraceFile(*m_bridge->traceStore(), infoFor(*m_bridge), file, progress), QString());
    QVERIFY(leftovers(m_dir.path()).isEmpty());
    auto loaded = loadTraceFile(file);
    QVERIFY(std::holds_alternative<LoadedTrace>(loaded));
    QCOMPARE(jsonLines(*std::get<LoadedTrace>(loaded).store()), jsonLines(*m_bridge->traceStore()));
}

void tst_TraceFiles::exports_data()
{
    QTest::addColumn<int>("format");
    QTest::addColumn<QString>("name");
    QTest::addRow("chrome") << int(ExportFormat::Chrome) << "trace.json";
    QTest::addRow("perfetto") << int(ExportFormat::Perfetto) << "trace.perfetto-trace";
    QTest::addRow("jsonl") << int(ExportFormat::Jsonl) << "trace.jsonl";
    QTest::addRow("text") << int(ExportFormat::Text) << "trace.txt";
    QTest::addRow("ctf") << int(ExportFormat::Ctf) << "trace-ctf";
}

void tst_TraceFiles::exports()
{
    QFETCH(int, format);
    QFETCH(QString, name);
    const auto &store = *m_bridge->traceStore();
    const QString out = path(name);
    // Run as the explorer runs it: a job off the GUI thread.
    BackgroundJob job;
    QSignalSpy finished(&job, &BackgroundJob::finished);
    const auto shared = m_bridge->traceStore();
    QVERIFY(job.start(name, [shared, format, out](JobProgress &p) {
        return exportTrace(*shared, ExportFormat(format), out, p);
    }));
    QVERIFY(finished.wait(20000));
    QCOMPARE(finished.at(0).at(1).toString(), QString());
    QVERIFY(leftovers(m_dir.path()).isEmpty());
    switch (ExportFormat(format)) {
    case ExportFormat::Chrome: {
        QFile f(out);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(f.readAll(), &error);
        QCOMPARE(error.error, QJsonParseError::NoError);
        const QJsonArray events = doc.object().value(QStringLiteral("traceEvents")).toArray();
        QVERIFY(events.size() > 100);
        bool onWrite = false;
        for (const auto &e : events)
            onWrite = onWrite
                || e.toObject()
                       .value(QStringLiteral("name"))
                       .toString()
                       .contains(QLatin1String("OnWrite"));
        QVERIFY(onWrite);
        break;
    }
    case ExportFormat::Perfetto: {
        // A protobuf Trace: packets (field 1, length-delimited: 0x0A), the names interned once.
        QFile f(out);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray bytes = f.readAll();
        QVERIFY(bytes.size() > 1000);
        QCOMPARE(bytes.at(0), char(0x0A));
        QCOMPARE(bytes.count("IQueueCallbackWrite::OnWrite"), qsizetype(1));
        break;
    }
    case ExportFormat::Jsonl: {
        QFile f(out);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = f.readAll().split('\n');
        QCOMPARE(lines.size(), qsizetype(store.size()) + 1); // the last line ends with \n
        QCOMPARE(QString::fromUtf8(lines.first()),
            QString::fromStdString(trace::toJsonLine(store, store.at(0), false)));
        break;
    }
    case ExportFormat::Text: {
        QFile f(out);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray text = f.readAll();
        QCOMPARE(text.count('\n'), qsizetype(store.size()));
        QVERIFY(text.contains("IQueueCallbackWrite::OnWrite"));
        break;
    }
    case ExportFormat::Ctf:
        QVERIFY(QFileInfo(out + QStringLiteral("/metadata")).isFile());
        QVERIFY(QFileInfo(out + QStringLiteral("/stream")).size() > 0);
        break;
    }
}

void tst_TraceFiles::cancelledExportLeavesTheTarget()
{
    const QString out = path(QStringLiteral("kept.jsonl"));
    QFile f(out);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("kept\n");
    f.close();
    JobProgress progress;
    progress.cancel = true;
    QCOMPARE(exportTrace(*m_bridge->traceStore(), ExportFormat::Jsonl, out, progress),
        QStringLiteral("cancelled"));
    QCOMPARE(exportTrace(*m_bridge->traceStore(), ExportFormat::Chrome, out, progress),
        QStringLiteral("cancelled"));
    QVERIFY(f.open(QIODevice::ReadOnly));
    QCOMPARE(f.readAll(), QByteArray("kept\n"));
    QVERIFY(leftovers(m_dir.path()).isEmpty());
    // A target that cannot be written is refused with the reason.
    JobProgress fresh;
    const QString error = exportTrace(*m_bridge->traceStore(), ExportFormat::Text,
        path(QStringLiteral("missing/dir/x.txt")), fresh);
    QVERIFY2(!error.isEmpty(), qPrintable(error));
}

void tst_TraceFiles::ctfReplacesADirectory()
{
    const QString out = path(QStringLiteral("old-ctf"));
    QVERIFY(QDir().mkpath(out));
    QFile stale(out + QStringLiteral("/stale"));
    QVERIFY(stale.open(QIODevice::WriteOnly));
    stale.close();
    JobProgress progress;
    QCOMPARE(exportTrace(*m_bridge->traceStore(), ExportFormat::Ctf, out, progress), QString());
    QVERIFY(!QFileInfo::exists(out + QStringLiteral("/stale")));
    QVERIFY(QFileInfo(out + QStringLiteral("/metadata")).isFile());
    QVERIFY(leftovers(m_dir.path()).isEmpty());
    // A file in the way is not a directory to replace.
    JobProgress again;
    QVERIFY(exportTrace(
        *m_bridge->traceStore(), ExportFormat::Ctf, path(QStringLiteral("kept.jsonl")), again)
                .contains(QLatin1String("is a file")));
}

void tst_TraceFiles::refusedAndDamagedFiles()
{
    // Not a trace file: refused with a message.
    const QString junk = path(QStringLiteral("junk.umdftrace"));
    QFile j(junk);
    QVERIFY(j.open(QIODevice::WriteOnly));
    j.write(QByteArray(200, 'x'));
    j.close();
    auto refused = loadTraceFile(junk);
    QVERIFY(std::holds_alternative<QString>(refused));
    QVERIFY(!std::get<QString>(refused).isEmpty());
    // Cut off mid-way: what was read is there, and the summary says so.
    const QString whole = path(QStringLiteral("saved.umdftrace"));
    QFile w(whole);
    QVERIFY(w.open(QIODevice::ReadOnly));
    const QByteArray bytes = w.readAll();
    const QString cut = path(QStringLiteral("cut.umdftrace"));
    QFile c(cut);
    QVERIFY(c.open(QIODevice::WriteOnly));
    c.write(bytes.left(bytes.size() - 30)); // the End chunk gone, and part of the last one
    c.close();
    auto loaded = loadTraceFile(cut);
    QVERIFY(std::holds_alternative<LoadedTrace>(loaded));
    const LoadedTrace &t = std::get<LoadedTrace>(loaded);
    QVERIFY2(t.problem().startsWith(QLatin1String("cut.umdftrace: ")), qPrintable(t.problem()));
    QVERIFY(t.problem().contains(QLatin1String("read")));
    TraceInfoModel info;
    QAbstractItemModelTester tester(&info, QAbstractItemModelTester::FailureReportingMode::QtTest);
    info.setTrace(t);
    QCOMPARE(info.value(QStringLiteral("State")), t.problem());
    QCOMPARE(info.value(QStringLiteral("Scenario")), QStringLiteral("echo"));
    info.clear();
    QCOMPARE(info.rowCount(), 0);
}

void tst_TraceFiles::replayGivesTheTreeAtARecord()
{
    auto loaded = loadTraceFile(path(QStringLiteral("capture.umdftrace")));
    QVERIFY(std::holds_alternative<LoadedTrace>(loaded));
    const LoadedTrace t = std::get<LoadedTrace>(loaded);
    const auto &store = *t.store();
    // The application's CreateFile call: no file object before it; one once OnCreateFile
    // returned.
    qint64 create = -1, opened = -1;
    for (std::size_t i = 0; i < store.size(); ++i) {
        const auto method = trace::str(store.at(i).method);
        if (create < 0 && store.at(i).kind == trace::Kind::Win32
            && method.starts_with("CreateFile"))
            create = qint64(i);
        if (method == "OnCreateFile" && store.at(i).phase == trace::Phase::Return) {
            opened = qint64(i);
            break;
        }
    }
    QVERIFY(create > 0 && opened > create);
    ReplayBridge replay;
    QSignalSpy ready(&replay, &ReplayBridge::treeReady);
    QSignalSpy started(&replay, &ReplayBridge::replayStarted);
    replay.setTrace(t.file);
    const auto files = [](const DeviceTreeSnapshot &tree) {
        std::size_t n = 0;
        for (const auto &d : tree.devices)
            for (const auto &l : d.stack)
                n += l.files.size();
        return n;
    };
    replay.requestTreeAt(create);
    QVERIFY(ready.wait(10000));
    QCOMPARE(ready.last().at(0).toLongLong(), create);
    QCOMPARE(files(*ready.last().at(1).value<std::shared_ptr<const DeviceTreeSnapshot>>()),
        std::size_t(0));
    replay.requestTreeAt(opened + 1);
    QVERIFY(ready.wait(10000));
    QCOMPARE(files(*ready.last().at(1).value<std::shared_ptr<const DeviceTreeSnapshot>>()),
        std::size_t(1));
    // Earlier again: the replay starts over, and says so first.
    replay.requestTreeAt(3);
    QVERIFY(ready.wait(10000));
    QCOMPARE(ready.last().at(0).toLongLong(), qint64(3));
    QVERIFY(started.count() >= 3);
    QCOMPARE(files(*ready.last().at(1).value<std::shared_ptr<const DeviceTreeSnapshot>>()),
        std::size_t(0));
    // Many requests at once: the last one is answered (the ones between may be skipped).
    ready.clear();
    for (qint64 seq = 10; seq < qint64(store.size()); seq += 7)
        replay.requestTreeAt(seq);
    replay.requestTreeAt(opened + 2);
    QTRY_VERIFY_WITH_TIMEOUT(
        !ready.isEmpty() && ready.last().at(0).toLongLong() == opened + 2, 10000);
    QTRY_VERIFY(!replay.isBusy());
    QCOMPARE(replay.lastReady(), opened + 2);
}

void tst_TraceFiles::replayOfABadScenarioSaysSo()
{
    trace::TraceFileInfo info = infoFor(*m_bridge);
    info.scenarioText = "{ \"name\": 3 }";
    const QString file = path(QStringLiteral("bad-scenario.umdftrace"));
    JobProgress progress;
    QCOMPARE(saveTraceFile(*m_bridge->traceStore(), info, file, progress), QString());
    auto loaded = loadTraceFile(file);
    QVERIFY(std::holds_alternative<LoadedTrace>(loaded));
    ReplayBridge replay;
    QSignalSpy failed(&replay, &ReplayBridge::replayFailed);
    replay.setTrace(std::get<LoadedTrace>(loaded).file);
    replay.requestTreeAt(10);
    QVERIFY(failed.wait(10000));
    QVERIFY2(failed.at(0).at(0).toString().contains(QLatin1String("scenario does not load")),
        qPrintable(failed.at(0).at(0).toString()));
}

void tst_TraceFiles::bugReport()
{
    BugReportInput in;
    in.summary = QStringLiteral("OnWrite completes twice");
    in.description = QStringLiteral("write, then read");
    in.appVersion = QStringLiteral("0.1.0");
    in.executable = QCoreApplication::applicationFilePath();
    in.scenarioName = m_bridge->scenarioName();
    in.scenarioFile = m_bridge->scenarioFile();
    in.scenarioText = m_bridge->scenarioText();
    in.drivers = m_bridge->scenario().drivers;
    in.drivers.push_back(
        { "plugin", m_dir.filePath(QStringLiteral("missing.so")).toStdString(), {}, {} });
    in.findings << QStringLiteral("#12 V5 DoubleCompletion on ROOT\\ECHO\\0000: twice");
    in.records = qint64(m_bridge->traceStore()->size());
    in.source = QStringLiteral("live simulation");
    const trace::TraceFileInfo info = bugReportInfo(in);
    const QString file = path(QStringLiteral("report.umdftrace"));
    JobProgress progress;
    QCOMPARE(saveBugReport(*m_bridge->traceStore(), info, file, progress), QString());
    auto loaded = loadTraceFile(file);
    QVERIFY(std::holds_alternative<LoadedTrace>(loaded));
    const LoadedTrace &t = std::get<LoadedTrace>(loaded);
    QVERIFY(t.isBugReport());
    QCOMPARE(t.meta("report.summary"), in.summary);
    QCOMPARE(t.meta("report.qt"), QString::fromLatin1(qVersion()));
    QCOMPARE(t.meta("report.findings"), QStringLiteral("1"));
    QCOMPARE(t.meta("report.finding.1"), in.findings.first());
    QCOMPARE(t.meta("report.drivers"), QStringLiteral("2"));
    QCOMPARE(t.meta("report.driver.1.module"), QStringLiteral("builtin:echo"));
    // A built-in driver is identified by the executable it is compiled into.
    QString error;
    const QString exe = sha256OfFile(in.executable, &error);
    QCOMPARE(exe.size(), 64);
    QCOMPARE(t.meta("report.driver.1.sha256"), exe);
    QVERIFY(t.meta("report.driver.1.sha256.of").contains(QLatin1String("executable")));
    QVERIFY(t.meta("report.driver.2.sha256").startsWith(QLatin1String("unreadable")));
    QCOMPARE(t.meta("report.scenario.sha256"),
        QString::fromLatin1(
            QCryptographicHash::hash(in.scenarioText, QCryptographicHash::Sha256).toHex()));
    QCOMPARE(jsonLines(*t.store()), jsonLines(*m_bridge->traceStore()));
    TraceInfoModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setTrace(t);
    QCOMPARE(model.value(QStringLiteral("Summary")), in.summary);
    QCOMPARE(model.value(QStringLiteral("Driver 1 SHA-256")), exe);
    QCOMPARE(model.value(QStringLiteral("Finding 1")), in.findings.first());
}

void tst_TraceFiles::realTimeCaptureReplays()
{
    // The default scenario's sensor posts an event from a timer: with the real-time clock on, the
    // time it makes reaches the trace as advance lines, so a replay of the capture meets the
    // timer at the same virtual time and records the same records.
    SimulationBridge bridge;
    QSignalSpy ready(&bridge, &SimulationBridge::poweredOn);
    QCOMPARE(bridge.loadEmbeddedScenario(QStringLiteral("default")), QString());
    QVERIFY(ready.wait(10000));
    TraceCapture capture;
    const QString file = path(QStringLiteral("realtime.umdftrace"));
    QCOMPARE(capture.start(bridge.traceStore(), infoFor(bridge), file), QString());
    const auto timerFired = [&] {
        const auto &store = *bridge.traceStore();
        for (std::size_t i = 0; i < store.size(); ++i)
            if (trace::str(store.at(i).method) == "TimerCallback")
                return true;
        return false;
    };
    QTRY_VERIFY_WITH_TIMEOUT(timerFired(), 8000);
    QSignalSpy finished(&bridge, &SimulationBridge::actionFinished);
    bridge.submit(kOpen);
    QVERIFY(finished.wait(10000));
    bridge.setRealTimeClock(false);
    QSignalSpy stopped(&capture, &TraceCapture::stopped);
    capture.stop();
    QVERIFY(stopped.wait(10000));
    auto loaded = loadTraceFile(file);
    QVERIFY(std::holds_alternative<LoadedTrace>(loaded));
    const LoadedTrace &t = std::get<LoadedTrace>(loaded);
    const auto result = replayTrace(*t.file, builtinDrivers());
    QVERIFY2(!result.error, result.error ? result.error->c_str() : "");
    QVERIFY2(result.matches, result.summary.c_str());
    QVERIFY(result.compared > 100);
}

QTEST_GUILESS_MAIN(tst_TraceFiles)
#include "tst_tracefiles.moc"
