// Drivers that use threads of their own (drivers/threadecho, built from Windows-style sources into
// plugins/threadecho.so): a request completed by the driver's thread after a Sleep, a callback
// that waits for that thread while the thread calls the framework, ExitThread, removal with the
// thread running — no deadlock, and the same trace every run. Then what the simulator says when a
// synchronous request never completes, and a wait that can never end (a deadlock found).
#include "core/scenario/actionparser.h"
#include "core/scenario/scenarioloader.h"
#include "core/simulation/actionrunner.h"
#include "core/simulation/replaysession.h"
#include "core/simulation/simulation.h"
#include "core/teaching/explanationcatalog.h"
#include "core/trace/tracefile.h"
#include "core/trace/traceformat.h"
#include "drivers/builtin/builtindrivers.h"

#include <QtTest/QtTest>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

namespace {

const std::string kSource = UMDFX_SOURCE_DIR;

const char *const kScenario = R"({ "name": "threadecho",
  "drivers": [ { "name": "ThreadEcho", "module": "threadecho.so" } ],
  "devices": [ { "instanceId": "ROOT\\THREADECHO\\0000", "hardwareIds": ["WUDF\\ThreadEcho"],
                 "drivers": ["ThreadEcho"] } ] })";

const char *const kInterface = "{7a1c9e52-3b6d-4f08-a2e4-5d9c1b7f3e60}";

struct Run
{
    std::vector<std::string> failures;
    std::vector<std::string> jsonl;
    std::set<std::string> methods; // Interface::Method of every call and event record
    std::int64_t endNs = 0;
};

Run run(const std::string &scenarioText, const std::string &actions)
{
    auto loaded = umdfx::scenario::loadScenario(scenarioText, "threadecho.json");
    if (auto *err = std::get_if<umdfx::scenario::LoadError>(&loaded))
        qFatal("%s", err->toString().c_str());
    auto parsed = umdfx::scenario::parseActions(actions, "test.actions");
    if (auto *err = std::get_if<umdfx::scenario::LoadError>(&parsed))
        qFatal("%s", err->toString().c_str());
    Run r;
    {
        umdfx::Simulation sim(std::get<umdfx::scenario::Scenario>(loaded), umdfx::builtinDrivers());
        sim.powerOn();
        umdfx::ActionRunner runner(sim);
        for (const auto &action : std::get<std::vector<umdfx::scenario::Action>>(parsed)) {
            const auto result = runner.run(action);
            if (!result.ok)
                r.failures.push_back(result.message);
        }
        std::lock_guard lock(sim.world().lock);
        const auto &store = sim.world().trace;
        for (std::size_t i = 0; i < store.size(); ++i) {
            const auto &record = store.at(i);
            r.jsonl.push_back(umdfx::trace::toJsonLine(store, record, false));
            if (record.kind != umdfx::trace::Kind::Action && record.kind != umdfx::trace::Kind::Log
                && record.iface && record.method)
                r.methods.insert(std::string(umdfx::trace::str(record.iface))
                    + "::" + std::string(umdfx::trace::str(record.method)));
        }
        r.endNs = sim.world().scheduler.now();
    }
    return r;
}

std::string tour()
{
    return std::string("open h1 ") + kInterface + R"(
expect result ok
write h1 "hello"
expect result ok
expect bytes 5
expect trace IQueueCallbackWrite::OnWrite count 1
expect trace IWDFIoRequest::CompleteWithInformation count 1
read h1 16
expect result ok
expect bytes 5
expect data "hello"
close h1
surprise-remove ROOT\THREADECHO\0000
expect trace IPnpCallbackSelfManagedIo::OnSelfManagedIoCleanup count 1
expect trace kernel32::ExitThread count 1
expect device ROOT\THREADECHO\0000 not-present
)";
}

std::string withParameter(const std::string &name, int value)
{
    std::string scenario = kScenario;
    scenario.replace(scenario.find(R"("drivers": ["ThreadEcho"] })"),
        std::string(R"("drivers": ["ThreadEcho"] })").size(),
        R"("drivers": ["ThreadEcho"], "parameters": { ")" + name + "\": " + std::to_string(value)
            + " } }");
    return scenario;
}

