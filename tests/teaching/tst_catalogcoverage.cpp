// The explanation catalog covers what the simulator traces: a traced Interface::Method without an
// entry fails here. The runs: every golden action script against its scenario (the set of
// tests/golden/*.actions), a tour of the default scenario that uses every action of the language,
// and every mistake of the buggy driver in strict and in teaching mode. Each distinct name of a
// callback, DDI, Win32, PnP, notification, host or verifier record must have an entry that
// explains that kind of record. A second check reads the trace sites written in core/ itself
// (pairs of interned names), so that a DDI no run reaches is covered too.
#include "core/runtime/log.h"
#include "core/scenario/actionparser.h"
#include "core/scenario/scenarioloader.h"
#include "core/simulation/actionrunner.h"
#include "core/simulation/simulation.h"
#include "core/teaching/explanationcatalog.h"
#include "core/trace/stringtable.h"
#include "drivers/buggy/buggydriver.h"
#include "drivers/builtin/builtindrivers.h"
#include "resources/embeddedresources.h"

#include <QtCore/QRegularExpression>
#include <QtTest/QtTest>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

using namespace umdfx;

class tst_CatalogCoverage : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void goldenScriptsAreAllListed();
    void everyTracedMethodHasAnEntry();
    void everyTraceSiteInCoreHasAnEntry();

private:
    // Every traced name (with each kind it was seen with) that the catalog does not explain.
    std::vector<std::string> unexplained(const teaching::ExplanationCatalog &catalog) const;
    // Interface::Method -> the record kinds seen with it, and one place it was seen.
    struct Seen
    {
        std::set<trace::Kind> kinds;
        std::string where;
    };
    void collect(const std::string &runName, const scenario::Scenario &s, std::string_view actions,
        bool expectsMustHold);
    std::map<std::string, Seen> m_seen;
    std::vector<std::string> m_runFailures;
};

