// Stepping and breakpoints (core/host/debugger.h) on a simulation running on its own thread, as
// the GUI runs it: a breakpoint stops before the callback is recorded, step / step over / run to
// a record stop where they promise, a finding breakpoint stops after the finding — and a run with
// pauses records exactly the trace of a run without them.
#include "core/host/debugger.h"
#include "core/scenario/actionparser.h"
#include "core/scenario/scenarioloader.h"
#include "core/simulation/actionrunner.h"
#include "core/simulation/simulation.h"
#include "core/trace/traceformat.h"
#include "drivers/builtin/builtindrivers.h"
#include "resources/embeddedresources.h"

#include <QtTest/QtTest>

#include <condition_variable>
#include <deque>
#include <thread>

using namespace umdfx;

namespace {

const char *const kScript = "open h1 {cdc35b6e-0be4-4936-bf5f-5537380a7c1a}\\Port1\n"
                            "write h1 \"hello\"\nread h1 16\nclose h1\n";

scenario::Scenario echoScenario(const std::string &text = {})
{
    auto loaded = scenario::loadScenario(
        text.empty() ? std::string(*resources::scenario("echo")) : text, "echo");
    return std::get<scenario::Scenario>(loaded);
}

std::vector<std::string> jsonl(const trace::TraceStore &store)
{
    std::vector<std::string> out;
    for (std::size_t i = 0; i < store.size(); ++i)
        out.push_back(trace::toJsonLine(store, store.at(i), false));
    return out;
}

std::vector<std::string> plainRun(const scenario::Scenario &s, const char *script)
{
    Simulation sim(s, builtinDrivers());
    sim.powerOn();
    ActionRunner runner(sim);
    const auto parsed = scenario::parseActions(script, "script");
    for (const auto &a : std::get<std::vector<scenario::Action>>(parsed))
        runner.run(a);
    return jsonl(sim.world().trace);
}

// A simulation on a thread of its own, stopped by its debugger; the test thread sees each stop.
class Session
{
public:
    Session(const scenario::Scenario &s, const char *script,
        std::vector<Debugger::Breakpoint> breakpoints, bool pauseAtStart)
        : m_sim(s, builtinDrivers())
    {
        m_debugger.setBreakpoints(std::move(breakpoints));
        if (pauseAtStart)
            m_debugger.pause();
        m_debugger.setStoppedHook([this](const Debugger::Stop &stop) {
            std::lock_guard lock(m_mutex);
            m_stops.push_back(stop);
            m_changed.notify_all();
        });
        m_sim.world().tracer.setGate(&m_debugger);
        m_thread = std::thread([this, script] {
            m_sim.powerOn();
            ActionRunner runner(m_sim);
            const auto parsed = scenario::parseActions(script, "script");
            for (const auto &a : std::get<std::vector<scenario::Action>>(parsed))
                runner.run(a);
            std::lock_guard lock(m_mutex);
            m_done = true;
            m_changed.notify_all();
        });
    }
    ~Session()
    {
        m_debugger.detach();
        m_thread.join();
        m_sim.world().tracer.setGate(nullptr);
    }
    // The next stop, or nullopt when the run ended first (10 s at most).
    std::optional<Debugger::Stop> nextStop()
    {
        std::unique_lock lock(m_mutex);
        m_changed.wait_for(
            lock, std::chrono::seconds(10), [this] { return !m_stops.empty() || m_done; });
        if (m_stops.empty())
            return std::nullopt;
        auto s = m_stops.front();
        m_stops.pop_front();
        return s;
    }
    bool waitDone()
    {
        std::unique_lock lock(m_mutex);
        return m_changed.wait_for(lock, std::chrono::seconds(10), [this] { return m_done; });
    }
    Debugger &debugger() { return m_debugger; }
    const trace::TraceStore &trace() { return m_sim.world().trace; }

private:
    Simulation m_sim;
    Debugger m_debugger;
    std::thread m_thread;
    std::mutex m_mutex;
    std::condition_variable m_changed;
    std::deque<Debugger::Stop> m_stops;
    bool m_done = false;
};

Debugger::Breakpoint bp(const char *text)
{
    return *Debugger::parseBreakpoint(text, nullptr);
}

// The callback call records of a plain run, in order: where single steps must stop.
std::vector<std::string> callbackNames(const trace::TraceStore &store)
{
    std::vector<std::string> out;
    for (std::size_t i = 0; i < store.size(); ++i) {
        const auto &r = store.at(i);
        if (r.kind == trace::Kind::Callback && r.phase == trace::Phase::Call)
            out.push_back(
                std::string(trace::str(r.iface)) + "::" + std::string(trace::str(r.method)));
    }
    return out;
}

} // namespace

