#pragma once
// The reflector boundary (DESIGN.md). On Windows the kernel side (PnP manager, I/O manager, the
// reflector WUDFRd.sys) and a driver host process (WUDFHost.exe) talk only by messages. Here the
// kernel side (core/pnp, core/win32) and the host side (core/host, core/framework, the drivers)
// talk only through these two interfaces and these plain-data messages, so that a host can later
// run in another process without either side changing.
//
// Asynchronous messages (I/O, PnP operations) are delivered as scheduler tasks on the receiving
// side's logical thread; the few that Windows performs synchronously (registering and switching a
// device interface, which the host does through an IOCTL to the reflector and waits for) are
// direct calls that return a status.

#include "core/wudf/wudftypes.h"

#include <cstdint>
#include <map>
#include <string>
#include <variant>
#include <vector>

namespace umdfx {

using DevNodeId = std::uint32_t;
using IrpId = std::uint32_t; // also the trace's request id: it follows one I/O end to end
using KernelFileId = std::uint32_t;

enum class IrpType : std::uint8_t { Create, Read, Write, DeviceIoControl, Cleanup, Close };
const char *irpTypeName(IrpType);

using DeviceParameter = std::variant<std::uint32_t, std::string, std::vector<std::string>>;

struct DriverBinding
{
    std::string name; // service name, also the driver's lane in the trace
    std::string module; // "builtin:echo"
};

struct AddDeviceMessage
{
    DevNodeId node = 0;
    std::string instanceId;
    std::vector<DriverBinding> stack; // lowest first
    std::map<std::string, DeviceParameter> parameters;
};

struct IoMessage
{
    IrpId irp = 0;
    IrpType type = IrpType::Create;
    DevNodeId node = 0;
    KernelFileId file = 0;
    std::u16string fileName; // Create: the path after the device's link, e.g. u"\\Port1"
    std::uint32_t desiredAccess = 0; // Create
    std::uint32_t shareAccess = 0; // Create
    std::uint32_t createOptions = 0; // Create: (disposition << 24) | options, ZwCreateFile terms
    std::vector<std::byte> input; // Write / IOCTL input
    std::uint64_t outputLength = 0; // Read / IOCTL output size
    std::int64_t offset = 0; // Read / Write byte offset
    std::uint32_t ioControlCode = 0; // IOCTL
    std::uint32_t processId = 0; // requestor
};

enum class PnpOperation : std::uint8_t {
    AddDevice,
    Start,
    QueryRemove,
    CancelRemove,
    Remove,
    SurpriseRemove,
    QueryStop, // resource rebalance (reference §2.5)
    CancelStop,
    Stop
};
const char *pnpOperationName(PnpOperation);

// kernel -> host
class HostPort
{
public:
    virtual ~HostPort() = default;
    virtual void addDevice(const AddDeviceMessage &msg) = 0; // reply: KernelPort::pnpCompleted
    virtual void pnp(DevNodeId node, PnpOperation op) = 0; // reply: KernelPort::pnpCompleted
    virtual void io(const IoMessage &msg) = 0; // reply: KernelPort::ioCompleted
    virtual void cancelIo(IrpId irp) = 0; // no reply; the I/O completes as it will
    // The user toggles an interface as the driver would with AssignDeviceInterfaceState.
    virtual HRESULT assignInterfaceState(
        DevNodeId node, const GUID &cls, const std::u16string *reference, bool enable)
        = 0;
    // A device interface of a class `listener` registered for arrived or left (reference §6.1,
    // §6.3); delivered one at a time on the host's notification pump.
    virtual void remoteInterfaceArrival(
        DevNodeId listener, const GUID &cls, const std::string &symbolicLink)
        = 0;
    virtual void remoteInterfaceRemoval(
        DevNodeId listener, const GUID &cls, const std::string &symbolicLink)
        = 0;
    // The device a remote target has open is going (or not): query-remove (the answer is whether
    // the target lets it go), query-remove failed, remove-complete (reference §6.3).
    virtual bool remoteTargetDeviceChange(std::uint32_t target, int change) = 0;
    // A custom event (PostEvent) of the device a remote target has open (reference §5.2).
    virtual void remoteTargetCustomEvent(
        std::uint32_t target, const GUID &event, const std::vector<std::byte> &data)
        = 0;
    // I/O a remote target sent (KernelPort::sendIo) has completed.
    virtual void targetIoCompleted(
        IrpId irp, HRESULT status, std::uint64_t information, std::vector<std::byte> output)
        = 0;
    // The reflector's watchdog (or a crash the kernel observed) ends the host process: no driver
    // code runs any more (reference §2.8). The host reports back through KernelPort::hostFailed.
    virtual void terminate(const std::string &reason) = 0;
    // The user posts a custom event as the device's driver would with IWDFDevice::PostEvent.
    virtual HRESULT postEvent(DevNodeId node, const GUID &event, const std::vector<std::byte> &data)
        = 0;
};

// host -> kernel
class KernelPort
{
public:
    virtual ~KernelPort() = default;
    // `problem`: why the operation failed, for people, when the host knows better than the HRESULT
    // says (AddDevice: "driver echo's module could not be loaded: ..."); empty otherwise.
    virtual void pnpCompleted(
        DevNodeId node, PnpOperation op, HRESULT hr, const std::string &problem = {})
        = 0;
    virtual void ioCompleted(
        IrpId irp, HRESULT status, std::uint64_t information, std::vector<std::byte> output)
        = 0;
    // IoRegisterDeviceInterface / IoSetDeviceInterfaceState, as the reflector performs them.
    virtual HRESULT registerDeviceInterface(
        DevNodeId node, const GUID &cls, const std::u16string *reference)
        = 0;
    virtual HRESULT setDeviceInterfaceState(
        DevNodeId node, const GUID &cls, const std::u16string *reference, bool enable)
        = 0;
    // IWDFDevice::PostEvent accepted: the reflector raises the custom target-device event
    // (asynchronous; delivery is not reported back, §5.1).
    virtual void postEvent(DevNodeId node, const GUID &event, std::vector<std::byte> data) = 0;
    // IWDFDevice2::RegisterRemoteInterfaceNotification: the host's device `listener` wants to hear
    // interfaces of this class come and go (existing ones too when includeExisting).
    virtual void registerRemoteInterfaceNotification(
        DevNodeId listener, HostPort *host, const GUID &cls, bool includeExisting)
        = 0;

