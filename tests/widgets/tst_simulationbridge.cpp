// The bridge to the simulation thread: lines in, results and snapshots out, a bad line refused,
// virtual time that follows the real clock only when asked; the debugger driven from the GUI
// thread — stops reported with the pending call and a fresh snapshot while the worker waits, the
// clock still while stopped, and a run with stops recording exactly what a run without records.
#include "widgets/models/simulationbridge.h"

#include "core/trace/traceformat.h"

#include <QtTest/QtTest>

using umdfx::gui::ActionResult;
using umdfx::gui::DebugState;
using umdfx::gui::DebugStop;
using umdfx::gui::SimulationBridge;

namespace {
const QString kOpen = QStringLiteral("open h1 {cdc35b6e-0be4-4936-bf5f-5537380a7c1a}\\Port1");

QStringList jsonLines(const umdfx::trace::TraceStore &store)
{
    QStringList out;
    for (std::size_t i = 0; i < store.size(); ++i)
        out << QString::fromStdString(umdfx::trace::toJsonLine(store, store.at(i), false));
    return out;
}
} // namespace

class tst_SimulationBridge : public QObject
{
    Q_OBJECT
private slots:
    void linesRunInOrder();
    void badLineIsRefused();
    void badScenarioChangesNothing();
    void resetStartsAFreshTrace();
    void realTimeClockMovesVirtualTime();
    void cancelPendingDropsQueuedLines();
    void clockIsPaidAsRecordedAdvance();
    void breakpointStopsBeforeOnWrite();
    void stepAndStepOver();
    void pausedRunRecordsTheSameTrace();
    void badBreakpointChangesNothing();
    void clockStandsStillWhileStopped();
    void runToRecord();
    void resetAndDestroyReleaseAStop();
    void realTimeClockPacesAWait();
    void recordCapIsAFailedAction();

private:
    // The lines run in a bridge of their own without a stop: the trace to compare with.
    static QStringList plainRun(const QStringList &lines);
    static void start(SimulationBridge &bridge);
};

// The default scenario (its sensor posts every second) with the knob maxRecords; powered on.
static void startCapped(SimulationBridge &bridge, std::size_t maxRecords)
{
    QFile f(QStringLiteral(UMDFX_SOURCE_DIR "/resources/scenarios/default.json"));
    QVERIFY(f.open(QIODevice::ReadOnly));
    QByteArray text = f.readAll();
    text.truncate(text.lastIndexOf('}'));
    if (maxRecords)
        text += ", \"knobs\": { \"maxRecords\": " + QByteArray::number(qulonglong(maxRecords))
            + " }";
    text += "}\n";
    QSignalSpy ready(&bridge, &SimulationBridge::poweredOn);
    QCOMPARE(bridge.loadScenario(text, QStringLiteral("capped.json")), QString());
    QVERIFY(ready.wait(10000));
}

void tst_SimulationBridge::start(SimulationBridge &bridge)
{
    QSignalSpy started(&bridge, &SimulationBridge::sessionStarted);
    QSignalSpy ready(&bridge, &SimulationBridge::poweredOn);
    QVERIFY(started.isValid() && ready.isValid());
    QCOMPARE(
        bridge.loadScenarioFile(QStringLiteral(UMDFX_SOURCE_DIR "/tests/widgets/data/echo.json")),
        QString());
    QVERIFY(ready.wait(10000));
    QCOMPARE(started.count(), 1); // before the devices started
    QVERIFY(bridge.traceStore());
    QVERIFY(bridge.snapshot());
}

