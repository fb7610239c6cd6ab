// Idle power-down and the return to D0 (reference §2.4, S10), StopIdle/ResumeIdle, and the
// resource rebalance action (§2.5, S11), for the rules the golden traces do not pin down: when the
// idle timer runs and restarts, what StopIdle returns and counts, which queues hold requests while
// the device is out of D0.
#include "tests/framework/probesession.h"

#include "core/simulation/snapshot.h"
#include "core/wudf/wudfstatus.h"

#include <QtTest/QtTest>

namespace {

const char kProbeInterface[] = "{a7c3e1d2-5b64-4f8e-9a01-23456789abcd}";

// Records of iface::method (calls and events).
std::size_t records(Probe &p, std::string_view iface, std::string_view method)
{
    std::size_t n = 0;
    const auto &t = p.sim->world().trace;
    for (std::size_t i = 0; i < t.size(); ++i) {
        const auto &r = t.at(i);
        if (r.phase != umdfx::trace::Phase::Return && umdfx::trace::str(r.iface) == iface
            && umdfx::trace::str(r.method) == method)
            ++n;
    }
    return n;
}

std::size_t powerChanges(Probe &p)
{
    return records(p, "Power", "DevicePowerState");
}

// The probe as its stack's power policy owner with idle settings (6000 ms to D3).
std::string idleProbe(const std::string &more = {})
{
    return R"({"PowerPolicyOwner":1,"AssignIdle":1)" + (more.empty() ? "" : "," + more) + "}";
}

// Echo with a read it pends, as in S10.
std::string echoScenario(const std::string &knobs)
{
    return R"({"name":"e","drivers":[{"name":"echo","module":"builtin:echo"}],"devices":[{"instanceId":"ROOT\\ECHO\\0000","hardwareIds":["WUDF\\Echo"],"drivers":["echo"],"parameters":{"ReferenceStrings":["Port1"],"PendReadsWhenEmpty":1,"IdleTimeoutMs":5000,"IoStop":"acknowledge"}}],"knobs":)"
        + knobs + "}";
}

} // namespace

class tst_IdlePower : public QObject
{
    Q_OBJECT
private slots:
    void idlesAfterTheTimeout();
    void snapshotShowsThePowerState();
    void enabledSetting_data();
    void enabledSetting();
    void disablingIdleInDxComesBack();
    void powerManagedIoRestartsTheTimer();
    void nonPowerManagedQueueDoesNotHold();
    void powerManagedRequestBringsTheDeviceBack();
    void stopIdleIsCounted();
    void queuedRequestKeepsD0();
    void stopIdleInDx_data();
    void stopIdleInDx();
    void stopIdleOnlyForThePowerPolicyOwner();
    void resumeIdleWithoutStopIdle();
    void ownedRequestsKnob_data();
    void ownedRequestsKnob();
    void stackOrder();
    void rebalanceNeedsAStartedDevice();
};

void tst_IdlePower::idlesAfterTheTimeout()
{
    Probe p(idleProbe());
    QCOMPARE(p.lastResult("IWDFDevice2", "AssignS0IdleSettings"), quint32(S_OK));
    QVERIFY(p.run("advance 5999ms"));
    QCOMPARE(records(p, "Power", "IdleTimeout"), std::size_t(0));
    QVERIFY(p.run("advance 1ms"));
    QCOMPARE(records(p, "Power", "IdleTimeout"), std::size_t(1));
    QCOMPARE(powerChanges(p), std::size_t(1));
    // In Dx nothing more happens by itself.
    QVERIFY(p.run("advance 60s"));
    QCOMPARE(records(p, "Power", "IdleTimeout"), std::size_t(1));
}

void tst_IdlePower::snapshotShowsThePowerState()
{
    Probe p(idleProbe());
    const auto power = [&] {
        const auto snapshot = umdfx::takeSnapshot(*p.sim);
        for (const auto &d : snapshot.devices)
            if (d.instanceId == "ROOT\\PROBE\\0000")
                return QString::fromStdString(d.powerState);
        return QStringLiteral("(no device)");
    };
    QCOMPARE(power(), QStringLiteral("D0"));
    QVERIFY(p.run("advance 6s"));
    QCOMPARE(power(), QStringLiteral("D3"));
    QVERIFY(p.run("stop ROOT\\PROBE\\0000")); // from Dx: only the hardware is released
    QCOMPARE(power(), QStringLiteral("D3"));
    QVERIFY(p.run("advance 100ms"));
    QCOMPARE(power(), QStringLiteral("D0"));
    QVERIFY(p.run("remove ROOT\\PROBE\\0000"));
    QCOMPARE(power(), QString());
}

