#pragma once

#include "core/common/text.h"
#include "core/host/hostport.h"

#include <string>
#include <vector>

namespace umdfx {

// The PnP manager's view of a device's state, in Device Manager's terms.
enum class DeviceState : std::uint8_t {
    NotStarted, // enumerated, no driver loaded yet
    Starting, // AddDevice / IRP_MN_START_DEVICE in progress
    Started, // working
    StartFailed, // a driver failed OnDeviceAdd or the start sequence (Code 10)
    QueryRemove, // IRP_MN_QUERY_REMOVE_DEVICE in progress
    Removing, // IRP_MN_REMOVE_DEVICE in progress
    Removed, // orderly removal done: disabled, drivers unloaded
    SurpriseRemoved, // gone from the bus; the stack waits for its handles to close
    NotPresent, // surprise-removed and torn down
    NoDriver, // no driver bound (Code 28)
    HostFailed, // its driver host died; rebuilt when the handles close, up to a limit
    QueryStop, // IRP_MN_QUERY_STOP_DEVICE in progress (resource rebalance)
    Stopped, // IRP_MN_STOP_DEVICE: resources being reassigned; I/O is held, handles stay valid
};
const char *deviceStateName(DeviceState);

// One device node: identity from the scenario, its driver stack, and its current state.
struct DeviceNode
{
    DevNodeId id = 0;
    std::string instanceId; // ROOT\ECHO\0000
    DevNodeId parent = 0; // 0 = the root enumerator
    std::vector<DevNodeId> children;
    std::vector<std::string> hardwareIds;
    std::string description;
    std::string enumerator; // ROOT, SWENUM, …
    std::vector<DriverBinding> stack; // lowest first
    std::string kernelService; // a kernel-mode driver outside the simulation ("swenum")
    std::map<std::string, DeviceParameter> parameters;
    bool startOnLoad = true;

    DeviceState state = DeviceState::NotStarted;
    std::string problem; // why the last operation failed or was vetoed, for people
    HostPort *host = nullptr; // the driver host serving this stack (owned by the Simulation)
    std::string hostName; // "host1"
    bool removeWhenHandlesClose = false; // surprise removal waiting for the last handle
    bool restartWhenHandlesClose = false; // host failure waiting for the last handle
    std::uint32_t hostRestarts = 0;

    // Enumerated by the software device enumerator (SWENUM, the KS "software bus"): its instance
    // IDs start with SW\ (or SWENUM\). Opening such a device's interface needs the PnP manager
    // (SWENUM brings the device up on demand), which matters inside a PnP notification (§6.1 4d).
    bool softwareEnumerated() const
    {
        return equalsIgnoreCase(enumerator, "SW") || equalsIgnoreCase(enumerator, "SWENUM");
    }
};

} // namespace umdfx
