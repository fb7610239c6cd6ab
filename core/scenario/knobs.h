#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace umdfx {

// The points where UMDF 1's behaviour is not documented (reference Appendix B.2, marked
// "(inferred)" there) are settings, so a person can see that a driver must not rely on them.
// Each default is the most Windows-like inferred value. Scenario files set them under "knobs".
struct Knobs
{
    // Where IPnpCallback::OnSurpriseRemoval runs in the surprise-removal sequence (§2.7).
    enum class SurpriseRemovalPosition { First, AfterD0Exit, Last };
    SurpriseRemovalPosition surpriseRemovalPosition = SurpriseRemovalPosition::First;

    // Status a queue that no longer accepts requests completes them with (§3.3 step 6, doc
    // conflict): UMDF 1's own enum page says "canceled"; UMDF 2/KMDF use INVALID_DEVICE_STATE.
    enum class QueueRejection { Cancelled, InvalidDeviceState };
    QueueRejection queueRejection = QueueRejection::Cancelled;

    // Opening a disabled interface instance whose sibling (same device, same class) is still
    // enabled (§4.1 teaching subtlety): Reject teaches the documented intent; KernelLink models
    // the shared, reference-counted kernel symbolic link exactly.
    enum class DisabledInterfaceOpen { Reject, KernelLink };
    DisabledInterfaceOpen disabledInterfaceOpen = DisabledInterfaceOpen::Reject;

    // Removal of a device a driver holds a remote target on: which the holder hears first, the
    // interface's removal (OnRemoteInterfaceRemoval, and applications' class registrations'
    // DBT_DEVICEREMOVECOMPLETE) or the target's remove-complete (OnRemoteTargetRemoveComplete,
    // and handle registrations' DBT_DEVICEREMOVECOMPLETE).
    enum class NotificationOrder { InterfaceFirst, TargetFirst };
    // Surprise removal (§2.7, S7 step 8): not guaranteed by Windows (inferred).
    NotificationOrder surpriseNotificationOrder = NotificationOrder::InterfaceFirst;
    // Orderly removal (§2.6 step 5, S8 step 5). Documented for kernel-mode target notifications:
    // the PnP manager sends GUID_TARGET_DEVICE_REMOVE_COMPLETE before IRP_MN_REMOVE_DEVICE, and
    // the stack disables its interfaces while it handles that IRP, so the target hears first
    // (the mapping onto UMDF's remote targets and user-mode handle registrations is inferred).
    NotificationOrder orderlyNotificationOrder = NotificationOrder::TargetFirst;

    // Whether a request the driver owns from a power-managed queue keeps an idle device in D0
    // (§2.4, S10, inferred): PowerDown lets the idle timer expire and asks the driver with
    // OnIoStop, as S10 shows; StayInD0 is KMDF's rule (each such request holds a power
    // reference until it is completed).
    enum class IdleWithOwnedRequests { PowerDown, StayInD0 };
    IdleWithOwnedRequests idleWithOwnedRequests = IdleWithOwnedRequests::PowerDown;
    // Virtual time the PnP manager takes to assign new resources between IRP_MN_STOP_DEVICE and
    // the next IRP_MN_START_DEVICE of a rebalance (§2.5): I/O sent meanwhile waits in the
    // power-managed queues. Ours, not Windows'.
    std::uint32_t rebalanceDelayMs = 100;

    // What a verifier finding does (reference §9): Strict fails the driver host as UMDF's
    // always-on verifier does; Teaching records the finding and lets the driver continue.
    enum class VerifierMode { Strict, Teaching };
    VerifierMode verifierMode = VerifierMode::Strict;
    // How many times a failed host's stack is rebuilt before the device stays failed (§2.8;
    // Windows restarts "a limited number of times", the number here is ours).
    std::uint32_t hostRestartLimit = 2;

    // UMDF's host timeout for PnP/power/notification work (§2.8: 60 s by default), virtual time.
    std::uint32_t hostTimeoutMs = 60000;

    // Bytes of a buffer copied into a trace record (the rest is counted, not kept).
    std::uint32_t traceBufferBytes = 256;

    // How far virtual time may run while a thread waits without a timeout of its own (an
    // application's synchronous I/O, a callback waiting for the driver's thread): past it the wait
    // is reported stuck (the action fails; a wait in a host's code is a deadlock finding). The
    // simulator's own bound, not Windows' (a real thread would wait for ever), virtual ms.
    std::uint32_t waitLimitMs = 30000;
    // How long a driver's own thread may run without reaching a switch point (a Win32 wait or
    // sleep, a DDI that blocks, its end) before the watchdog reports it spinning and ends its host.
    // Wall-clock ms: a thread that spins never lets virtual time move.
    std::uint32_t spinLimitMs = 10000;
    // How many trace records a run may make before it is stopped (at the next task boundary, so a
    // few more may follow): a huge `advance` over a periodic timer would otherwise fill memory
    // (about 108 bytes of RAM per record, measured). The simulator's own bound.
    std::uint32_t maxRecords = 5'000'000;
};

// What the scenario loader validates a "knobs" entry against.
struct KnobSpec
{
    std::string name;
    std::vector<std::string> allowedValues; // empty: an unsigned integer
    std::string defaultValue;
    std::string help;
};
const std::vector<KnobSpec> &knobSpecs();

// Applies validated name/value pairs; returns an error message for the first bad one.
std::optional<std::string> applyKnobs(
    const std::map<std::string, std::string> &values, Knobs &knobs);

} // namespace umdfx
