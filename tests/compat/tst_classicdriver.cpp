// The classic sample (drivers/classic), a UMDF 1 driver written as the Windows samples are and
// built from those sources by clang through core/compat into plugins/classic.so, run as a
// scenario's driver: loaded as WUDFHost loads a DLL, opened, written, read, talking to the echo
// device through a remote target, told of the echo device's removal. Then what a crashing plugin
// does (only its host dies), and every way loading a plugin can fail, each with its message.
#include "core/host/driverfault.h"
#include "core/scenario/actionparser.h"
#include "core/scenario/scenarioloader.h"
#include "core/simulation/actionrunner.h"
#include "core/simulation/goldentrace.h"
#include "core/simulation/simulation.h"
#include "core/trace/traceformat.h"
#include "drivers/builtin/builtindrivers.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest/QtTest>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

namespace {

namespace fs = std::filesystem;

const std::string kSource = UMDFX_SOURCE_DIR;
const std::string kPlugins = std::string(UMDFX_BINARY_DIR) + "/plugins";

std::string readFile(const std::string &path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

void writeFile(const fs::path &path, const std::string &text)
{
    std::ofstream out(path, std::ios::binary);
    out << text;
}

std::vector<std::string> splitLines(const std::string &text)
{
    std::vector<std::string> lines;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line))
        lines.push_back(line);
    return lines;
}

// The echo device and the classic device; module is how the scenario names the plugin.
std::string classicScenario(const std::string &module, const std::string &parameters)
{
    return R"({ "name": "classic-test",
  "drivers": [ { "name": "echo", "module": "builtin:echo" },
               { "name": "ClassicSample", "module": ")"
        + module + R"(" } ],
  "devices": [
    { "instanceId": "ROOT\\ECHO\\0000", "hardwareIds": ["WUDF\\Echo"], "drivers": ["echo"] },
    { "instanceId": "ROOT\\CLASSIC\\0000", "hardwareIds": ["WUDF\\ClassicSample"],
      "drivers": ["ClassicSample"], "parameters": { )"
        + parameters + R"( } } ] })";
}

struct Run
{
    std::vector<std::string> failures; // actions or expects that failed
    std::vector<std::string> golden;
    std::vector<std::string> jsonl; // every record
    bool worldLockFree = false; // another thread could take the world lock after the run
    std::size_t openCalls = 0; // TracedCalls still open after the run
};

Run run(const umdfx::scenario::Scenario &scenario, const std::string &actions,
    const std::string &actionsName = "test.actions")
{
    auto parsed = umdfx::scenario::parseActions(actions, actionsName);
    if (auto *err = std::get_if<umdfx::scenario::LoadError>(&parsed))
        qFatal("%s", err->toString().c_str());
    umdfx::Simulation sim(scenario, umdfx::builtinDrivers());
    sim.powerOn();
    umdfx::ActionRunner runner(sim);
    Run r;
    for (const auto &action : std::get<std::vector<umdfx::scenario::Action>>(parsed)) {
        const auto result = runner.run(action);
        if (!result.ok)
            r.failures.push_back(result.message);
    }
    std::thread([&] {
        r.worldLockFree = sim.world().lock.try_lock();
        if (r.worldLockFree)
            sim.world().lock.unlock();
    }).join();
    r.openCalls = sim.world().tracer.openCalls().size();
    const auto &store = sim.world().trace;
    r.golden = umdfx::goldenLines(store);
    for (std::size_t i = 0; i < store.size(); ++i)
        r.jsonl.push_back(umdfx::trace::toJsonLine(store, store.at(i), false));
    return r;
}

umdfx::scenario::Scenario load(const std::string &text, const std::string &fileName = "test.json")
{
    auto loaded = umdfx::scenario::loadScenario(text, fileName);
    if (auto *err = std::get_if<umdfx::scenario::LoadError>(&loaded))
        qFatal("%s", err->toString().c_str());
    return std::get<umdfx::scenario::Scenario>(loaded);
}

// The records whose JSON line contains every one of parts.
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

std::string failuresText(const Run &r)
{
    std::string text;
    for (const auto &f : r.failures)
        text += "\n  " + f;
    return text;
}

} // namespace

class tst_ClassicDriver : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void tour();
    void wppMessages();
    void faultTakesDownOnlyItsHost_data();
    void faultTakesDownOnlyItsHost();
    void faultOutsideEveryHostSaysWhy();
    void loadFailures_data();
    void loadFailures();
    void relativePathIsRelativeToTheScenarioFile();

private:
    fs::path m_tmp;
    QTemporaryDir m_dir;
};

