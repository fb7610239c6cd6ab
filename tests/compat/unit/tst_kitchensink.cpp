// The kitchen sink (tests/compat/unit/kitchensink): a plugin written in the Windows driver style
// that uses as much of core/compat as it can. Loaded as the host loads drivers, its self-test
// checks the headers at run time; what it sends to the host (WPP messages, OutputDebugString, a
// failed ATLASSERT) is seen here through a recording sink on the log, since outside a simulated
// host those go to the log only. Its COM object is then driven from this GCC-built program
// through DllGetClassObject, as the host drives a driver's.
#include "core/host/drivermodule.h"
#include "core/runtime/log.h"
#include "core/scenario/scenarioloader.h"
#include "core/simulation/simulation.h"
#include "core/wudf/guid.h"
#include "drivers/builtin/builtindrivers.h"

#include <QtTest/QtTest>

#include <spdlog/sinks/base_sink.h>

#include <dlfcn.h>

#include <mutex>

// The plugin's interface as a host would declare it: the same vtable, compiled by GCC. Outside
// the anonymous namespace: GCC may otherwise conclude that nothing implements it and turn calls of
// its pure methods into __cxa_pure_virtual.
struct IKitchenSink : public IUnknown
{
    virtual HRESULT STDMETHODCALLTYPE Stir(LONG Times, LONG *Total) = 0;
    virtual ULONG STDMETHODCALLTYPE Depth() = 0;

protected:
    ~IKitchenSink() = default;
};

namespace {

using SelfTestFn = int (*)(char *report, std::size_t size);

struct LogLine
{
    int level;
    QByteArray text;
};

class RecordingSink final : public spdlog::sinks::base_sink<std::mutex>
{
public:
    std::vector<LogLine> lines;

protected:
    void sink_it_(const spdlog::details::log_msg &msg) override
    {
        lines.push_back(
            { int(msg.level), QByteArray(msg.payload.data(), int(msg.payload.size())) });
    }
    void flush_() override { }
};

GUID guid(const char *text)
{
    const auto g = umdfx::wudf::parseGuid(text);
    if (!g)
        qFatal("not a GUID: %s", text);
    return *g;
}

} // namespace

class tst_KitchenSink : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void selfTest();
    void threadsInAHost();
    void messages_data();
    void messages();
    void exports_data();
    void exports();
    void loadedAsADriver();

private:
    void *m_handle = nullptr;
    int m_failures = -1;
    QByteArray m_report;
    std::vector<LogLine> m_log;
};

void tst_KitchenSink::initTestCase()
{
    m_handle = dlopen(UMDFX_KITCHENSINK_PLUGIN, RTLD_NOW | RTLD_LOCAL);
    QVERIFY2(m_handle, dlerror());
    const auto selfTestFn
        = reinterpret_cast<SelfTestFn>(dlsym(m_handle, "umdfx_kitchensink_selftest"));
    QVERIFY2(selfTestFn, "the plugin exports no umdfx_kitchensink_selftest");

    const auto logger = umdfx::log();
    const auto sink = std::make_shared<RecordingSink>();
    const auto savedLevel = logger->level();
    logger->sinks().push_back(sink);
    logger->set_level(spdlog::level::trace);
    char report[8192];
    std::memset(report, 'X', sizeof report);
    m_failures = selfTestFn(report, sizeof report);
    logger->set_level(savedLevel);
    logger->sinks().pop_back();
    report[sizeof report - 1] = '\0';
    m_report = report;
    m_log = sink->lines;
}

void tst_KitchenSink::cleanupTestCase()
{
    // Left loaded: DriverModuleRegistry keeps plugins loaded for the life of the process too.
}

void tst_KitchenSink::selfTest()
{
    qInfo("%s", m_report.constData());
    QVERIFY2(m_failures == 0, m_report.constData());
    QVERIFY2(m_report.startsWith("ok ("), m_report.constData());
    // The self-test really ran its checks (a build that compiled them away would say "ok" too).
    const int checks = m_report.mid(4, m_report.indexOf(' ', 4) - 4).toInt();
    QVERIFY2(checks >= 200, m_report.constData());
}