void tst_SimulationBridge::linesRunInOrder()
{
    SimulationBridge bridge;
    bridge.setRealTimeClock(false);
    start(bridge);
    QCOMPARE(bridge.scenarioName(), QStringLiteral("echo"));
    QSignalSpy finished(&bridge, &SimulationBridge::actionFinished);
    QSignalSpy snapshots(&bridge, &SimulationBridge::snapshotChanged);
    QVERIFY(finished.isValid());
    QVERIFY(snapshots.isValid());
    const quint64 a
        = bridge.submit(QStringLiteral("open h1 {cdc35b6e-0be4-4936-bf5f-5537380a7c1a}\\Port1"));
    const quint64 b = bridge.submit(QStringLiteral("write h1 \"hello\""));
    QVERIFY(a && b && a < b);
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 2, 10000);
    const auto open = finished.at(0).at(0).value<ActionResult>();
    const auto write = finished.at(1).at(0).value<ActionResult>();
    QCOMPARE(open.ticket, a);
    QVERIFY(open.succeeded());
    QCOMPARE(open.summary(), QStringLiteral("TRUE: handle h1 opened"));
    QCOMPARE(write.ticket, b);
    QCOMPARE(write.bytes, quint64(5));
    QCOMPARE(write.summary(), QStringLiteral("TRUE, 5 bytes transferred"));
    QVERIFY(write.firstRecord >= open.endRecord);
    QVERIFY(qint64(bridge.traceStore()->size()) >= write.endRecord);
    // The open changed the handle table and the device's files: a new snapshot says so.
    QTRY_VERIFY_WITH_TIMEOUT(!bridge.snapshot()->applications.empty(), 5000);
    QCOMPARE(bridge.snapshot()->applications[0].handles[0].name, std::string("h1"));
    QVERIFY(snapshots.count() >= 1);
}

void tst_SimulationBridge::badLineIsRefused()
{
    SimulationBridge bridge;
    bridge.setRealTimeClock(false);
    start(bridge);
    const std::size_t before = bridge.traceStore()->size();
    QSignalSpy rejected(&bridge, &SimulationBridge::actionRejected);
    QVERIFY(rejected.isValid());
    QCOMPARE(bridge.submit(QStringLiteral("write h1 \"unterminated")), quint64(0));
    QCOMPARE(rejected.count(), 1);
    QVERIFY(rejected.at(0).at(1).toString().startsWith(QLatin1String("column ")));
    QVERIFY(!SimulationBridge::checkLine(QStringLiteral("frobnicate h1")).isEmpty());
    QVERIFY(SimulationBridge::checkLine(QStringLiteral("advance 10ms")).isEmpty());
    QCOMPARE(bridge.pendingCount(), 0);
    QCOMPARE(bridge.traceStore()->size(), before);
}

void tst_SimulationBridge::badScenarioChangesNothing()
{
    SimulationBridge bridge;
    bridge.setRealTimeClock(false);
    start(bridge);
    const auto store = bridge.traceStore();
    const QString error
        = bridge.loadScenario(QByteArrayLiteral("{ \"name\": 3 }"), QStringLiteral("bad.json"));
    QVERIFY2(error.startsWith(QLatin1String("bad.json:")), qPrintable(error));
    QCOMPARE(bridge.traceStore(), store);
    QCOMPARE(bridge.scenarioName(), QStringLiteral("echo"));
    QVERIFY(!bridge.loadEmbeddedScenario(QStringLiteral("no-such-one")).isEmpty());
}

void tst_SimulationBridge::resetStartsAFreshTrace()
{
    SimulationBridge bridge;
    bridge.setRealTimeClock(false);
    start(bridge);
    QSignalSpy finished(&bridge, &SimulationBridge::actionFinished);
    QVERIFY(finished.isValid());
    bridge.submit(QStringLiteral("open h1 {cdc35b6e-0be4-4936-bf5f-5537380a7c1a}\\Port1"));
    QVERIFY(finished.wait(10000));
    const auto old = bridge.traceStore();
    const std::size_t grown = old->size();
    QSignalSpy started(&bridge, &SimulationBridge::sessionStarted);
    QVERIFY(started.isValid());
    bridge.resetSimulation();
    QVERIFY(started.wait(10000));
    QVERIFY(bridge.traceStore() != old);
    QVERIFY(bridge.traceStore()->size() < grown);
    QVERIFY(bridge.snapshot()->applications.empty());
}

