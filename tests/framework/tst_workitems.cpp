// IWDFDevice3::CreateWorkItem and IWDFWorkItem (reference §6.5, §7.2) through the probe driver:
// an item enqueued twice runs once; AutomaticSerialization puts it on the device's dispatcher
// (serialized with the queue callbacks) only under device-level locking, otherwise on the host's
// thread pool; Flush returns after the run.
#include "tests/framework/probesession.h"

namespace {

const std::string kOpen = "open h1 {a7c3e1d2-5b64-4f8e-9a01-23456789abcd}";

// The logical threads the work item's callback ran on, in order.
std::vector<std::string> workItemThreads(Probe &p)
{
    std::vector<std::string> threads;
    const auto &t = p.sim->world().trace;
    for (std::size_t i = 0; i < t.size(); ++i) {
        const auto &r = t.at(i);
        if (r.phase == umdfx::trace::Phase::Call && umdfx::trace::str(r.method) == "OnWorkItem")
            threads.emplace_back(umdfx::trace::str(r.thread));
    }
    return threads;
}

std::optional<std::size_t> firstIndex(Probe &p, std::string_view method, umdfx::trace::Phase phase)
{
    const auto &t = p.sim->world().trace;
    for (std::size_t i = 0; i < t.size(); ++i)
        if (t.at(i).phase == phase && umdfx::trace::str(t.at(i).method) == method)
            return i;
    return std::nullopt;
}

} // namespace

class tst_WorkItems : public QObject
{
    Q_OBJECT
private slots:
    void enqueuedTwiceRunsOnce();
    void serializedUnderDeviceLevelLocking();
    void notSerializedRunsOnThePool();
    void serializationNeedsDeviceLevelLocking();
    void flushReturnsAfterTheRun();
};

void tst_WorkItems::enqueuedTwiceRunsOnce()
{
    Probe p(R"({"WorkItem":1})");
    QVERIFY(p.run(kOpen));
    QVERIFY(p.run("ioctl h1 3"));
    QCOMPARE(p.count("IWDFWorkItem", "Enqueue"), std::size_t(2));
    QCOMPARE(workItemThreads(p).size(), std::size_t(1));
    QVERIFY(p.run("ioctl h1 3")); // queued again once it ran
    QCOMPARE(workItemThreads(p).size(), std::size_t(2));
}

void tst_WorkItems::serializedUnderDeviceLevelLocking()
{
    Probe p(R"({"WorkItem":1})");
    QVERIFY(p.run(kOpen));
    QVERIFY(p.run("ioctl h1 3"));
    QCOMPARE(workItemThreads(p), std::vector<std::string> { "host1" });
    // It ran after the IOCTL callback returned, not inside it.
    QVERIFY(*firstIndex(p, "OnDeviceIoControl", umdfx::trace::Phase::Return)
        < *firstIndex(p, "OnWorkItem", umdfx::trace::Phase::Call));
}

void tst_WorkItems::notSerializedRunsOnThePool()
{
    Probe p(R"({"WorkItem":2})");
    QVERIFY(p.run(kOpen));
    QVERIFY(p.run("ioctl h1 3"));
    QCOMPARE(workItemThreads(p), std::vector<std::string> { "host1.pool" });
}

void tst_WorkItems::serializationNeedsDeviceLevelLocking()
{
    // AutomaticSerialization has no effect without WdfDeviceLevel (§6.5).
    Probe p(R"({"WorkItem":1,"LockingNone":1})");
    QVERIFY(p.run(kOpen));
    QVERIFY(p.run("ioctl h1 3"));
    QCOMPARE(workItemThreads(p), std::vector<std::string> { "host1.pool" });
}

void tst_WorkItems::flushReturnsAfterTheRun()
{
    Probe p(R"({"WorkItem":2})");
    QVERIFY(p.run(kOpen));
    QVERIFY(p.run("ioctl h1 4"));
    const auto run = firstIndex(p, "OnWorkItem", umdfx::trace::Phase::Return);
    const auto flushed = firstIndex(p, "Flush", umdfx::trace::Phase::Return);
    QVERIFY(run && flushed);
    QVERIFY2(*run < *flushed, "Flush returned before the work item had run");
}

QTEST_APPLESS_MAIN(tst_WorkItems)
#include "tst_workitems.moc"