namespace {

// The child of faultOutsideEveryHostSaysWhy: a DriverFault thrown where no frame may pass it on
// (out of a noexcept function), on a thread that runs no host's code, so nothing can resume.
[[gnu::noinline]] void throwFault()
{
    umdfx::DriverFault fault;
    fault.exceptionCode = 0xC0000005;
    fault.signal = SIGSEGV;
    fault.module = "classic.so+0x10";
    fault.description = "access violation writing 0x0000000000000000 at classic.so+0x10";
    throw fault;
}

void throwWhereNothingCanUnwind() noexcept
{
    throwFault();
}

} // namespace

void tst_ClassicDriver::initTestCase()
{
    if (qEnvironmentVariableIsSet("UMDFX_TERMINATE_CHILD")) {
        umdfx::installDriverFaultHandler();
        throwWhereNothingCanUnwind();
    }
    QVERIFY2(fs::exists(kPlugins + "/classic.so"), "plugins/classic.so is not built");
    QVERIFY2(fs::exists(kPlugins + "/classic.inf"), "plugins/classic.inf is not built");
    QVERIFY(m_dir.isValid());
    m_tmp = m_dir.path().toStdString();
}

void tst_ClassicDriver::tour()
{
    // The checked-in scenario names the plugin by its bare name: found on the search path
    // (the test runs from build/tests/compat, the plugins are in build/plugins).
    auto loaded = umdfx::scenario::loadScenarioFile(kSource + "/tests/data/scenarios/classic.json");
    QVERIFY(std::holds_alternative<umdfx::scenario::Scenario>(loaded));
    const auto &scenario = std::get<umdfx::scenario::Scenario>(loaded);
    const std::string actionsPath = kSource + "/tests/compat/classic_tour.actions";
    const Run r = run(scenario, readFile(actionsPath), actionsPath);
    QVERIFY2(r.failures.empty(), failuresText(r).c_str());

    // Loaded as WUDFHost loads a driver DLL: DllGetClassObject for the INF's DriverCLSID.
    QCOMPARE(
        matching(r, { "classic.so", "DllGetClassObject", "{5d1c8a3b-7e2f-4b69-9c0d-1e2f3a4b5c6d}" })
            .size(),
        std::size_t(1));

    const std::string goldenPath = kSource + "/tests/compat/classic_tour.golden";
    if (qEnvironmentVariableIsSet("UMDFX_UPDATE_GOLDENS")) {
        std::ofstream out(goldenPath, std::ios::binary);
        for (const auto &line : r.golden)
            out << line << '\n';
        QSKIP("golden file rewritten");
    }
    const auto expected = splitLines(readFile(goldenPath));
    QVERIFY2(!expected.empty(), ("missing golden file " + goldenPath).c_str());
    for (std::size_t i = 0; i < std::min(expected.size(), r.golden.size()); ++i) {
        if (expected[i] != r.golden[i])
            QFAIL(("line " + std::to_string(i + 1) + ":\n  expected: " + expected[i]
                + "\n  actual:   " + r.golden[i])
                      .c_str());
    }
    QCOMPARE(r.golden.size(), expected.size());
}