void tst_SimulationBridge::realTimeClockMovesVirtualTime()
{
    SimulationBridge bridge;
    bridge.setRealTimeClock(false);
    start(bridge);
    QCOMPARE(bridge.virtualTimeNs(), qint64(0));
    QSignalSpy time(&bridge, &SimulationBridge::virtualTimeChanged);
    QVERIFY(time.isValid());
    bridge.setRealTimeClock(true);
    QVERIFY(time.wait(5000));
    QVERIFY(bridge.virtualTimeNs() > 0);
    bridge.setRealTimeClock(false);
    // An advance line moves it by exactly what it says, clock or not.
    QSignalSpy finished(&bridge, &SimulationBridge::actionFinished);
    QVERIFY(finished.isValid());
    bridge.submit(QStringLiteral("advance 1s"));
    QVERIFY(finished.wait(5000));
    const auto r = finished.at(0).at(0).value<ActionResult>();
    QCOMPARE(r.virtualTimeAfter - r.virtualTimeBefore, qint64(1'000'000'000));
}

void tst_SimulationBridge::cancelPendingDropsQueuedLines()
{
    SimulationBridge bridge;
    bridge.setRealTimeClock(false);
    start(bridge);
    QSignalSpy finished(&bridge, &SimulationBridge::actionFinished);
    QVERIFY(finished.isValid());
    bridge.submit(QStringLiteral("open h1 {cdc35b6e-0be4-4936-bf5f-5537380a7c1a}\\Port1"));
    for (int i = 0; i < 20; ++i)
        bridge.submit(QStringLiteral("write h1 \"x\" repeat 200"));
    bridge.cancelPending();
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 21, 10000);
    int cancelled = 0;
    for (const auto &args : finished)
        cancelled += args.at(0).value<ActionResult>().cancelled;
    QVERIFY(cancelled > 0); // the worker can have started a few before the cancel
    QCOMPARE(bridge.pendingCount(), 0);
}

QStringList tst_SimulationBridge::plainRun(const QStringList &lines)
{
    SimulationBridge bridge;
    bridge.setRealTimeClock(false);
    start(bridge);
    QSignalSpy finished(&bridge, &SimulationBridge::actionFinished);
    for (const QString &l : lines)
        bridge.submit(l);
    if (!QTest::qWaitFor([&] { return finished.count() == lines.size(); }, 10000))
        return {};
    return jsonLines(*bridge.traceStore());
}

void tst_SimulationBridge::clockIsPaidAsRecordedAdvance()
{
    // The real-time clock's time reaches the trace as an advance line before the next action,
    // so that a capture replays with the same times.
    SimulationBridge bridge;
    bridge.setRealTimeClock(false);
    start(bridge);
    QSignalSpy time(&bridge, &SimulationBridge::virtualTimeChanged);
    bridge.setRealTimeClock(true);
    QTRY_VERIFY_WITH_TIMEOUT(bridge.virtualTimeNs() >= 5'000'000, 5000);
    bridge.setRealTimeClock(false);
    QSignalSpy finished(&bridge, &SimulationBridge::actionFinished);
    bridge.submit(kOpen);
    QVERIFY(finished.wait(10000));
    const auto r = finished.at(0).at(0).value<ActionResult>();
    QVERIFY(r.virtualTimeBefore >= 5'000'000);
    const auto &store = *bridge.traceStore();
    qint64 advances = 0;
    for (std::size_t i = 0; i < store.size(); ++i) {
        const auto &rec = store.at(i);
        if (rec.kind == umdfx::trace::Kind::Action && umdfx::trace::str(rec.method) == "advance")
            ++advances;
    }
    QCOMPARE(advances, qint64(1)); // one line for all the ticks since the last action
}

void tst_SimulationBridge::breakpointStopsBeforeOnWrite()
{
    SimulationBridge bridge;
    bridge.setRealTimeClock(false);
    start(bridge);
    QCOMPARE(bridge.setBreakpoints({ QStringLiteral("OnWrite") }), QString());
    QSignalSpy stopped(&bridge, &SimulationBridge::stopped);
    QSignalSpy finished(&bridge, &SimulationBridge::actionFinished);
    QSignalSpy snapshots(&bridge, &SimulationBridge::snapshotChanged);
    QVERIFY(stopped.isValid() && finished.isValid() && snapshots.isValid());
    bridge.submit(kOpen);
    bridge.submit(QStringLiteral("write h1 \"hello\""));
    QVERIFY(stopped.wait(10000));
    const auto stop = stopped.at(0).at(0).value<DebugStop>();
    QCOMPARE(stop.method, QStringLiteral("OnWrite"));
    QCOMPARE(stop.iface, QStringLiteral("IQueueCallbackWrite"));
    QCOMPARE(stop.device, QStringLiteral("ROOT\\ECHO\\0000"));
    QCOMPARE(stop.reason, QStringLiteral("breakpoint OnWrite"));
    QVERIFY2(stop.description.startsWith(
                 QLatin1String("next: IQueueCallbackWrite::OnWrite on ROOT\\ECHO\\0000, request ")),
        qPrintable(stop.description));
    QCOMPARE(bridge.debugState(), DebugState::Stopped);
    QCOMPARE(bridge.currentStop().seq, stop.seq);
    // Stopped before it is recorded; the write has not finished; a snapshot of the stop came.
    QCOMPARE(qint64(bridge.traceStore()->size()), stop.seq);
    QCOMPARE(finished.count(), 1);
    QVERIFY(snapshots.count() >= 1);
    QCOMPARE(bridge.snapshot()->applications.at(0).handles.at(0).pending, std::size_t(1));
    bridge.resume();
    QCOMPARE(bridge.debugState(), DebugState::Running);
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 2, 10000);
    QVERIFY(finished.at(1).at(0).value<ActionResult>().succeeded());
    const auto &r = bridge.traceStore()->at(std::size_t(stop.seq));
    QCOMPARE(std::string(umdfx::trace::str(r.method)), std::string("OnWrite"));
}

