// One test per verifier rule, through drivers/buggy: each mistake the buggy driver can make is
// run in teaching mode (the finding is recorded, the host goes on) and in strict mode (the finding
// terminates the host, as UMDF's verifier does). Each finding must name its rule, carry a message,
// and cite the records it is about — the callback or DDI where the mistake happened and what the
// rule refers back to.
#include "core/scenario/actionparser.h"
#include "core/scenario/scenarioloader.h"
#include "core/simulation/actionrunner.h"
#include "core/simulation/simulation.h"
#include "core/trace/traceformat.h"
#include "drivers/buggy/buggydriver.h"
#include "drivers/builtin/builtindrivers.h"

#include <QtTest/QtTest>

#include <set>
#include <sstream>

using namespace umdfx;

// Declared first: moc stops reading at the raw string literals below.
class tst_Verifier : public QObject
{
    Q_OBJECT
private slots:
    void finding_data();
    void finding();
    void everyMistakeIsTested();
    void untranslatableStatusCompletesTheRequest();
};

namespace {

const char *const kBuggyClass = "{3d8b5e61-0a2c-4f7e-b914-6c5d4e3f2a1b}";

struct Case
{
    const char *mistake;
    const char *rule; // "V5"
    const char *finding; // the finding's name
    const char *actions; // the script that makes the driver reach its mistake
    std::vector<const char *> cited; // Interface::Method of records the finding must cite
    enum class Ends { ByVerifier, ByWatchdog, Never } ends = Ends::ByVerifier;
    bool withSensor = false; // the SWENUM bus and its sensor child are in the scenario
    bool targetFirst = false; // knob surpriseNotificationOrder = targetFirst
};

std::string writeScript()
{
    return std::string("open h1 ") + kBuggyClass + "\nwrite h1 \"hello\"\n";
}

std::vector<Case> cases()
{
    using E = Case::Ends;
    const std::string w = writeScript();
    static const std::string write = w;
    static const std::string pendingWrite = std::string("open h1 ") + kBuggyClass
        + " async\nwrite h1 \"x\"\nsurprise-remove ROOT\\BUGGY\\0000\nclose h1\n";
    const char *onWrite = "IQueueCallbackWrite::OnWrite";
    return {
        { "DoubleCompletion", "V5", "DoubleCompletion", write.c_str(),
            { onWrite, "IWDFIoRequest::CompleteWithInformation" } },
        { "RequestNotCompleted", "V6", "RequestNotCompleted", pendingWrite.c_str(), { onWrite } },
        { "UseAfterCompletion", "V7", "RequestUsedAfterCompletion", write.c_str(),
            { onWrite, "IWDFIoRequest::CompleteWithInformation",
                "IWDFIoRequest::GetWriteParameters" } },
        { "MemoryNotReleased", "V8", "MemoryNotReleased", write.c_str(),
            { onWrite, "IWDFIoRequest::CompleteWithInformation" } },
        { "WrongBuffer", "V9", "WrongBufferForRequestType", write.c_str(),
            { "IWDFIoRequest::GetOutputMemory" } },
        { "CompletedWhileCancelable", "V10", "CompletedWhileCancelable", write.c_str(),
            { onWrite, "IWDFIoRequest::CompleteWithInformation" } },
        { "CompletedNotOwned", "V10", "CompletedNotOwned", write.c_str(),
            { onWrite, "IWDFIoRequest::CompleteWithInformation" } },
        { "QueueStateChangePending", "V14", "QueueStateChangePending", write.c_str(),
            { "IWDFIoQueue::Drain" } },
        { "StopAcknowledgeOutsideOnIoStop", "V15", "StopAcknowledgeOutsideOnIoStop", write.c_str(),
            { "IWDFIoRequest2::StopAcknowledge" } },
        { "OnDeviceAddWithoutDevice", "V16", "OnDeviceAddWithoutDevice", "",
            { "IDriverEntry::OnDeviceAdd" } },
        { "CompletedDriverCreatedRequest", "V18", "CompletedDriverCreatedRequest", write.c_str(),
            { "IWDFDevice::CreateRequest", "IWDFIoRequest::Complete" } },
        { "SendUnformattedRequest", "V19", "SendUnformattedRequest", write.c_str(),
            { "IWDFIoRequest::Send" } },
        { "DeleteWorkItemInsideCallback", "V24", "WorkItemDeletedInsideCallback", "",
            { "IWDFObject::DeleteWdfObject" } },
        { "CreateRemoteInterfaceOutsideArrival", "V25", "CreateRemoteInterfaceOutsideArrival", "",
            { "IWDFDevice2::CreateRemoteInterface" } },
        { "SwenumOpenInsideArrival", "V25", "SwenumOpenInsideArrival", "",
            { "IWDFRemoteTarget::OpenRemoteInterface", "PnP::NotificationPumpBlocked",
                "Reflector::HostTimeout" },
            E::ByWatchdog, true },
        { "QueryRemoveWithoutClose", "V25", "QueryRemoveWithoutClose", "remove ROOT\\ECHO\\0000\n",
            { "IRemoteTargetCallbackRemoval::OnRemoteTargetQueryRemove" } },
        { "RemoveCompleteWithoutClose", "V25", "RemoveCompleteWithoutClose",
            "surprise-remove ROOT\\ECHO\\0000\n",
            { "IRemoteTargetCallbackRemoval::OnRemoteTargetRemoveComplete" }, E::ByVerifier, false,
            true },
        { "RemoteInterfaceNotDeleted", "V25", "RemoteInterfaceNotDeleted",
            "disable ROOT\\ECHO\\0000 {cdc35b6e-0be4-4936-bf5f-5537380a7c1a}\n",
            { "IRemoteInterfaceCallbackRemoval::OnRemoteInterfaceRemoval" } },
        { "ObjectLeak", "V26", "ObjectLeak", "remove ROOT\\BUGGY\\0000\n",
            { "IWDFDriver::CreateWdfMemory" }, E::Never },
        { "TimerLeak", "V26", "TimerLeak", "remove ROOT\\BUGGY\\0000\n",
            { "kernel32::CreateTimerQueueTimer" }, E::Never },
        { "HostTimeout", "V27", "CallbackExceededHostTimeout", "",
            { "IPnpCallback::OnD0Entry", "kernel32::Sleep", "Reflector::HostTimeout" },
            E::ByWatchdog },
        // Advice only: UMDF's host translates the status and the request completes.
        { "UntranslatableStatus", "V28", "UntranslatableStatus", write.c_str(),
            { onWrite, "IWDFIoRequest::CompleteWithInformation" }, E::Never },
    };
}

std::string scenarioText(const Case &c, bool strict)
{
    std::ostringstream s;
    s << R"({"name":"buggy","drivers":[{"name":"echo","module":"builtin:echo"},)"
      << R"({"name":"sensor","module":"builtin:sensor"},{"name":"buggy","module":"builtin:buggy"}],)"
      << R"("devices":[{"instanceId":"ROOT\\ECHO\\0000","hardwareIds":["WUDF\\Echo"],"drivers":["echo"]},)";
    if (c.withSensor)
        s << R"({"instanceId":"ROOT\\SWENUM\\0000","hardwareIds":["SWENUM"],"kernelService":"swenum"},)"
          << R"({"instanceId":"SW\\{6c0a3f52-8d1e-4b7a-a2c9-5e4f3d2b1a09}\\0000",)"
          << R"("parent":"ROOT\\SWENUM\\0000","hardwareIds":["SW\\X"],"drivers":["sensor"]},)";
    s << R"({"instanceId":"ROOT\\BUGGY\\0000","hardwareIds":["WUDF\\Buggy"],"drivers":["buggy"],)"
      << R"("parameters":{"Mistake":")" << c.mistake << R"("}}],)"
      << R"("knobs":{"verifierMode":")" << (strict ? "strict" : "teaching") << '"';
    if (c.targetFirst)
        s << R"(,"surpriseNotificationOrder":"targetFirst")";
    s << "}}";
    return s.str();
}

