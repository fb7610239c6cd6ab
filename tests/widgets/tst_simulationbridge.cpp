// The bridge to the simulation thread: lines in, results and snapshots out, a bad line refused,
// virtual time that follows the real clock only when asked.
#include "widgets/models/simulationbridge.h"

#include <QtTest/QtTest>

using umdfx::gui::ActionResult;
using umdfx::gui::SimulationBridge;

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

private:
    static void start(SimulationBridge &bridge);
};

void tst_SimulationBridge::start(SimulationBridge &bridge)
{
    QSignalSpy started(&bridge, &SimulationBridge::sessionStarted);
    QVERIFY(started.isValid());
    QCOMPARE(
        bridge.loadScenarioFile(QStringLiteral(UMDFX_SOURCE_DIR "/tests/widgets/data/echo.json")),
        QString());
    QVERIFY(started.wait(10000));
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

QTEST_GUILESS_MAIN(tst_SimulationBridge)
#include "tst_simulationbridge.moc"