void tst_ClassicDriver::wppMessages()
{
    // The driver's TraceEvents calls, through the .tmh umdfx_wppgen made from its begin_wpp
    // block: records of kind log, with %!FUNC! as MSVC names it, %!GUID! and %!HRESULT! expanded.
    const Run r = run(load(classicScenario("classic.so", R"("WatchEcho": 1)")), "");
    QVERIFY2(r.failures.empty(), failuresText(r).c_str());
    const auto arrival = matching(r,
        { R"("kind":"log")", R"("method":"TraceEvents")",
            R"("function":"CMyDevice::OnRemoteInterfaceArrival")",
            R"(CMyDevice::OnRemoteInterfaceArrival: {cdc35b6e-0be4-4936-bf5f-5537380a7c1a} arrived at \\\\?\\ROOT#ECHO#0000#)" });
    QVERIFY2(arrival.size() == 1, "the arrival message with %!FUNC!, %!GUID! and %S");
    QCOMPARE(matching(r, { R"("message":"CMyRemoteTarget::Open: S_OK")" }).size(), std::size_t(1));
    QCOMPARE(matching(r,
                 { R"("flags":"TRACE_DEVICE")", R"("level":"TRACE_LEVEL_VERBOSE")",
                     "WatchEcho 1 FaultOnWrite 0" })
                 .size(),
        std::size_t(1));
    // The Trace macro with its fixed flag (FUNC Trace{FLAG=CLASSIC_ALL_INFO}(LEVEL, MSG, ...)).
    QVERIFY(!matching(r,
        { R"("method":"Trace")", R"("flags":"CLASSIC_ALL_INFO")",
            "CClassFactory::CreateInstance: created the driver object: S_OK" })
                 .empty());
    // The remote target's write and read of the echo device, both completed.
    QCOMPARE(matching(r, { "CMyRemoteTarget::OnCompletion: write of 29 bytes: S_OK" }).size(),
        std::size_t(1));
    QCOMPARE(matching(r, { "CMyRemoteTarget::OnCompletion: read of 29 bytes: S_OK" }).size(),
        std::size_t(1));
}

void tst_ClassicDriver::faultTakesDownOnlyItsHost_data()
{
    QTest::addColumn<int>("fault");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("exception");
    QTest::addColumn<bool>("ownThread"); // on a thread the driver created, OnWrite waiting for it
    // 1: unwound like an exception; 0: resumed at the host's entry (C++ cannot unwind from
    // there); -1: either, depending on how the compiler laid the function out.
    QTest::addColumn<int>("unwound");
    QTest::addRow("NULL pointer write")
        << 1 << QStringLiteral("0xc0000005")
        << QStringLiteral("access violation writing 0x0000000000000000 at classic.so+0x") << false
        << 1;
    QTest::addRow("C++ exception")
        << 2 << QStringLiteral("0xe06d7363")
        << QStringLiteral("unhandled C++ exception std::bad_alloc") << false << 1;
    QTest::addRow("integer divide by zero")
        << 3 << QStringLiteral("0xc0000094")
        << QStringLiteral("integer divide by zero at classic.so+0x") << false << 1;
    QTest::addRow("NULL pointer write on the driver's own thread")
        << 4 << QStringLiteral("0xc0000005")
        << QStringLiteral("access violation writing 0x0000000000000000 at classic.so+0x") << true
        << 1;
    QTest::addRow("NULL pointer write in a frame with a CComPtr")
        << 5 << QStringLiteral("0xc0000005")
        << QStringLiteral("access violation writing 0x0000000000000000 at classic.so+0x") << false
        << -1;
    QTest::addRow("stack overflow")
        << 6 << QStringLiteral("0xc00000fd") << QStringLiteral("stack overflow (") << false << 0;
    QTest::addRow("C++ exception out of a throw() function")
        << 7 << QStringLiteral("0xe06d7363")
        << QStringLiteral("unhandled C++ exception std::bad_alloc") << false << 0;
    // In the framework's code, which holds the world lock: the host gives it back.
    QTest::addRow("bad pointer given to the framework")
        << 8 << QStringLiteral("0xc0000005")
        << QStringLiteral("access violation writing 0x0000000000000008 at ") << false << -1;
    QTest::addRow("stack overflow on the driver's own thread")
        << 9 << QStringLiteral("0xc00000fd") << QStringLiteral("stack overflow (") << true << 0;
}

