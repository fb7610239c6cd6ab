// I/O queue behaviour the echo sample does not reach (reference §3.1-§3.4), driven through the
// probe test driver: parallel and sequential presentation, routing to a second queue,
// OnDefaultIoHandler, manual queues with RetrieveNextRequest, CreateIoQueue validation, and the
// verifier's double-completion finding.
#include "core/wudf/guid.h"
#include "tests/framework/probesession.h"

#include <QtTest/QtTest>

namespace {

const std::string kOpen = "open h1 {a7c3e1d2-5b64-4f8e-9a01-23456789abcd} async";

} // namespace

class tst_Queues : public QObject
{
    Q_OBJECT
private slots:
    void parallelPresentsEveryRequest();
    void sequentialPresentsOneAtATime();
    void defaultIoHandlerTakesWrites();
    void manualQueueAndRetrieveNextRequest();
    void manualQueueWithCallbacksIsRejected();
    void doubleCompletionIsAFinding();
    void strictVerifierFailsTheHost();
};

void tst_Queues::parallelPresentsEveryRequest()
{
    Probe p(R"({"QueueType":2,"HoldWrites":1})");
    QVERIFY(p.run(kOpen));
    QVERIFY(p.run("write h1 \"a\" repeat 3"));
    QCOMPARE(
        p.count("IQueueCallbackWrite", "OnWrite"), std::size_t(3)); // all three are in the driver
    QVERIFY(p.run("expect handle h1 pending"));
    QVERIFY(p.run("ioctl h1 1"));
    QVERIFY(p.run("expect handle h1 open"));
    QVERIFY(p.run("expect bytes 0")); // the IOCTL's own completion is the last result
}

void tst_Queues::sequentialPresentsOneAtATime()
{
    Probe p(R"({"QueueType":1,"HoldWrites":1})");
    QVERIFY(p.run(kOpen));
    QVERIFY(p.run("write h1 \"a\" repeat 3"));
    QCOMPARE(
        p.count("IQueueCallbackWrite", "OnWrite"), std::size_t(1)); // the others wait in the queue
    QVERIFY(p.run("ioctl h1 1"));
    QCOMPARE(p.count("IQueueCallbackWrite", "OnWrite"),
        std::size_t(2)); // completing one presents the next
    QVERIFY(p.run("ioctl h1 1"));
    QVERIFY(p.run("ioctl h1 1"));
    QCOMPARE(p.count("IQueueCallbackWrite", "OnWrite"), std::size_t(3));
    QVERIFY(p.run("expect handle h1 open"));
}

void tst_Queues::defaultIoHandlerTakesWrites()
{
    Probe p(R"({"QueueType":2,"DefaultHandlerOnly":1})");
    QVERIFY(p.run(kOpen));
    QVERIFY(p.run("write h1 \"abc\""));
    QCOMPARE(p.count("IQueueCallbackDefaultIoHandler", "OnDefaultIoHandler"), std::size_t(1));
    QCOMPARE(p.count("IQueueCallbackWrite", "OnWrite"), std::size_t(0));
    QVERIFY(p.run("expect result ok"));
}

void tst_Queues::manualQueueAndRetrieveNextRequest()
{
    Probe p(R"({"QueueType":3})");
    QVERIFY(p.run(kOpen));
    QVERIFY(p.run("write h1 \"abc\""));
    QVERIFY(p.run("expect handle h1 pending")); // a manual queue presents nothing
    QVERIFY(p.run("ioctl h1 2")); // the driver pulls it
    QCOMPARE(p.lastResult("IWDFIoQueue", "RetrieveNextRequest"), 0u);
    QVERIFY(p.run("expect bytes 1"));
    QVERIFY(p.run("ioctl h1 2")); // nothing left
    QCOMPARE(
        p.lastResult("IWDFIoQueue", "RetrieveNextRequest"), 0x80070103u); // ERROR_NO_MORE_ITEMS
    QVERIFY(p.run("expect bytes 0"));
    QVERIFY(p.run("expect handle h1 open"));
}