std::string nameOf(const trace::TraceRecord &r)
{
    return std::string(trace::str(r.iface)) + "::" + std::string(trace::str(r.method));
}

} // namespace

void tst_Verifier::finding_data()
{
    QTest::addColumn<int>("index");
    QTest::addColumn<bool>("strict");
    const auto all = cases();
    for (std::size_t i = 0; i < all.size(); ++i) {
        QTest::addRow("%s teaching", all[i].mistake) << int(i) << false;
        QTest::addRow("%s strict", all[i].mistake) << int(i) << true;
    }
}

void tst_Verifier::finding()
{
    QFETCH(int, index);
    QFETCH(bool, strict);
    const Case c = cases()[static_cast<std::size_t>(index)];
    auto loaded = scenario::loadScenario(scenarioText(c, strict), "buggy.json");
    if (auto *err = std::get_if<scenario::LoadError>(&loaded))
        QFAIL(err->toString().c_str());
    Simulation sim(std::get<scenario::Scenario>(loaded), builtinDrivers());
    sim.powerOn();
    ActionRunner runner(sim);
    auto parsed = scenario::parseActions(c.actions, "actions");
    if (auto *err = std::get_if<scenario::LoadError>(&parsed))
        QFAIL(err->toString().c_str());
    for (const auto &a : std::get<std::vector<scenario::Action>>(parsed))
        runner.run(a); // the mistakes may make a Win32 call fail; that is not what is tested

    std::lock_guard lock(sim.world().lock);
    const auto &store = sim.world().trace;
    const auto &findings = sim.world().verifier.findings();
    const auto it = std::find_if(findings.begin(), findings.end(),
        [&](const Verifier::Finding &f) { return f.rule == c.rule && f.name == c.finding; });
    QVERIFY2(it != findings.end(), (std::string("no ") + c.rule + " " + c.finding).c_str());
    const Verifier::Finding &f = *it;
    QVERIFY(!f.message.empty());

    // The finding's own record says the same, and lists the cited records.
    const trace::TraceRecord &rec = store.at(f.seq);
    QCOMPARE(rec.kind, trace::Kind::Verifier);
    QCOMPARE(nameOf(rec), std::string("UMDFVerifier::") + c.rule);
    const std::string args = trace::argsToText(store, rec);
    QVERIFY2(
        args.find(std::string("rule=\"") + c.finding + "\"") != std::string::npos, args.c_str());
    QVERIFY2(args.find("cites=\"") != std::string::npos, args.c_str());

    // Every cited record comes before the finding, and the ones the rule is about are there.
    std::set<std::string> citedNames;
    for (const std::uint64_t seq : f.cites) {
        QVERIFY(seq < f.seq);
        citedNames.insert(nameOf(store.at(seq)));
    }
    for (const char *want : c.cited)
        QVERIFY2(
            citedNames.count(want), (std::string("the finding does not cite ") + want).c_str());

    // How the host ends: after the finding, or (the watchdog) just before it.
    std::optional<std::uint64_t> terminated;
    std::string reason;
    const std::size_t from = c.ends == Case::Ends::ByWatchdog ? f.cites.front() : f.seq;
    for (std::size_t i = from; i < store.size(); ++i) {
        const auto &r = store.at(i);
        if (nameOf(r) == "WUDFHost::HostTerminated") {
            terminated = i;
            reason = trace::argsToText(store, r);
            break;
        }
    }
    switch (c.ends) {
    case Case::Ends::ByWatchdog: // the reflector's watchdog kills it in either mode
        QVERIFY2(terminated.has_value(), "the host was not terminated");
        QVERIFY2(reason.find("host timeout") != std::string::npos, reason.c_str());
        break;
    case Case::Ends::Never: // leaks are reported as the driver unloads; nothing to terminate
        QVERIFY(!terminated.has_value());
        break;
    case Case::Ends::ByVerifier:
        if (strict) {
            QVERIFY2(terminated.has_value(), "strict mode did not terminate the host");
            QVERIFY2(reason.find(std::string("verifier failure: ") + c.rule + " " + c.finding)
                    != std::string::npos,
                reason.c_str());
        } else {
            QVERIFY2(!terminated.has_value(), reason.c_str());
        }
        break;
    }
}