void tst_IdlePower::enabledSetting_data()
{
    QTest::addColumn<QString>("enabled"); // WDF_TRI_STATE
    QTest::addColumn<bool>("idles");
    QTest::addRow("WdfTrue") << QStringLiteral("2") << true;
    QTest::addRow("WdfUseDefault") << QStringLiteral("0") << true;
    QTest::addRow("WdfFalse") << QStringLiteral("1") << false;
}

void tst_IdlePower::enabledSetting()
{
    QFETCH(QString, enabled);
    QFETCH(bool, idles);
    Probe p(idleProbe("\"IdleEnabled\":" + enabled.toStdString()));
    QCOMPARE(p.lastResult("IWDFDevice2", "AssignS0IdleSettings"), quint32(S_OK));
    QVERIFY(p.run("advance 10s"));
    QCOMPARE(records(p, "Power", "IdleTimeout"), std::size_t(idles ? 1 : 0));
}

void tst_IdlePower::disablingIdleInDxComesBack()
{
    Probe p(idleProbe());
    QVERIFY(p.run(std::string("open h1 ") + kProbeInterface));
    QVERIFY(p.run("advance 6s"));
    QCOMPARE(powerChanges(p), std::size_t(1));
    QVERIFY(p.run("ioctl h1 8")); // Enabled WdfFalse while in Dx: back to D0, and it stays
    QCOMPARE(powerChanges(p), std::size_t(2));
    QVERIFY(p.run("advance 20s"));
    QCOMPARE(records(p, "Power", "IdleTimeout"), std::size_t(1));
    QVERIFY(p.run("ioctl h1 9")); // enabled again: the timer starts from now
    QVERIFY(p.run("advance 6s"));
    QCOMPARE(records(p, "Power", "IdleTimeout"), std::size_t(2));
}

void tst_IdlePower::powerManagedIoRestartsTheTimer()
{
    Probe p(idleProbe(R"("PowerManagedWrites":1)"));
    QVERIFY(p.run(std::string("open h1 ") + kProbeInterface));
    QVERIFY(p.run("advance 4s"));
    QVERIFY(p.run("write h1 \"x\"")); // at 4 s: the idle period starts again
    QVERIFY(p.run("advance 4s"));
    QCOMPARE(records(p, "Power", "IdleTimeout"), std::size_t(0));
    QVERIFY(p.run("advance 2s")); // 6 s after the write
    QCOMPARE(records(p, "Power", "IdleTimeout"), std::size_t(1));
}

void tst_IdlePower::nonPowerManagedQueueDoesNotHold()
{
    // The probe's write queue is not power-managed: in Dx it still delivers, and the device
    // stays in Dx.
    Probe p(idleProbe());
    QVERIFY(p.run(std::string("open h1 ") + kProbeInterface));
    QVERIFY(p.run("advance 6s"));
    QCOMPARE(powerChanges(p), std::size_t(1));
    QVERIFY(p.run("write h1 \"x\""));
    QVERIFY(p.run("expect bytes 1"));
    QCOMPARE(p.count("IQueueCallbackWrite", "OnWrite"), std::size_t(1));
    QCOMPARE(powerChanges(p), std::size_t(1));
}

void tst_IdlePower::powerManagedRequestBringsTheDeviceBack()
{
    Probe p(idleProbe(R"("PowerManagedWrites":1)"));
    QVERIFY(p.run(std::string("open h1 ") + kProbeInterface));
    QVERIFY(p.run("advance 6s"));
    QCOMPARE(powerChanges(p), std::size_t(1));
    QVERIFY(p.run("write h1 \"x\""));
    QVERIFY(p.run("expect bytes 1"));
    QCOMPARE(powerChanges(p), std::size_t(2)); // back in D0, then the write was delivered
    QCOMPARE(p.count("IQueueCallbackWrite", "OnWrite"), std::size_t(1));
}