void tst_SimulationBridge::stepAndStepOver()
{
    SimulationBridge bridge;
    bridge.setRealTimeClock(false);
    start(bridge);
    QSignalSpy stopped(&bridge, &SimulationBridge::stopped);
    QSignalSpy finished(&bridge, &SimulationBridge::actionFinished);
    bridge.setBreakpoints({ QStringLiteral("OnWrite") });
    bridge.submit(kOpen);
    bridge.submit(QStringLiteral("write h1 \"ab\" repeat 3"));
    QVERIFY(stopped.wait(10000));
    // Step: the pending OnWrite is delivered, the next callback (the second write's) waits.
    bridge.step();
    QCOMPARE(bridge.debugState(), DebugState::Breaking);
    QTRY_COMPARE_WITH_TIMEOUT(stopped.count(), 2, 10000);
    const auto second = stopped.at(1).at(0).value<DebugStop>();
    QCOMPARE(second.method, QStringLiteral("OnWrite"));
    QCOMPARE(second.reason, QStringLiteral("step"));
    QVERIFY(second.seq > stopped.at(0).at(0).value<DebugStop>().seq);
    // Step over: it and everything it causes; the third write's OnWrite is the next stop.
    bridge.stepOver();
    QTRY_COMPARE_WITH_TIMEOUT(stopped.count(), 3, 10000);
    QCOMPARE(stopped.at(2).at(0).value<DebugStop>().reason, QStringLiteral("step over"));
    bridge.setBreakpoints({});
    bridge.resume();
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 2, 10000);
    QCOMPARE(stopped.count(), 3);
}

