// DriverHost: device power. Idle power-down and the return to D0 (reference §2.4, S10), and the
// power half of a resource rebalance (§2.5, S11). A stack goes down layer by layer, highest
// first, and comes back lowest first; the power policy owner's idle settings
// (IWDFDevice2::AssignS0IdleSettings) drive an idle timer on virtual time.
#include "core/host/driverhost.h"

#include "core/framework/fxdevice.h"
#include "core/framework/fxioqueue.h"
#include "core/wudf/wudfstatus.h"

#include <algorithm>

namespace umdfx {

using fx::FxDevice;

namespace {

const char *powerStateText(WDF_POWER_DEVICE_STATE s)
{
    switch (s) {
    case WdfPowerDeviceD0:
        return "D0";
    case WdfPowerDeviceD1:
        return "D1";
    case WdfPowerDeviceD2:
        return "D2";
    case WdfPowerDeviceD3:
        return "D3";
    default:
        return "D3Final";
    }
}

constexpr std::int64_t kNsPerMs = 1'000'000;

} // namespace

void DriverHost::powerEvent(const Stack &s, trace::StrId what, const trace::ArgsWriter &args)
{
    const Tracer::Site site { trace::Kind::Host, lanes::framework(), lanes::framework(),
        trace::intern(s.instanceId), UMDFX_STR("Power"), what };
    m_world.tracer.event(site, std::nullopt, &args);
}

FxDevice *DriverHost::powerPolicyOwner(const Stack &s) const
{
    // The driver that called IWDFDeviceInitialize::SetPowerPolicyOwnership(TRUE); the highest
    // one if several did.
    for (auto it = s.layers.rbegin(); it != s.layers.rend(); ++it)
        if ((*it)->isPowerPolicyOwner())
            return *it;
    return nullptr;
}

void DriverHost::armIdleTimer(Stack &s)
{
    FxDevice *owner = powerPolicyOwner(s);
    if (!s.started || s.power != Stack::Power::D0 || !owner || !owner->idleEnabled()) {
        s.idleTimer = 0;
        return;
    }
    // Every arming supersedes the previous one: a timer that fires late finds another number.
    const std::uint64_t timer = ++m_lastIdleTimer;
    s.idleTimer = timer;
    const DevNodeId node = s.node;
    post([this, node, timer] { idleTimerExpired(node, timer); },
        static_cast<std::int64_t>(owner->idleTimeoutMs()) * kNsPerMs);
}

bool DriverHost::idleConditionsHold(const Stack &s) const
{
    // Idle means: no StopIdle outstanding and no request waiting in a power-managed queue of the
    // stack. Requests the driver already owns do not keep the device in D0: the power-down asks
    // about them with OnIoStop (S10, where the driver owns a pending read when the timer expires).
    FxDevice *owner = powerPolicyOwner(s);
    if (!owner || owner->stopIdleCount() > 0)
        return false;
    const bool ownedKeepD0
        = m_world.knobs.idleWithOwnedRequests == Knobs::IdleWithOwnedRequests::StayInD0;
    for (const FxDevice *d : s.layers)
        for (const fx::FxIoQueue *q : d->queues())
            if (q->powerManaged() && (q->queuedCount() > 0 || (ownedKeepD0 && q->ownedCount() > 0)))
                return false;
    return true;
}

void DriverHost::idleTimerExpired(DevNodeId node, std::uint64_t timer)
{
    Stack *s = stack(node);
    if (!s || s->idleTimer != timer)
        return;
    s->idleTimer = 0;
    FxDevice *owner = powerPolicyOwner(*s);
    if (!s->started || s->power != Stack::Power::D0 || !owner || !owner->idleEnabled()
        || !idleConditionsHold(*s))
        return; // armed again when what keeps it busy goes (ResumeIdle, a request leaving)
    HostKernel32::WatchScope watch(*m_kernel32, "an idle power-down");
    trace::ArgsWriter args;
    args.u64("IdleTimeout", owner->idleTimeoutMs());
    args.string("DxState", powerStateText(owner->idleTargetState()));
    powerEvent(*s, UMDFX_STR("IdleTimeout"), args);
    beginPowerDown(*s, owner->idleTargetState(), false);
}

void DriverHost::beginPowerDown(Stack &s, WDF_POWER_DEVICE_STATE target, bool forStop)
{
    s.power = Stack::Power::PoweringDown;
    s.dxState = target;
    s.forStop = forStop;
    s.layersUp = s.layers.size();
    s.heldUpReported = false;
    s.wakeRequested = false;
    s.stopRequested = false;
    s.idleTimer = 0;
    continuePowerDown(s);
}

void DriverHost::continuePowerDown(Stack &s)
{
    // Highest driver first, each one all the way: OnSelfManagedIoSuspend, its power-managed
    // queues stopped (OnIoStop), then OnD0Exit (and OnReleaseHardware for a stop).
    while (s.power == Stack::Power::PoweringDown && s.layersUp > 0) {
        FxDevice *d = s.layers[s.layersUp - 1];
        if (!d->suspendedForPowerDown())
            d->suspendForPowerDown();
        if (s.power != Stack::Power::PoweringDown)
            return; // removed meanwhile
        if (d->powerDownHeldUp()) {
            // §3.7: a request neither completed nor acknowledged keeps the device in D0. The
            // power-down goes on when the driver completes it.
            if (!s.heldUpReported) {
                s.heldUpReported = true;
                trace::ArgsWriter args;
                args.string("driver", trace::str(d->driverLane()));
                args.string("reason",
                    "a request the driver owns from a power-managed queue was neither completed "
                    "nor acknowledged (StopAcknowledge) in OnIoStop: the device cannot leave D0 "
                    "until the driver completes it");
                powerEvent(s, UMDFX_STR("PowerTransitionBlocked"), args);
            }
            return;
        }
        d->exitD0(s.dxState);
        if (s.forStop)
            d->releaseHardware();
        --s.layersUp;
    }
    if (s.power != Stack::Power::PoweringDown)
        return;
    trace::ArgsWriter args;
    args.string("from", "D0");
    args.string("to", powerStateText(s.dxState));
    args.string("reason", s.forStop ? "IRP_MN_STOP_DEVICE (resource rebalance)" : "idle");
    powerEvent(s, UMDFX_STR("DevicePowerState"), args);
    if (s.forStop) {
        s.power = Stack::Power::Stopped;
        reply(s.node, PnpOperation::Stop, S_OK);
        return;
    }
    s.power = Stack::Power::Dx;
    if (s.stopRequested) {
        // IRP_MN_STOP_DEVICE came during the idle power-down: the hardware goes now.
        s.stopRequested = false;
        stopStack(s);
        return;
    }
    if (s.wakeRequested) {
        // I/O (or StopIdle) arrived while the device was going down: it comes right back.
        const DevNodeId node = s.node;
        post([this, node] {
            if (Stack *st = stack(node))
                powerUpStack(*st, "I/O arrived at a power-managed queue");
        });
    }
}

HRESULT DriverHost::powerUpStack(Stack &s, std::string_view why)
{
    if (s.power != Stack::Power::Dx)
        return S_OK;
    HostKernel32::WatchScope watch(*m_kernel32, "a return to D0");
    s.wakeRequested = false;
    HRESULT hr = S_OK;
    // Lowest driver first: OnD0Entry(the state it left), queues restart (OnIoResume),
    // OnSelfManagedIoRestart (§2.4 "Return to D0").
    for (FxDevice *d : s.layers) {
        hr = d->enterD0(s.dxState);
        if (FAILED(hr))
            break;
    }
    s.power = Stack::Power::D0;
    trace::ArgsWriter args;
    args.string("from", powerStateText(s.dxState));
    args.string("to", "D0");
    args.string("reason", why);
    powerEvent(s, UMDFX_STR("DevicePowerState"), args);
    armIdleTimer(s);
    return hr;
}

void DriverHost::stopStack(Stack &s)
{
    switch (s.power) {
    case Stack::Power::D0:
        beginPowerDown(s, WdfPowerDeviceD3, true); // replies when the last layer is down
        return;
    case Stack::Power::Dx:
        // Already out of D0 (idle): only the hardware goes, highest driver first.
        for (auto it = s.layers.rbegin(); it != s.layers.rend(); ++it)
            (*it)->releaseHardware();
        s.power = Stack::Power::Stopped;
        s.dxState = WdfPowerDeviceD3;
        reply(s.node, PnpOperation::Stop, S_OK);
        return;
    case Stack::Power::PoweringDown:
        if (s.forStop)
            break;
        s.stopRequested = true;
        s.wakeRequested = false;
        return;
    case Stack::Power::Stopped:
    case Stack::Power::Off:
        break;
    }
    reply(s.node, PnpOperation::Stop, HRESULT_FROM_NT(STATUS_INVALID_DEVICE_STATE));
}

HRESULT DriverHost::restartStack(Stack &s)
{
    // New resources (§2.5): lowest driver first, OnPrepareHardware, OnD0Entry(D3), queues
    // restart, OnSelfManagedIoRestart. The interfaces stayed enabled throughout.
    for (FxDevice *d : s.layers) {
        const HRESULT hr = d->startSequence(false, WdfPowerDeviceD3);
        if (FAILED(hr))
            return hr;
    }
    s.power = Stack::Power::D0;
    trace::ArgsWriter args;
    args.string("from", "D3");
    args.string("to", "D0");
    args.string("reason", "IRP_MN_START_DEVICE with the new resources");
    powerEvent(s, UMDFX_STR("DevicePowerState"), args);
    armIdleTimer(s);
    return S_OK;
}

// ---- what the framework's devices report ---------------------------------------------------

void DriverHost::powerManagedIoArrived(DevNodeId node)
{
    Stack *s = stack(node);
    if (!s)
        return;
    switch (s->power) {
    case Stack::Power::D0:
        armIdleTimer(*s); // activity: the idle period starts again
        return;
    case Stack::Power::PoweringDown:
        if (!s->forStop)
            s->wakeRequested = true;
        return;
    case Stack::Power::Dx:
        // S10 step 4 (inferred): the request waits in its queue (PnpHeld) while the framework
        // brings the device back to D0.
        if (!s->wakeRequested) {
            s->wakeRequested = true;
            post([this, node] {
                if (Stack *st = stack(node))
                    powerUpStack(*st, "I/O arrived at a power-managed queue");
            });
        }
        return;
    case Stack::Power::Stopped: // held until the restart
    case Stack::Power::Off:
        return;
    }
}

void DriverHost::powerManagedIoDone(DevNodeId node)
{
    Stack *s = stack(node);
    if (!s)
        return;
    if (s->power == Stack::Power::PoweringDown) {
        // Perhaps the request that held the power-down up: look again once the driver returned.
        post([this, node] {
            if (Stack *st = stack(node))
                continuePowerDown(*st);
        });
        return;
    }
    if (s->power == Stack::Power::D0)
        armIdleTimer(*s);
}

void DriverHost::idleSettingsChanged(DevNodeId node)
{
    Stack *s = stack(node);
    if (!s)
        return;
    if (s->power == Stack::Power::D0) {
        armIdleTimer(*s);
        return;
    }
    // Idle turned off (Enabled WdfFalse) while the device idles: it comes back to D0 (inferred
    // from KMDF, where disabling S0 idle powers an idle device up).
    FxDevice *owner = powerPolicyOwner(*s);
    if (s->power == Stack::Power::Dx && owner && !owner->idleEnabled() && !s->wakeRequested) {
        s->wakeRequested = true;
        post([this, node] {
            if (Stack *st = stack(node))
                powerUpStack(*st, "idle disabled (AssignS0IdleSettings)");
        });
    }
}

HRESULT DriverHost::stopIdle(DevNodeId node, bool waitForD0)
{
    Stack *s = stack(node);
    if (!s)
        return S_OK;
    switch (s->power) {
    case Stack::Power::Dx:
        if (waitForD0)
            return powerUpStack(*s, "StopIdle");
        if (!s->wakeRequested) {
            s->wakeRequested = true;
            post([this, node] {
                if (Stack *st = stack(node))
                    powerUpStack(*st, "StopIdle");
            });
        }
        // [ddi] StopIdle: the device is on its way back to D0.
        return HRESULT_FROM_NT(STATUS_PENDING);
    case Stack::Power::PoweringDown:
        // It comes back as soon as it is down; the simulation does not make the caller wait.
        if (!s->forStop)
            s->wakeRequested = true;
        return waitForD0 ? S_OK : HRESULT_FROM_NT(STATUS_PENDING);
    case Stack::Power::D0:
        s->idleTimer = 0; // no idle power-down until ResumeIdle
        return S_OK;
    case Stack::Power::Stopped:
    case Stack::Power::Off:
        return S_OK;
    }
    return S_OK;
}

} // namespace umdfx