void tst_IdlePower::stopIdleIsCounted()
{
    Probe p(idleProbe(R"("PowerManagedWrites":1)"));
    QVERIFY(p.run(std::string("open h1 ") + kProbeInterface));
    QVERIFY(p.run("ioctl h1 5"));
    QVERIFY(p.run("ioctl h1 5"));
    QCOMPARE(p.lastResult("IWDFDevice2", "StopIdle"), quint32(S_OK));
    QVERIFY(p.run("ioctl h1 7")); // one ResumeIdle: one StopIdle still outstanding
    QVERIFY(p.run("write h1 \"x\"")); // I/O restarts the idle period, but StopIdle holds
    QVERIFY(p.run("advance 20s"));
    QCOMPARE(records(p, "Power", "IdleTimeout"), std::size_t(0));
    QVERIFY(p.run("ioctl h1 7")); // balanced: the idle timer runs again
    QVERIFY(p.run("advance 5999ms"));
    QCOMPARE(records(p, "Power", "IdleTimeout"), std::size_t(0));
    QVERIFY(p.run("advance 1ms"));
    QCOMPARE(records(p, "Power", "IdleTimeout"), std::size_t(1));
}

void tst_IdlePower::queuedRequestKeepsD0()
{
    // Sequential power-managed write queue; OnWrite keeps every write until IOCTL 1.
    Probe p(idleProbe(R"("PowerManagedWrites":1,"HoldWrites":1)"));
    QVERIFY(p.run(std::string("open h1 ") + kProbeInterface + " async"));
    QVERIFY(p.run("write h1 \"a\"")); // owned by the driver
    QVERIFY(p.run("write h1 \"b\"")); // waits in the queue behind it
    QVERIFY(p.run("advance 20s"));
    QCOMPARE(records(p, "Power", "IdleTimeout"), std::size_t(0));
    QVERIFY(p.run("ioctl h1 1")); // completes "a"; "b" is delivered and kept in turn
    QCOMPARE(p.count("IQueueCallbackWrite", "OnWrite"), std::size_t(2));
    QVERIFY(p.run("advance 6s"));
    // Only an owned request is left: the idle timer expires. The queue has no OnIoStop, so the
    // framework waits for the driver to complete it: the device cannot leave D0 yet.
    QCOMPARE(records(p, "Power", "IdleTimeout"), std::size_t(1));
    QCOMPARE(records(p, "Power", "PowerTransitionBlocked"), std::size_t(1));
    QCOMPARE(powerChanges(p), std::size_t(0));
    QVERIFY(p.run("ioctl h1 1")); // the control queue is not power-managed: it still serves
    QCOMPARE(powerChanges(p), std::size_t(1)); // the power-down finished
}

void tst_IdlePower::stopIdleInDx_data()
{
    QTest::addColumn<int>("ioctl");
    QTest::addColumn<quint32>("hr");
    QTest::addColumn<bool>("inD0BeforeReturn");
    QTest::addRow("WaitForD0 TRUE") << 6 << quint32(S_OK) << true;
    QTest::addRow("WaitForD0 FALSE") << 5 << quint32(HRESULT_FROM_NT(STATUS_PENDING)) << false;
}

void tst_IdlePower::stopIdleInDx()
{
    QFETCH(int, ioctl);
    QFETCH(quint32, hr);
    QFETCH(bool, inD0BeforeReturn);
    Probe p(idleProbe());
    QVERIFY(p.run(std::string("open h1 ") + kProbeInterface));
    QVERIFY(p.run("advance 6s"));
    QCOMPARE(powerChanges(p), std::size_t(1));
    QVERIFY(p.run("ioctl h1 " + std::to_string(ioctl)));
    QCOMPARE(p.lastResult("IWDFDevice2", "StopIdle"), hr);
    QCOMPARE(powerChanges(p), std::size_t(2)); // back in D0 either way once the ioctl is done
    // Whether the return to D0 happened inside StopIdle (between its call and its return).
    const auto &t = p.sim->world().trace;
    std::optional<std::uint32_t> call;
    bool inside = false;
    for (std::size_t i = 0; i < t.size(); ++i) {
        const auto &r = t.at(i);
        if (umdfx::trace::str(r.method) == "StopIdle" && r.phase == umdfx::trace::Phase::Call)
            call = r.call;
        else if (call && r.phase == umdfx::trace::Phase::Return && r.call == *call)
            call.reset();
        else if (call && umdfx::trace::str(r.method) == "DevicePowerState")
            inside = true;
    }
    QCOMPARE(inside, inD0BeforeReturn);
    // Held in D0 until ResumeIdle.
    QVERIFY(p.run("advance 20s"));
    QCOMPARE(records(p, "Power", "IdleTimeout"), std::size_t(1));
    QVERIFY(p.run("ioctl h1 7"));
    QVERIFY(p.run("advance 6s"));
    QCOMPARE(records(p, "Power", "IdleTimeout"), std::size_t(2));
}