void tst_SimulationBridge::pausedRunRecordsTheSameTrace()
{
    const QStringList lines { kOpen, QStringLiteral("write h1 \"hello\" repeat 2"),
        QStringLiteral("read h1 16"), QStringLiteral("close h1") };
    const QStringList plain = plainRun(lines);
    QVERIFY(plain.size() > 50);

    SimulationBridge bridge;
    bridge.setRealTimeClock(false);
    start(bridge);
    bridge.setBreakpoints({ QStringLiteral("OnWrite"), QStringLiteral("IQueueCallbackRead::OnRead"),
        QStringLiteral("device:ROOT\\ECHO\\0000") });
    QSignalSpy stopped(&bridge, &SimulationBridge::stopped);
    QSignalSpy finished(&bridge, &SimulationBridge::actionFinished);
    for (const QString &l : lines)
        bridge.submit(l);
    int stops = 0;
    while (finished.count() < lines.size()) {
        if (stopped.count() > stops) {
            ++stops;
            // Stepping, stepping over and continuing in turn: none of them records anything.
            if (stops % 3 == 1)
                bridge.step();
            else if (stops % 3 == 2)
                bridge.stepOver();
            else
                bridge.resume();
        }
        QVERIFY(QTest::qWaitFor(
            [&] { return stopped.count() > stops || finished.count() == lines.size(); }, 10000));
    }
    QVERIFY(stops >= 5);
    QCOMPARE(jsonLines(*bridge.traceStore()), plain);
}

void tst_SimulationBridge::badBreakpointChangesNothing()
{
    SimulationBridge bridge;
    bridge.setRealTimeClock(false);
    start(bridge);
    QCOMPARE(bridge.setBreakpoints({ QStringLiteral("OnWrite") }), QString());
    const QString error
        = bridge.setBreakpoints({ QStringLiteral("OnRead"), QStringLiteral("On Write") });
    QVERIFY2(error.startsWith(QLatin1String("breakpoint 2: not a method name")), qPrintable(error));
    QCOMPARE(bridge.breakpoints(), QStringList { QStringLiteral("OnWrite") });
    QVERIFY(!SimulationBridge::checkBreakpoint(QStringLiteral("finding:5")).isEmpty());
    QVERIFY(SimulationBridge::checkBreakpoint(QStringLiteral("finding:V5")).isEmpty());
    // The one that was set still stops.
    QSignalSpy stopped(&bridge, &SimulationBridge::stopped);
    bridge.submit(kOpen);
    bridge.submit(QStringLiteral("write h1 \"x\""));
    QVERIFY(stopped.wait(10000));
    QCOMPARE(stopped.at(0).at(0).value<DebugStop>().method, QStringLiteral("OnWrite"));
    bridge.resume();
}

void tst_SimulationBridge::clockStandsStillWhileStopped()
{
    SimulationBridge bridge;
    start(bridge); // the real-time clock runs
    bridge.setBreakpoints({ QStringLiteral("OnWrite") });
    QSignalSpy stopped(&bridge, &SimulationBridge::stopped);
    QSignalSpy time(&bridge, &SimulationBridge::virtualTimeChanged);
    bridge.submit(kOpen);
    bridge.submit(QStringLiteral("write h1 \"x\""));
    QVERIFY(stopped.wait(10000));
    const qint64 atStop = bridge.virtualTimeNs();
    time.clear();
    QTest::qWait(400); // the worker is held: no tick can move virtual time
    QCOMPARE(time.count(), 0);
    QCOMPARE(bridge.virtualTimeNs(), atStop);
    bridge.resume();
    QVERIFY(time.wait(5000));
    // The first tick after the stop drops the stopped time; later ticks add their 50 ms.
    QVERIFY2(bridge.virtualTimeNs() - atStop < 300'000'000,
        qPrintable(QString::number(bridge.virtualTimeNs() - atStop)));
}

