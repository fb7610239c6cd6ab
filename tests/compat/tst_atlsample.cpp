// The ATL sample (tests/compat/atlsample), a driver of our own in the style of Microsoft's toaster,
// built by umdf_add_driver from sources that need what the toaster needs: a UTF-16LE .inx, an IDL
// compiled by widl, a .def file, includes and sources named in another case than on disk, ATL's
// COM classes and module, WPP with a wide format string and %!hresult!, its own list routines,
// devioctl.h and windows.h's max/min. Here: what the plugin exports, its ATL class factory and
// module lock, and a run as a scenario's driver.
#include "core/host/drivermodule.h"
#include "core/scenario/actionparser.h"
#include "core/scenario/scenarioloader.h"
#include "core/simulation/actionrunner.h"
#include "core/simulation/simulation.h"
#include "core/trace/traceformat.h"
#include "core/wudf/guid.h"
#include "drivers/builtin/builtindrivers.h"

#include <QtTest/QtTest>

#include <dlfcn.h>

#include <fstream>
#include <sstream>

class tst_AtlSample : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void exports_data();
    void exports();
    void infIsUtf8();
    void classFactory();
    void runsAsADriver_data();
    void runsAsADriver();

private:
    void *m_handle = nullptr;
};

namespace {

const char kPlugin[] = UMDFX_ATLSAMPLE_PLUGIN;
// The same sources built from AtlSample.vcxproj (umdf_add_driver VCXPROJ).
const char kVcxprojPlugin[] = UMDFX_ATLSAMPLE_VCXPROJ_PLUGIN;
const char kClsid[] = "{a9e3c5f1-6d28-4b7e-9f40-3c1b2e8d7a66}"; // AtlSample.idl's coclass

GUID guid(const char *text)
{
    const auto g = umdfx::wudf::parseGuid(text);
    if (!g)
        qFatal("not a GUID: %s", text);
    return *g;
}

using DllCanUnloadNowFn = HRESULT (*)();

} // namespace

void tst_AtlSample::initTestCase()
{
    m_handle = dlopen(kPlugin, RTLD_NOW | RTLD_LOCAL);
    QVERIFY2(m_handle, dlerror());
}

void tst_AtlSample::cleanupTestCase()
{
    if (m_handle)
        dlclose(m_handle);
}

void tst_AtlSample::exports_data()
{
    QTest::addColumn<QByteArray>("plugin");
    QTest::addColumn<QByteArray>("symbol");
    QTest::addColumn<bool>("exported");
    for (const char *plugin : { kPlugin, kVcxprojPlugin }) {
        const char *how = plugin == kPlugin ? "lists" : "vcxproj";
        // exports.def's EXPORTS, by their C names: DllCanUnloadNow is defined without STDAPI.
        QTest::addRow("%s: DllGetClassObject", how)
            << QByteArray(plugin) << QByteArray("DllGetClassObject") << true;
        QTest::addRow("%s: DllCanUnloadNow", how)
            << QByteArray(plugin) << QByteArray("DllCanUnloadNow") << true;
        // The entry point, found by name by the host.
        QTest::addRow("%s: DllMain", how) << QByteArray(plugin) << QByteArray("DllMain") << true;
        // STDAPI functions the .def file does not name stay inside, as in a Windows DLL.
        QTest::addRow("%s: DllRegisterServer", how)
            << QByteArray(plugin) << QByteArray("DllRegisterServer") << false;
        QTest::addRow("%s: DllUnregisterServer", how)
            << QByteArray(plugin) << QByteArray("DllUnregisterServer") << false;
    }
}

void tst_AtlSample::exports()
{
    QFETCH(QByteArray, plugin);
    QFETCH(QByteArray, symbol);
    QFETCH(bool, exported);
    void *handle = dlopen(plugin.constData(), RTLD_NOW | RTLD_LOCAL);
    QVERIFY2(handle, dlerror());
    const bool found = dlsym(handle, symbol.constData()) != nullptr;
    dlclose(handle);
    QCOMPARE(found, exported);
}