class tst_Debugger : public QObject
{
    Q_OBJECT
private slots:
    void breakpointStopsBeforeTheCallback();
    void pausesLeaveTheTraceUnchanged();
    void stepStopsAtEveryCallback();
    void stepOverSkipsNestedCallbacks();
    void runToRecord();
    void findingBreakpoint();
    void deviceBreakpoint();
    void parseBreakpoint_data();
    void parseBreakpoint();
};

void tst_Debugger::breakpointStopsBeforeTheCallback()
{
    Session s(echoScenario(), kScript, { bp("OnWrite") }, false);
    const auto stop = s.nextStop();
    QVERIFY(stop.has_value());
    QCOMPARE(stop->method, std::string("OnWrite"));
    QCOMPARE(stop->iface, std::string("IQueueCallbackWrite"));
    QCOMPARE(stop->device, std::string("ROOT\\ECHO\\0000"));
    QVERIFY(stop->request != 0);
    QVERIFY(stop->beforeCallback);
    // Stopped before it is recorded: the trace ends just before the callback's record.
    QCOMPARE(std::uint64_t(s.trace().size()), stop->seq);
    QVERIFY2(stop->description().rfind(
                 "next: IQueueCallbackWrite::OnWrite on ROOT\\ECHO\\0000, request ", 0)
            == 0,
        stop->description().c_str());
    s.debugger().resume();
    QVERIFY(s.waitDone());
    const auto &r = s.trace().at(stop->seq);
    QCOMPARE(std::string(trace::str(r.method)), std::string("OnWrite"));
}

void tst_Debugger::pausesLeaveTheTraceUnchanged()
{
    const auto plain = plainRun(echoScenario(), kScript);
    Session s(echoScenario(), kScript, { bp("OnWrite"), bp("OnRead"), bp("OnCleanupFile") }, true);
    int stops = 0;
    while (auto stop = s.nextStop()) {
        ++stops;
        s.debugger().resume();
    }
    QVERIFY(stops >= 4); // the pause at the start, then the three breakpoints
    QCOMPARE(jsonl(s.trace()), plain);
}

void tst_Debugger::stepStopsAtEveryCallback()
{
    Simulation reference(echoScenario(), builtinDrivers());
    reference.powerOn();
    const auto expected = callbackNames(reference.world().trace);
    QVERIFY(expected.size() > 20);
    Session s(echoScenario(), "", {}, true); // start-up only
    std::vector<std::string> seen;
    while (auto stop = s.nextStop()) {
        seen.push_back(stop->iface + "::" + stop->method);
        s.debugger().step();
    }
    QCOMPARE(seen, expected);
}

void tst_Debugger::stepOverSkipsNestedCallbacks()
{
    // OnDeviceAdd causes the QueryInterface probes of CreateDevice and CreateIoQueue (callbacks
    // nested in it); stepping over it stops next at OnPrepareHardware... or what follows it.
    Session s(echoScenario(), "", { bp("OnDeviceAdd") }, false);
    const auto atAdd = s.nextStop();
    QVERIFY(atAdd.has_value());
    QCOMPARE(atAdd->method, std::string("OnDeviceAdd"));
    s.debugger().stepOver();
    const auto next = s.nextStop();
    QVERIFY(next.has_value());
    QVERIFY2(next->method != "QueryInterface", next->description().c_str());
    QCOMPARE(next->method, std::string("OnPrepareHardware"));
    // A single step from OnDeviceAdd would have stopped at the first probe instead.
    s.debugger().resume();
    QVERIFY(s.waitDone());
    Session t(echoScenario(), "", { bp("OnDeviceAdd") }, false);
    QVERIFY(t.nextStop().has_value());
    t.debugger().step();
    const auto inside = t.nextStop();
    QVERIFY(inside.has_value());
    QCOMPARE(inside->method, std::string("QueryInterface"));
}