void tst_SimulationBridge::runToRecord()
{
    SimulationBridge bridge;
    bridge.setRealTimeClock(false);
    start(bridge);
    const qint64 recorded = qint64(bridge.traceStore()->size());
    QVERIFY(!bridge.runToRecord(recorded - 1).isEmpty()); // recorded already: refused
    QCOMPARE(bridge.debugState(), DebugState::Running);
    const qint64 target = recorded + 12;
    QCOMPARE(bridge.runToRecord(target), QString());
    QCOMPARE(bridge.debugState(), DebugState::Breaking);
    QSignalSpy stopped(&bridge, &SimulationBridge::stopped);
    bridge.submit(kOpen);
    QVERIFY(stopped.wait(10000));
    QCOMPARE(stopped.at(0).at(0).value<DebugStop>().seq, target);
    QCOMPARE(qint64(bridge.traceStore()->size()), target);
    bridge.resume();

    // An earlier record: the scenario again, stopped just before it.
    QSignalSpy started(&bridge, &SimulationBridge::sessionStarted);
    bridge.restartAndRunToRecord(7);
    QVERIFY(started.wait(10000));
    QTRY_COMPARE_WITH_TIMEOUT(stopped.count(), 2, 10000);
    QCOMPARE(stopped.at(1).at(0).value<DebugStop>().seq, qint64(7));
    QCOMPARE(bridge.traceStore()->size(), std::size_t(7));
    bridge.resume();
}

void tst_SimulationBridge::resetAndDestroyReleaseAStop()
{
    auto bridge = std::make_unique<SimulationBridge>();
    bridge->setRealTimeClock(false);
    start(*bridge);
    bridge->setBreakpoints({ QStringLiteral("OnWrite") });
    QSignalSpy stopped(bridge.get(), &SimulationBridge::stopped);
    bridge->submit(kOpen);
    bridge->submit(QStringLiteral("write h1 \"x\""));
    QVERIFY(stopped.wait(10000));
    // A reset lets the stopped simulation go; the new one starts (and does not wait).
    QSignalSpy started(bridge.get(), &SimulationBridge::sessionStarted);
    bridge->resetSimulation();
    QVERIFY(started.wait(10000));
    QCOMPARE(bridge->debugState(), DebugState::Running);
    // Stopped again, then destroyed: the destructor does not hang.
    bridge->submit(kOpen);
    bridge->submit(QStringLiteral("write h1 \"x\""));
    QVERIFY(stopped.wait(10000));
    QElapsedTimer clock;
    clock.start();
    bridge.reset();
    QVERIFY(clock.elapsed() < 5000);
}