void tst_KitchenSink::threadsInAHost()
{
    // Threads, events, waits and locks are the host's to serve (core/host/kernelobjects.h): the
    // checks run as a host's code, as a driver's callback would run them.
    const auto threadsFn
        = reinterpret_cast<SelfTestFn>(dlsym(m_handle, "umdfx_kitchensink_threads_selftest"));
    QVERIFY2(threadsFn, "the plugin exports no umdfx_kitchensink_threads_selftest");
    auto loaded = umdfx::scenario::loadScenario(R"({ "name": "host-only",
  "drivers": [ { "name": "echo", "module": "builtin:echo" } ],
  "devices": [ { "instanceId": "ROOT\\ECHO\\0000", "hardwareIds": ["WUDF\\Echo"],
                 "drivers": ["echo"] } ] })",
        "host-only.json");
    QVERIFY(std::holds_alternative<umdfx::scenario::Scenario>(loaded));
    umdfx::Simulation sim(std::get<umdfx::scenario::Scenario>(loaded), umdfx::builtinDrivers());
    sim.powerOn();
    QVERIFY(!sim.hosts().empty());
    char report[8192];
    std::memset(report, 'X', sizeof report);
    int failures = -1;
    sim.hosts().front()->contain([&] { failures = threadsFn(report, sizeof report); });
    report[sizeof report - 1] = '\0';
    qInfo("%s", report);
    QVERIFY2(failures == 0, report);
    QVERIFY2(QByteArray(report).startsWith("ok ("), report);
    const int checks = QByteArray(report).mid(4, QByteArray(report).indexOf(' ', 4) - 4).toInt();
    QVERIFY2(checks >= 50, report);
    QVERIFY(!sim.hosts().front()->failed());
}

void tst_KitchenSink::messages_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<int>("level");
    QTest::addColumn<int>("count"); // exactly this many lines

    // WPP, from the plugin's generated .tmh: %!FUNC! is MSVC's name for the caller.
    QTest::newRow("Trace in an extern \"C\" function")
        << QByteArray("WPP: umdfx_kitchensink_selftest: starting") << int(spdlog::level::info) << 1;
    QTest::newRow("Trace in a method, with %S and %ld")
        << QByteArray("WPP: CKitchenObject::Stir: sink stirred 3 times, total 3")
        << int(spdlog::level::warn) << 1;
    QTest::newRow("Trace with %!HRESULT!")
        << QByteArray("WPP: CKitchenObject::Stir: Times=-1: 0x80070057 E_INVALIDARG")
        << int(spdlog::level::err) << 1;
    QTest::newRow("TraceEvents with %!GUID!") << QByteArray(
        "WPP: DllGetClassObject: asked for class {00000000-0000-0000-c000-000000000046}")
                                              << int(spdlog::level::err) << 1;
    QTest::newRow("TraceEvents at verbose")
        << QByteArray("WPP: umdfx_kitchensink_selftest: 0 failed") << int(spdlog::level::debug)
        << 1;
    // OutputDebugString: UTF-16 converted, the line end dropped.
    QTest::newRow("OutputDebugStringW")
        << QByteArray("kernel32: kitchen sink: OutputDebugStringW caf\xC3\xA9")
        << int(spdlog::level::debug) << 1;
    QTest::newRow("OutputDebugStringA") << QByteArray("kernel32: kitchen sink: OutputDebugStringA")
                                        << int(spdlog::level::debug) << 1;
    QTest::newRow("OutputDebugString") << QByteArray("kernel32: kitchen sink: OutputDebugString")
                                       << int(spdlog::level::debug) << 1;
    // The one ATLASSERT that fails on purpose; CComPtr's own assertions (operator& on a pointer
    // that is set) never fired.
    QTest::newRow("failed ATLASSERT") << QByteArray("kernel32: DebugBreak (or a failed ATLASSERT)")
                                      << int(spdlog::level::critical) << 1;
}