void tst_Debugger::runToRecord()
{
    Session s(echoScenario(), kScript, {}, true);
    QVERIFY(s.nextStop().has_value()); // paused at the first callback
    s.debugger().runToRecord(120);
    const auto stop = s.nextStop();
    QVERIFY(stop.has_value());
    // Exactly before record 120, whatever it is; the stop says what comes.
    QCOMPARE(stop->seq, std::uint64_t(120));
    QCOMPARE(std::uint64_t(s.trace().size()), stop->seq);
    s.debugger().resume();
    QVERIFY(s.waitDone());
    const auto &r = s.trace().at(120);
    QCOMPARE(stop->method, std::string(trace::str(r.method)));
    QCOMPARE(stop->phase, std::string(trace::phaseName(r.phase)));
}

void tst_Debugger::findingBreakpoint()
{
    const std::string text = R"({"name":"b","drivers":[{"name":"buggy","module":"builtin:buggy"}],)"
                             R"("devices":[{"instanceId":"ROOT\\BUGGY\\0000","hardwareIds":["b"],)"
                             R"("drivers":["buggy"],"parameters":{"Mistake":"DoubleCompletion"}}],)"
                             R"("knobs":{"verifierMode":"teaching"}})";
    Session s(echoScenario(text),
        "open h1 {3d8b5e61-0a2c-4f7e-b914-6c5d4e3f2a1b}\nwrite h1 \"x\"\n", { bp("finding:V5") },
        false);
    const auto stop = s.nextStop();
    QVERIFY(stop.has_value());
    QVERIFY(!stop->beforeCallback);
    QCOMPARE(stop->method, std::string("V5"));
    QCOMPARE(std::string(trace::str(s.trace().at(stop->seq).iface)), std::string("UMDFVerifier"));
    QCOMPARE(std::uint64_t(s.trace().size()), stop->seq + 1); // right after the finding
    s.debugger().resume();
    QVERIFY(s.waitDone());
}

void tst_Debugger::deviceBreakpoint()
{
    Session s(echoScenario(), kScript, { bp("device:root\\echo\\0000") }, false);
    const auto stop = s.nextStop();
    QVERIFY(stop.has_value());
    QCOMPARE(stop->device, std::string("ROOT\\ECHO\\0000"));
    s.debugger().detach();
    QVERIFY(s.waitDone());
}

void tst_Debugger::parseBreakpoint_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("error"); // "" = valid
    QTest::addRow("method") << "OnWrite"
                            << "";
    QTest::addRow("interface and method") << "IQueueCallbackWrite::OnWrite"
                                          << "";
    QTest::addRow("device") << "device:ROOT\\ECHO\\0000"
                            << "";
    QTest::addRow("any finding") << "finding"
                                 << "";
    QTest::addRow("one rule") << "finding:V27"
                              << "";
    QTest::addRow("empty") << ""
                           << "an empty breakpoint";
    QTest::addRow("bad rule") << "finding:5"
                              << "a finding breakpoint names a rule like V5";
    QTest::addRow("device without id") << "device:"
                                       << "device: needs an instance ID";
    QTest::addRow("not a name") << "On Write"
                                << "not a method name";
}

void tst_Debugger::parseBreakpoint()
{
    QFETCH(QString, text);
    QFETCH(QString, error);
    std::string why;
    const auto b = Debugger::parseBreakpoint(text.toStdString(), &why);
    QCOMPARE(b.has_value(), error.isEmpty());
    if (!error.isEmpty())
        QVERIFY2(why.find(error.toStdString()) != std::string::npos, why.c_str());
}

QTEST_APPLESS_MAIN(tst_Debugger)
#include "tst_debugger.moc"