void tst_SimulationBridge::realTimeClockPacesAWait()
{
    // drivers/threadecho completes a write from its own thread, which polls every 100 ms of
    // virtual time: the application's synchronous WriteFile waits, and virtual time jumps to the
    // thread's next poll. With the real-time clock on, that jump takes as long on the wall clock
    // as it does in virtual time (a person watching sees the write take its time).
    QTemporaryDir dir;
    const QString scenario = dir.filePath(QStringLiteral("threadecho.json"));
    QFile f(scenario);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(QStringLiteral(R"({ "name": "threadecho",
  "drivers": [ { "name": "ThreadEcho", "module": "%1" } ],
  "devices": [ { "instanceId": "ROOT\\THREADECHO\\0000", "hardwareIds": ["WUDF\\ThreadEcho"],
                 "drivers": ["ThreadEcho"] } ] })")
                .arg(QStringLiteral(UMDFX_BINARY_DIR "/plugins/threadecho.so"))
                .toUtf8());
    f.close();
    SimulationBridge bridge;
    bridge.setRealTimeClock(false);
    QSignalSpy ready(&bridge, &SimulationBridge::poweredOn);
    QCOMPARE(bridge.loadScenarioFile(scenario), QString());
    QVERIFY(ready.wait(10000));
    QSignalSpy finished(&bridge, &SimulationBridge::actionFinished);
    bridge.submit(QStringLiteral("open h1 {7a1c9e52-3b6d-4f08-a2e4-5d9c1b7f3e60}"));
    // Clock off: the first write returns at the thread's first poll (0.1 s) at once.
    bridge.submit(QStringLiteral("write h1 \"hello\""));
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 2, 10000);
    const auto first = finished.at(1).at(0).value<ActionResult>();
    QVERIFY2(first.succeeded(), qPrintable(first.summary()));
    // Clock on: the next write waits for the poll at 0.2 s, on the wall clock too.
    bridge.setRealTimeClock(true);
    QElapsedTimer wall;
    wall.start();
    bridge.submit(QStringLiteral("write h1 \"hello\""));
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 3, 10000);
    const qint64 elapsed = wall.nsecsElapsed();
    const auto second = finished.at(2).at(0).value<ActionResult>();
    QVERIFY2(second.succeeded(), qPrintable(second.summary()));
    const qint64 jumped = second.virtualTimeAfter - second.virtualTimeBefore;
    QVERIFY2(jumped >= 50'000'000, qPrintable(QString::number(jumped))); // most of one poll
    QVERIFY2(elapsed >= jumped - 5'000'000,
        qPrintable(QStringLiteral("the write took %1 ms on the wall clock for %2 ms of virtual "
                                  "time")
                       .arg(elapsed / 1e6)
                       .arg(jumped / 1e6)));
    bridge.setRealTimeClock(false);
}

void tst_SimulationBridge::recordCapIsAFailedAction()
{
    // The knob maxRecords holds in the explorer too: an action that reaches it fails with the
    // message, later ones are not run, and every record made stays in the store.
    SimulationBridge bridge;
    bridge.setRealTimeClock(false);
    startCapped(bridge, 3000);
    QSignalSpy finished(&bridge, &SimulationBridge::actionFinished);
    bridge.submit(QStringLiteral("advance 100000s"));
    QVERIFY(finished.wait(20000));
    const auto r = finished.at(0).at(0).value<ActionResult>();
    QVERIFY(!r.ok);
    QVERIFY2(r.message.contains(QLatin1String("stopped: the run reached its record limit, 3,000")),
        qPrintable(r.message));
    const std::size_t records = bridge.traceStore()->size();
    QVERIFY2(records >= 3000 && records < 3200, qPrintable(QString::number(records)));
    bridge.submit(QStringLiteral("advance 1s"));
    QVERIFY(finished.wait(10000));
    QVERIFY(finished.at(1).at(0).value<ActionResult>().message.contains(QLatin1String("not run")));
    QCOMPARE(bridge.traceStore()->size(), records);

    // The real-time clock's advances reach the cap too: shown once as the failed action it is.
    SimulationBridge probe;
    probe.setRealTimeClock(false);
    startCapped(probe, 0);
    const std::size_t afterPowerOn = probe.traceStore()->size();
    SimulationBridge clocked;
    clocked.setRealTimeClock(false);
    startCapped(clocked, afterPowerOn + 10); // the sensor's first reading passes it
    QSignalSpy clockFinished(&clocked, &SimulationBridge::actionFinished);
    clocked.setRealTimeClock(true);
    QVERIFY(clockFinished.wait(10000));
    const auto c = clockFinished.at(0).at(0).value<ActionResult>();
    QVERIFY(!c.ok);
    QVERIFY2(c.line.startsWith(QLatin1String("advance ")), qPrintable(c.line));
    QVERIFY2(c.message.contains(QLatin1String("record limit")), qPrintable(c.message));
    QTest::qWait(1500); // reported once, not at every tick
    QCOMPARE(clockFinished.count(), 1);
}

QTEST_GUILESS_MAIN(tst_SimulationBridge)
#include "tst_simulationbridge.moc"