std::vector<std::size_t> matching(const Run &r, std::initializer_list<std::string_view> parts)
{
    std::vector<std::size_t> out;
    for (std::size_t i = 0; i < r.jsonl.size(); ++i) {
        bool all = true;
        for (auto p : parts)
            all = all && r.jsonl[i].find(p) != std::string::npos;
        if (all)
            out.push_back(i);
    }
    return out;
}

// The run's one WUDFHost::Deadlock record (JSON), empty if there is not exactly one.
std::string onlyDeadlock(const Run &r)
{
    const auto deadlock = matching(r, { R"("method":"Deadlock")" });
    return deadlock.size() == 1 ? r.jsonl[deadlock[0]] : std::string();
}

QString failuresText(const Run &r)
{
    QString text;
    for (const auto &f : r.failures)
        text += QStringLiteral("\n  ") + QString::fromStdString(f);
    return text;
}

} // namespace

class tst_DriverThreads : public QObject
{
    Q_OBJECT
private slots:
    void threadCompletesTheRequest();
    void cleanupWaitsForTheThread();
    void sameTraceEveryRun();
    void stuckSynchronousWriteSaysWhere();
    void cleanupThatWaitsForEverIsADeadlock();
    void everyTracedMethodIsExplained();
    void spinningThreadEndsItsHost();
    void threadPollsARemoteTargetAcrossRemoval();
    void poolWorkThatWaitsParksItsOwnThread();
    void presentationLockHeldAcrossAWait();
    void callbackWaitingForTheLockHolderIsADeadlock();
    void replayShowsTheThreadsAtARecord();
};

void tst_DriverThreads::threadCompletesTheRequest()
{
    const Run r = run(kScenario, tour());
    QVERIFY2(r.failures.empty(), qPrintable(failuresText(r)));
    // OnWrite returned on the host's thread; the completion came from the driver's own thread,
    // 100 ms of virtual time later, and WriteFile returned after it.
    const auto onWrite = matching(r, { R"("method":"OnWrite")", R"("phase":"return")" });
    const auto complete = matching(r,
        { R"("method":"CompleteWithInformation")", R"("phase":"call")", R"("thread":"host1.t1")" });
    const auto writeFile = matching(r, { R"("method":"WriteFile")", R"("phase":"return")" });
    QCOMPARE(onWrite.size(), std::size_t(1));
    QVERIFY(!complete.empty());
    QCOMPARE(writeFile.size(), std::size_t(1));
    QVERIFY(onWrite[0] < complete[0]);
    QVERIFY(complete[0] < writeFile[0]);
    QVERIFY2(r.jsonl[writeFile[0]].find(R"("result":true)") != std::string::npos,
        r.jsonl[writeFile[0]].c_str());
    // The thread slept on the virtual clock: its Sleep calls are traced on its own thread.
    QVERIFY(!matching(r, { R"("method":"Sleep")", R"("thread":"host1.t1")" }).empty());
}

void tst_DriverThreads::cleanupWaitsForTheThread()
{
    const Run r = run(kScenario, tour());
    QVERIFY2(r.failures.empty(), qPrintable(failuresText(r)));
    // OnSelfManagedIoCleanup waits for the thread, which ends with ExitThread meanwhile: the
    // wait returns after the thread's end, inside the callback.
    const auto cleanupCall
        = matching(r, { R"("method":"OnSelfManagedIoCleanup")", R"("phase":"call")" });
    const auto cleanupReturn
        = matching(r, { R"("method":"OnSelfManagedIoCleanup")", R"("phase":"return")" });
    const auto waitReturn
        = matching(r, { R"("method":"WaitForSingleObject")", R"("phase":"return")" });
    const auto exitThread = matching(r, { R"("method":"ExitThread")" });
    const auto threadExit
        = matching(r, { R"("method":"ThreadProc")", R"("phase":"return")", R"("exitCode":0)" });
    QCOMPARE(cleanupCall.size(), std::size_t(1));
    QCOMPARE(cleanupReturn.size(), std::size_t(1));
    QCOMPARE(waitReturn.size(), std::size_t(1));
    QCOMPARE(exitThread.size(), std::size_t(1));
    QCOMPARE(threadExit.size(), std::size_t(1));
    QVERIFY(cleanupCall[0] < exitThread[0]);
    QVERIFY(exitThread[0] < threadExit[0]);
    QVERIFY(threadExit[0] < waitReturn[0]);
    QVERIFY(waitReturn[0] < cleanupReturn[0]);
    QVERIFY(r.jsonl[waitReturn[0]].find("WAIT_OBJECT_0+0") != std::string::npos);
    // No deadlock was reported and the host lives.
    QVERIFY(matching(r, { R"("method":"Deadlock")" }).empty());
    QVERIFY(matching(r, { R"("method":"HostTerminated")" }).empty());
}