void tst_IdlePower::stopIdleOnlyForThePowerPolicyOwner()
{
    Probe p(R"({"AssignIdle":1})");
    QVERIFY(p.run(std::string("open h1 ") + kProbeInterface));
    QVERIFY(p.run("ioctl h1 5"));
    QCOMPARE(p.lastResult("IWDFDevice2", "StopIdle"),
        quint32(HRESULT_FROM_NT(STATUS_INVALID_DEVICE_REQUEST)));
    QVERIFY(p.run("ioctl h1 7"));
    QCOMPARE(records(p, "Power", "ResumeIdleUnbalanced"), std::size_t(0));
    QVERIFY(p.run("advance 10s"));
    QCOMPARE(records(p, "Power", "IdleTimeout"), std::size_t(0)); // it has no idle settings
}

void tst_IdlePower::resumeIdleWithoutStopIdle()
{
    Probe p(idleProbe());
    QVERIFY(p.run(std::string("open h1 ") + kProbeInterface));
    QVERIFY(p.run("ioctl h1 7"));
    QCOMPARE(records(p, "Power", "ResumeIdleUnbalanced"), std::size_t(1));
    // The count stays at zero: the device idles as before.
    QVERIFY(p.run("advance 6s"));
    QCOMPARE(records(p, "Power", "IdleTimeout"), std::size_t(1));
}

void tst_IdlePower::ownedRequestsKnob_data()
{
    QTest::addColumn<QString>("knob");
    QTest::addColumn<bool>("idlesWithTheRead");
    QTest::addRow("powerDown (default)") << QStringLiteral("powerDown") << true;
    QTest::addRow("stayInD0") << QStringLiteral("stayInD0") << false;
}

void tst_IdlePower::ownedRequestsKnob()
{
    QFETCH(QString, knob);
    QFETCH(bool, idlesWithTheRead);
    auto loaded = umdfx::scenario::loadScenario(
        echoScenario(R"({"idleWithOwnedRequests":")" + knob.toStdString() + "\"}"), "e");
    if (auto *err = std::get_if<umdfx::scenario::LoadError>(&loaded))
        QFAIL(err->toString().c_str());
    umdfx::Simulation sim(std::get<umdfx::scenario::Scenario>(loaded), probe::registry());
    sim.powerOn();
    umdfx::ActionRunner runner(sim);
    const auto run = [&](const char *line) {
        auto parsed = umdfx::scenario::parseActionLine(line, "t", 1);
        return runner.run(std::get<umdfx::scenario::Action>(parsed)).ok;
    };
    QVERIFY(run(R"(open h1 {cdc35b6e-0be4-4936-bf5f-5537380a7c1a}\Port1 async)"));
    QVERIFY(run("read h1 16"));
    QVERIFY(run("advance 20s"));
    QVERIFY(run(idlesWithTheRead ? "expect trace IQueueCallbackIoStop::OnIoStop count 1"
                                 : "expect no-trace IPnpCallback::OnD0Exit"));
    QVERIFY(run("cancel h1")); // the read goes: now the device idles whatever the knob
    QVERIFY(run("advance 5s"));
    QVERIFY(run(idlesWithTheRead ? "expect no-trace IPnpCallback::OnD0Exit"
                                 : "expect trace IPnpCallback::OnD0Exit count 1"));
}