// The .inx is UTF-16LE; the INF beside the plugin is UTF-8, its tokens replaced.
void tst_AtlSample::infIsUtf8()
{
    std::string inf = kPlugin;
    inf.replace(inf.size() - 3, 3, ".inf");
    std::ifstream in(inf, std::ios::binary);
    QVERIFY2(in, inf.c_str());
    std::ostringstream text;
    text << in.rdbuf();
    const QByteArray bytes = QByteArray::fromStdString(text.str());
    QVERIFY(!bytes.startsWith("\xFF\xFE"));
    QVERIFY(!bytes.contains('\0'));
    QVERIFY(bytes.contains("DriverCLSID=%AtlSampleClsid%"));
    QVERIFY(bytes.contains("UmdfLibraryVersion=1.11.0"));
    QVERIFY(bytes.contains("caf\xC3\xA9"));
    std::string why;
    const auto clsid = umdfx::driverClsidFromInf(text.str(), &why);
    QVERIFY2(clsid, why.c_str());
    QCOMPARE(QByteArray::fromStdString(umdfx::wudf::guidToString(*clsid)), QByteArray(kClsid));
}

// ATL's module: DllGetClassObject finds the class OBJECT_ENTRY_AUTO registered; live objects
// and LockServer hold the module (DllCanUnloadNow), the class factory does not.
void tst_AtlSample::classFactory()
{
    umdfx::DriverModuleRegistry registry;
    const umdfx::DriverModule *module = registry.find(kPlugin);
    QVERIFY2(module, registry.why(kPlugin).c_str());
    QCOMPARE(QByteArray::fromStdString(umdfx::wudf::guidToString(module->driverClsid)),
        QByteArray(kClsid));
    QVERIFY(module->dllMain);
    const auto canUnload = reinterpret_cast<DllCanUnloadNowFn>(dlsym(m_handle, "DllCanUnloadNow"));
    QVERIFY(canUnload);

    const GUID iidUnknown = guid("00000000-0000-0000-C000-000000000046");
    const GUID iidClassFactory = guid("00000001-0000-0000-C000-000000000046");
    const GUID iidDriverEntry = guid("1BEC7499-8881-4F2B-B01C-A1A907304AFC");
    const GUID iidDevice = guid("D657FE45-460A-49C3-8219-766AE8032A80");

    void *pv = nullptr;
    QCOMPARE(module->dllGetClassObject(iidDevice, iidClassFactory, &pv),
        HRESULT(0x80040111u)); // CLASS_E_CLASSNOTAVAILABLE
    QVERIFY(!pv);
    QCOMPARE(module->dllGetClassObject(module->driverClsid, iidClassFactory, &pv), HRESULT(0));
    auto *factory = static_cast<IClassFactory *>(pv);
    QVERIFY(factory);
    QCOMPARE(canUnload(), HRESULT(0)); // S_OK: a class factory holds no lock

    pv = nullptr;
    QCOMPARE(factory->CreateInstance(reinterpret_cast<IUnknown *>(factory), iidUnknown, &pv),
        HRESULT(0x80040110u)); // CLASS_E_NOAGGREGATION
    QVERIFY(!pv);
    QCOMPARE(
        factory->CreateInstance(nullptr, iidDevice, &pv), HRESULT(0x80004002u)); // E_NOINTERFACE
    QVERIFY(!pv);
    QCOMPARE(canUnload(), HRESULT(0)); // the failed object is gone

    QCOMPARE(factory->CreateInstance(nullptr, iidDriverEntry, &pv), HRESULT(0));
    auto *entry = static_cast<IUnknown *>(pv);
    QVERIFY(entry);
    QCOMPARE(canUnload(), HRESULT(1)); // S_FALSE: an object is alive

    // The COM identity: IUnknown is the first COM map entry's interface.
    void *unknown = nullptr;
    QCOMPARE(entry->QueryInterface(iidUnknown, &unknown), HRESULT(0));
    QCOMPARE(unknown, static_cast<void *>(entry));
    QCOMPARE(static_cast<IUnknown *>(unknown)->Release(), ULONG(1));
    void *none = reinterpret_cast<void *>(1);
    QCOMPARE(entry->QueryInterface(iidDevice, &none), HRESULT(0x80004002u));
    QVERIFY(!none);
    QCOMPARE(entry->Release(), ULONG(0));
    QCOMPARE(canUnload(), HRESULT(0));

    QCOMPARE(factory->LockServer(TRUE), HRESULT(0));
    QCOMPARE(canUnload(), HRESULT(1));
    QCOMPARE(factory->LockServer(FALSE), HRESULT(0));
    QCOMPARE(canUnload(), HRESULT(0));

    // The factory is the module's, made once: asking again gives the same object.
    void *again = nullptr;
    QCOMPARE(module->dllGetClassObject(module->driverClsid, iidClassFactory, &again), HRESULT(0));
    QCOMPARE(again, static_cast<void *>(factory));
    static_cast<IClassFactory *>(again)->Release();
    factory->Release();
}

