// Facts of the simulated framework checked on the trace itself: what RetrieveFileName returns
// (§4.3), what WriteFile returns, how one request id follows an I/O, what a forgotten IID looks
// like, and that a bad handle fails the Windows way without harming the host.
#include "core/scenario/actionparser.h"
#include "core/scenario/scenarioloader.h"
#include "core/simulation/actionrunner.h"
#include "core/simulation/simulation.h"
#include "core/trace/traceformat.h"
#include "drivers/builtin/builtindrivers.h"
#include "resources/embeddedresources.h"

#include <QtTest/QtTest>

using umdfx::trace::ArgValue;

namespace {

const char *kEcho = "{cdc35b6e-0be4-4936-bf5f-5537380a7c1a}";

struct Fixture
{
    explicit Fixture(std::string_view scenarioText)
    {
        auto loaded = umdfx::scenario::loadScenario(scenarioText, "test");
        if (auto *err = std::get_if<umdfx::scenario::LoadError>(&loaded))
            qFatal("%s", err->toString().c_str());
        sim = std::make_unique<umdfx::Simulation>(
            std::get<umdfx::scenario::Scenario>(loaded), umdfx::builtinDrivers());
        sim->powerOn();
        runner = std::make_unique<umdfx::ActionRunner>(*sim);
    }
    bool run(const std::string &line)
    {
        auto parsed = umdfx::scenario::parseActionLine(line, "test", 1);
        if (auto *err = std::get_if<umdfx::scenario::LoadError>(&parsed))
            qFatal("%s", err->toString().c_str());
        return runner->run(std::get<umdfx::scenario::Action>(parsed)).ok;
    }
    const umdfx::trace::TraceStore &trace() { return sim->world().trace; }
    // Records of iface::method with this phase, in order.
    std::vector<const umdfx::trace::TraceRecord *> find(
        std::string_view iface, std::string_view method, umdfx::trace::Phase phase)
    {
        std::vector<const umdfx::trace::TraceRecord *> out;
        for (std::size_t i = 0; i < trace().size(); ++i) {
            const auto &r = trace().at(i);
            if (r.phase == phase && umdfx::trace::str(r.iface) == iface
                && umdfx::trace::str(r.method) == method)
                out.push_back(&r);
        }
        return out;
    }
    ArgValue arg(const umdfx::trace::TraceRecord &r, std::string_view key)
    {
        ArgValue v;
        if (!trace().args(r).find(key, v))
            qFatal("record has no argument %s", std::string(key).c_str());
        return v;
    }
    std::unique_ptr<umdfx::Simulation> sim;
    std::unique_ptr<umdfx::ActionRunner> runner;
};

std::string scenarioWith(const std::string &parameters)
{
    return R"({"name":"t","drivers":[{"name":"echo","module":"builtin:echo"}],"devices":[{"instanceId":"ROOT\\ECHO\\0000","hardwareIds":["WUDF\\Echo"],"drivers":["echo"],"parameters":)"
        + parameters + "}]}";
}

} // namespace

class tst_Simulation : public QObject
{
    Q_OBJECT
private slots:
    void retrieveFileName_data();
    void retrieveFileName();
    void writeFileResultAndRequestId();
    void forgottenInterfaceIsVisible();
    void badHandleFailsLikeWindows();
    void jsonlHasTheDocumentedKeys();
    void interfacesFollowPnpState();
    void writeFileExRunsTheCompletionRoutine();
    void writeFileExNeedsAnOverlappedHandle();
    void postEventSizeLimit();
};

void tst_Simulation::retrieveFileName_data()
{
    QTest::addColumn<QString>("parameters");
    QTest::addColumn<QString>("open");
    QTest::addColumn<int>("size");
    QTest::addColumn<QString>("name");
    QTest::addRow("reference string")
        << R"({"ReferenceStrings":["Port1"]})" << QString(kEcho) + "\\Port1" << 7 << "\\Port1";
    QTest::addRow("no reference string") << "{}" << QString(kEcho) << 1 << "";
}