void tst_Queues::manualQueueWithCallbacksIsRejected()
{
    Probe p(R"({"QueueType":3,"ManualWithCallbacks":1})");
    QCOMPARE(p.lastResult("IWDFDevice", "CreateIoQueue"), 0x8007064Au); // ERROR_BAD_CONFIGURATION
    QVERIFY(p.run("expect device ROOT\\PROBE\\0000 start-failed"));
}

void tst_Queues::doubleCompletionIsAFinding()
{
    Probe p(R"({"QueueType":1,"DoubleComplete":1})", R"({"verifierMode":"teaching"})");
    QVERIFY(p.run(kOpen));
    QVERIFY(p.run("write h1 \"abc\""));
    QVERIFY(p.run("expect result ok")); // the first completion counts
    const auto &findings = p.sim->world().verifier.findings();
    QCOMPARE(findings.size(), std::size_t(1));
    QCOMPARE(QString::fromStdString(findings[0].rule), QStringLiteral("V5"));
    QCOMPARE(p.count("UMDFVerifier", "V5"), std::size_t(0)); // findings are events, not calls
    const auto &rec = p.sim->world().trace.at(findings[0].seq);
    QCOMPARE(rec.kind, umdfx::trace::Kind::Verifier);
}

void tst_Queues::strictVerifierFailsTheHost()
{
    // Reference S12 with the default strict verifier: a double completion terminates the host;
    // outstanding I/O fails with ERROR_DRIVER_PROCESS_TERMINATED; handle holders get the
    // host-problem custom event and see the device go; when the handle is closed the stack is
    // rebuilt, up to hostRestartLimit times.
    Probe p(R"({"QueueType":2,"HoldWrites":1,"DoubleComplete":1})", R"({"hostRestartLimit":1})");
    QVERIFY(p.run(kOpen));
    QVERIFY(p.run("register-notify-handle h1"));
    QVERIFY(p.run("write h1 \"a\" repeat 2")); // both held by the driver
    QVERIFY(p.run("ioctl h1 1")); // completes the first write twice: V5
    QCOMPARE(p.count("WUDFHost", "HostTerminated"), std::size_t(0)); // an event, not a call
    // The in-process host cannot stop the driver's callback half-way: it runs to its end (and
    // double-completes the second held write too), but the host is already terminated.
    const auto &findings = p.sim->world().verifier.findings();
    QVERIFY(!findings.empty());
    QCOMPARE(QString::fromStdString(findings[0].rule), QStringLiteral("V5"));
    auto &app = p.sim->application("app1");
    // The second write and the IOCTL were still outstanding: both fail with 1291.
    std::size_t terminated = 0;
    for (const auto &c : app.completions())
        terminated += c.error == ERROR_DRIVER_PROCESS_TERMINATED ? 1 : 0;
    QCOMPARE(terminated, std::size_t(2));
    bool hostProblem = false;
    for (const auto &m : app.deviceChanges()) {
        hostProblem = hostProblem
            || (m.change == umdfx::DeviceChange::CustomEvent
                && umdfx::wudf::guidToString(m.eventGuid)
                    == "{c43d25bd-9346-40ee-a2d2-d70c15f8b75b}");
    }
    QVERIFY(hostProblem);
    // The application closed its handle when told the device was going; the stack came back.
    QVERIFY(p.run("expect handle h1 closed"));
    QVERIFY(p.run("expect device ROOT\\PROBE\\0000 started"));
    QCOMPARE(p.count("IDriverEntry", "OnInitialize"), std::size_t(2));
    // Once more: the restart limit (1) is used up, so the device stays failed.
    QVERIFY(p.run(kOpen));
    QVERIFY(p.run("write h1 \"a\""));
    QVERIFY(p.run("ioctl h1 1"));
    QVERIFY(p.run("expect device ROOT\\PROBE\\0000 host-failed"));
    QCOMPARE(p.count("IDriverEntry", "OnInitialize"), std::size_t(2));
}

QTEST_APPLESS_MAIN(tst_Queues)
#include "tst_queues.moc"