// Loaded by the simulated host from its UTF-16LE INF, started (AssignS0IdleSettings succeeds),
// written, read, asked two IOCTLs and an unknown one (E_FAIL: the application sees
// ERROR_GEN_FAILURE and the host lives on), with its WPP messages in the trace.
void tst_AtlSample::runsAsADriver_data()
{
    QTest::addColumn<QByteArray>("plugin");
    QTest::addRow("built from CMake's lists") << QByteArray(kPlugin);
    QTest::addRow("built from the .vcxproj") << QByteArray(kVcxprojPlugin);
}

void tst_AtlSample::runsAsADriver()
{
    QFETCH(QByteArray, plugin);
    const std::string scenarioText = std::string(R"({ "name": "atlsample",
  "drivers": [ { "name": "AtlSample", "module": ")")
        + plugin.toStdString() + R"(" } ],
  "devices": [ { "instanceId": "ROOT\\ATLSAMPLE\\0000", "hardwareIds": ["WUDF\\AtlSample"],
                 "drivers": ["AtlSample"] } ] })";
    auto loaded = umdfx::scenario::loadScenario(scenarioText, "atlsample.json");
    if (auto *err = std::get_if<umdfx::scenario::LoadError>(&loaded))
        QFAIL(err->toString().c_str());
    umdfx::Simulation sim(std::get<umdfx::scenario::Scenario>(loaded), umdfx::builtinDrivers());
    sim.powerOn();
    umdfx::ActionRunner runner(sim);
    const char *actions = "expect device ROOT\\ATLSAMPLE\\0000 started\n"
                          "open h1 {4f1b7d2e-93a5-4c08-b61e-2d7a90c35e41}\n"
                          "write h1 \"first\"\n"
                          "expect bytes 5\n"
                          "write h1 \"second\"\n"
                          "ioctl h1 0x226008 out 4\n"
                          "expect data hex:02000000\n"
                          "read h1 16\n"
                          "expect data \"first\"\n"
                          "ioctl h1 0x222004 hex:0700000009000000 out 4\n"
                          "expect data hex:09000000\n"
                          "ioctl h1 0x222010 out 4\n"
                          "expect result error 31\n"
                          "expect trace UMDFVerifier::V28\n"
                          "read h1 16\n"
                          "expect data \"second\"\n"
                          "close h1\n"
                          "disable-device ROOT\\ATLSAMPLE\\0000\n"
                          "expect device ROOT\\ATLSAMPLE\\0000 removed\n";
    auto parsed = umdfx::scenario::parseActions(actions, "atlsample.actions");
    if (auto *err = std::get_if<umdfx::scenario::LoadError>(&parsed))
        QFAIL(err->toString().c_str());
    for (const auto &a : std::get<std::vector<umdfx::scenario::Action>>(parsed)) {
        const auto r = runner.run(a);
        QVERIFY2(r.ok, r.message.c_str());
    }

    std::lock_guard lock(sim.world().lock);
    const auto &store = sim.world().trace;
    std::vector<std::string> messages;
    for (std::size_t i = 0; i < store.size(); ++i) {
        const std::string line = umdfx::trace::toJsonLine(store, store.at(i), false);
        if (line.find("\"WPP\"") != std::string::npos || line.find("WPP::") != std::string::npos)
            messages.push_back(line);
    }
    const auto has = [&](const std::string &part) {
        return std::any_of(messages.begin(), messages.end(),
            [&](const std::string &m) { return m.find(part) != std::string::npos; });
    };
    QVERIFY2(!messages.empty(), "no WPP records");
    // L"...%!GUID!... %s": the wide format, its GUID and its wide string argument.
    QVERIFY2(has("the type library is {2c6e0d94-57b1-4a3f-8e29-b04d13f6a7c5}, the driver class "
                 "AtlSampleDriver"),
        messages.front().c_str());
    // %!hresult! in lower case, expanded as %!HRESULT! is.
    QVERIFY(has("CDriver::OnDeviceAdd: S_OK"));
    QVERIFY(has("unknown control code 0x222010: 0x80004005 E_FAIL"));
    QVERIFY(!has("%!hresult!"));
}

QTEST_APPLESS_MAIN(tst_AtlSample)
#include "tst_atlsample.moc"
