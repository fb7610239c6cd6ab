#include "core/scenario/knobs.h"

#include "core/common/messagetext.h"

#include <charconv>

namespace umdfx {

const std::vector<KnobSpec> &knobSpecs()
{
    static const std::vector<KnobSpec> specs = {
        { "surpriseRemovalPosition", { "first", "afterD0Exit", "last" }, "first",
            "where OnSurpriseRemoval runs during surprise removal (not guaranteed by UMDF)" },
        { "queueRejectionStatus", { "cancelled", "invalidDeviceState" }, "cancelled",
            "status of a request sent to a queue that no longer accepts requests" },
        { "disabledInterfaceOpen", { "reject", "kernelLink" }, "reject",
            "opening a disabled interface while a sibling of the same class is enabled" },
        { "surpriseNotificationOrder", { "interfaceFirst", "targetFirst" }, "interfaceFirst",
            "on surprise removal, whether a remote target's holder hears the interface leave or "
            "the "
            "target's remove-complete first" },
        { "orderlyNotificationOrder", { "targetFirst", "interfaceFirst" }, "targetFirst",
            "on orderly removal, whether handle holders (remote targets, applications' handle "
            "registrations) hear remove-complete before the device's interfaces leave "
            "(targetFirst: remove-complete precedes IRP_MN_REMOVE_DEVICE, as the kernel documents "
            "it) or after" },
        { "verifierMode", { "strict", "teaching" }, "strict",
            "strict: a verifier finding terminates the driver host, as UMDF does; teaching: record "
            "it and go on" },
        { "idleWithOwnedRequests", { "powerDown", "stayInD0" }, "powerDown",
            "whether a request the driver owns from a power-managed queue keeps an idle device in "
            "D0 (powerDown: the idle timer expires and OnIoStop asks about it, as reference S10 "
            "shows; stayInD0: KMDF's rule)" },
        { "rebalanceDelayMs", {}, "100",
            "virtual milliseconds between IRP_MN_STOP_DEVICE and the new IRP_MN_START_DEVICE of a "
            "resource rebalance" },
        { "hostRestartLimit", {}, "2", "how many times a failed host's device stack is rebuilt" },
        { "hostTimeoutMs", {}, "60000", "the host watchdog's timeout (virtual milliseconds)" },
        { "traceBufferBytes", {}, "256", "bytes of each I/O buffer kept in the trace" },
        { "waitLimitMs", {}, "30000",
            "how far virtual time may run while a thread waits (an application's synchronous I/O, "
            "a callback's wait) before the wait is reported stuck (virtual milliseconds)" },
        { "spinLimitMs", {}, "10000",
            "how long a driver thread may run without reaching a switch point (a wait, a sleep, a "
            "DDI that blocks) before it is reported as spinning (wall-clock milliseconds)" },
        { "maxRecords", {}, "5000000",
            "how many trace records a run may make before it is stopped (a limit reached: the "
            "action fails)" },
    };
    return specs;
}

namespace {
// The knob's field when it is a number, else nullptr.
std::uint32_t *numberKnob(const std::string &name, Knobs &knobs)
{
    if (name == "hostRestartLimit")
        return &knobs.hostRestartLimit;
    if (name == "hostTimeoutMs")
        return &knobs.hostTimeoutMs;
    if (name == "traceBufferBytes")
        return &knobs.traceBufferBytes;
    if (name == "waitLimitMs")
        return &knobs.waitLimitMs;
    if (name == "spinLimitMs")
        return &knobs.spinLimitMs;
    if (name == "rebalanceDelayMs")
        return &knobs.rebalanceDelayMs;
    if (name == "maxRecords")
        return &knobs.maxRecords;
    return nullptr;
}
} // namespace

std::optional<std::string> applyKnobs(
    const std::map<std::string, std::string> &values, Knobs &knobs)
{
    for (const auto &[name, value] : values) {
        if (name == "surpriseRemovalPosition") {
            if (value == "first")
                knobs.surpriseRemovalPosition = Knobs::SurpriseRemovalPosition::First;
            else if (value == "afterD0Exit")
                knobs.surpriseRemovalPosition = Knobs::SurpriseRemovalPosition::AfterD0Exit;
            else if (value == "last")
                knobs.surpriseRemovalPosition = Knobs::SurpriseRemovalPosition::Last;
            else
                return "knob " + excerpt(name) + ": bad value '" + excerpt(value) + "'";
        } else if (name == "queueRejectionStatus") {
            if (value == "cancelled")
                knobs.queueRejection = Knobs::QueueRejection::Cancelled;
            else if (value == "invalidDeviceState")
                knobs.queueRejection = Knobs::QueueRejection::InvalidDeviceState;
            else
                return "knob " + excerpt(name) + ": bad value '" + excerpt(value) + "'";
        } else if (name == "disabledInterfaceOpen") {
            if (value == "reject")
                knobs.disabledInterfaceOpen = Knobs::DisabledInterfaceOpen::Reject;
            else if (value == "kernelLink")
                knobs.disabledInterfaceOpen = Knobs::DisabledInterfaceOpen::KernelLink;
            else
                return "knob " + excerpt(name) + ": bad value '" + excerpt(value) + "'";
        } else if (name == "surpriseNotificationOrder") {
            if (value == "interfaceFirst")
                knobs.surpriseNotificationOrder = Knobs::NotificationOrder::InterfaceFirst;
            else if (value == "targetFirst")
                knobs.surpriseNotificationOrder = Knobs::NotificationOrder::TargetFirst;
            else
                return "knob " + excerpt(name) + ": bad value '" + excerpt(value) + "'";
        } else if (name == "orderlyNotificationOrder") {
            if (value == "targetFirst")
                knobs.orderlyNotificationOrder = Knobs::NotificationOrder::TargetFirst;
            else if (value == "interfaceFirst")
                knobs.orderlyNotificationOrder = Knobs::NotificationOrder::InterfaceFirst;
            else
                return "knob " + excerpt(name) + ": bad value '" + excerpt(value) + "'";
        } else if (name == "idleWithOwnedRequests") {
            if (value == "powerDown")
                knobs.idleWithOwnedRequests = Knobs::IdleWithOwnedRequests::PowerDown;
            else if (value == "stayInD0")
                knobs.idleWithOwnedRequests = Knobs::IdleWithOwnedRequests::StayInD0;
            else
                return "knob " + excerpt(name) + ": bad value '" + excerpt(value) + "'";
        } else if (name == "verifierMode") {
            if (value == "strict")
                knobs.verifierMode = Knobs::VerifierMode::Strict;
            else if (value == "teaching")
                knobs.verifierMode = Knobs::VerifierMode::Teaching;
            else
                return "knob " + excerpt(name) + ": bad value '" + excerpt(value) + "'";
        } else if (std::uint32_t *field = numberKnob(name, knobs)) {
            std::uint32_t v = 0;
            auto [p, ec] = std::from_chars(value.data(), value.data() + value.size(), v);
            if (ec != std::errc() || p != value.data() + value.size())
                return "knob " + excerpt(name) + ": not an unsigned number: '" + excerpt(value)
                    + "'";
            *field = v;
        } else {
            return "unknown knob '" + excerpt(name) + "'";
        }
    }
    return std::nullopt;
}

} // namespace umdfx
