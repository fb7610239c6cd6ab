// The small models: open handles, present interfaces, verifier findings, the actions log and
// its script, the log sink and model, the inspector's fields.
#include "tests/trace/syntheticstore.h"

#include "core/win32/hresulttext.h"
#include "widgets/models/actionlogmodel.h"
#include "widgets/models/findingsmodel.h"
#include "widgets/models/inspectormodel.h"
#include "widgets/models/logmodel.h"
#include "widgets/models/snapshotlistmodels.h"
#include "widgets/models/tracetablemodel.h"

#include "core/scenario/scenarioloader.h"
#include "core/simulation/interactivesession.h"
#include "drivers/builtin/builtindrivers.h"

#include <QAbstractItemModelTester>
#include <QtTest/QtTest>

#include <spdlog/logger.h>

using namespace umdfx::gui;
using umdfx::trace::Kind;
using umdfx::trace::Phase;

class tst_ListModels : public QObject
{
    Q_OBJECT
private slots:
    void handlesAndInterfaces();
    void findings();
    void actionScript();
    void logSinkAndModel();
    void inspectorDecodesResults();
    void hresultText_data();
    void hresultText();
};

void tst_ListModels::handlesAndInterfaces()
{
    auto loaded = umdfx::scenario::loadScenarioFile(
        std::string(UMDFX_SOURCE_DIR) + "/tests/widgets/data/echo.json");
    umdfx::InteractiveSession s(
        std::get<umdfx::scenario::Scenario>(loaded), umdfx::builtinDrivers());
    s.powerOn();
    HandleListModel handles;
    InterfaceListModel interfaces;
    QAbstractItemModelTester t1(&handles, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester t2(
        &interfaces, QAbstractItemModelTester::FailureReportingMode::QtTest);
    auto snap = s.snapshot();
    handles.setSnapshot(&snap);
    interfaces.setSnapshot(&snap);
    QCOMPARE(handles.rowCount(), 0);
    QCOMPARE(interfaces.rowCount(), 2);
    QCOMPARE(interfaces.index(0, InterfaceListModel::ClassColumn).data().toString(),
        QStringLiteral("GUID_DEVINTERFACE_ECHO"));
    QCOMPARE(interfaces.index(1, InterfaceListModel::ReferenceColumn).data().toString(),
        QStringLiteral("Port2"));

    QVERIFY(s.run("open h1 {cdc35b6e-0be4-4936-bf5f-5537380a7c1a}\\Port1", 1).ok);
    QVERIFY(s.run("disable ROOT\\ECHO\\0000 {cdc35b6e-0be4-4936-bf5f-5537380a7c1a} Port2", 2).ok);
    QSignalSpy removed(&interfaces, &QAbstractItemModel::rowsRemoved);
    QVERIFY(removed.isValid());
    snap = s.snapshot();
    handles.setSnapshot(&snap);
    interfaces.setSnapshot(&snap);
    QCOMPARE(removed.count(), 1); // Port2 is no longer present
    QCOMPARE(interfaces.rowCount(), 1);
    QCOMPARE(handles.rowCount(), 1);
    QCOMPARE(handles.rowForHandle(QStringLiteral("app1"), QStringLiteral("h1")), 0);
    QCOMPARE(
        handles.index(0, HandleListModel::ValueColumn).data().toString(), QStringLiteral("0x80"));
    QCOMPARE(
        handles.index(0, HandleListModel::StateColumn).data().toString(), QStringLiteral("open"));
}

void tst_ListModels::findings()
{
    auto store = std::make_shared<umdfx::trace::TraceStore>();
    TraceTableModel trace;
    trace.setPollInterval(0);
    FindingsModel findings;
    QAbstractItemModelTester tester(
        &findings, QAbstractItemModelTester::FailureReportingMode::QtTest);
    findings.setTraceModel(&trace);
    trace.setStore(store);
    testing::add(*store, { Kind::Ddi, Phase::Call, "IWDFIoRequest", "Complete" });
    umdfx::trace::ArgsWriter args;
    args.string("rule", "DoubleCompletion");
    args.string("message", "the request was completed twice");
    testing::add(
        *store, { Kind::Verifier, Phase::Event, "UMDFVerifier", "V5", "ROOT\\BUGGY\\0000" }, &args);
    testing::add(*store, { Kind::Ddi, Phase::Return, "IWDFIoRequest", "Complete" });
    trace.poll();
    QCOMPARE(findings.rowCount(), 1);
    QCOMPARE(findings.index(0, FindingsModel::RuleColumn).data().toString(), QStringLiteral("V5"));
    QCOMPARE(findings.index(0, FindingsModel::NameColumn).data().toString(),
        QStringLiteral("DoubleCompletion"));
    QCOMPARE(findings.index(0, FindingsModel::DeviceColumn).data().toString(),
        QStringLiteral("ROOT\\BUGGY\\0000"));
    QCOMPARE(findings.index(0, FindingsModel::MessageColumn).data().toString(),
        QStringLiteral("the request was completed twice"));
    QCOMPARE(findings.nextFinding(-1), qint64(1));
    QCOMPARE(findings.nextFinding(1), qint64(-1));
    QCOMPARE(findings.previousFinding(3), qint64(1));
    trace.setStore(std::make_shared<umdfx::trace::TraceStore>());
    QCOMPARE(findings.rowCount(), 0);
}

static ActionResult result(
    quint64 ticket, const QString &canonical, qint64 before, qint64 after, bool ok = true)
{
    ActionResult r;
    r.ticket = ticket;
    r.line = r.canonical = canonical;
    r.app = QStringLiteral("app1");
    r.parsed = true;
    r.ok = ok;
    r.message
        = ok ? QString() : QStringLiteral("explorer:3:1: unknown handle 'h9' (open it first)");
    r.virtualTimeBefore = before;
    r.virtualTimeAfter = after;
    return r;
}

void tst_ListModels::actionScript()
{
    ActionLogModel log;
    QAbstractItemModelTester tester(&log, QAbstractItemModelTester::FailureReportingMode::QtTest);
    log.append(
        result(1, QStringLiteral("open h1 {cdc35b6e-0be4-4936-bf5f-5537380a7c1a}\\Port1"), 0, 0));
    log.append(result(2, QStringLiteral("write h1 \"hello\""), 150'000'000, 150'000'000));
    log.append(result(3, QStringLiteral("write h9 \"x\""), 150'000'000, 150'000'000, false));
    ActionResult cancelled = result(4, QStringLiteral("read h1 16"), 0, 0);
    cancelled.cancelled = true;
    log.append(cancelled); // never ran: not listed
    log.append(result(5, QStringLiteral("close h1"), 2'150'000'000, 2'150'000'000));
    QCOMPARE(log.rowCount(), 4);
    QCOMPARE(log.index(2, ActionLogModel::ResultColumn).data().toString(),
        QStringLiteral("failed: explorer:3:1: unknown handle 'h9' (open it first)"));
    QCOMPARE(log.script(QStringLiteral("embedded:default")),
        QStringLiteral("# UMDF Explorer session on embedded:default\n"
                       "# replay: umdfctl run embedded:default --actions THIS_FILE\n"
                       "open h1 {cdc35b6e-0be4-4936-bf5f-5537380a7c1a}\\Port1\n"
                       "advance 150ms\n"
                       "write h1 \"hello\"\n"
                       "# failed: explorer:3:1: unknown handle 'h9' (open it first)\n"
                       "# write h9 \"x\"\n"
                       "advance 2s\n"
                       "close h1\n"));
    log.clear();
    QCOMPARE(log.rowCount(), 0);
}

void tst_ListModels::logSinkAndModel()
{
    auto sink = std::make_shared<LogSink>(3);
    spdlog::logger logger("test", sink);
    logger.set_level(spdlog::level::trace);
    LogModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setSink(sink);
    model.setMaxRows(4);
    logger.info("first {}", 1);
    logger.warn("second");
    QCOMPARE(model.drain(), 2);
    QCOMPARE(model.index(0, LogModel::MessageColumn).data().toString(), QStringLiteral("first 1"));
    QCOMPARE(model.index(1, LogModel::LevelColumn).data().toString(), QStringLiteral("warning"));
    QCOMPARE(model.index(1, LogModel::LoggerColumn).data().toString(), QStringLiteral("test"));
    for (int i = 0; i < 5; ++i)
        logger.error("burst {}", i); // the sink keeps 3: two are dropped, and said so
    QCOMPARE(model.drain(), 4);
    QCOMPARE(model.rowCount(), 4); // maxRows: the oldest left
    QCOMPARE(model.index(0, LogModel::MessageColumn).data().toString(),
        QStringLiteral("2 log message(s) dropped: the buffer was full"));
    QCOMPARE(model.index(3, LogModel::MessageColumn).data().toString(), QStringLiteral("burst 4"));
}

void tst_ListModels::inspectorDecodesResults()
{
    umdfx::trace::TraceStore store;
    umdfx::trace::ArgsWriter args;
    args.string(
        "lpFileName", "\\\\?\\ROOT#ECHO#0000#{cdc35b6e-0be4-4936-bf5f-5537380a7c1a}\\Port1");
    args.bytes("lpBuffer", std::as_bytes(std::span("hi\x01", 3)));
    testing::add(store,
        { Kind::Win32, Phase::Return, "kernel32", "CreateFile", "ROOT\\ECHO\\0000", "app1",
            "kernel", "app1", 0, 4, 0, true, 0x80070002u },
        &args);
    InspectorModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.showRecord(store, 0, nullptr);
    QCOMPARE(model.value(QStringLiteral("HRESULT")),
        QStringLiteral("0x80070002 = HRESULT_FROM_WIN32(ERROR_FILE_NOT_FOUND)"));
    QCOMPARE(model.value(QStringLiteral("The application sees")),
        QStringLiteral("2 ERROR_FILE_NOT_FOUND"));
    QCOMPARE(model.value(QStringLiteral("Request")), QStringLiteral("4"));
    QCOMPARE(model.value(QStringLiteral("lpBuffer")), QStringLiteral("hex:686901"));
    QCOMPARE(model.firstBuffer(), QByteArray("hi\x01", 3));
    QCOMPARE(model.value(QStringLiteral("kernel32::CreateFile")),
        QStringLiteral(
            "https://learn.microsoft.com/en-us/windows/win32/api/fileapi/nf-fileapi-createfilew"));
    model.showProperties(QStringLiteral("Queue #5"),
        { QVariant(
            QStringList { QStringLiteral("Dispatch type"), QStringLiteral("sequential") }) });
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.value(QStringLiteral("Dispatch type")), QStringLiteral("sequential"));
    QCOMPARE(model.record(), qint64(-1));
}

