// Symbolic links in Windows' exact form (reference §4.2) and the CreateFile name lookup (§4.1).
#include "core/pnp/interfaceregistry.h"
#include "core/pnp/symboliclink.h"
#include "core/wudf/guid.h"
#include "core/wudf/wudfstatus.h"

#include <QtTest/QtTest>

namespace {
const GUID kEcho = *umdfx::wudf::parseGuid("{CDC35B6E-0BE4-4936-BF5F-5537380A7C1A}");
}

class tst_SymbolicLink : public QObject
{
    Q_OBJECT
private slots:
    void format_data();
    void format();
    void parse_data();
    void parse();
    void resolveOpen_data();
    void resolveOpen();
    void registryStates();
};

void tst_SymbolicLink::format_data()
{
    QTest::addColumn<QString>("instanceId");
    QTest::addColumn<QString>("reference");
    QTest::addColumn<QString>("expected");
    QTest::addRow("reference string")
        << "ROOT\\ECHO\\0000"
        << "Port1"
        << "\\\\?\\ROOT#ECHO#0000#{cdc35b6e-0be4-4936-bf5f-5537380a7c1a}\\Port1";
    QTest::addRow("no reference: nothing after the brace")
        << "ROOT\\SAMPLE\\0000"
        << ""
        << "\\\\?\\ROOT#SAMPLE#0000#{cdc35b6e-0be4-4936-bf5f-5537380a7c1a}";
    QTest::addRow("instance id keeps its case, GUID lower case")
        << "HID\\VID_413C&PID_2107\\e&1de7f0c0&0&0000"
        << "KBD"
        << "\\\\?\\HID#VID_413C&PID_2107#e&1de7f0c0&0&0000#{cdc35b6e-0be4-4936-bf5f-5537380a7c1a}"
           "\\KBD";
}

void tst_SymbolicLink::format()
{
    QFETCH(QString, instanceId);
    QFETCH(QString, reference);
    QFETCH(QString, expected);
    QCOMPARE(QString::fromStdString(
                 umdfx::makeSymbolicLink(instanceId.toStdString(), kEcho, reference.toStdString())),
        expected);
}

void tst_SymbolicLink::parse_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<QString>("munged");
    QTest::addColumn<QString>("remainder");
    QTest::addColumn<QString>("first");
    const QString g = QStringLiteral("{cdc35b6e-0be4-4936-bf5f-5537380a7c1a}");
    QTest::addRow("user prefix with reference")
        << "\\\\?\\ROOT#ECHO#0000#" + g + "\\Port1" << true << "ROOT#ECHO#0000"
        << "\\Port1"
        << "Port1";
    QTest::addRow("kernel prefix") << "\\??\\ROOT#ECHO#0000#" + g << true << "ROOT#ECHO#0000"
                                   << ""
                                   << "";
    QTest::addRow("extra path after the reference")
        << "\\\\?\\ROOT#ECHO#0000#" + g + "\\Port1\\extra" << true << "ROOT#ECHO#0000"
        << "\\Port1\\extra"
        << "Port1";
    QTest::addRow("upper-case GUID is accepted")
        << "\\\\?\\ROOT#ECHO#0000#" + g.toUpper() << true << "ROOT#ECHO#0000"
        << ""
        << "";
    QTest::addRow("no prefix") << "ROOT#ECHO#0000#" + g << false << ""
                               << ""
                               << "";
    QTest::addRow("no GUID") << "\\\\?\\ROOT#ECHO#0000" << false << ""
                             << ""
                             << "";
    QTest::addRow("GUID without braces")
        << "\\\\?\\ROOT#ECHO#0000#cdc35b6e-0be4-4936-bf5f-5537380a7c1a" << false << ""
        << ""
        << "";
    QTest::addRow("empty instance") << "\\\\?\\#" + g << false << ""
                                    << ""
                                    << "";
    QTest::addRow("DOS device name") << "\\\\.\\COM5" << false << ""
                                     << ""
                                     << "";
}

void tst_SymbolicLink::parse()
{
    QFETCH(QString, path);
    QFETCH(bool, valid);
    const auto parsed = umdfx::parseSymbolicLink(path.toStdString());
    QCOMPARE(parsed.has_value(), valid);
    if (!valid)
        return;
    QFETCH(QString, munged);
    QFETCH(QString, remainder);
    QFETCH(QString, first);
    QCOMPARE(QString::fromStdString(parsed->mungedInstance), munged);
    QCOMPARE(QString::fromStdString(parsed->remainder), remainder);
    QCOMPARE(QString::fromStdString(parsed->firstComponent), first);
    QVERIFY(parsed->interfaceClass == kEcho);
}