void tst_Simulation::retrieveFileName()
{
    QFETCH(QString, parameters);
    QFETCH(QString, open);
    QFETCH(int, size);
    QFETCH(QString, name);
    Fixture f(scenarioWith(parameters.toStdString()));
    QVERIFY(f.run("open h1 " + open.toStdString()));
    QVERIFY(f.run("expect result ok"));
    const auto returns = f.find("IWDFFile", "RetrieveFileName", umdfx::trace::Phase::Return);
    QCOMPARE(returns.size(), std::size_t(2));
    // First call with a NULL buffer: S_OK and the size including the NUL.
    QCOMPARE(returns[0]->hr, 0u);
    QCOMPARE(int(f.arg(*returns[0], "dwFileNameLengthInChars").u), size);
    QCOMPARE(int(f.arg(*returns[1], "dwFileNameLengthInChars").u), size);
    QCOMPARE(QString::fromStdString(std::string(f.arg(*returns[1], "FileName").text)), name);
}

void tst_Simulation::writeFileResultAndRequestId()
{
    Fixture f(scenarioWith(R"({"ReferenceStrings":["Port1"]})"));
    QVERIFY(f.run(std::string("open h1 ") + kEcho + "\\Port1"));
    QVERIFY(f.run("write h1 \"hello\""));
    const auto writeReturn = f.find("kernel32", "WriteFile", umdfx::trace::Phase::Return);
    QCOMPARE(writeReturn.size(), std::size_t(1));
    QCOMPARE(f.arg(*writeReturn[0], "result").u, 1u);
    QCOMPARE(f.arg(*writeReturn[0], "bytes").u, 5u);
    QCOMPARE(f.arg(*writeReturn[0], "lastError").u, 0u);
    // One request id from WriteFile through OnWrite to the driver's completion.
    const auto onWrite = f.find("IQueueCallbackWrite", "OnWrite", umdfx::trace::Phase::Call);
    const auto complete
        = f.find("IWDFIoRequest", "CompleteWithInformation", umdfx::trace::Phase::Call);
    QCOMPARE(onWrite.size(), std::size_t(1));
    QVERIFY(writeReturn[0]->request != 0);
    QCOMPARE(onWrite[0]->request, writeReturn[0]->request);
    QCOMPARE(complete.back()->request, writeReturn[0]->request);
    QCOMPARE(f.arg(*onWrite[0], "NumOfBytesToWrite").u, 5u);
}

void tst_Simulation::forgottenInterfaceIsVisible()
{
    Fixture f(scenarioWith(
        R"({"ReferenceStrings":["Port1"],"ForgetInterfaces":["IQueueCallbackWrite"]})"));
    bool probedWrite = false;
    for (const auto *r : f.find("IUnknown", "QueryInterface", umdfx::trace::Phase::Call)) {
        if (f.arg(*r, "riid").text != "IQueueCallbackWrite")
            continue;
        probedWrite = true;
        // Its return carries E_NOINTERFACE.
        for (std::size_t i = r->seq + 1; i < f.trace().size(); ++i) {
            const auto &ret = f.trace().at(i);
            if (ret.phase == umdfx::trace::Phase::Return && ret.call == r->call) {
                QCOMPARE(ret.hr, 0x80004002u);
                break;
            }
        }
    }
    QVERIFY(probedWrite);
    QVERIFY(f.run(std::string("open h1 ") + kEcho + "\\Port1"));
    QVERIFY(f.run("write h1 \"x\""));
    QVERIFY(f.run("expect result error ERROR_INVALID_FUNCTION"));
}