void tst_KitchenSink::messages()
{
    QFETCH(QByteArray, text);
    QFETCH(int, level);
    QFETCH(int, count);
    QByteArray all;
    int found = 0;
    for (const LogLine &l : m_log) {
        all += l.text + "\n";
        if (l.text == text) {
            ++found;
            QCOMPARE(l.level, level);
        }
    }
    QVERIFY2(found == count, ("found " + QByteArray::number(found) + " in:\n" + all).constData());
}

void tst_KitchenSink::exports_data()
{
    QTest::addColumn<QByteArray>("symbol");
    QTest::addColumn<bool>("exported");
    // STDAPI and STDAPI_ functions, as a .def file would export them.
    QTest::newRow("DllGetClassObject") << QByteArray("DllGetClassObject") << true;
    QTest::newRow("the self-test") << QByteArray("umdfx_kitchensink_selftest") << true;
    // DllMain is the entry point Windows calls without an export; the host finds it by name.
    QTest::newRow("DllMain") << QByteArray("DllMain") << true;
    // Everything else stays inside the module (-fvisibility=hidden).
    QTest::newRow("a method") << QByteArray("_ZN14CKitchenObject4StirEiPi") << false;
    QTest::newRow("a static member") << QByteArray("_ZN15CKitchenUnknown13s_ObjectCountE") << false;
}

void tst_KitchenSink::exports()
{
    QFETCH(QByteArray, symbol);
    QFETCH(bool, exported);
    QCOMPARE(dlsym(m_handle, symbol.constData()) != nullptr, exported);
}

void tst_KitchenSink::loadedAsADriver()
{
    umdfx::DriverModuleRegistry registry;
    const umdfx::DriverModule *module = registry.find(UMDFX_KITCHENSINK_PLUGIN);
    QVERIFY2(module, registry.why(UMDFX_KITCHENSINK_PLUGIN).c_str());
    QCOMPARE(QByteArray::fromStdString(umdfx::wudf::guidToString(module->driverClsid)),
        QByteArray("{c0ffee00-1234-4321-8765-0123456789ab}"));
    QVERIFY(module->dllGetClassObject);

    const GUID iidUnknown = guid("00000000-0000-0000-C000-000000000046");
    const GUID iidClassFactory = guid("00000001-0000-0000-C000-000000000046");
    const GUID iidKitchenSink = guid("8D0C5B3A-6F1E-4A27-9B84-1C2D3E4F5A6B");

    void *pv = nullptr;
    QCOMPARE(module->dllGetClassObject(iidKitchenSink, iidClassFactory, &pv),
        HRESULT(0x80040111u)); // CLASS_E_CLASSNOTAVAILABLE
    QVERIFY(!pv);
    QCOMPARE(module->dllGetClassObject(module->driverClsid, iidClassFactory, &pv), HRESULT(0));
    auto *factory = static_cast<IClassFactory *>(pv);
    QVERIFY(factory);

    pv = nullptr;
    QCOMPARE(factory->CreateInstance(nullptr, iidKitchenSink, &pv), HRESULT(0));
    auto *sink = static_cast<IKitchenSink *>(pv);
    QVERIFY(sink);
    QCOMPARE(factory->Release(), ULONG(0));

    LONG total = 0;
    QCOMPARE(sink->Stir(5, &total), HRESULT(0));
    QCOMPARE(total, LONG(5));
    QCOMPARE(sink->Depth(), ULONG(5));
    QCOMPARE(sink->Stir(-1, &total), HRESULT(0x80070057u)); // E_INVALIDARG
    void *unknown = nullptr;
    QCOMPARE(sink->QueryInterface(iidUnknown, &unknown), HRESULT(0));
    QVERIFY(unknown);
    QCOMPARE(static_cast<IUnknown *>(unknown)->Release(), ULONG(1));
    QCOMPARE(sink->AddRef(), ULONG(2));
    QCOMPARE(sink->Release(), ULONG(1));
    QCOMPARE(sink->Release(), ULONG(0));

    // DllMain as a driver writes it ("BOOL WINAPI DllMain(...)", no extern "C"): exported by
    // the declaration in core/compat, so the host calls it.
    QVERIFY(module->dllMain);
}

QTEST_APPLESS_MAIN(tst_KitchenSink)
#include "tst_kitchensink.moc"