void tst_ListModels::hresultText_data()
{
    QTest::addColumn<uint>("hr");
    QTest::addColumn<QString>("decoded");
    QTest::addColumn<QString>("shown");
    QTest::addRow("S_OK") << 0u << "0x00000000 = S_OK"
                          << "S_OK";
    QTest::addRow("win32") << 0x80070002u << "0x80070002 = HRESULT_FROM_WIN32(ERROR_FILE_NOT_FOUND)"
                           << "0x80070002 ERROR_FILE_NOT_FOUND";
    QTest::addRow("own name") << 0x80004002u << "0x80004002 = E_NOINTERFACE"
                              << "0x80004002 E_NOINTERFACE";
    QTest::addRow("nt") << 0xD0000120u << "0xd0000120 = HRESULT_FROM_NT(STATUS_CANCELLED)"
                        << "0xd0000120 STATUS_CANCELLED";
    QTest::addRow("bare ntstatus")
        << 0xC0000184u << "0xc0000184 = STATUS_INVALID_DEVICE_STATE (an NTSTATUS, not an HRESULT)"
        << "0xc0000184 STATUS_INVALID_DEVICE_STATE";
}

void tst_ListModels::hresultText()
{
    QFETCH(uint, hr);
    QFETCH(QString, decoded);
    QFETCH(QString, shown);
    QCOMPARE(QString::fromStdString(umdfx::hresultDecoded(hr)), decoded);
    QCOMPARE(QString::fromStdString(umdfx::hresultShort(hr)), shown);
}

QTEST_GUILESS_MAIN(tst_ListModels)
#include "tst_listmodels.moc"