void tst_ClassicDriver::faultTakesDownOnlyItsHost()
{
    QFETCH(int, fault);
    QFETCH(QString, code);
    QFETCH(QString, exception);
    QFETCH(bool, ownThread);
    QFETCH(int, unwound);
    const std::string actions = R"(open h1 {7a3b9c1d-2e4f-4a6b-8c0d-9e1f2a3b4c5d}\Classic
expect result ok
write h1 "boom"
expect result error ERROR_DRIVER_PROCESS_TERMINATED
expect device ROOT\CLASSIC\0000 host-failed
expect trace WUDFHost::HostTerminated count 1
open h2 {cdc35b6e-0be4-4936-bf5f-5537380a7c1a}
expect result ok
write h2 "still here"
expect result ok
read h2 32
expect data "still here"
expect device ROOT\ECHO\0000 started
)";
    const Run r
        = run(load(classicScenario("classic.so", R"("FaultOnWrite": )" + std::to_string(fault))),
            actions);
    QVERIFY2(r.failures.empty(), failuresText(r).c_str());

    const auto crash = matching(r, { R"("method":"UnhandledException")" });
    QCOMPARE(crash.size(), std::size_t(1));
    const std::string &line = r.jsonl[crash.front()];
    QVERIFY2(line.find("\"ExceptionCode\":\"" + code.toStdString() + "\"") != std::string::npos,
        line.c_str());
    QVERIFY2(line.find(exception.toStdString()) != std::string::npos, line.c_str());
    // The innermost call that never returned: the DDI the framework faulted in, else OnWrite.
    const std::string during
        = fault == 8 ? "IWDFIoRequest::GetInputMemory" : "IQueueCallbackWrite::OnWrite";
    QVERIFY2(line.find(R"("during":")" + during + "\"") != std::string::npos, line.c_str());
    // A thread of the driver's own says so; a callback's crash does not.
    const std::string threadArg = "\"thread\":\"the driver's own (CreateThread)\"";
    QCOMPARE(line.find(threadArg) != std::string::npos, ownThread);
    // Where C++ could not unwind, the record says the host's entry was resumed past the crash.
    const bool resumed = line.find(R"("unwound":"no: )") != std::string::npos;
    if (unwound >= 0)
        QCOMPARE(!resumed, unwound == 1);
    else
        qInfo("fault %d: %s", fault, resumed ? "resumed at the host's entry" : "unwound");
    // What the skipped frames held is given back: no world lock left held, no call left open.
    QVERIFY(r.worldLockFree);
    QCOMPARE(r.openCalls, std::size_t(0));
    // The host ends right after it.
    QVERIFY(
        r.jsonl.at(crash.front() + 1).find(R"("method":"HostTerminated")") != std::string::npos);
    // The OnWrite that crashed never returned (the process is gone); the record cites it.
    const auto calls = matching(
        r, { R"("method":"OnWrite")", R"("phase":"call")", R"("device":"ROOT\\CLASSIC\\0000")" });
    const auto returns = matching(
        r, { R"("method":"OnWrite")", R"("phase":"return")", R"("device":"ROOT\\CLASSIC\\0000")" });
    QCOMPARE(calls.size(), std::size_t(1));
    QCOMPARE(returns.size(), std::size_t(0));
    QVERIFY(umdfx::driverFaultHandlerInstalled());
}