void tst_SymbolicLink::resolveOpen_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<int>("policy"); // 0 reject, 1 kernelLink
    QTest::addColumn<int>("error"); // 0 = resolves
    QTest::addColumn<QString>("fileName");
    const QString base
        = QStringLiteral("\\\\?\\ROOT#ECHO#0000#{cdc35b6e-0be4-4936-bf5f-5537380a7c1a}");
    QTest::addRow("enabled instance") << base + "\\Port2" << 0 << 0 << "\\Port2";
    QTest::addRow("lookup ignores case") << base.toLower() + "\\PORT2" << 0 << 0 << "\\PORT2";
    QTest::addRow("extra path reaches the driver") << base + "\\Port2\\x" << 0 << 0 << "\\Port2\\x";
    QTest::addRow("disabled instance, reject")
        << base + "\\Port1" << 0 << int(ERROR_PATH_NOT_FOUND) << "";
    QTest::addRow("disabled instance, shared kernel link")
        << base + "\\Port1" << 1 << 0 << "\\Port1";
    QTest::addRow("unknown device")
        << QString(base).replace("0000", "0001") << 0 << int(ERROR_FILE_NOT_FOUND) << "";
    QTest::addRow("unknown device with a suffix")
        << QString(base).replace("0000", "0001") + "\\Port2" << 0 << int(ERROR_PATH_NOT_FOUND)
        << "";
    QTest::addRow("not a device path") << "C:\\file.txt" << 0 << int(ERROR_FILE_NOT_FOUND) << "";
}

void tst_SymbolicLink::resolveOpen()
{
    QFETCH(QString, path);
    QFETCH(int, policy);
    QFETCH(int, error);
    QFETCH(QString, fileName);
    umdfx::InterfaceRegistry registry;
    const std::string p1 = "Port1", p2 = "Port2";
    registry.registerInterface(1, "ROOT\\ECHO\\0000", kEcho, &p1);
    registry.registerInterface(1, "ROOT\\ECHO\\0000", kEcho, &p2);
    QCOMPARE(registry.setState(1, kEcho, &p2, true), S_OK);
    const auto result = registry.resolveOpen(path.toStdString(),
        policy ? umdfx::Knobs::DisabledInterfaceOpen::KernelLink
               : umdfx::Knobs::DisabledInterfaceOpen::Reject);
    if (error) {
        QVERIFY(std::holds_alternative<std::uint32_t>(result));
        QCOMPARE(int(std::get<std::uint32_t>(result)), error);
    } else {
        QVERIFY(std::holds_alternative<umdfx::InterfaceRegistry::OpenTarget>(result));
        QCOMPARE(
            QString::fromStdString(std::get<umdfx::InterfaceRegistry::OpenTarget>(result).fileName),
            fileName);
    }
}

void tst_SymbolicLink::registryStates()
{
    umdfx::InterfaceRegistry registry;
    std::vector<std::pair<std::string, bool>> changes;
    registry.setChangeListener([&](const umdfx::InterfaceInstance &i, bool on) {
        changes.emplace_back(i.symbolicLink, on);
    });
    const std::string ref = "Port1";
    const auto &i = registry.registerInterface(1, "ROOT\\ECHO\\0000", kEcho, &ref);
    QVERIFY(!i.enabled); // a new instance starts disabled (§4.1)
    QCOMPARE(&registry.registerInterface(1, "ROOT\\ECHO\\0000", kEcho, &ref),
        &i); // registering again: same instance
    QVERIFY(registry.present(kEcho).empty());
    QCOMPARE(registry.setState(1, kEcho, &ref, true), S_OK);
    QCOMPARE(registry.present(kEcho).size(), std::size_t(1));
    QCOMPARE(registry.setState(1, kEcho, nullptr, true),
        HRESULT_FROM_WIN32(ERROR_NOT_FOUND)); // NULL = no reference
    QCOMPARE(registry.setState(1, kEcho, &ref, true), S_OK); // no change, no event
    registry.disableAll(1);
    QCOMPARE(changes.size(), std::size_t(2));
    QVERIFY(changes[0].second && !changes[1].second);
}

QTEST_APPLESS_MAIN(tst_SymbolicLink)
#include "tst_symboliclink.moc"
