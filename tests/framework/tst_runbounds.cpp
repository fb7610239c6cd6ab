// A run stays within bounds whatever its input says (issue 14): virtual time saturates at
// kMaxVirtualTimeNs instead of overflowing, a script whose advances go past it is refused before it
// runs, the knob maxRecords stops a run that would fill memory, a requested stop (a signal) ends
// the run at a task boundary, and a capture's size limit asks for that stop.
#include "core/runtime/scheduler.h"
#include "core/scenario/actionparser.h"
#include "core/scenario/scenarioloader.h"
#include "core/simulation/actionrunner.h"
#include "core/simulation/simulation.h"
#include "core/trace/tracefile.h"
#include "drivers/builtin/builtindrivers.h"
#include "resources/embeddedresources.h"

#include <QtTest/QtTest>

#include <limits>

using umdfx::kMaxVirtualTimeNs;
using umdfx::Scheduler;
using umdfx::StopReason;

namespace {

constexpr std::int64_t kInt64Max = std::numeric_limits<std::int64_t>::max();

// The embedded default scenario (its sensor posts an event every second of virtual time) with
// knobs added.
std::unique_ptr<umdfx::Simulation> defaultWithKnobs(const std::string &knobs)
{
    std::string text(umdfx::resources::defaultScenario());
    if (!knobs.empty()) {
        const auto close = text.rfind('}');
        text = text.substr(0, close) + ", \"knobs\": {" + knobs + "}\n}\n";
    }
    auto loaded = umdfx::scenario::loadScenario(text, "test");
    if (auto *err = std::get_if<umdfx::scenario::LoadError>(&loaded))
        qFatal("%s", err->toString().c_str());
    return std::make_unique<umdfx::Simulation>(
        std::get<umdfx::scenario::Scenario>(loaded), umdfx::builtinDrivers());
}

umdfx::scenario::Action action(const std::string &line)
{
    auto parsed = umdfx::scenario::parseActionLine(line, "t.actions", 3);
    if (auto *err = std::get_if<umdfx::scenario::LoadError>(&parsed))
        qFatal("%s", err->toString().c_str());
    return std::get<umdfx::scenario::Action>(parsed);
}

} // namespace

class tst_RunBounds : public QObject
{
    Q_OBJECT
private slots:
    void addSaturated();
    void schedulerTimeSaturates();
    void taskBeyondTheEndNeverRuns();
    void requestedStopEndsAdvance();
    void scriptPastTheEndIsRefused();
    void runnerRefusesAdvancePastTheEnd();
    void recordLimitStopsTheRun();
    void noRecordLimitWithZero();
    void traceFileSizeLimitAsksForTheStop();
    void dataMismatchIsQuotedWhereItDiffers();
    void recordLimitRaisedLetsTheRunGoOn();
};

void tst_RunBounds::addSaturated()
{
    QCOMPARE(umdfx::addSaturated(1, kInt64Max), kInt64Max);
    QCOMPARE(umdfx::addSaturated(-5, std::numeric_limits<std::int64_t>::min()),
        std::numeric_limits<std::int64_t>::min());
    QCOMPARE(umdfx::addSaturated(40, 2), std::int64_t(42));
}

void tst_RunBounds::schedulerTimeSaturates()
{
    // The issue's input: 1 ns, then INT64_MAX ns; a signed overflow before (t_ns became negative).
    Scheduler s;
    int ran = 0;
    s.post(
        1, [&] { ++ran; }, 10);
    s.advance(1);
    s.advance(kInt64Max);
    QCOMPARE(s.now(), kMaxVirtualTimeNs);
    QCOMPARE(ran, 1);
    s.advance(kInt64Max); // at the end already: stays there
    QCOMPARE(s.now(), kMaxVirtualTimeNs);
    s.stall(kInt64Max);
    QCOMPARE(s.now(), kMaxVirtualTimeNs);
    s.jumpTo(kInt64Max);
    QCOMPARE(s.now(), kMaxVirtualTimeNs);
    QCOMPARE(s.after(kInt64Max), kInt64Max);
}

void tst_RunBounds::taskBeyondTheEndNeverRuns()
{
    Scheduler s;
    s.advance(kMaxVirtualTimeNs - 5);
    bool ran = false;
    s.post(
        1, [&] { ran = true; }, kInt64Max); // a due time past the end, not a negative one
    QCOMPARE(s.pendingTasks(), std::size_t(1));
    QVERIFY(!s.nextDue().has_value()); // a wait would find nothing due, not loop at the end
    s.advance(kInt64Max);
    QVERIFY(!ran);
    QCOMPARE(s.now(), kMaxVirtualTimeNs);
}