namespace {

const std::string kSource = UMDFX_SOURCE_DIR;

std::string readFile(const std::filesystem::path &path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// The golden scripts and their scenarios, as tests/golden/tst_goldentraces.cpp pairs them.
// goldenScriptsAreAllListed() fails when a script is added there and not here.
struct GoldenRun
{
    const char *scenario; // a path from the source root
    const char *script; // tests/golden/<script>.actions
};
const GoldenRun kGoldenRuns[] = {
    { "resources/scenarios/echo.json", "s1_start" },
    { "resources/scenarios/echo.json", "s1_orderly_removal" },
    { "resources/scenarios/echo.json", "s1_removal_vetoed" },
    { "resources/scenarios/echo.json", "s1_surprise_removal" },
    { "resources/scenarios/echo.json", "s2_open_write_close" },
    { "tests/data/scenarios/echo-noref.json", "s2_noref" },
    { "tests/data/scenarios/echo-forget-create.json", "s2_no_create_callback" },
    { "resources/scenarios/echo.json", "s3_zero_length" },
    { "tests/data/scenarios/echo-zero-length.json", "s3_zero_length_allowed" },
    { "tests/data/scenarios/echo-forget-write.json", "s3_no_write_callback" },
    { "tests/data/scenarios/echo-small.json", "s3_oversize_write" },
    { "resources/scenarios/echo.json", "s4_disable_enable" },
    { "tests/data/scenarios/echo-kernel-link.json", "s4_kernel_link" },
    { "resources/scenarios/echo.json", "s4_class_notifications" },
    { "resources/scenarios/echo.json", "s5_custom_event_app" },
    { "resources/scenarios/consumer.json", "s5_custom_event_driver" },
    { "resources/scenarios/default.json", "s5_sensor_events" },
    { "tests/data/scenarios/echo-pending-reads.json", "s6_cancel_pending_read" },
    { "tests/data/scenarios/echo-pending-reads.json", "s6_cancel_queued" },
    { "tests/data/scenarios/echo-pending-reads.json", "s6_close_with_pending_read" },
    { "resources/scenarios/consumer.json", "s7_remote_interface" },
    { "tests/data/scenarios/consumer-default-removal.json", "s7_remote_interface_default_removal" },
    { "resources/scenarios/consumer.json", "s7_surprise_removal" },
    { "tests/data/scenarios/consumer-target-first.json", "s7_surprise_removal_target_first" },
    { "resources/scenarios/consumer.json", "s8_remote_target_query_remove" },
    { "resources/scenarios/echo.json", "s8_app_closes_on_query_remove" },
    { "resources/scenarios/echo.json", "s8_app_surprise_removal" },
    { "tests/data/scenarios/consumer-veto.json", "s8_veto_by_consumer" },
    { "tests/data/scenarios/echo-veto.json", "s8_veto_by_driver" },
    { "tests/data/scenarios/echo-veto.json", "s8_app_reopens_after_veto" },
    { "tests/data/scenarios/consumer-orderly-interface-first.json",
        "s8_remote_target_interface_first" },
    { "tests/data/scenarios/swenum-arrival.json", "s9_swenum_in_arrival" },
    { "tests/data/scenarios/swenum-workitem.json", "s9_swenum_work_item" },
    { "tests/data/scenarios/swenum-threadpool.json", "s9_swenum_thread_pool" },
    { "tests/data/scenarios/buggy-double-completion.json", "s12_host_failure" },
    { "tests/data/scenarios/echo-idle.json", "s10_idle_power_down" },
    { "tests/data/scenarios/echo-idle-requeue.json", "s10_idle_requeue" },
    { "tests/data/scenarios/echo-idle-ignore.json", "s10_idle_blocked" },
    { "tests/data/scenarios/echo-rebalance.json", "s11_rebalance" },
    { "tests/data/scenarios/echo-rebalance-veto.json", "s11_rebalance_vetoed" },
};

// The tour: every action of the language once on the default scenario (echo, the consumer, the
// SWENUM bus with the sensor), so that the Win32 calls, completion routines, IOCTLs and PnP
// operations of each kind appear.
const char kTour[] = R"(open h1 {cdc35b6e-0be4-4936-bf5f-5537380a7c1a}\Port1 async
register-notification h1
register-notification {cdc35b6e-0be4-4936-bf5f-5537380a7c1a}
write h1 "hello"
read h1 16
writeex h1 "again"
readex h1 16
sleepex 10ms
read h1 16
cancel h1
open s1 {6c0a3f52-8d1e-4b7a-a2c9-5e4f3d2b1a09}
ioctl s1 0x222000 hex:0102
ioctl s1 0x222004 out 8
advance 2s
post-event ROOT\ECHO\0000 {f1e2d3c4-b5a6-4978-8a9b-0c1d2e3f4a5b} hex:0102
disable ROOT\ECHO\0000 {cdc35b6e-0be4-4936-bf5f-5537380a7c1a} Port2
enable ROOT\ECHO\0000 {cdc35b6e-0be4-4936-bf5f-5537380a7c1a} Port2
stop ROOT\ECHO\0000
advance 100ms
query-remove ROOT\ECHO\0000
close h1
close s1
disable-device ROOT\ECHO\0000
enable-device ROOT\ECHO\0000
open h2 {cdc35b6e-0be4-4936-bf5f-5537380a7c1a}\Port2
surprise-remove ROOT\ECHO\0000
close h2
remove ROOT\CONSUMER\0000
)";

// The buggy driver's scenario, as tests/verifier/tst_verifier.cpp builds it.
std::string buggyScenario(const char *mistake, bool strict, bool withSensor, bool targetFirst)
{
    std::ostringstream s;
    s << R"({"name":"buggy","drivers":[{"name":"echo","module":"builtin:echo"},)"
      << R"({"name":"sensor","module":"builtin:sensor"},{"name":"buggy","module":"builtin:buggy"}],)"
      << R"("devices":[{"instanceId":"ROOT\\ECHO\\0000","hardwareIds":["WUDF\\Echo"],"drivers":["echo"]},)";
    if (withSensor)
        s << R"({"instanceId":"ROOT\\SWENUM\\0000","hardwareIds":["SWENUM"],"kernelService":"swenum"},)"
          << R"({"instanceId":"SW\\{6c0a3f52-8d1e-4b7a-a2c9-5e4f3d2b1a09}\\0000",)"
          << R"("parent":"ROOT\\SWENUM\\0000","hardwareIds":["SW\\X"],"drivers":["sensor"]},)";
    s << R"({"instanceId":"ROOT\\BUGGY\\0000","hardwareIds":["WUDF\\Buggy"],"drivers":["buggy"],)"
      << R"("parameters":{"Mistake":")" << mistake << R"("}}],)"
      << R"("knobs":{"verifierMode":")" << (strict ? "strict" : "teaching") << '"';
    if (targetFirst)
        s << R"(,"surpriseNotificationOrder":"targetFirst")";
    s << "}}";
    return s.str();
}