void tst_DriverThreads::sameTraceEveryRun()
{
    // The driver's thread is a real OS thread; the trace must not care how the OS schedules it.
    const Run first = run(kScenario, tour());
    QVERIFY2(first.failures.empty(), qPrintable(failuresText(first)));
    for (int i = 0; i < 100; ++i) {
        const Run again = run(kScenario, tour());
        QCOMPARE(again.jsonl.size(), first.jsonl.size());
        for (std::size_t n = 0; n < first.jsonl.size(); ++n) {
            if (again.jsonl[n] != first.jsonl[n])
                QFAIL(qPrintable(QStringLiteral("run %1 differs at record %2:\n  %3\n  %4")
                                     .arg(i)
                                     .arg(n)
                                     .arg(QString::fromStdString(first.jsonl[n]),
                                         QString::fromStdString(again.jsonl[n]))));
        }
    }
}

void tst_DriverThreads::stuckSynchronousWriteSaysWhere()
{
    // The built-in echo keeps a read pending while it has no data: a synchronous read waits for
    // ever, so the action ends at the wait limit with a message naming the request and where it
    // is.
    auto loaded = umdfx::scenario::loadScenarioFile(
        kSource + "/tests/data/scenarios/echo-pending-reads.json");
    QVERIFY(std::holds_alternative<umdfx::scenario::Scenario>(loaded));
    umdfx::Simulation sim(std::get<umdfx::scenario::Scenario>(loaded), umdfx::builtinDrivers());
    sim.powerOn();
    umdfx::ActionRunner runner(sim);
    auto parsed = umdfx::scenario::parseActions(
        "open h1 {cdc35b6e-0be4-4936-bf5f-5537380a7c1a}\\Port1\nread h1 16\n", "t.actions");
    const auto &actions = std::get<std::vector<umdfx::scenario::Action>>(parsed);
    QVERIFY(runner.run(actions[0]).ok);
    const std::int64_t before = [&] {
        std::lock_guard lock(sim.world().lock);
        return sim.world().scheduler.now();
    }();
    const auto result = runner.run(actions[1]);
    QVERIFY(!result.ok);
    QVERIFY2(result.message.find("t.actions:2:1: request ") == 0, result.message.c_str());
    QVERIFY2(result.message.find("still pending in the driver after 30 s of virtual time")
            != std::string::npos,
        result.message.c_str());
    QVERIFY2(result.message.find("IQueueCallbackRead::OnRead returned without completing it")
            != std::string::npos,
        result.message.c_str());
    std::lock_guard lock(sim.world().lock);
    QVERIFY(sim.world().scheduler.now() - before <= 30'000'000'000);
}

void tst_DriverThreads::cleanupThatWaitsForEverIsADeadlock()
{
    // OnSelfManagedIoCleanup waits for a thread it never told to stop: the thread goes on
    // sleeping and polling, the wait reaches the limit, and the simulator says so instead of
    // hanging: a Deadlock record naming both threads, V29, and only that host ends.
    const std::string scenario = withParameter("ForgetToStopThread", 1);
    const Run r = run(scenario, R"(surprise-remove ROOT\THREADECHO\0000
expect trace WUDFHost::Deadlock count 1
expect trace UMDFVerifier::V29 count 1
)");
    QVERIFY2(r.failures.empty(), qPrintable(failuresText(r)));
    const std::string record = onlyDeadlock(r);
    QVERIFY2(!record.empty(), "no single WUDFHost::Deadlock record");
    QVERIFY2(
        record.find("WaitForSingleObject(thread host1.t1)") != std::string::npos, record.c_str());
    QVERIFY2(record.find("host1.t1 waits on Sleep(100)") != std::string::npos, record.c_str());
    QVERIFY2(record.find("waitLimitMs") != std::string::npos, record.c_str());
    // The host was terminated; the cleanup callback never returned; the thread was ended.
    QCOMPARE(matching(r, { R"("method":"HostTerminated")" }).size(), std::size_t(1));
    QVERIFY(matching(r, { R"("method":"OnSelfManagedIoCleanup")", R"("phase":"return")" }).empty());
    QVERIFY(r.endNs >= 30'000'000'000);
}

void tst_DriverThreads::everyTracedMethodIsExplained()
{
    // The thread records name their method through variables (kernel32's waits, the deadlock),
    // which tst_catalogcoverage's scan of core/ cannot see: the runs here reach them.
    std::string deadlocking = kScenario;
    deadlocking.replace(deadlocking.find(R"("drivers": ["ThreadEcho"] })"),
        std::string(R"("drivers": ["ThreadEcho"] })").size(),
        R"("drivers": ["ThreadEcho"], "parameters": { "ForgetToStopThread": 1 } })");
    std::set<std::string> methods = run(kScenario, tour()).methods;
    methods.merge(run(deadlocking, "surprise-remove ROOT\\THREADECHO\\0000\n").methods);
    const auto &catalog = umdfx::teaching::ExplanationCatalog::embedded();
    QStringList missing;
    for (const auto &m : methods) {
        if (!catalog.find(m))
            missing << QString::fromStdString(m);
    }
    QVERIFY2(missing.isEmpty(), qPrintable(missing.join(QStringLiteral(", "))));
    for (const char *name :
        { "kernel32::CreateThread", "kernel32::WaitForSingleObject", "kernel32::ExitThread",
            "LPTHREAD_START_ROUTINE::ThreadProc", "WUDFHost::Deadlock", "UMDFVerifier::V29" })
        QVERIFY2(methods.count(name), name);
}

void tst_DriverThreads::spinningThreadEndsItsHost()
{
    // The driver's thread busy-loops without calling anything: the watchdog (knob spinLimitMs,
    // wall clock) takes the baton back, says so, and ends the host; the simulation goes on.
    const std::string scenario
        = R"({ "name": "spinning", "knobs": { "spinLimitMs": 50, "hostRestartLimit": 0 },
  "drivers": [ { "name": "ThreadEcho", "module": "threadecho.so" } ],
  "devices": [ { "instanceId": "ROOT\\THREADECHO\\0000", "hardwareIds": ["WUDF\\ThreadEcho"],
                 "drivers": ["ThreadEcho"], "parameters": { "SpinRounds": 2000 } } ] })";
    auto loaded = umdfx::scenario::loadScenario(scenario, "spinning.json");
    if (auto *err = std::get_if<umdfx::scenario::LoadError>(&loaded))
        QFAIL(err->toString().c_str());
    umdfx::Simulation sim(std::get<umdfx::scenario::Scenario>(loaded), umdfx::builtinDrivers());
    sim.powerOn();
    std::vector<std::string> jsonl;
    {
        std::lock_guard lock(sim.world().lock);
        const auto &store = sim.world().trace;
        for (std::size_t i = 0; i < store.size(); ++i)
            jsonl.push_back(umdfx::trace::toJsonLine(store, store.at(i), false));
    }
    const auto count = [&](std::string_view part) {
        return std::count_if(jsonl.begin(), jsonl.end(),
            [&](const std::string &l) { return l.find(part) != std::string::npos; });
    };
    QCOMPARE(count(R"("method":"ThreadSpinning")"), 1);
    QCOMPARE(count(R"("method":"V30")"), 1);
    QCOMPARE(count(R"("method":"HostTerminated")"), 1);
    // The thread runs on off the baton until its loop ends; the world outlives it here (a driver
    // that spins for ever is let go when the simulation ends).
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            std::lock_guard lock(sim.world().lock);
            const auto threads = sim.world().threads.threads();
            return std::all_of(threads.begin(), threads.end(),
                [](const auto &t) { return t.state == umdfx::CooperativeThreads::State::Ended; });
        }(),
        60000);
}

