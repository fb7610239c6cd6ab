// The Qt-free session the explorer's worker drives: lines in, Windows-shaped results out, and
// snapshots that name the handles the lines opened.
#include "core/simulation/interactivesession.h"

#include "core/scenario/scenarioloader.h"
#include "drivers/builtin/builtindrivers.h"

#include <QtTest/QtTest>

using umdfx::InteractiveSession;

class tst_InteractiveSession : public QObject
{
    Q_OBJECT
private slots:
    void openWriteReadClose();
    void refusedLineChangesNothing();
    void failedOpenReportsFileNotFound();
    void snapshotNamesHandles();
    void advanceMovesVirtualTimeWithoutRecords();
    void consumerShowsRemoteInterfaces();
};

// The tests' own copies of the sample scenarios (tests/widgets/data), so that what they assert
// does not change when the embedded samples do.
static umdfx::scenario::Scenario load(std::string_view name)
{
    const std::string path
        = std::string(UMDFX_SOURCE_DIR) + "/tests/widgets/data/" + std::string(name) + ".json";
    auto loaded = umdfx::scenario::loadScenarioFile(path);
    if (auto *err = std::get_if<umdfx::scenario::LoadError>(&loaded))
        qFatal("%s", err->toString().c_str());
    return std::get<umdfx::scenario::Scenario>(std::move(loaded));
}

void tst_InteractiveSession::openWriteReadClose()
{
    InteractiveSession s(load("echo"), umdfx::builtinDrivers());
    s.powerOn();
    auto open = s.run("open h1 {cdc35b6e-0be4-4936-bf5f-5537380a7c1a}\\Port1", 1);
    QVERIFY(open.parsed);
    QVERIFY(open.ok);
    QVERIFY(open.madeWin32Call);
    QVERIFY(open.last.result);
    QCOMPARE(open.verb, std::string("open"));
    QCOMPARE(open.handle, std::string("h1"));
    QVERIFY(open.endRecord > open.firstRecord);
    QCOMPARE(umdfx::trace::str(s.trace().at(open.firstRecord).method), std::string_view("open"));

    auto write = s.run("write h1 \"hello\"", 2);
    QVERIFY(write.ok);
    QVERIFY(write.last.result);
    QCOMPARE(write.last.bytes, std::uint64_t(5));
    QCOMPARE(write.canonical, std::string("write h1 \"hello\""));

    auto read = s.run("read h1 16", 3);
    QVERIFY(read.ok);
    QCOMPARE(read.last.bytes, std::uint64_t(5));
    QCOMPARE(
        std::string(reinterpret_cast<const char *>(read.last.data.data()), read.last.data.size()),
        std::string("hello"));

    auto close = s.run("close h1", 4);
    QVERIFY(close.ok);
    QVERIFY(close.last.result);
}

void tst_InteractiveSession::refusedLineChangesNothing()
{
    InteractiveSession s(load("echo"), umdfx::builtinDrivers());
    s.powerOn();
    const std::size_t before = s.trace().size();
    auto bad = s.run("wirte h1 \"x\"", 7);
    QVERIFY(!bad.parsed);
    QVERIFY(!bad.ok);
    QVERIFY2(bad.message.starts_with("explorer:7:1:"), bad.message.c_str());
    QCOMPARE(s.trace().size(), before);
    // A line that parses but cannot run is performed and reported (it records its action).
    auto unknown = s.run("write h9 \"x\"", 8);
    QVERIFY(unknown.parsed);
    QVERIFY(!unknown.ok);
    QVERIFY2(
        unknown.message.find("unknown handle 'h9'") != std::string::npos, unknown.message.c_str());
}