void tst_Simulation::badHandleFailsLikeWindows()
{
    Fixture f(scenarioWith(R"({"ReferenceStrings":["Port1"]})"));
    auto &app = f.sim->application("app1");
    std::lock_guard lock(f.sim->world().lock);
    const HANDLE bogus = reinterpret_cast<HANDLE>(std::uintptr_t(0x1234));
    const std::byte data[3] {};
    const auto outcome = app.WriteFile(bogus, data, umdfx::Application::IoStyle::Synchronous);
    QCOMPARE(outcome.result, FALSE);
    QCOMPARE(outcome.error, DWORD(ERROR_INVALID_HANDLE));
    QCOMPARE(app.CloseHandle(bogus), FALSE);
    QCOMPARE(app.GetLastError(), DWORD(ERROR_INVALID_HANDLE));
    QCOMPARE(app.CancelIoEx(bogus), FALSE);
    // The host is unharmed: a real open and write still work.
    QVERIFY(f.run(std::string("open h1 ") + kEcho + "\\Port1"));
    QVERIFY(f.run("write h1 \"ok\""));
    QVERIFY(f.run("expect bytes 2"));
}

void tst_Simulation::jsonlHasTheDocumentedKeys()
{
    Fixture f(scenarioWith(R"({"ReferenceStrings":["Port1"]})"));
    QVERIFY(f.run(std::string("open h1 ") + kEcho + "\\Port1"));
    QVERIFY(f.run("write h1 \"hi\""));
    const auto ret = f.find("kernel32", "WriteFile", umdfx::trace::Phase::Return);
    const std::string line = umdfx::trace::toJsonLine(f.trace(), *ret[0], false);
    const QJsonDocument doc = QJsonDocument::fromJson(QByteArray::fromStdString(line));
    QVERIFY2(doc.isObject(), line.c_str());
    const QJsonObject o = doc.object();
    const QStringList keys = { "seq", "t_ns", "thread", "kind", "phase", "from", "to", "device",
        "iface", "method", "args", "hr", "call", "request" };
    for (const auto &k : keys)
        QVERIFY2(o.contains(k), qPrintable(k));
    QCOMPARE(o["kind"].toString(), QStringLiteral("win32"));
    QCOMPARE(o["phase"].toString(), QStringLiteral("return"));
    QCOMPARE(o["iface"].toString(), QStringLiteral("kernel32"));
    QCOMPARE(o["device"].toString(), QStringLiteral("ROOT\\ECHO\\0000"));
    QCOMPARE(o["hr"].toString(), QStringLiteral("0x00000000"));
    QCOMPARE(o["args"].toObject()["bytes"].toInt(), 2);
    QVERIFY(o["request"].isDouble());
    QVERIFY(!o.contains("wall_ns"));
}

void tst_Simulation::interfacesFollowPnpState()
{
    Fixture f(scenarioWith(R"({"ReferenceStrings":["Port1"]})"));
    const std::string path = std::string(kEcho) + "\\Port1";
    QVERIFY(f.run("expect interface " + path + " enabled"));
    QVERIFY(f.run("remove ROOT\\ECHO\\0000"));
    QVERIFY(f.run("expect interface " + path + " disabled"));
    QVERIFY(!f.run("expect interface " + path + " enabled")); // the check can fail
    QVERIFY(f.run("start ROOT\\ECHO\\0000"));
    QVERIFY(f.run("expect interface " + path + " enabled"));
    QVERIFY(f.run("expect device ROOT\\ECHO\\0000 started"));
}