void tst_IdlePower::stackOrder()
{
    // Two echo layers in one stack (echoA lowest): down highest first, each layer all the way;
    // up lowest first (reference §2.4, §2.5).
    const std::string text
        = R"({"name":"two","drivers":[{"name":"echoA","module":"builtin:echo"},{"name":"echoB","module":"builtin:echo"}],"devices":[{"instanceId":"ROOT\\ECHO\\0000","hardwareIds":["WUDF\\Echo"],"drivers":["echoA","echoB"],"parameters":{"ReferenceStrings":["Port1"],"IdleTimeoutMs":5000}}]})";
    auto loaded = umdfx::scenario::loadScenario(text, "two");
    if (auto *err = std::get_if<umdfx::scenario::LoadError>(&loaded))
        QFAIL(err->toString().c_str());
    umdfx::Simulation sim(std::get<umdfx::scenario::Scenario>(loaded), probe::registry());
    sim.powerOn();
    umdfx::ActionRunner runner(sim);
    const auto run = [&](const char *line) {
        auto parsed = umdfx::scenario::parseActionLine(line, "t", 1);
        return runner.run(std::get<umdfx::scenario::Action>(parsed)).ok;
    };
    // "lane:Method" of the power callbacks from record `from` on.
    const auto sequence = [&](std::size_t from) {
        QStringList out;
        const auto &t = sim.world().trace;
        for (std::size_t i = from; i < t.size(); ++i) {
            const auto &r = t.at(i);
            const std::string m(umdfx::trace::str(r.method));
            if (r.kind == umdfx::trace::Kind::Callback && r.phase == umdfx::trace::Phase::Call
                && (m == "OnSelfManagedIoSuspend" || m == "OnD0Exit" || m == "OnReleaseHardware"
                    || m == "OnPrepareHardware" || m == "OnD0Entry"
                    || m == "OnSelfManagedIoRestart"))
                out << QString::fromStdString(std::string(umdfx::trace::str(r.to)) + ":" + m);
        }
        return out.join(u' ');
    };
    std::size_t mark = sim.world().trace.size();
    QVERIFY(run("advance 5s"));
    QCOMPARE(sequence(mark),
        QStringLiteral("echoB:OnSelfManagedIoSuspend echoB:OnD0Exit "
                       "echoA:OnSelfManagedIoSuspend echoA:OnD0Exit"));
    mark = sim.world().trace.size();
    QVERIFY(run(R"(open h1 {cdc35b6e-0be4-4936-bf5f-5537380a7c1a}\Port1)"));
    QCOMPARE(sequence(mark),
        QStringLiteral("echoA:OnD0Entry echoA:OnSelfManagedIoRestart "
                       "echoB:OnD0Entry echoB:OnSelfManagedIoRestart"));
    QVERIFY(run("close h1"));
    mark = sim.world().trace.size();
    QVERIFY(run("stop ROOT\\ECHO\\0000"));
    QVERIFY(run("advance 100ms"));
    QCOMPARE(sequence(mark),
        QStringLiteral("echoB:OnSelfManagedIoSuspend echoB:OnD0Exit echoB:OnReleaseHardware "
                       "echoA:OnSelfManagedIoSuspend echoA:OnD0Exit echoA:OnReleaseHardware "
                       "echoA:OnPrepareHardware echoA:OnD0Entry echoA:OnSelfManagedIoRestart "
                       "echoB:OnPrepareHardware echoB:OnD0Entry echoB:OnSelfManagedIoRestart"));
}

void tst_IdlePower::rebalanceNeedsAStartedDevice()
{
    Probe p(idleProbe());
    QVERIFY(p.run("stop ROOT\\PROBE\\0000"));
    QVERIFY(p.run("expect device ROOT\\PROBE\\0000 stopped"));
    // A second rebalance while the first waits for its new resources: refused, with the reason.
    auto parsed = umdfx::scenario::parseActionLine("stop ROOT\\PROBE\\0000", "t", 1);
    const auto second = p.runner->run(std::get<umdfx::scenario::Action>(parsed));
    QVERIFY(!second.ok);
    QVERIFY2(second.message.find("is stopped, not started") != std::string::npos,
        second.message.c_str());
    QVERIFY(p.run("advance 100ms"));
    QVERIFY(p.run("expect device ROOT\\PROBE\\0000 started"));
    QCOMPARE(p.count("PnP", "IRP_MN_START_DEVICE"), std::size_t(2));
    // The stopped time does not count as idle time: the timer starts again at the restart.
    QVERIFY(p.run("advance 5999ms"));
    QCOMPARE(records(p, "Power", "IdleTimeout"), std::size_t(0));
    QVERIFY(p.run("advance 1ms"));
    QCOMPARE(records(p, "Power", "IdleTimeout"), std::size_t(1));
}

QTEST_APPLESS_MAIN(tst_IdlePower)
#include "tst_idlepower.moc"
