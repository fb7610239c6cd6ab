// IWDFDevice2::AssignS0IdleSettings and AssignSxWakeSettings (reference §1.2, Microsoft's
// IWDFDevice2 pages): who may call them, which values they refuse with which status, and that a
// valid call lets the device start (Microsoft's toaster fails OnDeviceAdd when it does not).
#include "tests/framework/probesession.h"

#include "core/wudf/wudfstatus.h"

#include <QtTest/QtTest>

class tst_PowerPolicy : public QObject
{
    Q_OBJECT
private slots:
    void assignS0IdleSettings_data();
    void assignS0IdleSettings();
    void assignSxWakeSettings_data();
    void assignSxWakeSettings();
};

namespace {

constexpr std::uint32_t hrFromNt(std::uint32_t status)
{
    return static_cast<std::uint32_t>(HRESULT_FROM_NT(status));
}

} // namespace

void tst_PowerPolicy::assignS0IdleSettings_data()
{
    QTest::addColumn<QString>("parameters"); // besides AssignIdle
    QTest::addColumn<quint32>("hr");

    QTest::addRow("owner, the toaster's settings")
        << QStringLiteral(R"("PowerPolicyOwner":1)") << quint32(S_OK);
    QTest::addRow("owner, D1, no user control, default enable")
        << QStringLiteral(R"("PowerPolicyOwner":1,"IdleDx":2,"IdleUserControl":1,"IdleEnabled":0)")
        << quint32(S_OK);
    QTest::addRow("not the power policy owner")
        << QString() << hrFromNt(STATUS_INVALID_DEVICE_REQUEST);
    QTest::addRow("idle to D0") << QStringLiteral(R"("PowerPolicyOwner":1,"IdleDx":1)")
                                << hrFromNt(STATUS_POWER_STATE_INVALID);
    QTest::addRow("idle to PowerDeviceMaximum") << QStringLiteral(
        R"("PowerPolicyOwner":1,"IdleDx":5)") << hrFromNt(STATUS_POWER_STATE_INVALID);
    QTest::addRow("can wake from S0, but no wake signal") << QStringLiteral(
        R"("PowerPolicyOwner":1,"IdleCaps":2)") << hrFromNt(STATUS_POWER_STATE_INVALID);
    QTest::addRow("USB selective suspend, but no wake signal") << QStringLiteral(
        R"("PowerPolicyOwner":1,"IdleCaps":3)") << hrFromNt(STATUS_POWER_STATE_INVALID);
    QTest::addRow("IdleCapsInvalid") << QStringLiteral(R"("PowerPolicyOwner":1,"IdleCaps":0)")
                                     << hrFromNt(STATUS_INVALID_PARAMETER);
    QTest::addRow("user control out of range")
        << QStringLiteral(R"("PowerPolicyOwner":1,"IdleUserControl":7)")
        << hrFromNt(STATUS_INVALID_PARAMETER);
    QTest::addRow("Enabled out of range")
        << QStringLiteral(R"("PowerPolicyOwner":1,"IdleEnabled":3)")
        << hrFromNt(STATUS_INVALID_PARAMETER);
}

void tst_PowerPolicy::assignS0IdleSettings()
{
    QFETCH(QString, parameters);
    QFETCH(quint32, hr);
    Probe p(
        "{\"AssignIdle\":1" + (parameters.isEmpty() ? "" : "," + parameters.toStdString()) + "}");
    QCOMPARE(p.count("IWDFDevice2", "AssignS0IdleSettings"), std::size_t(1));
    QCOMPARE(quint32(p.lastResult("IWDFDevice2", "AssignS0IdleSettings")), hr);
    // Never E_NOTIMPL, and the device starts and serves I/O either way.
    QVERIFY(p.run("open h1 {a7c3e1d2-5b64-4f8e-9a01-23456789abcd}"));
    QVERIFY(p.run("write h1 \"x\""));
    QVERIFY(p.run("close h1"));
}

void tst_PowerPolicy::assignSxWakeSettings_data()
{
    QTest::addColumn<QString>("parameters");
    QTest::addColumn<quint32>("hr");

    // A simulated device is root-enumerated: its bus reports no wake signal.
    QTest::addRow("owner, valid settings, no wake signal")
        << QStringLiteral(R"("PowerPolicyOwner":1)") << hrFromNt(STATUS_POWER_STATE_INVALID);
    QTest::addRow("owner, D0") << QStringLiteral(R"("PowerPolicyOwner":1,"WakeDx":1)")
                               << hrFromNt(STATUS_POWER_STATE_INVALID);
    QTest::addRow("not the power policy owner")
        << QString() << hrFromNt(STATUS_INVALID_DEVICE_REQUEST);
    QTest::addRow("user control out of range")
        << QStringLiteral(R"("PowerPolicyOwner":1,"WakeUserControl":0)")
        << hrFromNt(STATUS_INVALID_PARAMETER);
}

void tst_PowerPolicy::assignSxWakeSettings()
{
    QFETCH(QString, parameters);
    QFETCH(quint32, hr);
    Probe p(
        "{\"AssignWake\":1" + (parameters.isEmpty() ? "" : "," + parameters.toStdString()) + "}");
    QCOMPARE(p.count("IWDFDevice2", "AssignSxWakeSettings"), std::size_t(1));
    QCOMPARE(quint32(p.lastResult("IWDFDevice2", "AssignSxWakeSettings")), hr);
}

QTEST_APPLESS_MAIN(tst_PowerPolicy)
#include "tst_powerpolicy.moc"