void tst_Simulation::writeFileExRunsTheCompletionRoutine()
{
    Fixture f(scenarioWith(R"({"ReferenceStrings":["Port1"]})"));
    QVERIFY(f.run(std::string("open h1 ") + kEcho + "\\Port1 async"));
    QVERIFY(f.run("writeex h1 \"abc\""));
    // WriteFileEx itself returns TRUE at once; the request completes, and its completion routine
    // is queued as an APC: it has not run, the application has seen no result yet.
    const auto ret = f.find("kernel32", "WriteFileEx", umdfx::trace::Phase::Return);
    QCOMPARE(ret.size(), std::size_t(1));
    QCOMPARE(f.arg(*ret[0], "result").u, 1u);
    const auto queued = f.find("APC", "Queued", umdfx::trace::Phase::Event);
    QCOMPARE(queued.size(), std::size_t(1));
    QCOMPARE(queued[0]->request, ret[0]->request);
    QVERIFY(f.find("kernel32", "FileIOCompletionRoutine", umdfx::trace::Phase::Call).empty());
    QVERIFY(!f.run("expect bytes 3"));
    // The alertable wait runs it and returns WAIT_IO_COMPLETION at once (no time passes).
    const auto before = f.sim->world().scheduler.now();
    QVERIFY(f.run("sleepex 1000ms"));
    QCOMPARE(f.sim->world().scheduler.now(), before);
    const auto routine = f.find("kernel32", "FileIOCompletionRoutine", umdfx::trace::Phase::Call);
    QCOMPARE(routine.size(), std::size_t(1));
    QCOMPARE(f.arg(*routine[0], "dwErrorCode").u, 0u);
    QCOMPARE(f.arg(*routine[0], "dwNumberOfBytesTransfered").u, 3u);
    QCOMPARE(routine[0]->request, ret[0]->request);
    QVERIFY(routine[0]->seq > queued[0]->seq);
    QCOMPARE(umdfx::trace::str(routine[0]->thread),
        std::string_view("app1")); // the APC runs on the app's thread
    const auto sleep = f.find("kernel32", "SleepEx", umdfx::trace::Phase::Return);
    QCOMPARE(sleep.size(), std::size_t(1));
    QCOMPARE(f.arg(*sleep[0], "result").text, std::string_view("WAIT_IO_COMPLETION"));
    QVERIFY(f.run("expect bytes 3"));
    // Nothing queued: the wait takes its whole interval and returns 0.
    QVERIFY(f.run("sleepex 250ms"));
    QCOMPARE(f.sim->world().scheduler.now(), before + 250'000'000);
    const auto second = f.find("kernel32", "SleepEx", umdfx::trace::Phase::Return);
    QCOMPARE(second.size(), std::size_t(2));
    QCOMPARE(f.arg(*second[1], "result").text, std::string_view("0 (the interval elapsed)"));
}

void tst_Simulation::writeFileExNeedsAnOverlappedHandle()
{
    // A handle opened without FILE_FLAG_OVERLAPPED: ReadFileEx/WriteFileEx fail at once with
    // ERROR_INVALID_PARAMETER and nothing reaches the driver.
    Fixture f(scenarioWith(R"({"ReferenceStrings":["Port1"]})"));
    QVERIFY(f.run(std::string("open h1 ") + kEcho + "\\Port1"));
    QVERIFY(f.run("writeex h1 \"abc\""));
    QVERIFY(f.run("expect result error ERROR_INVALID_PARAMETER"));
    QVERIFY(f.run("readex h1 4"));
    QVERIFY(f.run("expect result error ERROR_INVALID_PARAMETER"));
    QVERIFY(f.find("IQueueCallbackWrite", "OnWrite", umdfx::trace::Phase::Call).empty());
    QVERIFY(f.find("IQueueCallbackRead", "OnRead", umdfx::trace::Phase::Call).empty());
    QVERIFY(f.find("APC", "Queued", umdfx::trace::Phase::Event).empty());
}

void tst_Simulation::postEventSizeLimit()
{
    // 0xFFFF minus the 36-byte TARGET_DEVICE_CUSTOM_NOTIFICATION header (x64): 65,499 bytes (§5.1).
    Fixture f(scenarioWith(R"({"ReferenceStrings":["Port1"]})"));
    auto *node = f.sim->pnp().find("ROOT\\ECHO\\0000");
    QVERIFY(node && node->host);
    const GUID event = { 1, 2, 3, { 4, 5, 6, 7, 8, 9, 10, 11 } };
    std::lock_guard lock(f.sim->world().lock);
    QCOMPARE(node->host->postEvent(node->id, event, std::vector<std::byte>(65499)), S_OK);
    QCOMPARE(node->host->postEvent(node->id, event, std::vector<std::byte>(65500)),
        HRESULT_FROM_WIN32(ERROR_NOT_ENOUGH_MEMORY));
    QCOMPARE(node->host->postEvent(node->id, event, {}), S_OK); // no payload is fine
}

QTEST_APPLESS_MAIN(tst_Simulation)
#include "tst_simulation.moc"