void tst_RunBounds::requestedStopEndsAdvance()
{
    // A periodic timer, as the sensor's: a second's task that posts the next second's.
    Scheduler s;
    int ticks = 0;
    std::function<void()> tick = [&] {
        if (++ticks == 5)
            s.requestStop(StopReason::Interrupted);
        s.post(1, tick, 1'000'000'000);
    };
    s.post(1, tick, 1'000'000'000);
    s.advance(1'000'000'000'000); // 1000 s: a thousand ticks without the stop
    QCOMPARE(ticks, 5);
    QCOMPARE(s.now(), std::int64_t(5'000'000'000)); // time stays at the last task
    QVERIFY(s.stopReason() == StopReason::Interrupted);
    s.requestStop(StopReason::RecordLimit); // the first reason wins
    QVERIFY(s.stopReason() == StopReason::Interrupted);
    QCOMPARE(s.runUntilIdle(), std::size_t(0));
}

void tst_RunBounds::scriptPastTheEndIsRefused()
{
    auto parsed = umdfx::scenario::parseActions(
        "advance 1ns\n# comment\nadvance   9223372036854775807ns\n", "t.actions");
    const auto &actions = std::get<std::vector<umdfx::scenario::Action>>(parsed);
    const auto err = umdfx::checkVirtualTime(actions);
    QVERIFY(err.has_value());
    QCOMPARE(err->toString(),
        std::string("t.actions:3:11: the script's advances add up to more than virtual time may "
                    "run: at most 1000000000000000000 ns (about 31.7 years) in a run, and 1 ns "
                    "come before this one"));
    // Exactly up to the end is allowed.
    auto fits
        = umdfx::scenario::parseActions("advance 999999999999999999ns\nadvance 1ns\n", "t.actions");
    QVERIFY(!umdfx::checkVirtualTime(std::get<std::vector<umdfx::scenario::Action>>(fits)));
}

void tst_RunBounds::runnerRefusesAdvancePastTheEnd()
{
    auto sim = defaultWithKnobs("\"maxRecords\": 0");
    sim->powerOn();
    umdfx::ActionRunner runner(*sim);
    const auto before = sim->world().scheduler.now();
    const auto r = runner.run(action("advance 9223372036854775807ns"));
    QVERIFY(!r.ok);
    QVERIFY2(r.message.find("t.actions:3:1: advance would take virtual time past its end: it may "
                            "run at most 1000000000000000000 ns")
            == 0,
        r.message.c_str());
    QCOMPARE(sim->world().scheduler.now(), before);
}

void tst_RunBounds::recordLimitStopsTheRun()
{
    auto sim = defaultWithKnobs("\"maxRecords\": 2000");
    sim->powerOn();
    umdfx::ActionRunner runner(*sim);
    const auto r = runner.run(action("advance 999999999s"));
    QVERIFY(!r.ok);
    QVERIFY2(r.message
            == "t.actions:3:1: stopped: the run reached its record limit, 2,000 trace records "
               "(knob maxRecords: raise it in the scenario's \"knobs\", 0 for no limit)",
        r.message.c_str());
    const auto records = sim->world().trace.size();
    QVERIFY2(records >= 2000 && records < 2100, std::to_string(records).c_str()); // a task's worth
    QVERIFY(sim->world().scheduler.now() < 1'000'000'000'000); // stopped after a few hundred s
    QVERIFY(sim->world().scheduler.now() > 0);
    // Nothing runs any more, and nothing is recorded for it.
    const auto n = runner.run(action("advance 1s"));
    QVERIFY(!n.ok);
    QVERIFY2(n.message.find(": not run: the run reached its record limit") != std::string::npos,
        n.message.c_str());
    QCOMPARE(sim->world().trace.size(), records);
}

void tst_RunBounds::noRecordLimitWithZero()
{
    auto sim = defaultWithKnobs("\"maxRecords\": 0");
    sim->powerOn();
    umdfx::ActionRunner runner(*sim);
    QVERIFY(runner.run(action("advance 1000s")).ok);
    QVERIFY(sim->world().trace.size() > 2000);
    QVERIFY(!sim->world().scheduler.stopRequested());
}

void tst_RunBounds::traceFileSizeLimitAsksForTheStop()
{
    auto sim = defaultWithKnobs("\"maxRecords\": 0");
    QTemporaryDir dir;
    const std::string path = dir.filePath(QStringLiteral("t.umdftrace")).toStdString();
    Scheduler &scheduler = sim->world().scheduler;
    {
        umdfx::trace::TraceFileWriter writer(sim->world().trace, {});
        writer.setSizeLimit(
            64 * 1024, [&scheduler] { scheduler.requestStop(StopReason::TraceFileLimit); });
        QVERIFY(!writer.open(path));
        sim->powerOn();
        umdfx::ActionRunner runner(*sim);
        // The writer drains every 100 ms: the run goes on until the file is past 64 KiB.
        for (int i = 0; i < 2000 && !scheduler.stopRequested(); ++i) {
            runner.run(action("advance 10s"));
            writer.flush();
        }
        QVERIFY(scheduler.stopReason() == StopReason::TraceFileLimit);
        QVERIFY(!writer.close());
        QVERIFY(writer.bytesWritten() >= 64 * 1024);
    }
    auto read = umdfx::trace::readTraceFile(path);
    auto *file = std::get_if<umdfx::trace::TraceFile>(&read);
    QVERIFY(file);
    QVERIFY(file->complete);
    QCOMPARE(file->recordsRead, std::uint64_t(sim->world().trace.size()));
}

void tst_RunBounds::dataMismatchIsQuotedWhereItDiffers()
{
    // `expect data` with 4 KB of data that differs from what was read at byte 3000: the message
    // says where, quotes a short excerpt of each side from just before it, and not 4 KB of text.
    auto sim = defaultWithKnobs("");
    sim->powerOn();
    umdfx::ActionRunner runner(*sim);
    const std::string written = std::string(3000, 'a') + std::string(1096, 'b');
    std::string expected = written;
    expected[3000] = 'X';
    for (const std::string &line :
        { std::string(R"(open h1 {cdc35b6e-0be4-4936-bf5f-5537380a7c1a}\Port1)"),
            "write h1 \"" + written + "\"", std::string("read h1 8192") }) {
        const auto r = runner.run(action(line));
        QVERIFY2(r.ok, r.message.c_str());
    }
    const auto r = runner.run(action("expect data \"" + expected + "\""));
    QVERIFY(!r.ok);
    QVERIFY2(r.message.size() < 400, r.message.c_str());
    QVERIFY2(r.message.find("4096 bytes expected, 4096 read; they first differ at byte 3000; from "
                            "byte 2984 expected \"…aaaaaaaaaaaaaaaaXbbb")
            != std::string::npos,
        r.message.c_str());
    QVERIFY2(
        r.message.find(", read \"…aaaaaaaaaaaaaaaabbbb") != std::string::npos, r.message.c_str());
    QVERIFY2(r.message.find("…\"") != std::string::npos, r.message.c_str()); // cut short
}

void tst_RunBounds::recordLimitRaisedLetsTheRunGoOn()
{
    // After the cap, `record-limit N` is the one action that runs; above the records made it
    // raises the knob and clears the stop, and the run goes on to the new cap.
    auto sim = defaultWithKnobs("\"maxRecords\": 2000");
    sim->powerOn();
    umdfx::ActionRunner runner(*sim);
    QVERIFY(!runner.run(action("advance 999999999s")).ok);
    const auto atCap = sim->world().trace.size();
    const auto low = runner.run(action("record-limit 1000"));
    QVERIFY(!low.ok);
    QVERIFY2(low.message.find("record-limit 1000 is not above the " + std::string("2,0"))
            != std::string::npos,
        low.message.c_str());
    QVERIFY(sim->world().scheduler.stopRequested()); // still stopped
    QCOMPARE(sim->world().trace.size(), atCap);

    const auto raised = runner.run(action("record-limit 4000"));
    QVERIFY2(raised.ok, raised.message.c_str());
    QVERIFY(!sim->world().scheduler.stopRequested());
    QCOMPARE(sim->world().knobs.maxRecords, 4000u);
    const auto on = runner.run(action("advance 100000s"));
    QVERIFY(!on.ok);
    QVERIFY2(on.message.find("record limit, 4,000 trace records") != std::string::npos,
        on.message.c_str());
    const auto records = sim->world().trace.size();
    QVERIFY2(records >= 4000 && records < 4100, std::to_string(records).c_str());

    // 0: no limit; a stop of another kind is not cleared by it.
    QVERIFY(runner.run(action("record-limit 0")).ok);
    QVERIFY(runner.run(action("advance 10s")).ok);
    sim->world().scheduler.requestStop(umdfx::StopReason::Interrupted);
    const auto afterSignal = runner.run(action("record-limit 100000"));
    QVERIFY(!afterSignal.ok);
    QVERIFY2(afterSignal.message.find("not run: interrupted") != std::string::npos,
        afterSignal.message.c_str());
}

QTEST_GUILESS_MAIN(tst_RunBounds)
#include "tst_runbounds.moc"