void tst_DriverThreads::threadPollsARemoteTargetAcrossRemoval()
{
    // Toastmon's pattern, in drivers/classic (PollEcho = 1): a thread of the driver's polls the
    // echo device through a remote target every 100 ms with synchronous writes, across a
    // query-remove that is cancelled, and the target's cleanup waits for it on surprise removal.
    const std::string scenario = R"({ "name": "polling",
  "drivers": [ { "name": "echo", "module": "builtin:echo" },
               { "name": "ClassicSample", "module": "classic.so" } ],
  "devices": [
    { "instanceId": "ROOT\\ECHO\\0000", "hardwareIds": ["WUDF\\Echo"], "drivers": ["echo"] },
    { "instanceId": "ROOT\\CLASSIC\\0000", "hardwareIds": ["WUDF\\ClassicSample"],
      "drivers": ["ClassicSample"], "parameters": { "WatchEcho": 1, "PollEcho": 1 } } ] })";
    const Run r = run(scenario, R"(advance 1s
expect trace IWDFIoRequest::Send count 10
expect trace IQueueCallbackWrite::OnWrite count 10
query-remove ROOT\ECHO\0000
expect trace IRemoteTargetCallbackRemoval::OnRemoteTargetRemoveCanceled count 1
expect device ROOT\ECHO\0000 started
advance 500ms
expect trace IWDFIoRequest::Send count 5
surprise-remove ROOT\ECHO\0000
expect trace IObjectCleanup::OnCleanup
expect device ROOT\ECHO\0000 not-present
expect device ROOT\CLASSIC\0000 started
advance 1s
expect no-trace IWDFIoRequest::Send
)");
    QVERIFY2(r.failures.empty(), qPrintable(failuresText(r)));
    // The sends are the thread's, synchronous: each returns after the echo device completed it.
    const auto sends = matching(r,
        { R"("method":"Send")", R"("phase":"call")", R"("thread":"host2.t1")",
            R"("Flags":"0x00000002")" });
    QCOMPARE(sends.size(), std::size_t(15));
    // The cleanup waited for the thread, which ended by returning (exit code 0), and returned.
    const auto waitReturn = matching(
        r, { R"("method":"WaitForSingleObject")", R"("phase":"return")", "WAIT_OBJECT_0+0" });
    const auto threadEnd = matching(
        r, { R"("method":"ThreadProc")", R"("phase":"return")", R"("thread":"host2.t1")" });
    QCOMPARE(waitReturn.size(), std::size_t(1));
    QCOMPARE(threadEnd.size(), std::size_t(1));
    QVERIFY(threadEnd[0] < waitReturn[0]);
    QVERIFY(matching(r, { R"("method":"Deadlock")" }).empty());
    QVERIFY(matching(r, { R"("method":"HostTerminated")" }).empty());
}