    // The host as a client of the I/O manager: remote I/O targets (reference §6.1 step 4c, §6.4).
    // openFile performs a CreateFile in the host and waits for it; the I/O it sends completes
    // through HostPort::targetIoCompleted; closeFile is CloseHandle (cleanup, then close).
    virtual HRESULT openFile(
        DevNodeId client, const std::string &path, DWORD desiredAccess, KernelFileId *file)
        = 0;
    virtual IrpId sendIo(HostPort *client, KernelFileId file, IrpType type,
        std::vector<std::byte> input, std::uint64_t outputLength, std::uint32_t ioControlCode,
        IrpId requestId)
        = 0;
    virtual void closeFile(KernelFileId file) = 0;
    // CancelSentRequest / Close: the I/O manager cancels what the host sent.
    virtual void cancelSentIo(IrpId irp) = 0;
    // A remote target's target-device notifications (query-remove, cancel, remove-complete) for
    // the device behind `file`; they arrive through HostPort::remoteTargetDeviceChange.
    virtual std::uint32_t registerTargetNotification(
        HostPort *host, KernelFileId file, std::uint32_t target)
        = 0;
    virtual void unregisterTargetNotification(std::uint32_t registration) = 0;
    // The host process is gone (a crash, or the verifier in strict mode): `host` serves nothing
    // more.
    virtual void hostFailed(HostPort *host, const std::string &reason) = 0;
};

} // namespace umdfx