// How each mistake is reached (docs/drivers.md); the rest make theirs on a write. Every script
// ends by removing what is left, so that teardown and unload records appear as well.
std::string buggyActions(std::string_view mistake)
{
    const std::string open = "open h1 {3d8b5e61-0a2c-4f7e-b914-6c5d4e3f2a1b}";
    if (mistake == "RequestNotCompleted")
        return open + " async\nwrite h1 \"x\"\nsurprise-remove ROOT\\BUGGY\\0000\nclose h1\n";
    if (mistake == "QueryRemoveWithoutClose")
        return "remove ROOT\\ECHO\\0000\n";
    if (mistake == "RemoveCompleteWithoutClose")
        return "surprise-remove ROOT\\ECHO\\0000\n";
    if (mistake == "RemoteInterfaceNotDeleted")
        return "disable ROOT\\ECHO\\0000 {cdc35b6e-0be4-4936-bf5f-5537380a7c1a}\n";
    if (mistake == "OnDeviceAddWithoutDevice" || mistake == "DeleteWorkItemInsideCallback"
        || mistake == "CreateRemoteInterfaceOutsideArrival" || mistake == "SwenumOpenInsideArrival"
        || mistake == "HostTimeout")
        return "advance 1s\n";
    if (mistake == "ObjectLeak" || mistake == "TimerLeak")
        return "remove ROOT\\BUGGY\\0000\n";
    return open + "\nwrite h1 \"hello\"\nclose h1\nremove ROOT\\BUGGY\\0000\n";
}

std::string nameOf(const trace::TraceRecord &r)
{
    return std::string(trace::str(r.iface)) + "::" + std::string(trace::str(r.method));
}

scenario::Scenario loadOrFail(std::string_view text, const std::string &name)
{
    auto loaded = scenario::loadScenario(text, name);
    if (auto *err = std::get_if<scenario::LoadError>(&loaded))
        qFatal("%s", err->toString().c_str());
    return std::get<scenario::Scenario>(std::move(loaded));
}

} // namespace

void tst_CatalogCoverage::collect(const std::string &runName, const scenario::Scenario &s,
    std::string_view actions, bool expectsMustHold)
{
    auto parsed = scenario::parseActions(actions, runName);
    if (auto *err = std::get_if<scenario::LoadError>(&parsed))
        qFatal("%s", err->toString().c_str());
    Simulation sim(s, builtinDrivers());
    sim.powerOn();
    ActionRunner runner(sim);
    for (const auto &a : std::get<std::vector<scenario::Action>>(parsed)) {
        const auto result = runner.run(a);
        // A golden script's expects pair it with the right scenario; the buggy runs' Win32 calls
        // may fail on purpose.
        if (!result.ok && expectsMustHold)
            m_runFailures.push_back(result.message);
    }
    std::lock_guard lock(sim.world().lock);
    const auto &store = sim.world().trace;
    for (std::size_t i = 0; i < store.size(); ++i) {
        const auto &r = store.at(i);
        if (r.kind == trace::Kind::Action || r.kind == trace::Kind::Log)
            continue;
        auto &seen = m_seen[nameOf(r)];
        seen.kinds.insert(r.kind);
        if (seen.where.empty())
            seen.where = runName + " record " + std::to_string(r.seq);
    }
}

std::vector<std::string> tst_CatalogCoverage::unexplained(
    const teaching::ExplanationCatalog &catalog) const
{
    std::vector<std::string> missing;
    for (const auto &[name, seen] : m_seen) {
        const auto sep = name.find("::");
        trace::TraceRecord probe {};
        probe.iface = trace::intern(name.substr(0, sep));
        probe.method = trace::intern(name.substr(sep + 2));
        for (const trace::Kind kind : seen.kinds) {
            probe.kind = kind;
            const teaching::Explanation *x = catalog.find(probe);
            if (!x)
                missing.push_back(name + " (" + std::string(trace::kindName(kind))
                    + "), first seen in " + seen.where);
            else if (!x->explainsKind(kind))
                missing.push_back(name + ": the entry " + x->name() + " at " + x->where.toString()
                    + " does not explain " + std::string(trace::kindName(kind)) + " records");
        }
    }
    return missing;
}

void tst_CatalogCoverage::initTestCase()
{
    // The buggy runs end hosts on purpose; their warnings are expected, not news.
    log()->set_level(spdlog::level::err);
    for (const auto &g : kGoldenRuns) {
        const std::string script = kSource + "/tests/golden/" + g.script + ".actions";
        collect(g.script, loadOrFail(readFile(kSource + "/" + g.scenario), g.scenario),
            readFile(script), true);
    }
    collect("the tour", loadOrFail(resources::defaultScenario(), "embedded:default"), kTour, true);
    for (const char *mistake : kBuggyMistakes) {
        const std::string_view m = mistake;
        const bool withSensor = m == "SwenumOpenInsideArrival";
        const bool targetFirst = m == "RemoveCompleteWithoutClose";
        for (const bool strict : { true, false }) {
            const std::string name
                = std::string("buggy ") + mistake + (strict ? " strict" : " teaching");
            collect(name, loadOrFail(buggyScenario(mistake, strict, withSensor, targetFirst), name),
                buggyActions(m), false);
        }
    }
}