void tst_DriverThreads::poolWorkThatWaitsParksItsOwnThread()
{
    // PoolHandOff: a pool work item completes each write and then waits until cleanup releases
    // it; cleanup releases it and waits for it to end. The pool work is a thread of its own
    // ("host1.pool", then "host1.pool2" while the first is still waiting): its wait parks that
    // thread, so the synchronous writes return, and the callback's wait later sees it end. Were
    // the work a task on the simulation's own stack, its wait would sit under every later one:
    // the first WriteFile would be reported as a deadlock.
    const std::string scenario = withParameter("PoolHandOff", 1);
    const std::string actions = std::string("open h1 ") + kInterface + R"(
write h1 "hello"
expect result ok
expect bytes 5
write h1 "again"
expect result ok
expect bytes 5
close h1
surprise-remove ROOT\THREADECHO\0000
expect device ROOT\THREADECHO\0000 not-present
)";
    const Run r = run(scenario, actions);
    QVERIFY2(r.failures.empty(), qPrintable(failuresText(r)));
    for (int i = 0; i < 20; ++i)
        QVERIFY2(run(scenario, actions).jsonl == r.jsonl, "pool threads changed the trace");
    QVERIFY(matching(r, { R"("method":"Deadlock")" }).empty());
    QVERIFY(matching(r, { R"("method":"HostTerminated")" }).empty());
    // Each write was completed on a pool thread: the first on host1.pool, the second on a new
    // one, since the first was still waiting.
    const auto completes
        = matching(r, { R"("method":"CompleteWithInformation")", R"("phase":"call")" });
    QCOMPARE(completes.size(), std::size_t(2));
    QVERIFY2(r.jsonl[completes[0]].find(R"("thread":"host1.pool")") != std::string::npos,
        r.jsonl[completes[0]].c_str());
    QVERIFY2(r.jsonl[completes[1]].find(R"("thread":"host1.pool2")") != std::string::npos,
        r.jsonl[completes[1]].c_str());
    // Both work items ended inside the cleanup callback, after it released them, and before
    // its wait for them returned.
    const auto cleanupCall
        = matching(r, { R"("method":"OnSelfManagedIoCleanup")", R"("phase":"call")" });
    const auto cleanupReturn
        = matching(r, { R"("method":"OnSelfManagedIoCleanup")", R"("phase":"return")" });
    const auto workEnds = matching(r,
        { R"("iface":"LPTHREAD_START_ROUTINE")", R"("phase":"return")",
            R"("thread":"host1.pool)" });
    QCOMPARE(cleanupCall.size(), std::size_t(1));
    QCOMPARE(cleanupReturn.size(), std::size_t(1));
    QCOMPARE(workEnds.size(), std::size_t(2));
    for (const std::size_t end : workEnds) {
        QVERIFY(cleanupCall[0] < end);
        QVERIFY(end < cleanupReturn[0]);
    }
}