void tst_ClassicDriver::faultOutsideEveryHostSaysWhy()
{
    // A driver fault that reaches std::terminate outside every host's entry (inside one, the
    // entry is resumed: faultTakesDownOnlyItsHost) stops the program, saying why. This test's own
    // binary is the victim, started again with UMDFX_TERMINATE_CHILD (initTestCase does the rest).
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("UMDFX_TERMINATE_CHILD"), QStringLiteral("1"));
    env.insert(QStringLiteral("QTEST_DISABLE_STACK_DUMP"), QStringLiteral("1"));
    p.setProcessEnvironment(env);
    // No QCoreApplication here (QTEST_APPLESS_MAIN): the kernel knows which binary this is.
    p.start(QString::fromStdString(fs::read_symlink("/proc/self/exe").string()),
        { QStringLiteral("tour") }); // any function: initTestCase runs first
    QVERIFY(p.waitForFinished(60000));
    const QString err = QString::fromUtf8(p.readAllStandardError());
    QCOMPARE(p.exitStatus(), QProcess::CrashExit);
    QVERIFY2(err.contains(QLatin1String("umdfx: a driver fault could not be contained: access "
                                        "violation writing 0x0000000000000000 at classic.so+0x10")),
        qPrintable(err.right(2000)));
    QVERIFY2(err.contains(QLatin1String("Crash containment")), qPrintable(err.right(2000)));
}

void tst_ClassicDriver::loadFailures_data()
{
    QTest::addColumn<QString>("module"); // relative to the temporary directory unless bare
    QTest::addColumn<QString>("prepare"); // what the directory holds
    QTest::addColumn<QString>("error"); // part of the LoadLibrary record's error
    QTest::addRow("not on the search path")
        << QStringLiteral("no-such-driver.so") << QString()
        << QStringLiteral("not found on the plugin search path (UMDFX_PLUGIN_PATH");
    QTest::addRow("no such file") << QStringLiteral("missing/classic.so") << QString()
                                  << QStringLiteral("no such file: ");
    QTest::addRow("no INF beside it") << QStringLiteral("noinf/classic.so") << QStringLiteral("so")
                                      << QStringLiteral("no INF beside the module");
    QTest::addRow("INF without DriverCLSID")
        << QStringLiteral("noclsid/classic.so")
        << QStringLiteral("so+inf:[Version]\nSignature=\"$Windows NT$\"\n")
        << QStringLiteral("classic.inf: it names no DriverCLSID");
    QTest::addRow("DriverCLSID not a GUID")
        << QStringLiteral("badclsid/classic.so")
        << QStringLiteral("so+inf:[X]\nDriverCLSID = {not-a-guid}\n")
        << QStringLiteral("its DriverCLSID is not a GUID: '{not-a-guid}'");
    QTest::addRow("not a shared object")
        << QStringLiteral("text/classic.so") << QStringLiteral("text+inf")
        << QStringLiteral("cannot load: ");
    QTest::addRow("no DllGetClassObject")
        << QStringLiteral("libm/classic.so") << QStringLiteral("libm+inf")
        << QStringLiteral("it exports no DllGetClassObject");
}

void tst_ClassicDriver::loadFailures()
{
    QFETCH(QString, module);
    QFETCH(QString, prepare);
    QFETCH(QString, error);
    const std::string spec = module.toStdString();
    std::string path = spec;
    if (spec.find('/') != std::string::npos) {
        const fs::path so = m_tmp / spec;
        fs::create_directories(so.parent_path());
        const std::string what = prepare.toStdString();
        const fs::path inf = fs::path(so).replace_extension(".inf");
        if (what.rfind("so", 0) == 0)
            fs::copy_file(kPlugins + "/classic.so", so, fs::copy_options::overwrite_existing);
        if (what.rfind("text", 0) == 0)
            writeFile(so, "this is not an ELF file\n");
        if (what.rfind("libm", 0) == 0)
            fs::copy_file(
                "/lib/x86_64-linux-gnu/libm.so.6", so, fs::copy_options::overwrite_existing);
        if (const auto colon = what.find("+inf:"); colon != std::string::npos)
            writeFile(inf, what.substr(colon + 5));
        else if (what.find("+inf") != std::string::npos)
            writeFile(inf, "[X]\nDriverCLSID={5D1C8A3B-7E2F-4B69-9C0D-1E2F3A4B5C6D}\n");
        path = so.string();
    }
    const Run r = run(load(classicScenario(path, "")), "expect device ROOT\\ECHO\\0000 started\n");
    QVERIFY2(r.failures.empty(), failuresText(r).c_str());
    const auto failed = matching(r, { R"("method":"LoadLibrary")" });
    QCOMPARE(failed.size(), std::size_t(1));
    const std::string &line = r.jsonl[failed.front()];
    QVERIFY2(line.find(error.toStdString()) != std::string::npos, line.c_str());
    QVERIFY2(line.find("\"hr\":\"0x80070002\"") != std::string::npos, line.c_str());
    // The classic device does not start; the echo device (another host) is unaffected.
    QVERIFY(matching(
        r, { R"("method":"DeviceStateChange")", "ROOT\\\\CLASSIC\\\\0000", R"("to":"started")" })
                .empty());
    // Its reason says the module did not load (no OnDeviceAdd ran), and why.
    const auto failedStart = matching(r,
        { R"("method":"DeviceStateChange")", "ROOT\\\\CLASSIC\\\\0000", R"("to":"start-failed")" });
    QCOMPARE(failedStart.size(), std::size_t(1));
    const std::string &reason = r.jsonl[failedStart.front()];
    QVERIFY2(reason.find("AddDevice failed: driver ClassicSample's module ") != std::string::npos
            && reason.find(" could not be loaded: ") != std::string::npos
            && reason.find(error.toStdString()) != std::string::npos,
        reason.c_str());
    QVERIFY2(reason.find("OnDeviceAdd") == std::string::npos, reason.c_str());
}