void tst_InteractiveSession::failedOpenReportsFileNotFound()
{
    InteractiveSession s(load("echo"), umdfx::builtinDrivers());
    s.powerOn();
    QVERIFY(s.run("disable ROOT\\ECHO\\0000 {cdc35b6e-0be4-4936-bf5f-5537380a7c1a} Port1", 1).ok);
    // Enumerating the class finds no present \Port1: nothing to open (ERROR_FILE_NOT_FOUND).
    auto shortForm = s.run("open h2 {cdc35b6e-0be4-4936-bf5f-5537380a7c1a}\\Port1", 2);
    QVERIFY(shortForm.ok); // the runner did it; the application's call failed
    QVERIFY(shortForm.madeWin32Call);
    QVERIFY(!shortForm.last.result);
    QCOMPARE(shortForm.last.error, DWORD(2)); // ERROR_FILE_NOT_FOUND
    // The full link: the kernel link is gone and a reference string follows (§4.1, inferred).
    auto full
        = s.run("open h3 \\\\?\\ROOT#ECHO#0000#{cdc35b6e-0be4-4936-bf5f-5537380a7c1a}\\Port1", 3);
    QVERIFY(!full.last.result);
    QCOMPARE(full.last.error, DWORD(3)); // ERROR_PATH_NOT_FOUND
}

void tst_InteractiveSession::snapshotNamesHandles()
{
    InteractiveSession s(load("echo"), umdfx::builtinDrivers());
    s.powerOn();
    QVERIFY(s.run("open h1 {cdc35b6e-0be4-4936-bf5f-5537380a7c1a}\\Port1", 1).ok);
    QVERIFY(s.run("@app2 open mine {cdc35b6e-0be4-4936-bf5f-5537380a7c1a}\\Port2", 2).ok);
    const auto snap = s.snapshot();
    QCOMPARE(snap.applications.size(), std::size_t(2));
    QCOMPARE(snap.applications[0].name, std::string("app1"));
    QCOMPARE(snap.applications[0].handles.size(), std::size_t(1));
    QCOMPARE(snap.applications[0].handles[0].name, std::string("h1"));
    QCOMPARE(snap.applications[0].handles[0].instanceId, std::string("ROOT\\ECHO\\0000"));
    QCOMPARE(snap.applications[1].handles[0].name, std::string("mine"));
    // The device shows both file objects under its driver.
    QCOMPARE(snap.devices[0].stack[0].files.size(), std::size_t(2));
    QVERIFY(!snap.devices[0].stack[0].objects.empty());
    QVERIFY(s.run("close h1", 3).ok);
    QVERIFY(s.snapshot().applications[0].handles.empty());
}

void tst_InteractiveSession::advanceMovesVirtualTimeWithoutRecords()
{
    InteractiveSession s(load("echo"), umdfx::builtinDrivers());
    s.powerOn();
    const std::size_t before = s.trace().size();
    const auto t0 = s.virtualTimeNs();
    s.advance(50'000'000);
    QCOMPARE(s.virtualTimeNs(), t0 + 50'000'000);
    QCOMPARE(s.trace().size(), before); // the echo driver has no timers
    QCOMPARE(s.snapshot().virtualTimeNs, t0 + 50'000'000);
}

void tst_InteractiveSession::consumerShowsRemoteInterfaces()
{
    InteractiveSession s(load("consumer"), umdfx::builtinDrivers());
    s.powerOn();
    const auto snap = s.snapshot();
    const umdfx::DeviceSnapshot *consumer = nullptr;
    for (const auto &d : snap.devices)
        if (d.instanceId == "ROOT\\CONSUMER\\0000")
            consumer = &d;
    QVERIFY(consumer);
    QCOMPARE(consumer->stack.size(), std::size_t(1));
    // A remote interface for the echo interfaces that arrived.
    QVERIFY(!consumer->stack[0].remoteInterfaces.empty());
    QVERIFY(consumer->stack[0].remoteInterfaces[0].symbolicLink.find("ROOT#ECHO#0000")
        != std::string::npos);
}

QTEST_APPLESS_MAIN(tst_InteractiveSession)
#include "tst_interactivesession.moc"