void tst_DriverThreads::presentationLockHeldAcrossAWait()
{
    // LockedPoll 1: every 100 ms the thread takes the queue's presentation lock and holds it
    // across a 50 ms Sleep. The second write arrives while it sleeps holding it (t = 260 ms):
    // the framework presents it with OnWrite only once the thread released the lock (300 ms) —
    // the lock belongs to the thread, also while it is parked.
    const Run r = run(withParameter("LockedPoll", 1), std::string("open h1 ") + kInterface + R"(
write h1 "hello"
expect result ok
advance 110ms
write h1 "again"
expect result ok
expect bytes 5
)");
    QVERIFY2(r.failures.empty(), qPrintable(failuresText(r)));
    const auto writeFiles = matching(r, { R"("method":"WriteFile")", R"("phase":"call")" });
    const auto onWrites = matching(r, { R"("method":"OnWrite")", R"("phase":"call")" });
    const auto acquires = matching(
        r, { R"("method":"AcquireLock")", R"("phase":"return")", R"("thread":"host1.t1")" });
    const auto releases = matching(r, { R"("method":"ReleaseLock")", R"("phase":"call")" });
    QCOMPARE(writeFiles.size(), std::size_t(2));
    QCOMPARE(onWrites.size(), std::size_t(2));
    QVERIFY(acquires.size() >= 2);
    QCOMPARE(acquires.size(), releases.size());
    // The thread held the lock when the second WriteFile came: its last AcquireLock before it
    // was not yet released.
    std::size_t held = 0;
    while (held + 1 < acquires.size() && acquires[held + 1] < writeFiles[1])
        ++held;
    QVERIFY(acquires[held] < writeFiles[1]);
    QVERIFY2(releases[held] > writeFiles[1], "the lock was free when the write came");
    // OnWrite came after the release, not while the thread slept with the lock.
    QVERIFY2(releases[held] < onWrites[1], r.jsonl[onWrites[1]].c_str());
    QVERIFY(matching(r, { R"("method":"Deadlock")" }).empty());
}

void tst_DriverThreads::callbackWaitingForTheLockHolderIsADeadlock()
{
    // LockedPoll 2: OnWrite (which the framework calls holding the presentation lock) waits for
    // the thread's next poll, and the poll starts with AcquireLock: each waits for the other. As
    // on Windows nothing moves; here the simulator says so and ends only that host.
    const Run r = run(withParameter("LockedPoll", 2), std::string("open h1 ") + kInterface + R"(
write h1 "hello"
expect trace WUDFHost::Deadlock count 1
expect trace UMDFVerifier::V29 count 1
)");
    QVERIFY2(r.failures.empty(), qPrintable(failuresText(r)));
    const std::string record = onlyDeadlock(r);
    QVERIFY2(!record.empty(), "no single WUDFHost::Deadlock record");
    QVERIFY2(record.find("host1 waits on WaitForSingleObject(event") != std::string::npos,
        record.c_str());
    QVERIFY2(record.find("host1.t1 waits on IWDFObject::AcquireLock(held by host1)")
            != std::string::npos,
        record.c_str());
    QVERIFY2(record.find("every thread is blocked and nothing is due") != std::string::npos,
        record.c_str());
    QCOMPARE(matching(r, { R"("method":"HostTerminated")" }).size(), std::size_t(1));
}