void tst_Verifier::everyMistakeIsTested()
{
    std::set<std::string> tested;
    for (const auto &c : cases())
        tested.insert(c.mistake);
    for (const char *m : kBuggyMistakes)
        QVERIFY2(tested.count(m), (std::string("no test for the buggy mistake ") + m).c_str());
    QCOMPARE(tested.size(), std::size(kBuggyMistakes));
}

// V28 in the default (strict) mode: the finding is recorded, the application's write fails with
// the error the host's translation gives (ERROR_GEN_FAILURE), and the host lives on to serve
// the next request.
void tst_Verifier::untranslatableStatusCompletesTheRequest()
{
    Case c = cases().back();
    QCOMPARE(c.rule, "V28");
    auto loaded = scenario::loadScenario(scenarioText(c, true), "buggy.json");
    if (auto *err = std::get_if<scenario::LoadError>(&loaded))
        QFAIL(err->toString().c_str());
    Simulation sim(std::get<scenario::Scenario>(loaded), builtinDrivers());
    sim.powerOn();
    ActionRunner runner(sim);
    const std::string script = std::string("open h1 ") + kBuggyClass
        + "\nwrite h1 \"hello\"\nexpect result error 31\n"
          "expect trace UMDFVerifier::V28\nexpect no-trace WUDFHost::HostTerminated\n"
          "write h1 \"again\"\nexpect result error 31\n"
          "expect device ROOT\\BUGGY\\0000 started\n";
    auto parsed = scenario::parseActions(script, "actions");
    if (auto *err = std::get_if<scenario::LoadError>(&parsed))
        QFAIL(err->toString().c_str());
    for (const auto &a : std::get<std::vector<scenario::Action>>(parsed)) {
        const auto r = runner.run(a);
        QVERIFY2(r.ok, r.message.c_str());
    }
}

QTEST_APPLESS_MAIN(tst_Verifier)
#include "tst_verifier.moc"