void tst_CatalogCoverage::goldenScriptsAreAllListed()
{
    std::set<std::string> listed;
    for (const auto &g : kGoldenRuns)
        listed.insert(g.script);
    std::set<std::string> onDisk;
    for (const auto &e : std::filesystem::directory_iterator(kSource + "/tests/golden"))
        if (e.path().extension() == ".actions")
            onDisk.insert(e.path().stem().string());
    for (const auto &s : onDisk)
        QVERIFY2(listed.count(s),
            ("tests/golden/" + s + ".actions is not run here: add it to kGoldenRuns").c_str());
    QCOMPARE(listed.size(), onDisk.size());
    for (const auto &f : m_runFailures)
        qWarning("%s", f.c_str());
    QVERIFY2(
        m_runFailures.empty(), "a golden script's expect failed: wrong scenario in kGoldenRuns?");
}

void tst_CatalogCoverage::everyTracedMethodHasAnEntry()
{
    const auto &catalog = teaching::ExplanationCatalog::embedded();
    // The runs must have reached every part of the simulator, or coverage proves little.
    for (const char *must : { "IQueueCallbackWrite::OnWrite", "kernel32::WriteFileEx",
             "kernel32::FileIOCompletionRoutine", "kernel32::DeviceIoControl",
             "WM_DEVICECHANGE::DBT_CUSTOMEVENT", "PnP::IRP_MN_SURPRISE_REMOVAL",
             "WUDF_WORKITEM_FUNCTION::OnWorkItem", "WAITORTIMERCALLBACK::TimerCallback",
             "WUDFHost::HostTerminated", "Reflector::HostTimeout", "UMDFVerifier::V5",
             "UMDFVerifier::V27", "kernel32::CreateTimerQueueTimer" })
        QVERIFY2(m_seen.count(must), (std::string("no run traced ") + must).c_str());

    std::vector<std::string> missing = unexplained(catalog);
    for (const auto &m : missing)
        qWarning("no explanation: %s", m.c_str());
    QVERIFY2(missing.empty(), "traced methods without a catalog entry (listed above)");
    qInfo("%zu distinct traced names, all explained", m_seen.size());

    // The check must be able to fail: a catalog that explains only OnWrite leaves the rest out,
    // and an entry that does not explain the kind it was traced with does not count.
    auto one
        = teaching::ExplanationCatalog::load(R"({"entries": [{"interface": "IQueueCallbackWrite",
        "method": "OnWrite", "kinds": ["ddi"], "summary": "s", "purpose": "p", "when": "w",
        "mustDo": "m", "mistakes": "x", "docs": "https://learn.microsoft.com/x"}]})",
            "one.json");
    QVERIFY(std::holds_alternative<teaching::ExplanationCatalog>(one));
    const auto gaps = unexplained(std::get<teaching::ExplanationCatalog>(one));
    QVERIFY(gaps.size() >= m_seen.size()); // one per name and kind
    QVERIFY(std::any_of(gaps.begin(), gaps.end(), [](const std::string &g) {
        return g.starts_with("IQueueCallbackWrite::OnWrite: the entry");
    }));
}

void tst_CatalogCoverage::everyTraceSiteInCoreHasAnEntry()
{
    // Trace sites name their interface and method with two interned literals side by side:
    //   ddiSite(UMDFX_STR("IWDFIoRequest"), UMDFX_STR("CompleteWithInformation"))
    // (sites whose method is a variable are reached by the runs above instead).
    // QRegularExpression rather than <regex>: GCC 12's <regex> trips -Wmaybe-uninitialized in the
    // sanitizer build.
    const QRegularExpression pair(
        QStringLiteral(R"re(UMDFX_STR\("([^"]+)"\)\s*,\s*UMDFX_STR\("([^"]+)"\))re"));
    const auto &catalog = teaching::ExplanationCatalog::embedded();
    std::set<std::string> sites;
    std::vector<std::string> missing;
    for (const auto &e :
        std::filesystem::recursive_directory_iterator(std::filesystem::path(kSource) / "core")) {
        const auto ext = e.path().extension();
        if (!e.is_regular_file() || (ext != ".cpp" && ext != ".h"))
            continue;
        const std::string text = readFile(e.path());
        auto it = pair.globalMatch(QString::fromStdString(text));
        while (it.hasNext()) {
            const auto m = it.next();
            const std::string name
                = m.captured(1).toStdString() + "::" + m.captured(2).toStdString();
            if (sites.insert(name).second && !catalog.find(name))
                missing.push_back(name + " (" + e.path().filename().string() + ")");
        }
    }
    for (const auto &m : missing)
        qWarning("no explanation for the trace site %s", m.c_str());
    QVERIFY2(missing.empty(), "trace sites in core/ without a catalog entry (listed above)");
    // The scan itself must find the sites (a changed macro would make it pass vacuously).
    QVERIFY(sites.count("IQueueCallbackWrite::OnWrite"));
    QVERIFY(sites.size() > 100);
}

QTEST_APPLESS_MAIN(tst_CatalogCoverage)
#include "tst_catalogcoverage.moc"