void tst_DriverThreads::replayShowsTheThreadsAtARecord()
{
    // A captured trace, replayed to a record (what the explorer's Threads dock shows for a trace
    // file): where the driver's thread sleeps, and where it is itself appending the record — the
    // replay pauses on that thread, and the session ends cleanly while it is paused there.
    QTemporaryDir dir;
    const std::string path = dir.filePath(QStringLiteral("t.umdftrace")).toStdString();
    auto loaded = umdfx::scenario::loadScenario(kScenario, "threadecho.json");
    const auto &s = std::get<umdfx::scenario::Scenario>(loaded);
    std::uint64_t sleeping = 0, completing = 0;
    {
        umdfx::Simulation sim(s, umdfx::builtinDrivers());
        umdfx::trace::TraceFileInfo info;
        info.meta["scenario.file"] = "threadecho.json";
        info.scenarioText = s.sourceText;
        umdfx::trace::TraceFileWriter writer(sim.world().trace, info);
        QVERIFY(!writer.open(path));
        sim.powerOn();
        umdfx::ActionRunner runner(sim);
        const auto parsed = umdfx::scenario::parseActions(tour(), "tour");
        for (const auto &a : std::get<std::vector<umdfx::scenario::Action>>(parsed))
            QVERIFY(runner.run(a).ok);
        QVERIFY(!writer.close());
        std::lock_guard lock(sim.world().lock);
        const auto &store = sim.world().trace;
        for (std::size_t i = 0; i < store.size(); ++i) {
            const auto &record = store.at(i);
            const std::string_view method = umdfx::trace::str(record.method);
            const std::string_view thread = umdfx::trace::str(record.thread);
            // The application's first WriteFile: the thread is in its first Sleep then.
            if (!sleeping && method == "WriteFile")
                sleeping = i;
            if (!completing && method == "CompleteWithInformation" && thread == "host1.t1")
                completing = i;
        }
    }
    QVERIFY(sleeping && completing > sleeping);
    auto read = umdfx::trace::readTraceFile(path);
    QVERIFY(std::holds_alternative<umdfx::trace::TraceFile>(read));
    const auto file = std::get<umdfx::trace::TraceFile>(std::move(read));
    const auto threadNamed = [](const umdfx::DeviceTreeSnapshot &tree, std::string_view name) {
        for (const auto &t : tree.threads) {
            if (t.name == name)
                return std::optional<umdfx::ThreadSnapshot>(t);
        }
        return std::optional<umdfx::ThreadSnapshot>();
    };
    umdfx::ReplaySession session(file, umdfx::builtinDrivers());
    const auto atWrite = session.treeAt(sleeping);
    QVERIFY(std::holds_alternative<umdfx::DeviceTreeSnapshot>(atWrite));
    const auto t1 = threadNamed(std::get<umdfx::DeviceTreeSnapshot>(atWrite), "host1.t1");
    QVERIFY(t1.has_value());
    QCOMPARE(t1->kind, std::string("driver thread"));
    QCOMPARE(t1->state, std::string("waiting"));
    QCOMPARE(t1->waitingOn, std::string("Sleep(100)"));
    const auto atComplete = session.treeAt(completing);
    QVERIFY(std::holds_alternative<umdfx::DeviceTreeSnapshot>(atComplete));
    const auto running = threadNamed(std::get<umdfx::DeviceTreeSnapshot>(atComplete), "host1.t1");
    QVERIFY(running.has_value());
    QCOMPARE(running->state, std::string("running"));
    // At the end the thread has ended (ExitThread at removal): it is gone from the list.
    const auto end = session.treeAt(file.store->size() + 1);
    QVERIFY(std::holds_alternative<umdfx::DeviceTreeSnapshot>(end));
    QVERIFY(!threadNamed(std::get<umdfx::DeviceTreeSnapshot>(end), "host1.t1").has_value());
    // Back to where the thread appends a record, and the session ends there.
    QVERIFY(std::holds_alternative<umdfx::DeviceTreeSnapshot>(session.treeAt(completing)));
}

QTEST_APPLESS_MAIN(tst_DriverThreads)
#include "tst_driverthreads.moc"