void tst_ClassicDriver::relativePathIsRelativeToTheScenarioFile()
{
    // A scenario beside its plugin: "sub/classic.so" is relative to the scenario's directory,
    // not to the working directory.
    const fs::path dir = m_tmp / "relative";
    fs::create_directories(dir / "sub");
    fs::copy_file(
        kPlugins + "/classic.so", dir / "sub/classic.so", fs::copy_options::overwrite_existing);
    fs::copy_file(
        kPlugins + "/classic.inf", dir / "sub/classic.inf", fs::copy_options::overwrite_existing);
    writeFile(dir / "scenario.json", classicScenario("sub/classic.so", ""));
    auto loaded = umdfx::scenario::loadScenarioFile(dir / "scenario.json");
    QVERIFY(std::holds_alternative<umdfx::scenario::Scenario>(loaded));
    const auto &scenario = std::get<umdfx::scenario::Scenario>(loaded);
    QCOMPARE(QString::fromStdString(scenario.drivers.at(1).module),
        QString::fromStdString((dir / "sub/classic.so").string()));
    const Run r = run(scenario, "expect device ROOT\\CLASSIC\\0000 started\n");
    QVERIFY2(r.failures.empty(), failuresText(r).c_str());
    // A bare name beside the scenario is the scenario directory's.
    writeFile(dir / "sub/bare.json", classicScenario("classic.so", ""));
    auto bare = umdfx::scenario::loadScenarioFile(dir / "sub/bare.json");
    QVERIFY(std::holds_alternative<umdfx::scenario::Scenario>(bare));
    QCOMPARE(QString::fromStdString(std::get<umdfx::scenario::Scenario>(bare).drivers.at(1).module),
        QString::fromStdString((dir / "sub/classic.so").string()));
    // A scenario named by a bare file name (umdfctl run bare.json, in its directory): the
    // plugin beside it is found too, not looked up on the search path.
    {
        const fs::path saved = fs::current_path();
        fs::current_path(dir / "sub");
        auto cwd = umdfx::scenario::loadScenarioFile("bare.json");
        fs::current_path(saved);
        QVERIFY(std::holds_alternative<umdfx::scenario::Scenario>(cwd));
        QCOMPARE(
            QString::fromStdString(std::get<umdfx::scenario::Scenario>(cwd).drivers.at(1).module),
            QString::fromStdString((dir / "sub/classic.so").string()));
    }
    // Text that is not from a file keeps its paths as written.
    QCOMPARE(QString::fromStdString(
                 load(classicScenario("sub/classic.so", ""), "embedded:x").drivers.at(1).module),
        QStringLiteral("sub/classic.so"));
}

QTEST_APPLESS_MAIN(tst_ClassicDriver)
#include "tst_classicdriver.moc"
